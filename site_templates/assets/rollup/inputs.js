// Load, for the browser: result files the page has read → checked, re-scored sheets and the files
// left out with their reasons — generator/report/inputs.py's rules (its docstring has them), the
// answers themselves checked by keep.js `checkSheet` and scored by engine.js `score`.
//
// readResults(files, specs, options) takes files = [{path, text}] in path order (see walkOrder),
// where `text` may be the file's bytes (Uint8Array, so that text which is not UTF-8 is found) and
// `size` its size in bytes when it was too large to read. JSON only: a .yaml or .yml file is left
// out with the reason that YAML is read by `playbook report` only.
import { KEYS, checkSheet } from "../assessment/keep.js";
import { LIMITS } from "../assessment/answers.js";
import { score } from "../assessment/engine.js";
import { parseJson, lineOf, typeAt } from "./json.js";
import { cleanText, clip, cmpStr, length, oneLine, own, problem, pyEqual, pyType, strip, suggest, teamKey } from "./text.js";

export const MAX_BYTES = 256 * 1024;   // inputfile.RESULT: the browser's import limit too
export const MAX_DEPTH = 32;
export const MAX_NAME = 200;
export const MAX_PROBLEMS_PER_FILE = 10;
const MAX_MESSAGE = 300;
const PERSON_SEPARATOR = " / ";
const SUFFIXES = [".json", ".yaml", ".yml"];
const DATE = /^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.+\-Z]*)?$/;

const base = (path) => path.slice(path.lastIndexOf("/") + 1);
const stem = (name) => { const i = name.lastIndexOf("."); return i > 0 ? name.slice(0, i) : name; };
const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// Whether a file found in a dropped folder is one the CLI would read (inputs.find_files).
export const isResultName = (path) => !path.split("/").some((p) => p.startsWith("."))
  && SUFFIXES.some((s) => path.toLowerCase().endsWith(s));

// Paths in the order the CLI walks a folder: a folder's files (sorted) before its subfolders'.
export function walkOrder(paths) {
  const cmp = (a, b) => {
    const x = a.split("/"), y = b.split("/");
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const fileX = i === x.length - 1, fileY = i === y.length - 1;
      if (fileX !== fileY) return fileX ? -1 : 1;
      const c = cmpStr(x[i], y[i]);
      if (c) return c;
    }
    return x.length - y.length;
  };
  return [...paths].sort(cmp);
}

// 'Checkout / Alice' → ['Checkout', 'Alice']; 'Checkout' → ['Checkout', null].
export function splitRespondent(respondent) {
  const at = respondent.lastIndexOf(PERSON_SEPARATOR);
  if (at >= 0) {
    const team = strip(respondent.slice(0, at)), person = strip(respondent.slice(at + PERSON_SEPARATOR.length));
    if (team && person) return [team, person];
  }
  return [respondent, null];
}

// Read, check and re-score every file. options: {only: questionnaire id, includeOlder: bool}.
export function readResults(files, specs, options = {}) {
  const sheets = [], left_out = [], seen = new Map();
  for (const file of files) {
    const where = oneLine(file.path);
    let got;
    try { got = readOne(file, where, specs, options); } catch (e) {
      got = { problems: [problem(where, 1, "(file)", `could not be read (${e?.name || "Error"})`)], kind: "unreadable" };
    }
    if (!got.sheet) { left_out.push({ path: where, problems: bounded(got.problems), kind: got.kind }); continue; }
    if (seen.has(got.sheet.digest)) {
      left_out.push({ path: where, kind: "duplicate", problems: [problem(where, 1, "(file)", `duplicate of ${seen.get(got.sheet.digest)} `
        + "(same questionnaire, respondent, date and answers)")] });
      continue;
    }
    seen.set(got.sheet.digest, where);
    sheets.push(got.sheet);
  }
  return { sheets, left_out, files: files.length };
}

// At most MAX_PROBLEMS_PER_FILE problems, each message cleaned and shortened (inputs.bounded).
export function bounded(problems) {
  const sorted = [...problems].sort((a, b) => cmpStr(a.path, b.path) || a.line - b.line || cmpStr(a.field, b.field) || cmpStr(a.message, b.message));
  const out = sorted.slice(0, MAX_PROBLEMS_PER_FILE)
    .map((p) => problem(p.path, p.line, cleanText(p.field, 80), cleanText(p.message, MAX_MESSAGE)));
  if (problems.length > MAX_PROBLEMS_PER_FILE) {
    out.push(problem(out[0].path, out[out.length - 1].line, "(file)", `… and ${problems.length - MAX_PROBLEMS_PER_FILE} more problem(s)`));
  }
  return out;
}

