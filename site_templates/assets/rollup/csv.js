// CSV for spreadsheets: the report, one result or a workshop as one long table every questionnaire
// fits — generator/report/csv_export.py's layout and bytes (its docstring lists the columns, kinds
// and rules: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting, formulas defused).
import { questionsOf, score } from "../assessment/engine.js";
import { SETTINGS, respondentNames, shortTitle, view } from "./combine.js";
import { splitRespondent } from "./inputs.js";
import { cleanText, cmpStr } from "./text.js";

export const COLUMNS = ["questionnaire", "version", "team", "respondent", "date", "source", "kind", "id", "title", "value", "label"];
const BOM = "\ufeff";
const FORMULA = /^[=+\-@\t\r]/;

// One cell: text as given (defused, quoted when needed), numbers as digits, null empty.
export function cell(value) {
  let text = value == null ? "" : String(value);
  if (FORMULA.test(text)) text = "'" + text;
  text = text.replace(/\r\n?/g, "\n"); // a line break in a cell is LF, as spreadsheets read it
  return /[,"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Rows (objects with COLUMNS keys) → the CSV text.
export const rowsToCsv = (rows) => BOM + [COLUMNS.join(","), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(","))].join("\r\n") + "\r\n";

// The rows of one view (a team on one day: one file, a workshop, or a participant).
export function viewRows(spec, section, team, entry, source, respondent, target = null) {
  const base = { questionnaire: section.id, version: section.version, team, respondent, date: entry.date, source };
  const rows = [];
  const add = (kind, id, title, value, label = null) => rows.push({ ...base, kind, id, title, value, label });
  if (section.phases.length) add("phase", null, null, entry.phase, entry.phase_title);
  if (section.dimensions.length) {
    add("overall", null, null, entry.overall);
    for (const d of section.dimensions) add("dimension", d.id, d.title, entry.dimensions[d.id], entry.below[d.id] ? "below" : null);
  }
  for (const r of section.rankings) add("ranking", r.id, r.title, entry.top[r.id], entry.top_titles[r.id]);
  if (target) add("target", null, null, target.phase, target.status);
  const questions = spec ? questionsOf(spec) : [];
  const options = (a) => (typeof a === "string" ? [a] : a || []);
  for (const q of questions) {
    const labels = Object.fromEntries(q.options.map((o) => [o.id, o.label]));
    const answer = Object.prototype.hasOwnProperty.call(entry.answers, q.id) ? entry.answers[q.id] : null;
    for (const o of options(answer)) add("answer", q.id, q.text, o, labels[o] ?? null);
  }
  if (!spec) for (const [qid, a] of Object.entries(entry.answers)) for (const o of options(a)) add("answer", qid, null, o);
  const texts = Object.fromEntries(questions.map((q) => [q.id, q.text]));
  for (const n of entry.evidence || []) {
    rows.push({ ...base, respondent: n.respondent, kind: "evidence", id: n.question, title: texts[n.question] ?? null, value: n.text, label: null });
  }
  return rows;
}

// Every team's every result (history newest first) of every questionnaire in the report.
export function reportRows(report, specs = {}) {
  return report.questionnaires.flatMap((s) => s.teams.flatMap((t) => t.entries.flatMap((e, n) =>
    viewRows(specs[s.id] ?? null, s, t.team, e, e.workshop ? "workshop" : "file", e.respondents.join("; "), n === 0 ? t.target : null))));
}

// The report as CSV: identical bytes to `playbook report --format csv` given the same specs.
export const toCsv = (report, specs = {}) => rowsToCsv(reportRows(report, specs));

// What a section of the report says about a questionnaire, for the helpers below.
export const sectionOf = (spec) => ({ id: spec.id, version: spec.version, phases: spec.outcomes.phases,
  dimensions: spec.dimensions.map((d) => ({ id: d.id, title: d.title, short: shortTitle(d.title) })), rankings: spec.outcomes.rankings });

// One result (an assessment page's answers: {respondent, date, answers, evidence}) as rows.
export function resultRows(spec, doc, settings = SETTINGS) {
  const who = doc.respondent ? cleanText(doc.respondent) : "";
  const [team, person] = who ? splitRespondent(who) : ["", null];
  const sheet = { path: `${spec.id}.json`, person, respondent: who || null, date: doc.date ?? null, answers: doc.answers,
    evidence: doc.evidence ?? {}, notes: [], result: score(spec, doc.answers) };
  return viewRows(spec, sectionOf(spec), team, view(spec, [sheet], settings), "file", person || who);
}

// A workshop (sheets of one team and day, from readResults) as rows: each participant, then the
// combined view.
export function workshopRows(spec, sheets, settings = SETTINGS) {
  const sorted = [...sheets].sort((a, b) => cmpStr(a.path, b.path));
  const names = respondentNames(sorted), section = sectionOf(spec), team = sorted[0]?.team ?? "";
  const rows = sorted.flatMap((s, i) => viewRows(spec, section, team, view(spec, [s], settings), "participant", names[i]));
  const combined = view(spec, sorted, settings);
  return [...rows, ...viewRows(spec, section, team, combined, "workshop", combined.respondents.join("; "))];
}
