// The questionnaire form on an assessment page, saved as it is answered. Loaded when first needed:
// result.js once there is a result to show, keep.js for share links, files and kept answers.
import { chosen, questionsOf, score } from "./engine.js";
import { LIMITS, checkAnswerMap, encodeShare, isObj, isShare, salvage, show } from "./answers.js";
import { button as btn, h, md, noticeBoard } from "./dom.js";

const count = (a) => Object.keys(a).length;
const nextFrame = () => new Promise((go) => requestAnimationFrame(() => requestAnimationFrame(go)));
// YYYY-MM-DD, local time (toLocaleDateString first loads locale data: ~20 ms)
const today = (d = new Date()) => [d.getFullYear(), d.getMonth() + 1, d.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
let kept = null; // keep.js, once loaded: a share link applies before the first paint
const keep = () => (kept ? Promise.resolve(kept) : import("./keep.js").then((m) => (kept = m)));

// result.js (as `render`) with its stylesheet, linked beside the form so that it leaves with the page.
let render = null;
const results = new WeakMap();
function loadResult(root) {
  if (!results.has(root)) results.set(root, Promise.all([import("./result.js"), new Promise((done) =>
    root.before(h("link", { rel: "stylesheet", href: new URL("result.css", import.meta.url).href, onload: done, onerror: done })))])
    .then(([m]) => (render = m), (e) => { results.delete(root); throw e; }));
  return results.get(root);
}

export async function mount(root) {
  // The site root, from this file's place (assets/assessment/): right after instant navigation too.
  const base = new URL("../../", import.meta.url);
  let spec;
  try {
    const res = await fetch(new URL(root.dataset.spec, base));
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    spec = await res.json();
  } catch (e) {
    root.append(h("p", { class: "pb-notice pb-bad", role: "alert", text: `The form could not load its questionnaire (${e.message}). The questions are listed below; score your answers with playbook score.` }));
    return;
  }
  const key = "playbook-assessment:" + spec.id;
  let stored = null;
  try { stored = localStorage.getItem(key); } catch (e) { /* storage is off: start empty */ }
  // Saved answers or a share link (and its reader): the result loads before the form shows.
  const shared = isShare(location.hash);
  if (stored || shared) await Promise.all([loadResult(root).catch(() => {}), shared && keep().catch(() => {})]);
  app(root, spec, base, key, stored);
}

function app(root, spec, base, key, stored) {
  const qs = questionsOf(spec), byQ = new Map(qs.map((q) => [q.id, q])), num = new Map(qs.map((q, i) => [q.id, i + 1]));
  const x = { num, q: byQ, link: (ref) => spec.links[ref] && new URL(spec.links[ref].url, base).href,
    scoring: new URL(root.dataset.scoring || "assessments/scoring/", base).href, d: root.dataset,
    inFull: root.dataset.inFull ? new URL(root.dataset.inFull, base).href : "" };
  // Saved: answers, who and when, notes, answers that no longer fit, those before an import or reset.
  const s = { answers: {}, who: "", date: null, evidence: {}, flagged: [], previous: null, milestones: [] };
  const current = () => ({ respondent: s.who || null, date: s.date, answers: s.answers, evidence: s.evidence });
  let lastHidden = null, warned = false;
  const { element: notices, notice } = noticeBoard();

  // --- the form
  const ui = new Map();
  const form = h("form", { class: "pb-form", id: "pb-questions", "aria-label": spec.title, onsubmit: (e) => e.preventDefault() },
    spec.sections.map((sec) => h("section", { class: "pb-section" }, h("h3", { text: sec.title }), md(sec.text), sec.questions.map((q) => {
      const multi = q.type === "multiple", id = "pb-q-" + q.id;
      const inputs = q.options.map((o) => h("input", { type: multi ? "checkbox" : "radio", name: id, value: o.id, id: `${id}--${o.id}`, "data-exclusive": o.exclusive }));
      const u = { inputs, flag: h("p", { class: "pb-flag", hidden: true }), note: h("textarea", { id: id + "-note", maxlength: LIMITS.note,
        oninput: () => { s.evidence[q.id] = u.note.value; share.value = link(); save(); }, onchange: sync }),
        clear: multi ? null : h("button", { type: "button", class: "pb-clear", text: "Clear answer", "aria-label": `Clear answer to Q${num.get(q.id)}`, onclick: () => set(q.id, null) }) };
      u.fs = h("fieldset", { class: "pb-q", id, "aria-describedby": q.help ? id + "-help" : null },
        h("legend", {}, `Q${num.get(q.id)}. ${q.text}`, multi && h("span", { class: "pb-hint", text: " Choose all that apply." })),
        q.help && h("div", { class: "pb-help", id: id + "-help" }, md(q.help)), u.flag,
        q.options.map((o, k) => h("div", { class: "pb-opt" }, inputs[k], h("label", { for: inputs[k].id }, o.label,
          o.exclusive && h("span", { class: "pb-hint", text: " (only on its own)" }), o.help && h("small", {}, " ", md(o.help, 1))))),
        u.clear, u.more = h("details", { class: "pb-note" }, h("summary", { text: `Add a note to Q${num.get(q.id)}` }),
          h("label", { for: u.note.id, text: "Why this answer? A link to proof" }), u.note));
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

  const status = h("span", { class: "pb-count" }), bar = h("progress", { "aria-hidden": "true" }), gist = h("span", { class: "pb-gist" });
  // The bar's link switches between the result and the questions, whichever is not in view.
  const jump = h("a", { href: "#pb-result", text: "See the result", "aria-live": "off" });
  const barBox = h("div", { class: "pb-bar", role: "status" }, bar, status, gist, " ", jump);
  const whoInput = h("input", { id: "pb-who", type: "text", maxlength: LIMITS.name, autocomplete: "off",
    oninput: () => { s.who = whoInput.value; share.value = link(); save(); }, onchange: () => sync() });
  const result = h("div", { class: "pb-result-body" }), heading = h("h2", { id: "pb-result", text: "Your result" });
  // Result first (a share link or file): where the answers came from, and the way to them.
  const from = h("p", { class: "pb-from", hidden: true });
  const printed = h("p", { class: "pb-printed", hidden: true }); // shown in print only
  const stamp = () => (printed.textContent = `Printed ${today()} from ${location.href.split("#")[0]}`);
  stamp();
  addEventListener("beforeprint", stamp);
  const share = h("input", { id: "pb-share", type: "text", readonly: true, spellcheck: "false" });
  const hist = h("div");
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, onchange: () => act("importFile", file) });
  const resultSection = h("section", { class: "pb-result", "aria-labelledby": "pb-result" }, heading, from, printed, result,
    h("div", { class: "pb-keep" }, h("h3", { text: "Share and keep" }),
      h("p", {}, h("label", { for: "pb-share", text: "Share link — it carries the answers; anyone who opens it sees this result" }),
        h("span", { class: "pb-row" }, share, btn("Copy link", () => act("copy", share)))), hist,
      h("p", { class: "pb-actions" }, btn("Download result (JSON)", () => act("download")), btn("Download CSV", () => act("downloadCsv")), btn("Import a result file…", () => file.click()), file,
        btn("Print the result", () => needResult().then(() => print())), btn("Reset answers…", reset)),
      h("p", { class: "pb-hint" }, "The JSON file is what ", h("code", { text: "playbook score" }),
        " reads and writes; the CSV has playbook report's columns.")));
  // A share link opens on its result, set before the first paint: nothing moves.
  if (isShare(location.hash)) root.classList.add("pb-first");
  root.replaceChildren(h("div", { class: "pb-app" },
    notices,
    barBox,
    h("p", { class: "pb-who" }, h("label", { for: "pb-who", text: "Who is answering? A person or team name (optional; saved with the answers and in downloads)" }), whoInput),
    form, resultSection));
  document.body.classList.add("pb-on");
  // Jumps land below the sticky bar, whose height changes with the width and the outcome line.
  new ResizeObserver(() => root.style.setProperty("--pb-bar", barBox.offsetHeight + "px")).observe(barBox);
  // The result loads with the first answer or as its section nears the screen; a line stands in.
  let loading = null, latest; // latest: the result of the last sync
  const failed = (e) => notice("bad", "load", `That part of the form could not load (${e.message}). Your answers are unchanged.`);
  const needResult = () => (loading ||= loadResult(root).then(draw, (e) => { loading = null; failed(e); }));
  new IntersectionObserver((seen, io) => { if (seen.some((e) => e.isIntersecting)) { io.disconnect(); needResult(); } },
    { rootMargin: "100% 0px" }).observe(resultSection);
  new IntersectionObserver(([e]) => {
    const there = e.isIntersecting && !root.classList.contains("pb-first");
    Object.assign(jump, { textContent: there ? "Back to the questions" : "See the result", href: there ? "#pb-questions" : "#pb-result" });
  }, { rootMargin: "0px 0px -50% 0px" }).observe(resultSection);

  // --- state
  function set(qid, value) {
    if (value == null || (Array.isArray(value) && !value.length)) delete s.answers[qid];
    else s.answers[qid] = value;
    s.flagged = s.flagged.filter((f) => f.question !== qid);
    s.date = today();
    sync();
  }
  // Notes go in the link within LIMITS.link, else `cut` (result.js says so).
  function link() {
    const b = location.href.split("#")[0] + "#", a = [spec, s.answers, s.who, s.date], l = b + encodeShare(...a, s.evidence);
    return (s.cut = l.length > LIMITS.link) ? b + encodeShare(...a) : l;
  }
  function sync() {
    s.answers = checkAnswerMap(s.answers, spec).answers;
    const r = (latest = score(spec, s.answers)), hidden = new Set(r.hidden), moved = [];
    for (const q of qs) {
      const u = ui.get(q.id), c = chosen(s.answers[q.id]), f = s.flagged.find((f) => f.question === q.id);
      u.inputs.forEach((i) => (i.checked = c.includes(i.value)));
      if (u.clear) u.clear.disabled = !c.length;
      if (lastHidden && lastHidden.has(q.id) !== hidden.has(q.id)) moved.push(`Q${num.get(q.id)} ${hidden.has(q.id) ? "hidden" : "shown"}`);
      u.fs.hidden = hidden.has(q.id);
      u.flag.hidden = !f;
      u.flag.textContent = f ? `Your earlier answer ${show(f.value)} could not be restored: ${f.message}.` : "";
      if (u.note !== document.activeElement) u.note.value = s.evidence[q.id] || "";
      if (u.note.value) u.more.open = true;
    }
    lastHidden = hidden;
    status.textContent = `${r.questions.answered} of ${r.questions.visible} answered` + (moved.length ? ` · ${moved.join(", ")}` : "");
    bar.max = r.questions.visible || 1;
    bar.value = r.questions.answered;
    share.value = link();
    draw();
    whoInput.value = s.who;
    save();
  }
  function draw() {
    if (!render) {
      result.replaceChildren(h("p", { class: "pb-pending", text: "Your result shows here as you answer." }));
      if (count(s.answers)) needResult();
      return;
    }
    gist.textContent = count(s.answers) ? render.gist(spec, latest) : "";
    const open = result.querySelector(".pb-how")?.open;
    result.replaceChildren(...render.renderResult(spec, latest, { ...x, ...s }).flat(9).filter(Boolean));
    if (open) result.querySelector(".pb-how").open = true;
    render.history(hist, spec, { ...x, ...s, act });
  }
  function save() {
    try {
      localStorage.setItem(key, JSON.stringify({ questionnaire: spec.id, version: spec.version, spec_hash: spec.spec_hash,
        ...current(), flagged: s.flagged, previous: s.previous, milestones: s.milestones }));
    } catch (e) {
      if (!warned) notice("bad", "store", "Your answers cannot be saved in this browser (storage is off or full). Download them to keep them.");
      warned = true;
    }
  }
  // Answers from an import, a share link (`from` names it) or a reset; those they replace are
  // kept as `previous`.
  function replace(answers, who, date, from, evidence = {}) {
    if ((count(s.answers) || s.who) && JSON.stringify([s.answers, s.who, s.evidence]) !== JSON.stringify([answers, who, evidence])) s.previous = current();
    Object.assign(s, { answers, who, date, evidence });
    lastHidden = null;
    sync();
    if (from) resultFirst(from);
    else ownOrder();
  }
  // Answers from elsewhere open on their result (and its notices), the form after it (result.css).
  function resultFirst(what) {
    root.classList.add("pb-first");
    heading.textContent = `Result from a ${what}`;
    from.hidden = false;
    from.replaceChildren(`These answers came from a ${what}; the questions follow the result. `, btn("Review or change the answers", review));
    // A frame after the form grew the page, or what stood there counts as moved.
    needResult().then(nextFrame).then(() => (notices.childElementCount ? notices : heading).scrollIntoView());
  }
  function ownOrder() {
    root.classList.remove("pb-first");
    heading.textContent = "Your result";
    from.hidden = true;
  }
  function review() {
    ownOrder();
    const q = form.querySelector(".pb-q:not([hidden])"), i = q.querySelector("input:checked") || q.querySelector("input");
    q.scrollIntoView();
    i.focus({ preventScroll: true });
  }
  // A saved record: answers that fit come back, the rest are `lost`, to be flagged and kept.
  const fromRecord = (rec) => ({ ...salvage(rec.answers, spec), who: typeof rec.respondent === "string" ? rec.respondent.slice(0, LIMITS.name) : "",
    date: typeof rec.date === "string" ? rec.date.slice(0, 40) : null,
    evidence: Object.fromEntries(Object.entries(rec.evidence || {}).filter(([q, t]) => byQ.has(q) && t.trim)) });
  // keep.js gets the form's state and the few functions it needs.
  const api = { spec, s, num, notice, replace, fromRecord, save, sync };
  const act = (name, ...args) => keep().then((m) => m[name](api, ...args), failed);

  // --- restore, from this tab's storage or another tab's
  function restore(saved) {
    const r = fromRecord(saved);
    const flagged = (Array.isArray(saved.flagged) ? saved.flagged : []).filter((f) => isObj(f) && typeof f.question === "string" && typeof f.message === "string");
    Object.assign(s, r, { flagged: [...flagged.slice(0, 500), ...r.lost], milestones: [].concat(saved.milestones || []),
      previous: isObj(saved.previous) && isObj(saved.previous.answers) ? saved.previous : null });
    return r.lost;
  }
  let saved = null;
  try { saved = JSON.parse(stored); } catch (e) { /* unreadable: start empty */ }
  if (isObj(saved)) {
    const lost = restore(saved).length;
    if (s.flagged.length || s.previous || (saved.spec_hash !== spec.spec_hash && count(s.answers))) act("restored", saved, lost);
  }
  // Another tab saved answers to the same questionnaire: take them, so neither overwrites the other.
  addEventListener("storage", (e) => {
    if (e.key !== key || !e.newValue) return;
    try { restore(JSON.parse(e.newValue)); } catch (err) { return; }
    lastHidden = null;
    sync();
  });
  sync();

  // --- share links and headings in the address bar
  // Anchors that moved to the questionnaire in full (links made before): a question, a piece of
  // advice, the phases, the calibration. Any other fragment stays here: it may be a mangled share link.
  const advice = new Set(spec.outcomes.advice.map((a) => a.id));
  const movedToInFull = (id) => (id.startsWith("q-") && byQ.has(id.slice(2))) || (id.startsWith("advice-") && advice.has(id.slice(7)))
    || ["phases", "advice", "how-this-questionnaire-is-calibrated"].includes(id);
  function onHash() {
    if (isShare(location.hash)) return act("openShare").then(() => from.hidden && ownOrder()); // unusable: the form first
    let id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* not an id */ }
    const t = id && document.getElementById(id);
    if (!t && x.inFull && movedToInFull(id)) location.replace(x.inFull + location.hash);
    else if (t && !root.contains(t)) t.scrollIntoView(); // below the form, which has just moved it down
  }
  addEventListener("hashchange", onHash);
  onHash();

  function reset() {
    if (!count(s.answers) && !s.who && !count(s.evidence)) return;
    if (!confirm(`Clear all ${count(s.answers)} answers to “${spec.title}” in this browser?`)) return;
    replace({}, "", null);
    act("previousNotice", "the reset");
  }
}