const utf8Length = (text) => { let n = 0; for (const c of text) { const p = c.codePointAt(0); n += p < 0x80 ? 1 : p < 0x800 ? 2 : p < 0x10000 ? 3 : 4; } return n; };

// The file's text, or the problem: not a result file, too large, not UTF-8.
function textOf(file, where) {
  const lower = file.path.toLowerCase();
  const fail = (message) => ({ problems: [problem(where, 1, "(file)", message)], kind: "unreadable" });
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
    return fail("a YAML result file is read by `playbook report` only; the browser reads JSON (as the assessment pages download it)");
  }
  if (!lower.endsWith(".json")) return fail("not a result file: expected .json, .yaml or .yml");
  const got = readText(file, where, "a result file");
  return got.problem ? { problems: [got.problem], kind: "unreadable" } : got;
}

// A file's text within the size limit (inputfile.read_bounded and the UTF-8 check of parse_input):
// {text} or {problem}. `file.text` is a string or the bytes; `file.size` the size when known.
export function readText(file, where, kind) {
  const raw = file.text;
  const size = Math.max(file.size ?? 0, raw == null ? 0 : typeof raw === "string" ? utf8Length(raw) : raw.length);
  if (size > MAX_BYTES) return { problem: problem(where, 1, "(file)", `too large (${Math.floor(size / 1024)} KB; ${kind} is at most ${MAX_BYTES / 1024} KB)`) };
  if (raw == null) return { problem: problem(where, 1, "(file)", "could not be read") };
  if (typeof raw === "string") return { text: raw.replace(/^\ufeff/, "") };
  try { return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(raw).replace(/^\ufeff/, "") }; } catch (e) {
    const [bad, reason] = firstBadByte(raw);
    let line = 1, newline = -1;
    for (let i = 0; i < bad; i++) if (raw[i] === 10) { line++; newline = i; }
    return { problem: problem(where, line, "json", `not UTF-8 text: byte 0x${raw[bad].toString(16).padStart(2, "0")} at column ${bad - newline} (${reason}); save the file as UTF-8`) };
  }
}

// Where the bytes stop being UTF-8, and why (as Python's decoder says it).
function firstBadByte(raw) {
  for (let i = 0; i < raw.length;) {
    const b = raw[i], n = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (n < 0) return [i, "invalid start byte"];
    for (let k = 1; k <= n; k++) {
      if (i + k >= raw.length) return [i, "unexpected end of data"];
      if ((raw[i + k] & 0xc0) !== 0x80) return [i, "invalid continuation byte"];
    }
    try { new TextDecoder("utf-8", { fatal: true }).decode(raw.slice(i, i + n + 1)); } catch (e) { return [i, "invalid continuation byte"]; }
    i += n + 1;
  }
  return [0, "invalid start byte"];
}

