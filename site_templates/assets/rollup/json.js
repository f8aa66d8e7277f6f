// JSON as generator/inputfile.py reads it (Python's json module with the input limits): nesting
// over the limit, integers over 1,000 digits and unpaired surrogate escapes are refused; NaN and
// Infinity are read; keys given twice are found; each field's line is kept. JSON.parse does none
// of these, and cannot tell 1.0 from 1 — which the checks need.
import { hasLone, pyType } from "./text.js";

export const MAX_DIGITS = 1000;
// Lines and number types are kept for fields this deep: the deepest a message names is
// answers.<question>.<n> or teams.<team>.<questionnaire> (keys given twice are found at any depth).
const KEPT = 4;
const TOKEN = /"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]/g;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]/;
export const SURROGATE_MESSAGE = "text holds an unpaired surrogate escape (\\ud800-\\udfff), which is not a character: "
  + "remove it, or write the character itself";
const ORDER = Symbol("keys in file order");
const WORDS = [["null", null], ["true", true], ["false", false], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity]];
const ESCAPES = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

class Fail extends Error {
  constructor(message, at, field = "json") { super(message); this.at = at; this.field = field; }
}

const lineAt = (text, at) => { let n = 1; for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) n++; return n; };
// The line of a position, by binary search over the text's line starts (one scan per file).
function lineFinder(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (at) => {
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= at) lo = mid; else hi = mid - 1; }
    return lo + 1;
  };
}
// Python's column: code points since the line's start, from 1.
const columnAt = (text, at) => Array.from(text.slice(text.lastIndexOf("\n", at - 1) + 1, at)).length + 1;
export const pathKey = (path) => JSON.stringify(path);

// The line where the text nests past `limit` levels (inputfile._json_too_deep), or null.
function tooDeep(text, limit) {
  let opens = 0;
  for (const c of text) if (c === "[" || c === "{") opens++;
  if (opens <= limit) return null;
  let depth = 0;
  for (const m of text.matchAll(TOKEN)) {
    const c = m[0];
    if (c === "[" || c === "{") { if (++depth > limit) return lineAt(text, m.index); }
    else if (c === "]" || c === "}") depth--;
  }
  return null;
}

