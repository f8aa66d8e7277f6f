// Share and keep, loaded by form.js the first time it is needed: share links opened, result files
// imported and downloaded, and the notices about answers kept aside (earlier answers, answers
// that no longer fit). The checks follow generator/assessments/answers.py and are pure (tests/js
// runs them under node); the actions at the end take the form's `app` (see form.js `api`).
import { score } from "./engine.js";
import { LIMITS, checkAnswerMap, isObj, isShare, show, typeName } from "./answers.js";
import { MILESTONES, checkEvidence, checkMilestones } from "./evidence.js";

export const KEYS = ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "evidence", "milestones", "result"];
const ID = /^[a-z0-9][a-z0-9-]*$/;
const count = (a) => Object.keys(a).length;
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
  const checked = checkAnswerMap(data.answers, spec), notes = checkEvidence(data.evidence, spec), kept = checkMilestones(data.milestones, spec);
  errors.push(...checked.problems, ...notes.problems);
  warnings.push(...kept.warnings);
  if (!Object.prototype.hasOwnProperty.call(data, "answers")) err([], "required key 'answers' is missing");
  return { sheet: { questionnaire: spec.id, version, spec_hash: hash, respondent, date, answers: checked.answers,
    evidence: notes.evidence, milestones: kept.milestones }, errors, warnings };
}