// One file → {sheet} or {problems, kind} (inputs.read_one).
function readOne(file, where, specs, { only = null, includeOlder = false }) {
  const read = textOf(file, where);
  if (read.problems) return read;
  const parsed = parseJson(read.text, MAX_DEPTH);
  const unreadable = (problems) => ({ problems, kind: "unreadable" });
  if (parsed.error) return unreadable([problem(where, parsed.error.line, parsed.error.field, parsed.error.message)]);
  const data = parsed.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return unreadable([problem(where, 1, "json", "expected an object with questionnaire, version and answers")]);
  }
  if (parsed.duplicates.length) {
    return unreadable(parsed.duplicates.map(([path, line]) => problem(where, line, path.join("."), "key given twice; which value counts is unclear")));
  }
  const q = data.questionnaire;
  if (only != null && typeof q === "string" && q !== only && own(specs, q)) {
    return { problems: [problem(where, 1, "questionnaire", `answers '${q}', but this report is for '${only}' (--questionnaire)`)], kind: "other-questionnaire" };
  }
  const checked = check(data, parsed, where, specs);
  if (checked.errors.length) return { problems: checked.errors, kind: "invalid" };
  const { spec, sheet, warnings } = checked;

  const notes = [];
  const version = data.version ?? null;
  if (version !== null && version !== spec.version) {
    const given = parsed.literals.get('["version"]') ?? String(version), newer = version > spec.version;
    const message = `made against version ${given} of '${spec.id}', ${newer ? "newer than" : "but"} this playbook's is version ${spec.version}`;
    if (!includeOlder || newer) {
      return { problems: [problem(where, 1, "version", message + (newer ? "; update the playbook"
        : "; answer it again, or pass --include-older to re-score it against the current version"))], kind: "older" };
    }
    notes.push(message + "; re-scored against the current version (--include-older)");
  } else if (version === null) notes.push(`no version given; scored against version ${spec.version}`);
  else if (typeof data.spec_hash === "string" && data.spec_hash !== spec.spec_hash) {
    notes.push(`the questionnaire changed since (spec hash ${cleanText(data.spec_hash, 40)}, now ${spec.spec_hash}); re-scored against the current one`);
  }

  const problems = [];
  let respondent = sheet.respondent === null ? null : cleanText(sheet.respondent, 10 * MAX_NAME);
  if (respondent !== null && length(respondent) > MAX_NAME) {
    problems.push(problem(where, 1, "respondent", `name too long (${length(respondent)} characters, at most ${MAX_NAME})`));
  }
  if (respondent === "") respondent = null;
  let day = null;
  if (sheet.date !== null && sheet.date !== "") {
    const m = DATE.exec(strip(sheet.date));
    day = m && realDay(m[1]) ? m[1] : null;
    if (day === null) problems.push(problem(where, 1, "date", `'${cleanText(sheet.date, 40)}' is not a date like 2024-05-01`));
  }
  if (problems.length) return { problems, kind: "invalid" };
  let team, person;
  if (respondent === null) {
    [team, person] = [cleanText(stem(base(file.path)), 80), null];
    notes.push("no respondent: listed under its file name");
  } else [team, person] = splitRespondent(respondent);
  if (day === null) notes.push("undated: ordered before every dated result of its team");

  const result = score(spec, sheet.answers);
  const embedded = own(data, "result") ? data.result : null;
  if (embedded === null) { /* none */ } else if (typeof embedded !== "object" || Array.isArray(embedded)) {
    notes.push("the embedded result is not a result object; ignored");
  } else if (!pyEqual(embedded, result)) {
    notes.push("the embedded result disagrees with re-scoring: " + differences(embedded, result) + "; the re-scored result is used");
  }
  const digest = JSON.stringify([sheet.questionnaire, teamKey(respondent ?? ""), day, sheet.answers]);
  return { sheet: { path: where, questionnaire: sheet.questionnaire, team, team_key: teamKey(team), person, respondent, date: day,
    answers: sheet.answers, evidence: sheet.evidence ?? {}, result, digest,
    notes: [...notes, ...warnings.filter((w) => w.path.length && !["version", "spec_hash", "milestones"].includes(w.path[0])).map((w) => w.message)] } };
}

const realDay = (day) => {
  const [y, m, d] = day.split("-").map(Number);
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y);
  return y >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

