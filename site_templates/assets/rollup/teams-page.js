// "Compare teams": result files (or folders of them) and a targets file, rolled up in this
// browser by the pure modules beside this one — the same report `playbook report --format json`
// makes of the same files — and shown as tables. Nothing is sent anywhere.
import { isResultName, readResults, walkOrder } from "./inputs.js";
import { SETTINGS, buildReport } from "./combine.js";
import { readTargets } from "./targets.js";
import { noticeBoard } from "../assessment/dom.js";
import { MAX_FILES, offer, readAll, today } from "./files.js";
import { BASE, button, csv, h, heat, link, minus, names, pageUrl, pct, picker, plural, signed, sr, table } from "./ui.js";

export async function mount(root) {
  const specs = {};
  try {
    for (const path of root.dataset.specs.split(" ")) {
      const res = await fetch(new URL(path, BASE));
      if (!res.ok) throw new Error(res.status);
      const spec = await res.json();
      specs[spec.id] = spec;
    }
  } catch (e) {
    root.append(h("p", { class: "pb-notice pb-bad", text: "The questionnaires could not be loaded, so the comparison cannot be made. Reload the page to try again." }));
    return;
  }
  const state = { files: new Map(), targets: null };
  const board = noticeBoard();
  const status = h("p", { class: "pb-status", role: "status", tabindex: "-1" });
  const out = h("div", { class: "pb-out" });
  const targetsInput = h("input", { type: "file", accept: ".yaml,.yml,.json", id: "pb-targets", onchange: async (e) => {
    const f = e.target.files[0];
    e.target.value = "";
    if (f) { state.targets = (await readAll([{ file: f, path: f.name }]))[0]; update(); }
  } });
  const clear = button("Clear all", () => { state.files.clear(); state.targets = null; board.element.replaceChildren(); update(); status.focus(); }, "pb-quiet");

  async function add(found, inFolder) {
    // Inside a folder only result files count, like the CLI's search; files chosen one by one are all read.
    const wanted = found.filter((f) => !inFolder || !f.path.includes("/") || isResultName(f.path));
    if (wanted.length > MAX_FILES) board.notice("bad", "many", `Only the first ${MAX_FILES} of ${wanted.length} files were read.`);
    status.textContent = `Reading ${plural(Math.min(wanted.length, MAX_FILES), "file")}…`;
    for (const f of await readAll(wanted)) state.files.set(f.path, f);
    update();
  }

  function update() {
    const files = walkOrder([...state.files.keys()]).map((path) => state.files.get(path));
    out.replaceChildren();
    board.element.querySelector('[data-notice="targets"]')?.remove();
    if (!files.length) {
      status.textContent = state.targets ? "Targets file read; add result files to compare." : "No files added yet.";
      clear.disabled = !state.targets;
      return;
    }
    clear.disabled = false;
    let targets = null;
    if (state.targets) {
      const t = state.targets;
      const got = readTargets(t.text, t.path, specs);
      if (got.problems?.length) board.notice("bad", "targets", `The targets file ${t.path} was not used:`, got.problems.map(problemText));
      else targets = got.targets;
    }
    const report = buildReport(readResults(files, specs, {}), specs, targets, SETTINGS);
    status.textContent = `${plural(report.files.read, "file")} read: ${report.files.used} used, ${report.files.left_out} left out.`;
    out.append(...render(report, specs));
    out.querySelector(".pb-csv")?.addEventListener("click", () => csv((m) => m.toCsv(report, specs), `team-comparison-${today()}.csv`, board));
    out.querySelector(".pb-json")?.addEventListener("click", () => offer(`team-comparison-${today()}.json`, JSON.stringify(report, null, 1) + "\n", "application/json"));
  }

  root.replaceChildren(h("div", { class: "pb-app pb-rollup-app" },
    picker({ label: "Add result files or a folder.", hint: "Drop them here, or:", accept: ".json,.yaml,.yml,application/json", folder: true, add }),
    h("p", { class: "pb-pick" }, h("label", { for: "pb-targets", text: "Targets file (optional)" }), targetsInput),
    h("p", { class: "pb-actions" }, clear), board.element, status, out));
  update();
}

export const problemText = (p) => `${p.path ? p.path + ":" : ""}${p.line ?? 1}: ${p.field}: ${p.message}`;