// A share link's fragment (made by answers.js encodeShare) back to an answers document for
// `checkSheet`; {error} when it cannot be read, null when it is no share link at all (an
// ordinary #heading).
export function decodeShare(fragment, spec) {
  const text = fragment.replace(/^#/, "");
  if (!isShare(text)) return null;
  if (text.length > LIMITS.link) return { error: `the link is too long (${text.length} characters, at most ${LIMITS.link})` };
  let p;
  try { p = new URLSearchParams(text); } catch (e) { return { error: "the link cannot be read" }; }
  if (!p.has("a")) return { error: "the link carries no answers (a=…)" };
  const raw = Object.create(null), problems = [];
  const multiple = new Set(spec.sections.flatMap((s) => s.questions).filter((q) => q.type === "multiple").map((q) => q.id));
  for (const part of p.get("a").split(",")) {
    if (!part) continue;
    const i = part.indexOf(":");
    const qid = i < 0 ? part : part.slice(0, i), val = i < 0 ? "" : part.slice(i + 1);
    if (!ID.test(qid)) { problems.push({ path: ["answers"], message: `not a question id: ${show(qid)}` }); continue; }
    const opts = val === "" ? [] : val.split(".");
    raw[qid] = multiple.has(qid) || opts.length !== 1 ? opts : opts[0];
  }
  const doc = { questionnaire: p.get("q") ?? spec.id, answers: raw }, notes = Object.create(null);
  for (const [k, v] of p) if (k.startsWith("n.")) notes[k.slice(2)] = v;
  if (count(notes)) doc.evidence = notes;
  const v = p.get("v");
  if (v !== null) doc.version = /^\d{1,9}$/.test(v) ? Number(v) : v;
  if (p.get("h") !== null) doc.spec_hash = "sha256:" + p.get("h");
  if (p.get("by")) doc.respondent = p.get("by");
  if (p.get("d")) doc.date = p.get("d");
  return { doc, problems };
}

// What `playbook score --format json` writes, and the browser downloads (evidence and
// milestones when there are any).
export const resultDocument = (spec, sheet, result) => ({
  questionnaire: spec.id, version: spec.version, spec_hash: spec.spec_hash,
  respondent: sheet.respondent ?? null, date: sheet.date ?? null, answers: sheet.answers,
  ...(count(sheet.evidence || {}) ? { evidence: sheet.evidence } : {}),
  ...(sheet.milestones?.length ? { milestones: sheet.milestones } : {}), result,
});

// --- the form's actions ---------------------------------------------------------------------------

// The answers from before an import or a reset: kept until brought back or discarded.
export function previousNotice(app, what = "the last import") {
  const { s } = app;
  if (s.previous) app.notice("info", "previous", `Your answers from before ${what} are kept (${count(s.previous.answers)} answered).`, [],
    [["Bring them back", () => {
      const back = app.fromRecord(s.previous);
      s.previous = null;
      s.flagged.push(...back.lost);
      app.replace(back.answers, back.who, back.date, null, back.evidence);
      previousNotice(app, "bringing them back");
    }], ["Discard them", () => { s.previous = null; app.save(); }]]);
}

// Saved answers that no longer fit the questionnaire: kept, and flagged at their question too.
function flagNotice(app, title) {
  const { s, num } = app;
  const name = (qid) => (num.has(qid) ? `Q${num.get(qid)} (${qid})` : show(qid));
  if (s.flagged.length) app.notice("bad", "flagged", title || "Saved answers that fit no longer (kept here until you discard them):",
    s.flagged.map((f) => `${name(f.question)}: ${show(f.value)} — ${f.message}`), [["Discard these answers", () => { s.flagged = []; app.sync(); }]]);
}

// Saved answers restored when the page opened, of which `lost` did not fit.
export function restored(app, saved, lost) {
  const { spec } = app, n = count(app.s.answers);
  if (saved.spec_hash !== spec.spec_hash && (n || lost)) {
    const was = saved.version === spec.version ? "its content changed, same version" : `version ${Number.isInteger(saved.version) ? saved.version : "?"} → ${spec.version}`;
    const changed = `This questionnaire has changed since your answers were saved (${was}).`;
    if (lost) flagNotice(app, `${changed} ${n} answers are restored; these no longer fit and are kept here until you discard them:`);
    else {
      app.notice("info", "changed", `${changed} All ${n} answers still fit and are restored — please check them.`);
      flagNotice(app);
    }
  } else flagNotice(app);
  previousNotice(app);
}

// Answers from a share link or a file replace the form's, which are kept to bring back.
function adopt(app, doc, problems, what) {
  const { sheet, errors, warnings } = checkSheet(doc, app.spec);
  const bad = [...problems, ...errors].map((p) => (p.path.length ? p.path.join(".") + ": " : "") + p.message);
  if (!sheet || (bad.length && !count(sheet.answers)))
    return app.notice("bad", "import", `The ${what} was not used: nothing in it fits this questionnaire. Your answers are unchanged.`, bad);
  mergeMilestones(app, sheet.milestones);
  app.replace(sheet.answers, sheet.respondent || "", sheet.date, what, sheet.evidence);
  const n = count(sheet.answers);
  app.notice(bad.length ? "bad" : "ok", "import", bad.length ? `Parts of the ${what} could not be used and were left out; ${n} answers were applied:`
    : `Answers from the ${what} applied (${n} answered).`, [...bad, ...warnings.map((w) => w.message)]);
  previousNotice(app, `opening the ${what}`);
}

// The share link in the address bar: applied, then taken out of it (the answers are saved).
export function openShare(app) {
  const shared = decodeShare(location.hash, app.spec);
  if (!shared) return;
  history.replaceState(null, "", location.href.split("#")[0]);
  if (shared.error) app.notice("bad", "import", "The share link could not be used: " + shared.error + ". Your answers are unchanged.");
  else adopt(app, shared.doc, shared.problems, "share link");
}

export async function importFile(app, input) {
  const f = input.files[0];
  input.value = "";
  if (!f) return;
  if (f.size > LIMITS.file) return app.notice("bad", "import", `The file was not used: it is too large (${f.size} bytes, at most ${LIMITS.file}).`);
  let data;
  try { data = JSON.parse(await f.text()); } catch (e) {
    return app.notice("bad", "import", "The file was not used: it is not a JSON answers file (as downloaded here or written by playbook score --format json).");
  }
  adopt(app, data, [], "file");
}

// The answers as `playbook score --format json` writes them (dated today), and the file name.
function fileOf(app, suffix) {
  const { spec, s } = app;
  s.date = new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD in local time
  const doc = resultDocument(spec, { respondent: s.who || null, date: s.date, answers: s.answers,
    evidence: checkEvidence(s.evidence, spec).evidence, milestones: checkMilestones(s.milestones, spec).milestones }, score(spec, s.answers));
  return [doc, `${spec.id}${s.who ? "-" + s.who.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40) : ""}-${s.date}.${suffix}`];
}

function save(app, name, text, type) {
  const a = Object.assign(document.createElement("a"), { download: name, href: URL.createObjectURL(new Blob([text], { type })) });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  app.save();
}

export function download(app) {
  const [doc, name] = fileOf(app, "json");
  save(app, name, JSON.stringify(doc, null, 2) + "\n", "application/json");
}

// The result as a spreadsheet: the rows `playbook report --format csv` gives this file.
export async function downloadCsv(app) {
  const { resultRows, rowsToCsv } = await import("../rollup/csv.js");
  const [doc, name] = fileOf(app, "csv");
  save(app, name, rowsToCsv(resultRows(app.spec, doc)), "text/csv");
}

// Copy the share link; the outcome shows beside the button, where the reader is. Without the
// clipboard API (a page served over plain HTTP, a browser that refuses) the link is selected in
// its read-only field, copied the old way if the browser still can, else left for Ctrl+C.
export function copy(app, share) {
  const row = share.closest(".pb-row") || share.parentElement;
  let said = row.querySelector(".pb-said");
  if (!said) row.append((said = Object.assign(document.createElement("span"), { className: "pb-said" })));
  said.setAttribute("role", "status");
  const say = (text) => setTimeout(() => (said.textContent = text), 50); // after the live region exists
  said.textContent = "";
  const fallback = () => {
    share.focus();
    share.select();
    let copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { /* not supported: the selection stays */ }
    say(copied ? "Link copied." : "The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
  };
  if (!navigator.clipboard?.writeText) return fallback();
  navigator.clipboard.writeText(share.value).then(() => say("Link copied."), fallback);
}

// --- milestones: dated snapshots of the answers, kept in this browser and in the downloaded file

// Keep the answers as they are now; at most MILESTONES, the oldest dropped with a notice.
export function keepMilestone(app, label) {
  const { spec, s } = app;
  const one = { date: new Date().toLocaleDateString("sv-SE"), answers: { ...s.answers } }, notes = checkEvidence(s.evidence, spec).evidence;
  if (count(notes)) one.evidence = notes;
  if (label && label.trim()) one.label = label.trim().slice(0, LIMITS.name);
  s.milestones = [...s.milestones, one];
  const dropped = s.milestones.splice(0, Math.max(0, s.milestones.length - MILESTONES));
  if (dropped.length) app.notice("info", "milestones", `At most ${MILESTONES} milestones are kept: the oldest, of ${dropped[0].date}, was dropped.`);
  app.sync();
}

export function dropMilestone(app, index) {
  app.s.milestones = app.s.milestones.filter((m, i) => i !== index);
  app.sync();
}

// Milestones from an imported file join those kept here (the same one is not kept twice).
function mergeMilestones(app, incoming) {
  const { s } = app, key = (m) => JSON.stringify([m.date, m.label, m.answers, m.evidence]), seen = new Set(s.milestones.map(key));
  const all = [...s.milestones, ...incoming.filter((m) => !seen.has(key(m)))].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const dropped = all.length - MILESTONES;
  s.milestones = all.slice(Math.max(0, dropped));
  if (dropped > 0) app.notice("info", "milestones", `At most ${MILESTONES} milestones are kept: the ${dropped} oldest were dropped.`);
}