// answers.check_answers for one file: the questionnaire, version, respondent and date by its rules
// (JSON's 1.0 is no whole number there), everything else by keep.js checkSheet.
function check(data, parsed, where, specs) {
  const errors = [], known = Object.keys(specs).sort(cmpStr);
  const err = (path, message) => errors.push(problem(where, lineOf(parsed.lines, path), path.join(".") || "(file)", message));
  const keysMessage = (k, keys) => `unknown key '${clip(k)}'${suggest(k, keys)}; an answers file has ${keys.join(", ")}`;
  let qid = data.questionnaire ?? null;
  if (qid !== null && typeof qid !== "string") { err(["questionnaire"], `must be a questionnaire id (text), got ${typeAt(parsed, ["questionnaire"], qid)}`); qid = null; }
  const spec = qid !== null && own(specs, qid) ? specs[qid] : null;
  if (!spec) {
    for (const k of Object.keys(data)) if (!KEYS.includes(k)) err([k], keysMessage(k, KEYS));
    err(["questionnaire"], qid === null ? `which questionnaire? add 'questionnaire: <id>' or pass --questionnaire; known: ${known.join(", ")}`
      : `unknown questionnaire '${clip(qid)}'${suggest(qid, known)}; known: ${known.join(", ")}`);
    return { errors };
  }
  const version = data.version ?? null;
  const whole = parsed.literals.has('["version"]') && !parsed.floats.has('["version"]');
  if (version !== null && !whole) err(["version"], `must be a whole number, got ${typeAt(parsed, ["version"], version)} ${pyRepr(version, parsed, "version")}`);
  const respondent = data.respondent ?? null;
  const name = typeof respondent === "string" ? respondent : typeof respondent === "boolean" ? (respondent ? "True" : "False")
    : parsed.literals.has('["respondent"]') && !parsed.floats.has('["respondent"]') ? parsed.literals.get('["respondent"]').replace(/^-0$/, "0") : null;
  if (respondent !== null && name === null) err(["respondent"], `must be a name (text), got ${typeAt(parsed, ["respondent"], respondent)}`);
  const date = data.date ?? null;
  if (date !== null && typeof date !== "string") err(["date"], `must be a date like 2024-05-01, got ${typeAt(parsed, ["date"], date)} ${pyRepr(date, parsed, "date")}`);
  // The rest by checkSheet, without the fields checked above.
  const rest = Object.create(null);
  for (const k of Object.keys(data)) if (!["version", "respondent", "date"].includes(k)) rest[k] = data[k];
  const got = checkSheet(rest, spec);
  const entries = isMap(rest.answers) ? Object.keys(rest.answers) : [];
  if (entries.length > LIMITS.entries) {
    // The page refuses so many answers at once; the CLI names each bad one: check them in parts.
    got.errors = got.errors.filter((e) => e.path[0] !== "answers");
    for (let at = 0; at < entries.length; at += LIMITS.entries) {
      const part = Object.fromEntries(entries.slice(at, at + LIMITS.entries).map((k) => [k, rest.answers[k]]));
      got.errors.push(...checkSheet({ ...rest, answers: part }, spec).errors.filter((e) => e.path[0] === "answers"));
    }
  }
  for (const e of got.errors) {
    const unknown = e.path.length === 1 && e.message.startsWith("unknown key ");
    err(e.path, unknown ? keysMessage(e.path[0], KEYS) : cliWording(e, data, parsed, spec));
  }
  if (errors.length) return { errors };
  return { errors, spec, warnings: got.warnings,
    sheet: { ...got.sheet, version: whole ? version : null, respondent: name, date: typeof date === "string" ? date : null } };
}

// A problem checkSheet found, worded as answers.check_answers words it (the form's own wording is
// shorter: no suggestion, no list of options).
function cliWording(e, data, parsed, spec) {
  const [top, qid, n] = e.path;
  if (!e.path.length && e.message.startsWith("required key 'answers'")) {
    return "required key 'answers' is missing (a mapping of question id to option id or list of option ids)";
  }
  if (top === "spec_hash" && e.path.length === 1) return `must be text like ${spec.spec_hash}, got ${typeAt(parsed, e.path, data.spec_hash)}`;
  if (top === "evidence") return evidenceWording(e, data, parsed, spec);
  if (top !== "answers") return e.message;
  if (e.path.length === 1) {
    return e.message.startsWith("must be a mapping") ? `must be a mapping of question id to option id(s), got ${typeAt(parsed, e.path, data.answers)}` : e.message;
  }
  const questions = spec.sections.flatMap((x) => x.questions), q = questions.find((x) => x.id === qid);
  if (!q) return `unknown question '${clip(qid)}'${suggest(qid, questions.map((x) => x.id))}`;
  const ids = q.options.map((o) => o.id), value = e.path.length === 3 ? data.answers[qid][n] : data.answers[qid];
  if (Array.isArray(value) || (e.path.length === 2 && q.type === "multiple")) return e.message;
  if (typeof value !== "string") {
    const shown = parsed.floats.has(JSON.stringify(e.path)) ? pyFloat(value) : pyValue(value);
    return `question '${qid}': expected an option id, got ${typeAt(parsed, e.path, value)} ${clip(shown, 60)}`
      + (typeof value === "boolean" && e.path.length === 2 ? " (an unquoted yes/no in YAML is read as a boolean: quote the id)" : "");
  }
  if (!ids.includes(value)) return `question '${qid}' has no option '${clip(value)}'${suggest(value, ids)}; options: ${ids.join(", ")}`;
  return e.message;
}

