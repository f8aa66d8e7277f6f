// The onboarding checklists in the browser: the plain ☐ lists of a path, a stage or the career
// ladder become checkboxes (or met / not yet choices), saved in this browser on every change,
// restored on reload, kept and flagged when the checklist changes, downloadable and importable.
// Without JavaScript the lists stay as they are: readable and printable.
import { button, h, noticeBoard } from "../assessment/dom.js";
import { show } from "../assessment/answers.js";
import { LIMITS, checkDoc, parseItems, progress, record, restore } from "./state.js";

const PREFIX = "playbook-onboarding:";
const today = () => new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD in local time
const GLYPH = { on: "☑", off: "☐" };

export function mount(root) {
  const meta = { checklist: root.dataset.checklist, title: root.dataset.title || root.dataset.checklist, hash: root.dataset.hash || "" };
  const items = parseItems(root.dataset.items);
  const article = root.closest("article") || document;
  const levelLis = [...article.querySelectorAll(".pb-levels li[data-level]")];
  const levels = levelLis.map((li) => li.dataset.level);
  const key = PREFIX + meta.checklist;
  const isLadder = [...items.values()].some((it) => it.k === "c");
  let state = { items: {}, notes: {}, level: null, person: "" }, kept = [], changed = [], previous = null, updated = null, warned = false;

  // --- notices -----------------------------------------------------------------------------------
  const { element: notices, notice } = noticeBoard();
  const btn = button;
  const label = (id) => {
    const t = article.querySelector(`[data-item="${CSS.escape(id)}"] .pb-text`);
    return t ? `“${t.textContent.trim().slice(0, 90)}${t.textContent.trim().length > 90 ? "…" : ""}”` : show(id);
  };
  const keptList = () => kept.map((k) => `${k.text ? `“${k.text.slice(0, 90)}”` : show(k.id)}${k.state != null ? ` (${show(k.state)})` : ""}${k.note ? ` — note: ${show(k.note)}` : ""} — ${k.reason}`);
  function keptNotice(title) {
    if (!kept.length) return notices.querySelector('[data-notice="kept"]')?.remove();
    notice("bad", "kept", title || `${kept.length} saved mark${kept.length > 1 ? "s" : ""} no longer fit this checklist. They are kept here — and in downloads — until you discard them:`,
      keptList(), [["Discard them", () => { kept = []; save(); }]]);
  }
  function changedNotice() {
    if (!changed.length) return;
    notice("info", "changed", `${changed.length} item${changed.length > 1 ? "s were" : " was"} reworded since you marked ${changed.length > 1 ? "them" : "it"}; your marks are kept — check that they still apply:`,
      changed.map((id) => `${label(id)} — you marked: “${(state.items[id]?.text || "").slice(0, 90)}”`),
      [["They still apply", () => { for (const id of changed) if (state.items[id]) Object.assign(state.items[id], { h: items.get(id).h, text: textOf(id) }); changed = []; sync(); }]]);
  }
  function previousNotice(what) {
    if (!previous) return;
    notice("info", "previous", `Your progress from before ${what} is kept.`, [],
      [["Bring it back", () => { const p = previous; previous = { state, kept }; adopt(p.state ? record(meta, p.state, p.kept || [], updated) : p, "kept progress", true); }],
        ["Discard it", () => { previous = null; save(); }]]);
  }

  // --- the controls: progress, person, download / import / print / reset --------------------------
  const count = h("span", { class: "pb-count" }), bar = h("progress", { "aria-hidden": "true" });
  const file = h("input", { type: "file", accept: ".json,application/json", hidden: true, onchange: importFile });
  const personInput = root.dataset.person && h("input", { id: "pb-person", type: "text", maxlength: LIMITS.person, autocomplete: "off",
    oninput: () => { state.person = personInput.value; save(); } });
  const printed = h("p", { class: "pb-printed" });
  root.replaceChildren(h("div", { class: "pb-app pb-check-app" },
    notices,
    h("div", { class: "pb-bar", role: "status" }, bar, count),
    personInput && h("p", { class: "pb-who" }, h("label", { for: "pb-person", text: "Whose ladder is this? A name (optional; saved with the marks and in downloads)" }), personInput),
    h("p", { class: "pb-actions" }, btn("Download progress (JSON)", download), btn("Import a progress file…", () => file.click()), file,
      btn("Print", () => print()), btn("Reset…", reset)),
    h("p", { class: "pb-hint", text: `Saved in this browser as you go${root.dataset.group ? ", shared with the whole path's page" : ""}. Download the file to keep it or move it to another browser.` }),
    printed));
  document.body.classList.add("pb-check-on");

  // --- the items: ☐ glyphs become inputs ----------------------------------------------------------
  const ui = new Map();
  const textOf = (id) => (ui.get(id)?.text.textContent || "").trim().replace(/\s+/g, " ").slice(0, LIMITS.text);
  for (const li of article.querySelectorAll("li[data-item]")) {
    const id = li.dataset.item, it = items.get(id), text = li.querySelector(".pb-text");
    if (!it || !text || ui.has(id)) continue;
    const u = { li, text, glyph: li.querySelector(".pb-box, .pb-states"), flag: h("p", { class: "pb-flag", hidden: true }) };
    const iid = "pb-i-" + id;
    if (it.k === "c") {
      text.id = iid + "-t";
      u.radios = ["met", "not-yet"].map((v) => h("input", { type: "radio", name: iid, value: v, id: `${iid}--${v}` }));
      u.note = h("input", { type: "text", id: iid + "-note", maxlength: LIMITS.note, autocomplete: "off", class: "pb-note-input", placeholder: " ",
        oninput: () => { if (u.note.value) state.notes[id] = u.note.value; else delete state.notes[id]; save(); } });
      u.clear = h("button", { type: "button", class: "pb-clear", text: "Clear", "aria-label": "Clear the mark of: " + text.textContent.trim().slice(0, 60), onclick: () => set(id, null) });
      const group = h("span", { class: "pb-radios", role: "radiogroup", "aria-labelledby": text.id },
        u.radios.map((r) => h("label", { for: r.id, class: "pb-radio" }, r, r.value === "met" ? " Met" : " Not yet")), u.clear);
      const note = h("span", { class: "pb-note" }, h("label", { for: u.note.id, text: "Evidence or next step: " }), u.note);
      const cite = li.querySelector(".pb-cite");
      if (cite) cite.before(group, note);
      else li.append(group, note);
      group.addEventListener("change", (e) => set(id, e.target.value));
    } else {
      u.box = h("input", { type: "checkbox", id: iid });
      const lab = h("label", { for: iid });
      text.before(u.box, lab);
      lab.append(text);
      u.box.addEventListener("change", () => set(id, u.box.checked ? "done" : null));
    }
    li.append(u.flag);
    li.classList.add("pb-live");
    ui.set(id, u);
  }
  const levelUi = levelLis.map((li) => {
    const r = h("input", { type: "radio", name: "pb-level", value: li.dataset.level, id: "pb-level--" + li.dataset.level });
    const text = li.querySelector(".pb-text"), lab = h("label", { for: r.id });
    text.before(r, lab);
    lab.append(text);
    li.classList.add("pb-live");
    r.addEventListener("change", () => { state.level = r.value; sync(); });
    return { li, r, glyph: li.querySelector(".pb-box") };
  });

  // --- state ------------------------------------------------------------------------------------
  function set(id, value) {
    if (value == null) delete state.items[id];
    else state.items[id] = { state: value, h: items.get(id).h, text: textOf(id) };
    changed = changed.filter((c) => c !== id);
    updated = today();
    sync();
  }
  function sync(quiet) {
    for (const [id, u] of ui) {
      const s = state.items[id]?.state ?? null;
      if (u.box) { u.box.checked = s === "done"; u.glyph.textContent = s === "done" ? GLYPH.on : GLYPH.off; }
      else {
        for (const r of u.radios) r.checked = r.value === s;
        u.clear.disabled = !s;
        u.glyph.textContent = `${s === "met" ? GLYPH.on : GLYPH.off} met ${s === "not-yet" ? GLYPH.on : GLYPH.off} not yet`;
        u.note.value = state.notes[id] || "";
      }
      u.li.classList.toggle("pb-marked", !!s);
      const was = changed.includes(id) && state.items[id]?.text;
      u.flag.hidden = !was;
      u.flag.textContent = was ? `Reworded since you marked it. It said: “${was}”` : "";
    }
    for (const l of levelUi) { l.r.checked = state.level === l.r.value; l.glyph.textContent = l.r.checked ? GLYPH.on : GLYPH.off; }
    const all = progress(state, items);
    const rank = (lv) => levels.indexOf(lv);
    for (const p of article.querySelectorAll(".pb-group-progress[data-group]")) {
      const c = progress(state, items, p.dataset.group);
      p.hidden = false;
      if (!isLadder) p.textContent = c.done === c.total ? `Stage complete: all ${c.total} done.` : `Progress: ${c.done} of ${c.total} done.`;
      else if (state.level && rank(state.level) >= rank(p.dataset.level))
        p.textContent = `You are at this level${state.level !== p.dataset.level ? " or beyond" : ""}.`;
      else if (c.met === c.total) p.textContent = `All ${c.total} criteria met — ready to discuss this step with your manager.`;
      else p.textContent = `Not yet at this level: ${c.met} of ${c.total} criteria met, ${c.notYet} not yet, ${c.total - c.met - c.notYet} still to discuss.`;
      p.classList.toggle("pb-ok", !isLadder ? c.done === c.total : c.met === c.total);
    }
    if (isLadder) {
      const marked = all.met + all.notYet;
      count.textContent = `${marked} of ${all.total} criteria marked (${all.met} met)` + (state.level ? ` · now: ${levelUi.find((l) => l.r.checked)?.li.querySelector(".pb-text").textContent.split(" — ")[0]}` : "");
      bar.max = all.total || 1; bar.value = marked;
    } else {
      count.textContent = `${all.done} of ${all.total} done` + (root.dataset.group ? ` on the whole path · this stage: ${progress(state, items, root.dataset.group).done} of ${progress(state, items, root.dataset.group).total}` : "");
      bar.max = all.total || 1; bar.value = all.done;
    }
    printed.textContent = `Progress as saved in this browser${updated ? ` on ${updated}` : ""}${state.person ? ` — ${state.person}` : ""}: ${count.textContent}.`;
    if (personInput && personInput.value !== state.person) personInput.value = state.person;
    if (!quiet) save();
  }
  function save() {
    try {
      localStorage.setItem(key, JSON.stringify({ ...record(meta, state, kept, updated), previous }));
    } catch (e) {
      if (!warned) notice("bad", "store", "Your progress cannot be saved in this browser (storage is off or full). Download it to keep it.");
      warned = true;
    }
  }

  // --- restore, other tabs, files -----------------------------------------------------------------
  // `first`: on page load; otherwise another tab or page saved (not saved again here, so two
  // open pages never echo each other's writes).
  function load(raw, first) {
    const r = restore(raw, items, levels, meta.hash);
    state = r.state; kept = r.kept; changed = r.changed;
    updated = typeof raw?.updated === "string" ? raw.updated.slice(0, 40) : null;
    previous = raw && typeof raw.previous === "object" && raw.previous !== null ? raw.previous : null;
    sync(!first);
    const n = Object.keys(state.items).length;
    if (first && raw && raw.checklist_hash && raw.checklist_hash !== meta.hash && !kept.length && !changed.length && n)
      notice("info", "hash", `This checklist has changed since your progress was saved. All ${n} marks still fit and are restored.`);
    keptNotice();
    changedNotice();
    if (first) previousNotice("the last import or reset");
  }
  let saved = null;
  try { saved = JSON.parse(localStorage.getItem(key)); } catch (e) { /* unreadable: start empty, keep nothing */ }
  load(saved, true);
  addEventListener("storage", (e) => {
    if (e.key !== key) return;
    let raw = null;
    try { raw = JSON.parse(e.newValue); } catch (err) { return; }
    load(raw, false);
  });

  function adopt(doc, what, quiet) {
    const { errors, warnings } = checkDoc(doc, meta);
    if (errors.length) return notice("bad", "import", `The ${what} was not used; your progress is unchanged.`, errors);
    if (!quiet && (Object.keys(state.items).length || state.level || kept.length)) previous = { state, kept };
    const r = restore(doc, items, levels, meta.hash);
    state = r.state; changed = r.changed;
    kept = [...r.kept];
    updated = today();
    sync();
    const n = Object.keys(state.items).length;
    notice(r.kept.length ? "bad" : "ok", "import", `Progress from the ${what} applied: ${n} mark${n === 1 ? "" : "s"}.`, warnings);
    keptNotice();
    changedNotice();
    previousNotice(`opening the ${what}`);
  }
  async function importFile() {
    const f = file.files[0];
    file.value = "";
    if (!f) return;
    if (f.size > LIMITS.file) return notice("bad", "import", `The file was not used: it is too large (${f.size} bytes, at most ${LIMITS.file}).`);
    let data;
    try { data = JSON.parse(await f.text()); } catch (e) { return notice("bad", "import", "The file was not used: it is not a JSON progress file (as downloaded here)."); }
    adopt(data, "file");
  }
  function download() {
    const doc = { ...record(meta, state, kept, updated), date: today() };
    const slug = (state.person || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40);
    const a = h("a", { download: `${meta.checklist.split("/").pop()}${slug ? "-" + slug : ""}-${doc.date}.json`,
      href: URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" })) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 5000);
  }
  function reset() {
    const n = Object.keys(state.items).length;
    if (!n && !state.level && !state.person) return;
    if (!confirm(`Clear all ${n} marks of “${meta.title}” in this browser?`)) return;
    previous = { state, kept };
    state = { items: {}, notes: {}, level: null, person: "" };
    kept = []; changed = [];
    updated = today();
    sync();
    keptNotice();
    previousNotice("the reset");
  }
}
