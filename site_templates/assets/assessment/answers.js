// Answers from outside the form, checked like generator/assessments/answers.py does. No DOM:
// problems are returned as text, never as HTML.
export const LIMITS = { link: 8000, file: 262144, name: 200, entries: 1000, note: 1000 };
export const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
export const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "list" : typeof v);

// A value from untrusted input, shortened and quoted for a notice (always shown as text).
export const show = (v) => {
  let s = typeof v === "string" ? v : JSON.stringify(v) ?? String(v);
  if (s.length > 60) s = s.slice(0, 57) + "…";
  return `'${s}'`;
};

// Validate and normalise an answers mapping. Returns {answers, problems}; `answers` holds every
// valid entry (declared question order, declared option order), `problems` every invalid one.
export function checkAnswerMap(raw, spec) {
  const problems = [], normal = new Map();
  const err = (path, message) => problems.push({ path, message });
  if (raw == null) return { answers: {}, problems };
  const keys = isObj(raw) ? Object.keys(raw) : [];
  if (!isObj(raw)) err(["answers"], `must be a mapping of question id to option id(s), got ${typeName(raw)}`);
  else if (keys.length > LIMITS.entries) err(["answers"], `too many answers (${keys.length})`);
  if (problems.length) return { answers: {}, problems };
  const questions = new Map(spec.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));
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
    const before = problems.length;
    answer.forEach((o, i) => {
      const p = [...path, i];
      if (typeof o !== "string") err(p, `question '${qid}': expected an option id, got ${typeName(o)} ${show(o)}`);
      else if (!ids.includes(o)) err(p, `question '${qid}' has no option ${show(o)}`);
      else if (answer.indexOf(o) !== i) err(p, `question '${qid}': option '${o}' is given twice`);
    });
    if (problems.length > before) continue;
    const excl = q.options.find((o) => o.exclusive && answer.includes(o.id));
    if (excl && answer.length > 1) err(path, `question '${qid}': option '${excl.id}' cannot be combined with other options`);
    else normal.set(qid, ids.filter((o) => answer.includes(o)));
  }
  const answers = {};
  for (const qid of questions.keys()) if (normal.has(qid)) answers[qid] = normal.get(qid);
  return { answers, problems };
}

// Saved answers against the questionnaire as it is now: {answers} that fit (multiple choices keep
// the options that still exist) and `lost` [{question, value, message}], to flag, never drop.
export function salvage(raw, spec) {
  const fits = {}, lost = [];
  const byId = new Map(spec.sections.flatMap((s) => s.questions).map((q) => [q.id, q]));
  for (const [qid, a] of Object.entries(isObj(raw) ? raw : {})) {
    const q = byId.get(qid), ids = q ? q.options.map((o) => o.id) : [];
    const gone = q && q.type === "multiple" && Array.isArray(a) ? a.filter((o) => !ids.includes(o)) : [];
    fits[qid] = gone.length ? a.filter((o) => ids.includes(o)) : a;
    if (gone.length) lost.push({ question: qid, value: gone, message: "no longer an option" });
  }
  const c = checkAnswerMap(fits, spec);
  for (const p of c.problems) {
    const qid = String(p.path[1] ?? "");
    if (!lost.some((l) => l.question === qid)) lost.push({ question: qid, value: fits[qid] ?? null, message: p.message });
  }
  return { answers: c.answers, lost };
}

// The URL fragment that carries answers: q=<questionnaire>&v=<version>&h=<spec hash>
// &by=<respondent>&d=<date answered>&n.<question>=<note>…&a=<question>:<option>[.<option>…],…
// (ids need no escaping). keep.js reads it.
export function encodeShare(spec, answers, respondent, date, evidence = {}) {
  const a = Object.entries(answers).map(([q, o]) => `${q}:${[].concat(o).join(".")}`).join(",");
  const p = new URLSearchParams({ q: spec.id, v: String(spec.version), h: spec.spec_hash.replace(/^sha256:/, "") });
  if (respondent) p.set("by", respondent);
  if (date) p.set("d", date);
  for (const [q, t] of Object.entries(evidence)) if (t) p.set("n." + q, t); // trimmed when read
  return `${p.toString()}&a=${a}`;
}

// Whether a fragment is a share link (not an ordinary #heading).
export const isShare = (fragment) => /(^|&)[qa]=/.test(fragment.replace(/^#/, ""));
