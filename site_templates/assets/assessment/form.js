// The interactive questionnaire on an assessment page: the form, autosave, share links,
// import and download, and the live result. Scoring is engine.js; checking input is answers.js.
import { chosen, questionsOf, score } from "./engine.js";
import { LIMITS, checkAnswerMap, checkSheet, decodeShare, encodeShare, resultDocument, show } from "./answers.js";
import { button, h, md, noticeBoard } from "./dom.js";
import { renderResult } from "./result.js";

const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const count = (a) => Object.keys(a).length;
const today = () => new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD in local time

export async function mount(root) {
  let cfg = {};
  try { cfg = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* not Material */ }
  const base = new URL((cfg.base || ".") + "/", location.href);
  let spec;
  try {
    const res = await fetch(new URL(root.dataset.spec, base));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    spec = await res.json();
  } catch (e) {
    root.append(h("p", { class: "pb-notice pb-bad", role: "alert", text: `The form could not load its questionnaire (${e.message}). The questions are listed below; score your answers with playbook score.` }));
    return;
  }
  app(root, spec, base);
}

function app(root, spec, base) {
  const key = "playbook-assessment:" + spec.id;
  const qs = questionsOf(spec), byQ = new Map(qs.map((q) => [q.id, q])), num = new Map(qs.map((q, i) => [q.id, i + 1]));
  const x = { num, q: byQ, link: (ref) => spec.links[ref] && new URL(spec.links[ref].url, base).href,
    scoring: new URL(root.dataset.scoring || "assessments/scoring/", base).href };
  let answers = {}, who = "", date = null, flagged = [], previous = null, lastHidden = null, warned = false;

  // --- notices: text only, a list of problems, buttons ---------------------------------------
  const { element: notices, notice } = noticeBoard();
  const btn = button;
  const qname = (qid) => (num.has(qid) ? `Q${num.get(qid)} (${qid})` : show(qid));

  // --- the form -------------------------------------------------------------------------------
  const ui = new Map();
  const form = h("form", { class: "pb-form", "aria-label": spec.title, onsubmit: (e) => e.preventDefault() },
    spec.sections.map((s) => h("section", { class: "pb-section" }, h("h3", { text: s.title }), md(s.text), s.questions.map((q) => {
      const multi = q.type === "multiple", id = "pb-q-" + q.id;
      const inputs = q.options.map((o) => h("input", { type: multi ? "checkbox" : "radio", name: id, value: o.id, id: `${id}--${o.id}`, "data-exclusive": o.exclusive }));
      const u = { inputs, flag: h("p", { class: "pb-flag", hidden: true }),
        clear: multi ? null : h("button", { type: "button", class: "pb-clear", text: "Clear answer", "aria-label": `Clear answer to Q${num.get(q.id)}`, onclick: () => set(q.id, null) }) };
      u.fs = h("fieldset", { class: "pb-q", id, "aria-describedby": q.help ? id + "-help" : null },
        h("legend", {}, `Q${num.get(q.id)}. ${q.text}`, multi && h("span", { class: "pb-hint", text: " Choose all that apply." })),
        q.help && h("div", { class: "pb-help", id: id + "-help" }, md(q.help)), u.flag,
        q.options.map((o, k) => h("div", { class: "pb-opt" }, inputs[k], h("label", { for: inputs[k].id }, o.label,
          o.exclusive && h("span", { class: "pb-hint", text: " (only on its own)" }), o.help && h("small", {}, " ", md(o.help, 1))))),
        u.clear);
      ui.set(q.id, u);
      return u.fs;
    }))));
  form.addEventListener("change", (e) => {
    const t = e.target, q = byQ.get(t.name.slice(5));
    if (!q) return;
    if (q.type === "single") return set(q.id, t.value);
    const { inputs } = ui.get(q.id);
    if (t.checked) for (const i of inputs) if (i !== t && (t.dataset.exclusive != null || i.dataset.exclusive != null)) i.checked = false;
    set(q.id, inputs.filter((i) => i.checked).map((i) => i.value));
  });

  const status = h("span", { class: "pb-count" }), bar = h("progress", { "aria-hidden": "true" });
  const whoInput = h("input", { id: "pb-who", type: "text", maxlength: LIMITS.name, autocomplete: "off",
    oninput: () => { who = whoInput.value; share.value = link(); save(); }, onchange: () => sync() });
  const result = h("div", { class: "pb-result-body" });
  const share = h("input", { id: "pb-share", type: "text", readonly: true, spellcheck: "false" });
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, onchange: importFile });
  root.replaceChildren(h("div", { class: "pb-app" },
    notices,
    h("div", { class: "pb-bar", role: "status" }, bar, status, " ", h("a", { href: "#pb-result", text: "See the result" })),
    h("p", { class: "pb-who" }, h("label", { for: "pb-who", text: "Who is answering? A person or team name (optional; saved with the answers and in downloads)" }), whoInput),
    form,
    h("section", { class: "pb-result", "aria-labelledby": "pb-result" }, h("h2", { id: "pb-result", text: "Your result" }), result,
      h("div", { class: "pb-keep" }, h("h3", { text: "Share and keep" }),
        h("p", {}, h("label", { for: "pb-share", text: "Share link — it carries the answers; anyone who opens it sees this result" }),
          h("span", { class: "pb-row" }, share, btn("Copy link", copy))),
        h("p", { class: "pb-actions" }, btn("Download result (JSON)", download), btn("Import a result file…", () => file.click()), file,
          btn("Print the result", () => print()), btn("Reset answers…", reset)),
        h("p", { class: "pb-hint" }, "The downloaded file is the format ", h("code", { text: "playbook score" }),
          " reads and writes: score it there, or import it here on another machine.")))));
  document.body.classList.add("pb-on");
  wrapReference(root);

  // --- state ----------------------------------------------------------------------------------
  function set(qid, value) {
    if (value == null || (Array.isArray(value) && !value.length)) delete answers[qid];
    else answers[qid] = value;
    flagged = flagged.filter((f) => f.question !== qid);
    sync();
  }
  const link = () => location.href.split("#")[0] + "#" + encodeShare(spec, answers, who);
  function sync() {
    answers = checkAnswerMap(answers, spec).answers;
    const r = score(spec, answers), hidden = new Set(r.hidden), moved = [];
    for (const q of qs) {
      const u = ui.get(q.id), c = chosen(answers[q.id]), f = flagged.find((f) => f.question === q.id);
      u.inputs.forEach((i) => (i.checked = c.includes(i.value)));
      if (u.clear) u.clear.disabled = !c.length;
      if (lastHidden && lastHidden.has(q.id) !== hidden.has(q.id)) moved.push(`Q${num.get(q.id)} ${hidden.has(q.id) ? "hidden" : "shown"}`);
      u.fs.hidden = hidden.has(q.id);
      u.flag.hidden = !f;
      u.flag.textContent = f ? `Your earlier answer ${show(f.value)} could not be restored: ${f.message}.` : "";
    }
    lastHidden = hidden;
    status.textContent = `${r.questions.answered} of ${r.questions.visible} answered` + (moved.length ? ` · ${moved.join(", ")}` : "");
    bar.max = r.questions.visible || 1;
    bar.value = r.questions.answered;
    const open = result.querySelector(".pb-how")?.open;
    Object.assign(x, { who, date });
    result.replaceChildren(...renderResult(spec, r, x).flat(9).filter(Boolean));
    if (open) result.querySelector(".pb-how").open = true;
    whoInput.value = who;
    share.value = link();
    save();
  }
  function save() {
    try {
      localStorage.setItem(key, JSON.stringify({ questionnaire: spec.id, version: spec.version, spec_hash: spec.spec_hash,
        respondent: who || null, date, answers, flagged, previous }));
    } catch (e) {
      if (!warned) notice("bad", "store", "Your answers cannot be saved in this browser (storage is off or full). Download them to keep them.");
      warned = true;
    }
  }
  // Saved answers against the current questionnaire: valid ones back, the rest flagged.
  function salvage(raw) {
    const keep = {}, lost = [];
    for (const [qid, a] of Object.entries(isObj(raw) ? raw : {})) {
      const q = byQ.get(qid), ids = q ? q.options.map((o) => o.id) : [];
      if (q && q.type === "multiple" && Array.isArray(a) && a.some((o) => !ids.includes(o))) {
        keep[qid] = a.filter((o) => ids.includes(o));
        lost.push({ question: qid, value: a.filter((o) => !ids.includes(o)), message: "no longer an option" });
      } else keep[qid] = a;
    }
    const c = checkAnswerMap(keep, spec);
    for (const p of c.problems) {
      const qid = String(p.path[1] ?? "");
      if (!lost.some((l) => l.question === qid)) lost.push({ question: qid, value: keep[qid] ?? null, message: p.message });
    }
    return { answers: c.answers, lost };
  }
  const flagList = () => flagged.map((f) => `${qname(f.question)}: ${show(f.value)} — ${f.message}`);
  function flagNotice(title) {
    if (flagged.length) notice("bad", "flagged", title || "Saved answers that fit no longer (kept here until you discard them):", flagList(),
      [["Discard these answers", () => { flagged = []; sync(); }]]);
  }
  function previousNotice(what) {
    if (previous) notice("info", "previous", `Your answers from before ${what || "the last import"} are kept (${count(previous.answers)} answered).`, [],
      [["Bring them back", () => { const p = previous; previous = { answers, respondent: who || null, date }; answers = salvage(p.answers).answers; who = p.respondent || ""; sync(); previousNotice("bringing them back"); }],
        ["Discard them", () => { previous = null; save(); }]]);
  }

  // --- restore, share links, files --------------------------------------------------------------
  function restore(saved) {
    const s = salvage(saved.answers);
    answers = s.answers;
    who = typeof saved.respondent === "string" ? saved.respondent.slice(0, LIMITS.name) : "";
    date = typeof saved.date === "string" ? saved.date.slice(0, 40) : null;
    flagged = (Array.isArray(saved.flagged) ? saved.flagged : []).filter((f) => isObj(f) && typeof f.question === "string" && typeof f.message === "string").slice(0, 500);
    flagged.push(...s.lost);
    previous = isObj(saved.previous) && isObj(saved.previous.answers) ? saved.previous : null;
    return s.lost;
  }
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(key)); } catch (e) { /* unreadable: start empty */ }
  if (isObj(saved)) {
    const lost = restore(saved);
    if (saved.spec_hash !== spec.spec_hash && (count(answers) || lost.length)) {
      const was = saved.version === spec.version ? "its content changed, same version" : `version ${Number.isInteger(saved.version) ? saved.version : "?"} → ${spec.version}`;
      if (lost.length) flagNotice(`This questionnaire has changed since your answers were saved (${was}). ${count(answers)} answers are restored; these no longer fit and are kept here until you discard them:`);
      else notice("info", "changed", `This questionnaire has changed since your answers were saved (${was}). All ${count(answers)} answers still fit and are restored — please check them.`);
    } else flagNotice();
    previousNotice();
  }
  // Another tab saved answers to the same questionnaire: take them, so neither overwrites the other.
  addEventListener("storage", (e) => {
    if (e.key !== key || !e.newValue) return;
    try { restore(JSON.parse(e.newValue)); } catch (err) { return; }
    lastHidden = null;
    sync();
  });
  sync();

  function adopt(doc, problems, what) {
    const { sheet, errors, warnings } = checkSheet(doc, spec);
    const bad = [...problems, ...errors].map((p) => (p.path.length ? p.path.join(".") + ": " : "") + p.message);
    if (!sheet || (bad.length && !count(sheet.answers)))
      return notice("bad", "import", `The ${what} was not used: nothing in it fits this questionnaire. Your answers are unchanged.`, bad);
    if (count(answers) && JSON.stringify(answers) !== JSON.stringify(sheet.answers)) previous = { answers, respondent: who || null, date };
    answers = sheet.answers; who = sheet.respondent || ""; date = sheet.date; lastHidden = null;
    sync();
    notice(bad.length ? "bad" : "ok", "import", bad.length ? `Parts of the ${what} could not be used and were left out; ${count(answers)} answers were applied:`
      : `Answers from the ${what} applied (${count(answers)} answered).`, [...bad, ...warnings.map((w) => w.message)]);
    previousNotice(`opening the ${what}`);
  }
  function onHash() {
    const shared = decodeShare(location.hash, spec);
    if (shared) {
      history.replaceState(null, "", location.href.split("#")[0]);
      if (shared.error) notice("bad", "import", "The share link could not be used: " + shared.error + ". Your answers are unchanged.");
      else adopt(shared.doc, shared.problems, "share link");
      return;
    }
    let t = null;
    try { t = document.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* not an id */ }
    const d = t && t.closest("details.pb-reference");
    if (d && !d.open) { d.open = true; t.scrollIntoView(); }
  }
  addEventListener("hashchange", onHash);
  onHash();

  async function importFile() {
    const f = file.files[0];
    file.value = "";
    if (!f) return;
    if (f.size > LIMITS.file) return notice("bad", "import", `The file was not used: it is too large (${f.size} bytes, at most ${LIMITS.file}).`);
    let data;
    try { data = JSON.parse(await f.text()); } catch (e) {
      return notice("bad", "import", "The file was not used: it is not a JSON answers file (as downloaded here or written by playbook score --format json).");
    }
    adopt(data, [], "file");
  }
  function download() {
    date = today();
    const doc = resultDocument(spec, { respondent: who || null, date, answers }, score(spec, answers));
    const a = h("a", { download: `${spec.id}${who ? "-" + who.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40) : ""}-${date}.json`,
      href: URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" })) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 5000);
    save();
  }
  function copy() {
    const ok = () => notice("ok", "copy", "Share link copied.");
    (navigator.clipboard ? navigator.clipboard.writeText(share.value) : Promise.reject()).then(ok, () => {
      share.select();
      notice("info", "copy", "Select the link above and copy it (Ctrl+C or ⌘C).");
    });
  }
  function reset() {
    if (!count(answers) && !who) return;
    if (!confirm(`Clear all ${count(answers)} answers to “${spec.title}” in this browser?`)) return;
    previous = { answers, respondent: who || null, date };
    answers = {}; who = ""; date = null;
    sync();
    previousNotice("the reset");
  }
}

// The printable questionnaire that follows the form, folded away while the form is in use.
function wrapReference(root) {
  const rest = [];
  for (let n = root.nextElementSibling; n && n.id !== "sources" && n.tagName !== "ASIDE"; n = n.nextElementSibling) rest.push(n);
  if (!rest.length) return;
  const d = h("details", { class: "pb-reference" },
    h("summary", { text: "The questionnaire in full — every question, option, point and rule, for reading and printing" }));
  rest[0].before(d);
  d.append(...rest);
}