// The report as DOM: a summary, then per questionnaire the heatmap, phases, rankings, teams and history.
export function render(r, specs) {
  const f = r.files;
  const parts = [h("h2", { id: "comparison", text: "Comparison" }),
    h("p", {}, h("strong", { text: `${plural(f.used, "result")} from ${plural(r.teams, "team")}` }),
      r.dates.first ? `, dated ${r.dates.first}${r.dates.last !== r.dates.first ? " to " + r.dates.last : ""}` : "", ". ",
      f.left_out ? h("a", { href: "#left-out", text: `${f.left_out} of ${f.read} files were left out.` }) : "Every file was used.",
      r.targets_file ? ` Targets from ${r.targets_file}.` : ""),
    h("p", { class: "pb-actions" }, button("Download as CSV", null, "pb-csv"), button("Download as JSON", null, "pb-json")),
    h("p", { class: "pb-hint", text: "The JSON is what playbook report --format json writes for the same files; the CSV opens in a spreadsheet." })];
  if (r.targets_warnings.length)
    parts.push(h("div", { class: "pb-notice" }, h("p", {}, h("strong", { text: "Targets file" })),
      h("ul", {}, r.targets_warnings.map((w) => h("li", { text: problemText(w) })))));
  for (const s of r.questionnaires) parts.push(section(s, r.settings));
  if (r.left_out.length) {
    parts.push(h("h2", { id: "left-out", text: "Files left out" }),
      h("p", { text: "These files are not in the comparison; the reasons are the ones playbook report gives." }),
      table("Files left out, with the reasons", ["File", "Why"], r.left_out.map((lo) => [lo.path,
        h("ul", { class: "pb-reasons" }, lo.problems.map((p) => h("li", { text: `line ${p.line}: ${p.field}: ${p.message}` })))]), "pb-left-out pb-stack"));
  }
  if (r.used.length)
    parts.push(h("details", { class: "pb-used" }, h("summary", { text: `Files used (${r.used.length})` }),
      h("ul", {}, r.used.map((u) => h("li", {}, h("code", { text: u.path }), ` — ${u.team}${u.respondent && u.respondent !== u.team ? ` (${u.respondent})` : ""}, ${u.date || "undated"}`,
        u.notes.length ? h("ul", {}, u.notes.map((n) => h("li", { text: n }))) : null)))));
  return parts;
}

