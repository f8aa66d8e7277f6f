// Text rules shared by the roll-up modules, each the twin of a Python one: clean_text and team_key
// (generator/report/inputs.py), one_line and suggest (generator/problems.py), Python's string order
// and equality. Lengths count code points, as Python's do.

// Controls, zero-width and direction characters (inputs.py CONTROL_RE), and lone surrogates.
const CONTROL = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// What Python's str.split() splits on (str.isspace), beyond the controls removed above.
export const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${PY_SPACE}]+`, "g");
const EDGES = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

export const points = (s) => Array.from(s);
export const length = (s) => points(s).length;
export const strip = (s) => s.replace(EDGES, "");
export const words = (s) => strip(s).split(SPACES).filter(Boolean);
export const hasLone = (s) => new RegExp(LONE.source).test(s);

// Untrusted text for display: no control or direction characters, single spaces, bounded.
export function cleanText(value, limit = 200) {
  const text = words(String(value).replace(LONE, "\ufffd").replace(CONTROL, " ")).join(" ");
  const cps = points(text);
  return cps.length <= limit ? text : cps.slice(0, limit - 1).join("") + "…";
}

// Python's str.casefold, character by character (no final-sigma context): upper then lower folds
// ß → ss, ς → σ and ligatures alike; dotless ı stays, ẞ is ss, Cherokee folds to its capitals.
const CHEROKEE = /[\u13a0-\u13f5\u13f8-\u13fd\uab70-\uabbf]/;
const foldOne = (c) => (c === "\u0131" ? c : c === "\u1e9e" ? "ss" : CHEROKEE.test(c) ? c.toUpperCase() : c.toUpperCase().toLowerCase());
export const casefold = (s) => Array.from(s, foldOne).join("");
export const teamKey = (name) => words(casefold(name)).join(" ");

// Python's string order (by code point; JS compares UTF-16 units).
export function cmpStr(a, b) {
  if (a === b) return 0;
  const x = points(a), y = points(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0) - y[i].codePointAt(0);
  }
  return x.length - y.length;
}
// Compare tuples of strings and numbers, element by element.
export function cmpTuple(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = typeof a[i] === "string" ? cmpStr(a[i], b[i]) : a[i] - b[i];
    if (c) return c;
  }
  return a.length - b.length;
}

// problems.py one_line: line breaks, controls and lone surrogates written as Python escapes.
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NAMED = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };
export const oneLine = (text) => text.replace(UNPRINTABLE, (c) => NAMED[c]
  ?? (c.charCodeAt(0) < 0x100 ? "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0") : "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")));

// answers.py clip: untrusted text for a message, shortened.
export function clip(value, limit = 80) {
  const cps = points(String(value));
  return cps.length <= limit ? cps.join("") : cps.slice(0, limit - 1).join("") + "…";
}

// A problem as problems.py Problem makes it: one line each, field and message bounded.
export const problem = (path, line, field, message) =>
  ({ path: oneLine(path), line, field: clip(oneLine(field), 200), message: clip(oneLine(message), 1000) });

// Python's `==` on JSON values: true == 1, 1 == 1.0, dicts compared without order.
export function pyEqual(a, b) {
  const num = (v) => (typeof v === "boolean" ? Number(v) : v);
  if ((typeof a === "number" || typeof a === "boolean") && (typeof b === "number" || typeof b === "boolean")) return num(a) === num(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => pyEqual(x, b[i]));
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEqual(a[k], b[k]));
}

// Python's type name of a JSON value (a number is int when whole, as JSON tools write them).
export const pyType = (v) => (v === null ? "NoneType" : typeof v === "boolean" ? "bool" : typeof v === "number"
  ? (Number.isInteger(v) ? "int" : "float") : typeof v === "string" ? "str" : Array.isArray(v) ? "list" : "dict");

// --- difflib.get_close_matches(word, candidates, n=1, cutoff=0.6), as problems.suggest uses it ---

function ratio(a, b) {
  // SequenceMatcher(None, a, b): b's popular elements are junk when b has 200 or more.
  const b2j = new Map();
  b.forEach((c, j) => (b2j.has(c) ? b2j.get(c).push(j) : b2j.set(c, [j])));
  if (b.length >= 200) {
    const ntest = Math.floor(b.length / 100) + 1;
    for (const [c, idx] of [...b2j]) if (idx.length > ntest) b2j.delete(c);
  }
  const longest = (alo, ahi, blo, bhi) => {
    let besti = alo, bestj = blo, size = 0, j2len = new Map();
    for (let i = alo; i < ahi; i++) {
      const next = new Map();
      for (const j of b2j.get(a[i]) || []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > size) { besti = i - k + 1; bestj = j - k + 1; size = k; }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; size++; }
    while (besti + size < ahi && bestj + size < bhi && a[besti + size] === b[bestj + size]) size++;
    return [besti, bestj, size];
  };
  let matched = 0;
  const queue = [[0, a.length, 0, b.length]];
  while (queue.length) {
    const [alo, ahi, blo, bhi] = queue.pop();
    const [i, j, k] = longest(alo, ahi, blo, bhi);
    if (k) {
      matched += k;
      if (alo < i && blo < j) queue.push([alo, i, blo, j]);
      if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
    }
  }
  const total = a.length + b.length;
  return total ? (2 * matched) / total : 1;
}

// ' (did you mean 'x'?)' for the closest candidate, or ''.
export function suggest(word, candidates) {
  const w = points(String(word));
  let best = null;
  for (const cand of candidates) {
    const x = String(cand), r = ratio(points(x), w);
    if (r >= 0.6 && (!best || r > best[0] || (r === best[0] && cmpStr(x, best[1]) > 0))) best = [r, x];
  }
  return best ? ` (did you mean '${best[1]}'?)` : "";
}

// Whether an object has a key of its own (untrusted keys such as "__proto__" included).
export const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
