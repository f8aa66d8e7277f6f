// Answers from outside the page (saved state, share links, imported files): checked against the
// spec like generator/assessments/answers.py does, normalised, and turned back into share links
// and result documents. Pure functions, no DOM: problems are returned as text, never as HTML.
import { questionsOf } from "./engine.js";

export const LIMITS = { link: 8000, file: 262144, name: 200, entries: 1000 };
const KEYS = ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "result"];
const ID = /^[a-z0-9][a-z0-9-]*$/;
const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

// A value from untrusted input, shortened and quoted for a notice (always shown as text).
export const show = (v) => {
  let s = typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  if (s.length > 60) s = s.slice(0, 57) + "…";
  return `'${s}'`;
};
const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v);

// Validate and normalise an answers mapping. Returns {answers, problems}; `answers` holds every
// valid entry (declared question order, declared option order), `problems` every invalid one.
export function checkAnswerMap(raw, spec) {
  const problems = [];
  const err = (path, message) => problems.push({ path, message });
  const normal = new Map();
  if (raw == null) return { answers: {}, problems };
  if (!isObj(raw)) {
    err(["answers"], `must be a mapping of question id to option id(s), got ${typeName(raw)}`);
    return { answers: {}, problems };
  }
  const questions = new Map(questionsOf(spec).map((q) => [q.id, q]));
  const keys = Object.keys(raw);
  if (keys.length > LIMITS.entries) {
    err(["answers"], `too many answers (${keys.length})`);
    return { answers: {}, problems };
  }
  for (const qid of keys) {
    const answer = raw[qid], path = ["answers", qid], q = questions.get(qid);
    if (!q) { err(path, `unknown question ${show(qid)}`); continue; }
    const ids = q.options.map((o) => o.id);
    if (answer === null || (Array.isArray(answer) && !answer.length)) continue;
    if (q.type === "single") {
      if (Array.isArray(answer)) err(path, `question '${qid}' is single choice: give one option id, not a list`);
      else if (typeof answer !== "string") err(path, `question '${qid}': expected an option id, got ${typeName(answer)} ${show(answer)}`);
      else if (!ids.includes(answer)) err(path, `question '${qid}' has no option ${show(answer)}`);
      else normal.set(qid, answer);
      continue;
    }
    if (!Array.isArray(answer)) {
      err(path, `question '${qid}' is multiple choice: give a list of option ids, e.g. [${ids[0]}]`);
      continue;
    }
    let ok = true;
    answer.forEach((o, i) => {
      const p = [...path, i];
      if (typeof o !== "string") { err(p, `question '${qid}': expected an option id, got ${typeName(o)} ${show(o)}`); ok = false; }
      else if (!ids.includes(o)) { err(p, `question '${qid}' has no option ${show(o)}`); ok = false; }
      else if (answer.indexOf(o) !== i) { err(p, `question '${qid}': option '${o}' is given twice`); ok = false; }
    });
    if (!ok) continue;
    const excl = q.options.filter((o) => o.exclusive && answer.includes(o.id)).map((o) => o.id);
    if (excl.length && answer.length > 1) {
      err(path, `question '${qid}': option '${excl[0]}' cannot be combined with other options`);
      continue;
    }
    normal.set(qid, ids.filter((o) => answer.includes(o)));
  }
  const answers = {};
  for (const q of questions.values()) if (normal.has(q.id)) answers[q.id] = normal.get(q.id);
  return { answers, problems };
}