function section(s, settings) {
  const teams = s.teams.length, dims = s.dimensions;
  const phaseTitle = (id) => s.phases.find((p) => p.id === id)?.title ?? "none";
  const kids = [h("h2", { id: `pb-${s.id}`, text: s.title }),
    h("p", {}, `${plural(teams, "team")} · `, h("a", { href: pageUrl(`assessments/${s.id}.md`), text: "the questionnaire" }), `, version ${s.version}`,
      s.targets ? ` · targets: ${s.targets.reached} reached, ${s.targets.below} below target, ${s.targets.without} without a target` : "")];
  if (dims.length) {
    kids.push(h("h3", { text: "Heatmap" }),
      h("p", { text: `Each team's latest result, in % of each dimension's maximum: the stronger the colour, the higher the score (bands of 20). ▼ marks a gap (below ${settings.gap_threshold} %), * a result with unanswered questions.` }),
      table(`${s.title}: scores per team and dimension (%)`,
        ["Team", ...dims.map((d) => h("abbr", { title: d.title, text: d.short })), "Overall", ...(s.phases.length ? ["Phase"] : [])],
        s.teams.map((t) => {
          const e = t.latest;
          return [h("th", { scope: "row" }, t.team, !e.complete && [h("span", { class: "pr-inc", "aria-hidden": "true", text: "*" }), sr(" (incomplete)")]),
            ...dims.map((d) => heat(e.dimensions[d.id], e.below[d.id])), heat(e.overall, false, "pr-overall"),
            ...(s.phases.length ? [e.phase_title ?? "none"] : [])];
        }), "pr-heat pb-heatmap"),
      h("p", { class: "pr-legend", "aria-hidden": "true" }, ["0–19", "20–39", "40–59", "60–79", "80–100"].map((t, i) => h("span", { class: `pr-h${i}`, text: t }))),
      h("p", {}, "Columns: ", dims.map((d, i) => [i ? " · " : "", h("strong", { text: d.short }), " ", d.title]), "."));
  }
  if (s.phase_distribution.length)
    kids.push(h("h3", { text: "Phases" }), table(`${s.title}: teams per phase (latest result)`, ["Phase", "Teams", "Which"],
      s.phase_distribution.map((p) => [link(p.page, p.title), String(p.count), names(p.teams)]), "pb-phases"));
  for (const rk of s.ranking_distribution)
    kids.push(h("h3", { text: rk.title }), table(`${rk.title}: how often each candidate ranks first (latest result)`, ["Candidate", "First for", "Which"],
      [...rk.candidates.map((c) => [link(c.page, c.title), String(c.count), names(c.teams)]),
        ...(rk.none.length ? [["None eligible (all excluded)", String(rk.none.length), names(rk.none)]] : [])], "pb-ranking"));
  if (s.gaps.dimensions.length)
    kids.push(h("h3", { text: "Most common gaps" }), table(`${s.title}: dimensions below ${s.gaps.threshold} %`, ["Dimension", "Teams below", "Median", "Which"],
      s.gaps.dimensions.map((d) => [d.title, `${d.count} of ${teams}`, `${pct(d.median)} %`, names(d.teams, 4)]), "pb-gaps"));
  // Every team's results, newest first, with what changed since the one before.
  const rows = [];
  for (const t of s.teams) t.entries.forEach((e, i) => rows.push([
    h("th", { scope: "row" }, i ? h("span", { class: "pb-again" }, h("span", { "aria-hidden": "true", text: "↳ " }), t.team) : t.team),
    e.date || "undated",
    e.workshop ? `workshop of ${e.respondents.length}: ${names(e.respondents, 5)}` : e.respondents[0],
    ...(s.phases.length ? [e.phase_title ?? "none"] : []),
    ...(dims.length ? [pct(e.overall)] : []),
    ...(s.targets ? [i ? "" : target(t.target, phaseTitle)] : []),
    changeText(e.change, s)]));
  kids.push(h("h3", { text: "Each team's results and history" }),
    h("p", { text: "Newest result first; each change is against the team's result before it. A workshop is several answers of one team on one day, combined." }),
    table(`${s.title}: every team's results, newest first`,
      ["Team", "Date", "Answered by", ...(s.phases.length ? ["Phase"] : []), ...(dims.length ? ["Overall"] : []), ...(s.targets ? ["Target"] : []), "Since the result before"],
      rows, "pb-history pb-stack"));
  const disputed = s.workshops.filter((w) => w.disagreements.length);
  if (disputed.length)
    kids.push(h("h3", { text: "Workshops: questions to talk through" }), h("ul", { class: "pb-disputed" }, disputed.map((w) => h("li", {},
      h("strong", { text: w.team }), ` (${w.date || "undated"}): `,
      w.disagreements.map((d, i) => [i ? "; " : "", `Q${d.number} ${d.text} (spread ${d.spread})`])))));
  return h("section", { class: "pb-q", "data-questionnaire": s.id }, kids);
}

function target(t, phaseTitle) {
  if (!t) return "—";
  const what = `${phaseTitle(t.phase)}${t.default ? " (default)" : ""}: `;
  return what + (t.status === "below" ? `${plural(t.steps, "phase")} to go` : t.status === "reached" ? "✓ reached" : "✓ beyond");
}

function changeText(ch, s) {
  if (!ch) return "—";
  const short = Object.fromEntries(s.dimensions.map((d) => [d.id, d.short]));
  const bits = [];
  if (s.phases.length) bits.push(ch.phase > 0 ? `▲ phase up from ${ch.phase_from_title ?? "none"}` : ch.phase < 0 ? `▼ phase down from ${ch.phase_from_title ?? "none"}` : "same phase");
  if (ch.overall != null) bits.push(`overall ${signed(ch.overall)}`);
  if (ch.improved.length) bits.push("improved: " + ch.improved.map((d) => `${short[d]} +${ch.dimensions[d]}`).join(", "));
  if (ch.slipped.length) bits.push("slipped: " + ch.slipped.map((d) => `${short[d]} ${minus(ch.dimensions[d])}`).join(", "));
  for (const rk of s.rankings) if (ch.top[rk.id]) bits.push(`${rk.title}: now ${ch.top[rk.id].now ?? "none"} (was ${ch.top[rk.id].was ?? "none"})`);
  return `since ${ch.since || "the undated result"}: ${bits.join("; ") || "no change"}`;
}
