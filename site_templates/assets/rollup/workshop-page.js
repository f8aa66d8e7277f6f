// A facilitator's workshop page for one questionnaire: participants' share links and result
// files, combined in this browser by exactly the rule `playbook report` uses (combine.js), shown
// question by question with who chose what, the spread and the notes. Nothing is sent anywhere.
import { readResults, walkOrder } from "./inputs.js";
import { SETTINGS, combine, view } from "./combine.js";
import { score } from "../assessment/engine.js";
import { decodeShare, resultDocument } from "../assessment/keep.js";
import { encodeShare } from "../assessment/answers.js";
import { md, noticeBoard } from "../assessment/dom.js";
import { offer, readAll, today } from "./files.js";
import { BASE, button, csv, h, heat, link, picker, plural, table } from "./ui.js";

const MAX_LINKS = 200;

export async function mount(root) {
  let spec;
  try {
    const res = await fetch(new URL(root.dataset.spec, BASE));
    if (!res.ok) throw new Error(res.status);
    spec = await res.json();
  } catch (e) {
    root.append(h("p", { class: "pb-notice pb-bad", text: "The questionnaire could not be loaded. Reload the page to try again." }));
    return;
  }
  const questions = spec.sections.flatMap((s) => s.questions);
  // Inputs as readResults takes them ({path, text}): a file's bytes, or a link's answers as JSON text
  // under a path no chosen file has (links/…); `warnings` are what the link's decoding noted.
  const state = { inputs: [], bad: [], links: 0, team: "" };
  const status = h("p", { class: "pb-status", role: "status", tabindex: "-1" });
  const board = noticeBoard();
  const people = h("div", { class: "pb-people" });
  const badList = h("div", { class: "pb-badlist" });
  const out = h("div", { class: "pb-out" });
  const area = h("textarea", { id: "pb-links", rows: 4, spellcheck: "false", autocomplete: "off" });
  const teamInput = h("input", { id: "pb-team", type: "text", maxlength: 200, autocomplete: "off", oninput: (e) => { state.team = e.target.value.trim(); update(); } });

  function addLinks() {
    const lines = area.value.split(/\s+/).filter(Boolean);
    area.value = "";
    for (const line of lines.slice(0, MAX_LINKS)) {
      const shown = line.length > 80 ? line.slice(0, 79) + "…" : line;
      const at = line.indexOf("#");
      const shared = at < 0 ? null : decodeShare(line.slice(at), spec);
      if (!shared) { state.bad.push({ what: `Link ${shown}`, why: ["not a share link of this questionnaire (it has no #q=…&a=… part)"] }); continue; }
      if (shared.error) { state.bad.push({ what: `Link ${shown}`, why: [shared.error] }); continue; }
      // As the form does: a link with problems and nothing usable is not a participant.
      if (shared.problems.length && !Object.keys(shared.doc.answers).length) { state.bad.push({ what: `Link ${shown}`, why: shared.problems.map((p) => p.message) }); continue; }
      state.links += 1;
      const path = `links/link-${String(state.links).padStart(3, "0")}.json`;
      state.inputs.push({ path, text: JSON.stringify(shared.doc), link: true, warnings: shared.problems.map((p) => p.message) });
    }
    if (lines.length > MAX_LINKS) state.bad.push({ what: `${lines.length - MAX_LINKS} more links`, why: [`at most ${MAX_LINKS} links are read at once`] });
    update();
  }

  async function addFiles(found) {
    for (const f of await readAll(found)) {
      state.inputs = state.inputs.filter((i) => i.path !== f.path);
      state.inputs.push(f);
    }
    update();
  }

  function update() {
    const byPath = new Map(state.inputs.map((i) => [i.path, i]));
    const files = walkOrder([...byPath.keys()]).map((path) => byPath.get(path));
    const loaded = readResults(files, { [spec.id]: spec }, {});
    const sheets = loaded.sheets;
    status.textContent = sheets.length ? `${plural(sheets.length, "participant")}${loaded.left_out.length + state.bad.length ? `; ${loaded.left_out.length + state.bad.length} not used` : ""}.` : "No participants added yet.";
    const bad = [...state.bad, ...loaded.left_out.map((lo) => ({ what: lo.path, why: lo.problems.map((p) => `line ${p.line}: ${p.field}: ${p.message}`), path: lo.path }))];
    badList.replaceChildren(...(bad.length ? [h("h3", { text: "Not used" }),
      h("ul", { class: "pb-reasons" }, bad.map((b) => h("li", {}, h("strong", { text: b.what }), ": ", b.why.join("; "),
        b.path ? " " : "", b.path ? removeButton(b.what, () => remove(b.path)) : null))),
      button("Clear this list", () => { state.bad = []; state.inputs = state.inputs.filter((i) => !loaded.left_out.some((lo) => lo.path === i.path)); update(); }, "pb-quiet")] : []));
    // The participants in the combination's order (by path, as `playbook report` orders them).
    const w = sheets.length ? view(spec, sheets, SETTINGS) : null;
    const ordered = w ? w.files.map((path) => sheets.find((s) => s.path === path)) : [];
    people.replaceChildren(...(sheets.length ? [h("h3", { text: "Participants" }), h("ul", {}, ordered.map((s, i) => {
      const input = state.inputs.find((x) => x.path === s.path);
      const warned = [...(input?.warnings || []), ...s.notes.filter((n) => !/^no respondent|^undated/.test(n))];
      return h("li", {}, h("strong", { text: w.respondents[i] }),
        ` — ${input?.link ? "share link" : "file " + s.path}, ${s.date || "undated"}, ${s.result.questions.answered} of ${s.result.questions.visible} answered `,
        removeButton(w.respondents[i], () => remove(s.path)),
        warned.length ? h("ul", {}, warned.map((t) => h("li", { text: t }))) : null);
    }))] : []));
    out.replaceChildren(...(w ? render(w, ordered) : []));
  }

  function remove(path) {
    state.inputs = state.inputs.filter((i) => i.path !== path);
    update();
    status.textContent += " Removed.";
    status.focus(); // the pressed button is gone: keep the keyboard where the page says what happened
  }

  // The workshop: the combined result, then every question with who chose what.
  function render(w, sheets) {
    const days = [...new Set(sheets.map((s) => s.date).filter(Boolean))];
    const teams = [...new Set(sheets.map((s) => s.team_key))];
    const team = state.team || (teams.length === 1 && sheets.some((s) => s.respondent) ? sheets[0].team : "Workshop");
    const day = days.length === 1 ? days[0] : today();
    const result = score(spec, w.answers);
    const [, every] = combine(spec, sheets.map((s, i) => [w.respondents[i], s.answers]), -1);
    const byQ = new Map(every.map((d) => [d.question, d]));
    const notes = w.evidence || [];
    const kids = [h("h2", { id: "combined", text: "Combined result" }),
      h("p", {}, `${plural(sheets.length, "participant")}; combined answers to ${Object.keys(w.answers).length} of ${questions.length} questions. `,
        teams.length > 1 ? `Their results name ${teams.length} different teams; they are combined as one. ` : "",
        days.length > 1 ? `They answered on ${days.length} different days; they are combined as one. ` : ""),
      summary(w, result),
      h("p", { class: "pb-actions" },
        button("Download the combined answers", () => offer(`${spec.id}-${slug(team)}-${day}.json`,
          JSON.stringify(resultDocument(spec, { respondent: team, date: day, answers: w.answers }, result), null, 2) + "\n", "application/json"), "pb-keep"),
        button("Download the workshop as CSV", () => csv((m) => m.rowsToCsv(m.workshopRows(spec, sheets.map((s) => ({ ...s, team, date: day })), SETTINGS)),
          `${spec.id}-${slug(team)}-workshop-${day}.csv`, board), "pb-csv"),
        h("a", { class: "md-button pb-open", href: new URL(root.dataset.questionnaire, BASE).href + "#" + encodeShare(spec, w.answers, team, day),
          text: "Open the combined answers in the form" })),
      h("p", { class: "pb-hint" }, "The downloaded file is what ", h("code", { text: "playbook score" }), " reads; its respondent is the team name above, its date the participants' day (today when they differ). Opening the combined answers in the form replaces the answers this browser keeps for that questionnaire — they can be brought back there."),
      h("h2", { id: "questions", text: "Question by question" })];
    const far = w.disagreements;
    kids.push(h("p", {}, far.length ? [`${plural(far.length, "question")} with answers more than ${SETTINGS.spread} option apart — start with these, furthest apart first: `,
      far.map((d, i) => [i ? ", " : "", h("a", { href: `#pb-w-${d.question}`, text: `Q${d.number}` })]), "."] : "No question has answers more than one option apart."));
    questions.forEach((q, n) => kids.push(questionBlock(q, n + 1, byQ.get(q.id), w, notes.filter((x) => x.question === q.id))));
    return kids;
  }

  function questionBlock(q, number, d, w, notes) {
    const disputed = d && d.spread > SETTINGS.spread;
    const kids = [h("h3", { id: `pb-w-${q.id}` }, `Q${number}. `, md(q.text, 1), disputed ? h("span", { class: "pb-far", text: " — far apart" }) : null)];
    if (!d) kids.push(h("p", { class: "pb-none", text: "Nobody answered this question (or it was not shown to anyone)." }));
    else {
      const chose = new Map(q.options.map((o) => [o.label, []]));
      for (const a of d.answers) for (const label of a.options) chose.get(label)?.push(a.respondent);
      kids.push(h("p", {}, h("strong", { text: "Combined: " }), d.combined.length ? d.combined.join(", ") : "no answer (no option chosen by more than half)",
        ` · spread ${d.spread}${disputed ? " (more than " + SETTINGS.spread + ")" : ""} · ${plural(d.answers.length, "answer")}`),
        table(`Q${number}: who chose what`, ["Option", "Chosen by", "Count"],
          q.options.map((o) => { const who = chose.get(o.label); return [h("th", { scope: "row" }, o.label, d.combined.includes(o.label) ? h("span", { class: "pb-mark", text: " ✓ combined" }) : null), who.join(", ") || "—", String(who.length)]; }), "pb-who-chose"),
        d.unanswered.length ? h("p", { text: `Not answered or not shown: ${d.unanswered.join(", ")}.` }) : null);
    }
    if (notes.length) kids.push(h("div", { class: "pb-notes" }, h("p", {}, h("strong", { text: "Notes" })),
      h("ul", {}, notes.map((x) => h("li", {}, h("strong", { text: x.respondent + ": " }), x.text)))));
    return h("section", { class: "pb-wq" + (disputed ? " pb-disputed" : ""), "data-question": q.id }, kids);
  }

  function summary(w, result) {
    const bits = [];
    if (spec.outcomes.phases.length) bits.push(h("p", { class: "pb-big" }, "Phase: ", h("strong", { text: w.phase_title ?? "none reached" })));
    if (spec.dimensions.length)
      bits.push(table("Combined scores per dimension (%)", ["Dimension", "Score"],
        [...spec.dimensions.map((d) => [d.title, heat(w.dimensions[d.id], w.below[d.id])]), ["Overall", heat(w.overall, false, "pr-overall")]], "pr-heat pb-scores"));
    for (const rk of spec.outcomes.rankings) bits.push(h("p", {}, `${rk.title}: `, h("strong", { text: w.top_titles[rk.id] ?? "none eligible" })));
    if (result.advice.length) bits.push(h("p", {}, "Advice: ", result.advice.map((id, i) => [i ? ", " : "",
      link(`assessments/${spec.id}-in-full.md#advice-${id}`, spec.outcomes.advice.find((a) => a.id === id)?.title ?? id)]), "."));
    bits.push(h("p", { text: `${result.questions.answered} of ${result.questions.visible} questions shown are answered in the combination${result.complete ? "" : "; the rest count 0 points"}.` }));
    return h("div", { class: "pb-summary" }, bits);
  }

  root.replaceChildren(h("div", { class: "pb-app pb-rollup-app" },
    h("div", { class: "pb-paste" }, h("label", { for: "pb-links" }, h("strong", { text: "Share links" }), " — paste one per line"), area,
      h("p", { class: "pb-actions" }, button("Add links", addLinks))),
    picker({ label: "Result files.", hint: "Drop them here, or:", accept: ".json,.yaml,.yml,application/json", add: addFiles }),
    h("p", { class: "pb-who" }, h("label", { for: "pb-team", text: "Team name for the combined answers (optional)" }), teamInput),
    board.element, status, people, badList, out));
  update();
}

const removeButton = (name, onclick) => h("button", { type: "button", class: "md-button pb-quiet pb-remove", "aria-label": `Remove ${name}`, onclick, text: "Remove" });
const slug = (t) => t.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "workshop";
