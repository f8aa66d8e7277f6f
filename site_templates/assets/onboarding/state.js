// Saved onboarding progress as plain data: restore what fits the checklist on the page, keep and
// flag what does not, check imported files, count progress. Pure functions, no DOM.
//
// Item states are validated with the assessment form's answers checks (assets/assessment/
// answers.js): each checklist item is read as a single-choice question whose options are its
// states, so unknown ids, wrong types and impossible states are caught the same way.
import { checkAnswerMap, show } from "../assessment/answers.js";

export const FORMAT = 1;
// Item kinds from the page: r(ead), p(ractice), d(one when) are ticked; c(riterion) is met or not yet.
export const STATES = { r: ["done"], p: ["done"], d: ["done"], c: ["met", "not-yet"] };
export const LIMITS = { text: 300, note: 1000, person: 200, kept: 500, file: 262144 };
const KEYS = ["format", "checklist", "title", "checklist_hash", "person", "updated", "date", "level", "items", "notes", "kept"];

const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const clip = (v, n) => (typeof v === "string" ? v.slice(0, n) : "");
const entries = (o) => (isObj(o) ? Object.keys(o).map((k) => [k, o[k]]) : []);

// "id:hash:kind id:hash:kind …" from the page → Map id → {h, k}, in page order.
export function parseItems(text) {
  const items = new Map();
  for (const part of String(text || "").split(/\s+/)) {
    const [id, h, k] = part.split(":");
    if (id && h && STATES[k]) items.set(id, { h, k });
  }
  return items;
}

// The checklist as a questionnaire spec, so that answers.js can check saved and imported states.
export const specOf = (id, hash, items) => ({
  id, version: FORMAT, spec_hash: hash,
  sections: [{ questions: [...items].map(([qid, it]) => ({ id: qid, type: "single", options: STATES[it.k].map((o) => ({ id: o })) })) }],
});

const reason = (id, items, message) => (items.has(id) ? message.replace(/\bquestion\b/g, "item") : "no longer in this checklist");

// A saved or imported record against the checklist on the page. Returns the state that fits
// ({items, notes, level, person}), `kept` (entries that no longer fit, with the reason — shown and
// kept until discarded, never dropped) and `changed` (marked items whose wording changed since).
export function restore(raw, items, levels = [], hash = "") {
  const state = { items: {}, notes: {}, level: null, person: "" };
  const kept = [], changed = [];
  if (!isObj(raw)) return { state, kept, changed };
  const marks = Object.create(null), saved = Object.create(null);
  for (const [id, v] of entries(raw.items)) {
    if (isObj(v)) { marks[id] = v.state ?? null; saved[id] = v; }
    else kept.push({ id, state: v, reason: `not a saved mark: ${show(v)}` });
  }
  const { answers, problems } = checkAnswerMap(marks, specOf(raw.checklist, hash, items));
  for (const p of problems) {
    if (p.path.length < 2) { // the whole mapping was refused (e.g. too many entries): keep every mark
      for (const id of Object.keys(marks)) kept.push({ id, state: marks[id], text: clip(saved[id]?.text, LIMITS.text), reason: p.message });
      continue;
    }
    const id = String(p.path[1]);
    kept.push({ id, state: marks[id] ?? null, text: clip(saved[id]?.text, LIMITS.text), reason: reason(id, items, p.message) });
  }
  for (const [id, value] of entries(answers)) {
    const it = items.get(id), h = typeof saved[id].h === "string" ? saved[id].h.slice(0, 16) : it.h;
    state.items[id] = { state: value, h, text: clip(saved[id].text, LIMITS.text) };
    if (h !== it.h) changed.push(id);
  }
  for (const [id, note] of entries(raw.notes)) {
    if (typeof note !== "string" || !note) continue;
    if (items.has(id) && items.get(id).k === "c") state.notes[id] = note.slice(0, LIMITS.note);
    else {
      const k = kept.find((x) => x.id === id);
      if (k) k.note = note.slice(0, LIMITS.note);
      else kept.push({ id, note: note.slice(0, LIMITS.note), reason: reason(id, items, `item '${id}' takes no note`) });
    }
  }
  if (raw.level != null) {
    if (typeof raw.level === "string" && levels.includes(raw.level)) state.level = raw.level;
    else kept.push({ id: "level", state: raw.level, reason: `${show(raw.level)} is not a level of this ladder` });
  }
  state.person = clip(raw.person, LIMITS.person);
  const old = Array.isArray(raw.kept) ? raw.kept.filter((k) => isObj(k) && typeof k.id === "string" && typeof k.reason === "string") : [];
  const all = [...old.map((k) => ({ id: k.id.slice(0, 200), state: k.state ?? null, text: clip(k.text, LIMITS.text), note: clip(k.note, LIMITS.note), reason: k.reason.slice(0, 300) })), ...kept];
  return { state, kept: all.slice(0, LIMITS.kept), changed };
}

// Problems with an imported file before its entries are restored: {errors, warnings}.
// Errors mean the file is not used at all; warnings are shown with the result.
export function checkDoc(doc, meta) {
  const errors = [], warnings = [];
  if (!isObj(doc)) return { errors: ["not a progress file: expected a JSON object with checklist and items"], warnings };
  if (doc.checklist !== meta.checklist)
    errors.push(typeof doc.checklist === "string" ? `this file holds progress for ${show(doc.checklist)}, this page is '${meta.checklist}'` : "the file names no checklist");
  if (doc.format != null && doc.format !== FORMAT) warnings.push(`file format ${show(doc.format)}, this page reads format ${FORMAT}`);
  for (const k of Object.keys(doc)) if (!KEYS.includes(k)) warnings.push(`unknown key ${show(k)} ignored`);
  if (!isObj(doc.items)) (doc.items == null ? warnings : errors).push("'items' must be a mapping of item id to its mark");
  if (doc.checklist_hash != null && doc.checklist_hash !== meta.hash)
    warnings.push("the checklist has changed since this file was saved; what no longer fits is kept and listed");
  return { errors, warnings };
}

// Counts for a group (a stage or a ladder step), or for the whole checklist when group is null.
export function progress(state, items, group = null) {
  const c = { total: 0, done: 0, met: 0, notYet: 0 };
  for (const [id, it] of items) {
    if (group && !id.startsWith(group + "--")) continue;
    c.total++;
    const s = state.items[id]?.state;
    if (s === "done") c.done++;
    else if (s === "met") c.met++;
    else if (s === "not-yet") c.notYet++;
  }
  return c;
}

// The record saved in the browser and downloaded: everything needed to restore it anywhere.
export const record = (meta, state, kept, date) => ({
  format: FORMAT, checklist: meta.checklist, title: meta.title, checklist_hash: meta.hash,
  person: state.person || null, updated: date, level: state.level, items: state.items, notes: state.notes, kept,
});
