// Evidence notes and milestones, checked like generator/assessments/answers.py does, and what
// changed since a milestone, like `change()` in generator/report/combine.py. Pure (tests/js runs
// it under node): keep.js checks files and links with it, result.js shows notes and history.
import { LIMITS, checkAnswerMap, isObj, show, typeName } from "./answers.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const count = (a) => Object.keys(a).length;
// A calendar day written YYYY-MM-DD (not 2024-02-30, not 2024-13-01).
const isDay = (d) => typeof d === "string" && DAY.test(d) && !isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d;
export const MILESTONES = 50;
// Python's str.strip(): its whitespace, not JavaScript's (which adds U+FEFF and lacks U+001C–U+001F, U+0085).
const WS = "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const TRIM = new RegExp(`^${WS}+|${WS}+$`, "g");
const questionIds = (spec) => spec.sections.flatMap((s) => s.questions).map((q) => q.id);

// Evidence notes, like `check_evidence`: question id → text, trimmed, non-empty, at most
// LIMITS.note characters (code points, as Python counts), declared question order.
export function checkEvidence(raw, spec, path = ["evidence"]) {
  const problems = [], notes = new Map(), order = questionIds(spec);
  const err = (p, message) => problems.push({ path: p, message });
  if (raw == null) return { evidence: {}, problems };
  if (!isObj(raw)) {
    err(path, `must be a mapping of question id to a note (text), got ${typeName(raw)}`);
    return { evidence: {}, problems };
  }
  for (const [qid, note] of Object.entries(raw).slice(0, LIMITS.entries)) {
    const p = [...path, qid], text = typeof note === "string" ? note.replace(TRIM, "") : "", n = [...text].length;
    if (!order.includes(qid)) err(p, `unknown question ${show(qid)}`);
    else if (note === null) continue;
    else if (typeof note !== "string") err(p, `a note must be text, got ${typeName(note)} ${show(note)}`);
    else if (n > LIMITS.note) err(p, `note too long (${n} characters, at most ${LIMITS.note})`);
    else if (text) notes.set(qid, text);
  }
  const evidence = {};
  for (const qid of order) if (notes.has(qid)) evidence[qid] = notes.get(qid);
  return { evidence, problems };
}

// Milestones, like `check_milestones`: kept leniently — one that cannot be used is a warning
// and dropped, never a reason to refuse the file.
export function checkMilestones(raw, spec) {
  const kept = [], warnings = [];
  const warn = (path, message) => warnings.push({ path, message });
  if (raw == null) return { milestones: kept, warnings };
  if (!Array.isArray(raw)) {
    warn(["milestones"], `must be a list of milestones, got ${typeName(raw)}; ignored`);
    return { milestones: kept, warnings };
  }
  raw.slice(0, MILESTONES).forEach((m, i) => {
    if (!isObj(m)) return warn(["milestones", i], `a milestone must be a mapping with date and answers, got ${typeName(m)}; dropped`);
    const a = checkAnswerMap(m.answers, spec), e = checkEvidence(m.evidence, spec);
    const bad = [...a.problems, ...e.problems].map((p) => `${p.path.join(".")}: ${p.message}`);
    if (!isDay(m.date))
      bad.unshift(`date: must be a date like 2024-05-01, got ${show(m.date)}`);
    if (m.label != null && (typeof m.label !== "string" || [...m.label].length > LIMITS.name)) bad.push(`label: must be text of at most ${LIMITS.name} characters`);
    const extra = Object.keys(m).find((k) => !["date", "label", "answers", "evidence"].includes(k));
    if (extra) bad.push(`unknown key ${show(extra)}`);
    if (bad.length) return warn(["milestones", i], `milestone dropped: ${bad[0]}` + (bad.length > 1 ? ` (and ${bad.length - 1} more)` : ""));
    const one = { date: m.date, answers: a.answers };
    if (count(e.evidence)) one.evidence = e.evidence;
    if (m.label && m.label.replace(TRIM, "")) one.label = m.label.replace(TRIM, "");
    kept.push(one);
  });
  if (raw.length > MILESTONES) warn(["milestones"], `more than ${MILESTONES} milestones; the ${raw.length - MILESTONES} after the first ${MILESTONES} are dropped`);
  return { milestones: kept, warnings };
}


// One result as the report's view sees it (the fields `change` compares), dated.
export function entry(spec, r, date) {
  const phase = spec.outcomes.phases.find((p) => p.id === r.phase);
  return { date, phase: r.phase, phase_title: phase ? phase.title : null, overall: r.overall.percent,
    dimensions: Object.fromEntries(r.dimensions.map((d) => [d.id, d.percent])),
    top: Object.fromEntries(r.rankings.map((k) => [k.id, k.top])),
    top_titles: Object.fromEntries(r.rankings.map((k, i) => [k.id, spec.outcomes.rankings[i].candidates.find((c) => c.id === k.top)?.title ?? null])) };
}

// What moved between two results (newer minus older): the report's own `change`.
export { change } from "../rollup/change.js";

// The phases' positions, as `change` takes them.
export const phaseIndex = (spec) => Object.fromEntries(spec.outcomes.phases.map((p, i) => [p.id, i]));