// Check a whole answers document (an imported file) meant for `spec`, like `check_answers`.
// Returns {sheet, errors, warnings}; the sheet carries the valid answers even when some are not.
export function checkSheet(data, spec) {
  const errors = [], warnings = [];
  const err = (path, message) => errors.push({ path, message });
  const warn = (path, message) => warnings.push({ path, message });
  if (!isObj(data)) {
    err([], "expected a mapping with questionnaire, version and answers");
    return { sheet: null, errors, warnings };
  }
  for (const k of Object.keys(data)) if (!KEYS.includes(k)) err([k], `unknown key ${show(k)}; an answers file has ${KEYS.join(", ")}`);
  const named = data.questionnaire;
  if (named != null && typeof named !== "string") err(["questionnaire"], `must be a questionnaire id (text), got ${typeName(named)}`);
  else if (named != null && named !== spec.id) {
    err(["questionnaire"], `wrong questionnaire: the file answers ${show(named)}, this page is '${spec.id}'`);
    return { sheet: null, errors, warnings };
  }
  let version = data.version ?? null;
  if (version !== null && !Number.isInteger(version)) {
    err(["version"], `must be a whole number, got ${typeName(version)} ${show(version)}`);
    version = null;
  } else if (version !== null && version !== spec.version)
    warn(["version"], `answers were given to version ${version} of '${spec.id}', which is now version ${spec.version}; scored against the current version`);
  else if (version === null) warn(["version"], `no version given; scored against version ${spec.version} of '${spec.id}'`);
  let hash = data.spec_hash ?? null;
  if (hash !== null && typeof hash !== "string") { err(["spec_hash"], `must be text like ${spec.spec_hash}, got ${typeName(hash)}`); hash = null; }
  else if (hash !== null && hash !== spec.spec_hash && version === spec.version)
    warn(["spec_hash"], `the questionnaire has changed since these answers were given (spec hash ${show(hash)}, now ${spec.spec_hash}) although its version is the same; scored against the current questionnaire`);
  let respondent = data.respondent ?? null;
  if (respondent !== null && typeof respondent !== "string" && !Number.isInteger(respondent)) {
    err(["respondent"], `must be a name (text), got ${typeName(respondent)}`);
    respondent = null;
  } else if (respondent !== null) respondent = String(respondent);
  if (respondent !== null && respondent.length > LIMITS.name) {
    err(["respondent"], `name too long (${respondent.length} characters, at most ${LIMITS.name})`);
    respondent = null;
  }
  let date = data.date ?? null;
  if (date !== null && (typeof date !== "string" || date.length > 40)) {
    err(["date"], `must be a date like 2024-05-01, got ${typeName(date)} ${show(date)}`);
    date = null;
  }
  const checked = checkAnswerMap(data.answers, spec);
  errors.push(...checked.problems);
  if (!own(data, "answers")) err([], "required key 'answers' is missing");
  return { sheet: { questionnaire: spec.id, version, spec_hash: hash, respondent, date, answers: checked.answers }, errors, warnings };
}

// The URL fragment that carries answers: q=<questionnaire>&v=<version>&h=<spec hash>
// &by=<respondent>&a=<question>:<option>[.<option>…],… (ids need no escaping).
export function encodeShare(spec, answers, respondent) {
  const a = Object.entries(answers).map(([q, o]) => `${q}:${[].concat(o).join(".")}`).join(",");
  const p = new URLSearchParams({ q: spec.id, v: String(spec.version), h: spec.spec_hash.replace(/^sha256:/, "") });
  if (respondent) p.set("by", respondent);
  return `${p.toString()}&a=${a}`;
}

// A fragment back to an answers document for `checkSheet`; {error} when it cannot be read, null
// when it is no share link at all (an ordinary #heading).
export function decodeShare(fragment, spec) {
  const text = fragment.replace(/^#/, "");
  if (!/(^|&)[qa]=/.test(text)) return null;
  if (text.length > LIMITS.link) return { error: `the link is too long (${text.length} characters, at most ${LIMITS.link})` };
  let p;
  try { p = new URLSearchParams(text); } catch (e) { return { error: "the link cannot be read" }; }
  if (!p.has("a")) return { error: "the link carries no answers (a=…)" };
  const raw = Object.create(null), problems = [];
  const byId = new Map(questionsOf(spec).map((q) => [q.id, q]));
  for (const part of p.get("a").split(",")) {
    if (!part) continue;
    const i = part.indexOf(":");
    const qid = i < 0 ? part : part.slice(0, i), val = i < 0 ? "" : part.slice(i + 1);
    if (!ID.test(qid)) { problems.push({ path: ["answers"], message: `not a question id: ${show(qid)}` }); continue; }
    const q = byId.get(qid);
    const opts = val === "" ? [] : val.split(".");
    raw[qid] = q && q.type === "multiple" ? opts : opts.length === 1 ? opts[0] : opts;
  }
  const doc = { questionnaire: p.get("q") ?? spec.id, answers: raw };
  const v = p.get("v");
  if (v !== null) doc.version = /^\d{1,9}$/.test(v) ? Number(v) : v;
  if (p.get("h") !== null) doc.spec_hash = "sha256:" + p.get("h");
  if (p.get("by")) doc.respondent = p.get("by");
  return { doc, problems };
}

// What `playbook score --format json` writes, and the browser downloads.
export const resultDocument = (spec, sheet, result) => ({
  questionnaire: spec.id, version: spec.version, spec_hash: spec.spec_hash,
  respondent: sheet.respondent ?? null, date: sheet.date ?? null, answers: sheet.answers, result,
});