// Parse `text`: {data, lines: Map(pathKey → line), duplicates: [[path, line]], floats: Set(pathKey),
// literals: Map(pathKey → number text)} or {error: {line, field, message}}.
export function parseJson(text, maxDepth) {
  const deep = tooDeep(text, maxDepth);
  if (deep) return { error: { line: deep, field: "json", message: `nested too deeply (at most ${maxDepth} levels)` } };
  const lines = new Map([[pathKey([]), 1]]), duplicates = [], floats = new Set(), literals = new Map();
  const line = lineFinder(text);
  let i = 0;
  const ws = () => { while (i < text.length && " \t\n\r".includes(text[i])) i++; };
  const PLAIN = /[^"\\\x00-\x1f]*/y;
  const string = () => {
    const start = i++;
    let out = "";
    for (;;) {
      PLAIN.lastIndex = i;
      const run = PLAIN.exec(text)[0];
      out += run;
      i += run.length;
      if (i >= text.length) throw new Fail("Unterminated string starting at", start);
      const c = text[i];
      if (c === '"') { i++; return out; }
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fail("Invalid \\uXXXX escape", i + 1);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) { out += ESCAPES[e]; i += 2; } else throw new Fail("Invalid \\escape", i);
        continue;
      }
      if (c < " ") throw new Fail("Invalid control character at", i);
      out += c;
      i++;
    }
  };
  const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
  const value = (path) => {
    const c = text[i];
    if (c === "{") return object(path);
    if (c === "[") return array(path);
    if (c === '"') return string();
    for (const [word, v] of WORDS) if (text.startsWith(word, i)) { i += word.length; return v; }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) throw new Fail("Expecting value", i);
    i += m[0].length;
    const float = Boolean(m[1] || m[2]), digits = m[0].length - (m[0][0] === "-");
    if (!float && digits > MAX_DIGITS) {
      const at = text.indexOf(m[0]);
      throw new Fail(`a number of ${digits.toLocaleString("en-US")} digits (at most ${MAX_DIGITS.toLocaleString("en-US")})`, Math.max(at, 0));
    }
    if (path.length <= KEPT) {
      if (float) floats.add(pathKey(path));
      literals.set(pathKey(path), m[0]);
    }
    return Number(m[0]);
  };
  const object = (path) => {
    const out = Object.create(null), order = [], seen = new Set();
    Object.defineProperty(out, ORDER, { value: order });
    i++;
    ws();
    if (text[i] === "}") { i++; return out; }
    for (;;) {
      if (text[i] !== '"') throw new Fail("Expecting property name enclosed in double quotes", i);
      const keyAt = i, key = string(), sub = [...path, key];
      if (seen.has(key)) duplicates.push([sub, line(keyAt)]);
      else { seen.add(key); order.push(key); }
      if (sub.length <= KEPT) lines.set(pathKey(sub), line(keyAt));
      ws();
      if (text[i] !== ":") throw new Fail("Expecting ':' delimiter", i);
      i++;
      ws();
      out[key] = value(sub); // no prototype: "__proto__" is a key like any other
      ws();
      if (text[i] === "}") { i++; return out; }
      if (text[i] !== ",") throw new Fail("Expecting ',' delimiter", i);
      i++;
      ws();
    }
  };
  const array = (path) => {
    const out = [];
    i++;
    ws();
    if (text[i] === "]") { i++; return out; }
    for (;;) {
      const sub = [...path, out.length];
      if (sub.length <= KEPT) lines.set(pathKey(sub), line(i));
      out.push(value(sub));
      ws();
      if (text[i] === "]") { i++; return out; }
      if (text[i] !== ",") throw new Fail("Expecting ',' delimiter", i);
      i++;
      ws();
    }
  };
  let data;
  try {
    ws();
    data = value([]);
    ws();
    if (i < text.length) throw new Fail("Extra data", i);
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const syntax = !e.message.startsWith("a number of");
    return { error: { line: lineAt(text, e.at), field: "json",
      message: syntax ? `syntax error at column ${columnAt(text, e.at)}: ${e.message}` : e.message } };
  }
  if (SURROGATE_ESCAPE.test(text)) {
    const found = surrogatePath(data);
    if (found) return { error: { line: surrogateLine(text), field: found.join(".") || "json", message: SURROGATE_MESSAGE } };
  }
  return { data, lines, duplicates, floats, literals };
}

// The field path of the first text holding a lone surrogate, in inputfile._surrogate_path's order.
function surrogatePath(data) {
  const stack = [[[], data]];
  while (stack.length) {
    const [path, v] = stack.pop();
    if (typeof v === "string") { if (hasLone(v)) return path; }
    else if (Array.isArray(v)) v.forEach((x, n) => stack.push([[...path, n], x]));
    else if (v && typeof v === "object") {
      for (const k of Object.keys(v)) {
        if (hasLone(k)) return [...path, k];
        stack.push([[...path, k], v[k]]);
      }
    }
  }
  return null;
}

function surrogateLine(text) {
  for (const m of text.matchAll(/"[^"\\]*(?:\\.[^"\\]*)*"/g)) {
    if (!SURROGATE_ESCAPE.test(m[0])) continue;
    try { if (hasLone(JSON.parse(m[0]))) return lineAt(text, m.index); } catch (e) { /* not a string */ }
  }
  return 1;
}

// The line of the deepest known prefix of `path` (yamlsource.line_in).
export function lineOf(lines, path) {
  for (let p = [...path]; p.length; p.pop()) if (lines.has(pathKey(p))) return lines.get(pathKey(p));
  return lines.get(pathKey([])) ?? 1;
}

// Python's type name of the value at `path` (JSON's 1.0 is a float there).
export const typeAt = (parsed, path, v) => (parsed.floats.has(pathKey(path)) ? "float" : pyType(v));

// An object's keys in the order the file gives them (a plain object puts "12" before "a").
export const keysOf = (obj) => obj[ORDER] ?? Object.keys(obj);