// A problem with an evidence note, worded as answers.check_evidence words it.
function evidenceWording(e, data, parsed, spec) {
  const order = spec.sections.flatMap((x) => x.questions).map((q) => q.id), [, qid] = e.path;
  if (e.path.length === 1 && e.message.startsWith("must be a mapping")) {
    return `must be a mapping of question id to a note (text), got ${typeAt(parsed, e.path, data.evidence)}`;
  }
  if (e.path.length !== 2) return e.message;
  if (!order.includes(qid)) return `unknown question '${clip(qid)}'${suggest(qid, order)}`;
  const note = data.evidence[qid];
  if (typeof note !== "string") {
    const shown = parsed.floats.has(JSON.stringify(e.path)) ? pyFloat(note) : pyValue(note);
    return `a note must be text, got ${typeAt(parsed, e.path, note)} ${clip(shown, 60)}`;
  }
  return e.message;
}

// Python's repr of a value read from JSON (numbers as whole unless they are not).
function pyValue(v) {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pyFloat(v);
  if (typeof v === "string") return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyValue).join(", ")}]`;
  return `{${Object.keys(v).map((k) => `${pyStr(k)}: ${pyValue(v[k])}`).join(", ")}}`;
}

// Python's repr of a string: single quotes unless it holds ' and no ", escapes for what is not printable.
function pyStr(s) {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const named = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", [q]: "\\" + q };
  const body = s.replace(/[\\\n\r\t'"]|[\x00-\x1f\x7f-\xa0\xad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ue000-\uf8ff\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => named[c] ?? (c === "'" || c === '"' ? c : c.charCodeAt(0) < 0x100 ? "\\x" + c.charCodeAt(0).toString(16).padStart(2, "0")
      : "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0")));
  return q + body + q;
}

// Python's repr of a JSON value, shortened as answers.short does (for the messages above).
function pyRepr(v, parsed, key) {
  const lit = parsed.literals.get(JSON.stringify([key])), float = parsed.floats.has(JSON.stringify([key]));
  const text = v === null ? "None" : typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "number"
    ? (float || lit === undefined ? pyFloat(v) : lit) : typeof v === "string" ? `'${v}'` : JSON.stringify(v);
  return clip(text, 60);
}

// Python's repr of a float: fixed from 1e-4 to 1e16 (with ".0" when whole), else 1.5e-07.
export function pyFloat(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Object.is(x, -0)) return "-0.0";
  const [mantissa, exp] = x.toExponential().split("e"), n = Number(exp);
  if (n >= -4 && n < 16) { const fixed = x.toFixed(Math.max(0, (mantissa.split(".")[1] || "").length - n)); return fixed.includes(".") ? fixed : fixed + ".0"; }
  return `${mantissa}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

// What an embedded result says differently, in a few words (inputs.differences).
export function differences(embedded, fresh) {
  const said = [];
  const get = (o, k) => (own(o, k) ? o[k] : undefined);
  if (!pyEqual(get(embedded, "phase") ?? null, fresh.phase)) said.push(`phase ${showValue(get(embedded, "phase") ?? null)} (now ${showValue(fresh.phase)})`);
  const pairs = (list, field) => {
    const m = new Map();
    for (const x of list.slice(0, 100)) if (x && typeof x === "object" && !Array.isArray(x) && typeof x.id === "string") m.set(x.id, get(x, field) ?? null);
    return m;
  };
  const differs = (m, id, v) => !m.has(id) || !pyEqual(m.get(id), v);
  const dims = get(embedded, "dimensions");
  if (Array.isArray(dims)) {
    const theirs = pairs(dims, "percent"), wrong = fresh.dimensions.filter((d) => differs(theirs, d.id, d.percent)).map((d) => d.id);
    if (wrong.length) said.push("dimension score(s) " + wrong.join(", "));
  } else if (fresh.dimensions.length) said.push("dimension scores missing");
  const ranks = get(embedded, "rankings");
  if (Array.isArray(ranks)) {
    const theirs = pairs(ranks, "top"), wrong = fresh.rankings.filter((r) => differs(theirs, r.id, r.top)).map((r) => r.id);
    if (wrong.length) said.push("top candidate of " + wrong.join(", "));
  }
  if (!pyEqual(get(embedded, "advice") ?? null, fresh.advice)) said.push("advice");
  return said.join(", ") || "other details";
}

const showValue = (v) => (v === null ? "none" : typeof v === "string" ? `'${cleanText(v, 40)}'` : cleanText(pyType(v), 20));
