// The result of engine.score() as DOM: phase, dimension chart and table, rankings with the
// answers behind them, advice, and how it was computed. Texts come from the spec, as text.
import { LIMITS } from "./answers.js";
import { h, md, button } from "./dom.js";
import { score } from "./engine.js";
import { change, checkEvidence, checkMilestones, entry, phaseIndex } from "./evidence.js";

const pc = (p) => (p == null ? "—" : `${p} %`);
const minus = (n) => (n < 0 ? `−${-n}` : String(n)); // one minus sign (U+2212) throughout
const sign = (n) => (n > 0 ? `+${n}` : minus(n));
const byId = (list) => new Map(list.map((x) => [x.id, x]));
const count = (a) => Object.keys(a).length;
const list = (items, f) => h("ul", {}, items.map(f));
const td = (t) => h("td", { text: t });
const table = (head, rows, foot) => h("table", { class: "pb-table" },
  h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col", text: t })))), h("tbody", {}, rows), foot && h("tfoot", {}, foot));

// x: {num: Map question id → number, q: Map id → question, link(ref) → URL, scoring: URL, who, date,
// answers, evidence (notes as typed), milestones (as saved)}
export function renderResult(spec, r, x) {
  const o = spec.outcomes, dims = byId(spec.dimensions);
  const ref = (id, text) => (id && x.link(id) ? h("a", { href: x.link(id) }, text || "Read more") : null);
  const qlink = (qid) => h("a", { href: "#pb-q-" + qid }, `Q${x.num.get(qid)}`);
  const calibration = () => h("a", { href: x.inFull + "#how-this-questionnaire-is-calibrated", text: "how this questionnaire is calibrated" });
  const block = (title, ...kids) => h("section", { class: "pb-block" }, h("h3", { text: title }), kids);
  const pcts = new Map(r.dimensions.map((d) => [d.id, d.percent])), cands = new Map(o.rankings.flatMap((rk) => rk.candidates.map((c) => [c.id, c])));
  const label = (qid, oid) => `“${x.q.get(qid).options.find((op) => op.id === oid).label}”`;
  // A missing part of a gate in words, with its distance for a dimension.
  const cond = (c) => "answer" in c ? [qlink(c.answer), x.q.get(c.answer).type === "multiple" ? " includes " : " is answered ", c.in.map((op) => label(c.answer, op)).join(" or ")]
    : "dimension" in c ? `${dims.get(c.dimension).title} is ${pc(pcts.get(c.dimension))} — needs at least ${c.at_least} %`
    : "top" in c ? `the first of “${byId(o.rankings).get(c.top).title}” is ${c.in.map((id) => `“${cands.get(id).title}”`).join(" or ")}`
    : "any" in c ? ["one of: ", c.any.map((d, i) => [i ? "; " : "", cond(d)])]
    : "all" in c ? c.all.map((d, i) => [i ? " and " : "", cond(d)]) : ["not (", cond(c.not), ")"];
  const out = [(x.who || x.date) && h("p", { class: "pb-for" }, x.who ? ["Answers of ", h("strong", { text: x.who })] : "Answers",
      x.date ? [x.who ? ", " : " ", "last changed ", h("time", { datetime: x.date, text: x.date })] : "", "."),
    h("p", { class: "pb-status " + (r.complete ? "pb-ok" : "pb-warn"), "data-complete": String(r.complete) },
      h("strong", { text: r.complete ? "Complete" : "Incomplete" }), ` — ${r.questions.answered} of ${r.questions.visible} questions shown answered`,
      r.complete ? "." : [spec.scored ? ". Unanswered questions count 0 points: " : ". Unanswered: ", r.unanswered.map((q, i) => [i ? ", " : "", qlink(q)]), "."])];

  if (o.phases.length) {
    const i = r.phases.map((p) => p.reached).lastIndexOf(true), p = o.phases[i], next = o.phases[i + 1], st = r.phases[i + 1];
    out.push(block("Maturity phase",
      p ? [h("p", { class: "pb-big", "data-phase": p.id }, `Phase ${i + 1} of ${o.phases.length}: `, h("strong", { text: p.title })),
        md(p.summary), h("p", { class: "pb-reading" }, "The phases and their thresholds are the playbook's reading of the sources, not the sources' own scale — ", calibration(), "."),
        p.ref && h("p", {}, ref(p.ref, `About “${p.title}”`)),
        p.next_steps.length && [h("h4", { text: "Next steps" }), list(p.next_steps, (t) => h("li", {}, md(t, 1)))]]
        : h("p", { class: "pb-big", text: "No phase reached." }),
      next && [h("p", {}, "Next: ", h("strong", { text: next.title }), " — ",
        st.threshold_met ? `the overall score of ${pc(r.overall.percent)} meets its ${next.threshold} %` :
          `needs an overall score of ${next.threshold} % (now ${pc(r.overall.percent)})`,
        st.failed_gates.length ? (st.threshold_met ? ", but it is held back by:" : ", and:") : "."),
      st.unmet.length && list(st.unmet, (u) => h("li", { class: "pb-gate" }, md(byId(next.gates).get(u.gate).text, 1),
        list(u.missing, (m) => h("li", { class: "pb-missing" }, cond(m)))))]));
  }

  if (spec.dimensions.length) {
    const H = 26;
    const chart = h("svg:svg", { viewBox: `0 0 240 ${r.dimensions.length * H + 4}`, class: "pb-chart", role: "img", "aria-labelledby": "pb-chart-t" },
      h("svg:title", { id: "pb-chart-t", text: "Score per dimension as bars; the table gives the numbers" }),
      r.dimensions.map((d, k) => {
        const y = k * H, w = d.percent == null ? 0 : Math.min(d.percent, 100) * 1.9;
        return [h("svg:text", { x: 0, y: y + 10, text: dims.get(d.id).title }),
          h("svg:rect", { x: 0, y: y + 13, width: 190, height: 9, class: "pb-track" }),
          h("svg:rect", { x: 0, y: y + 13, width: w, height: 9, class: "pb-fill" }),
          h("svg:text", { x: 195, y: y + 21.5, class: "pb-v", text: pc(d.percent) })];
      }));
    const tr = (title, d, wt) => h("tr", { "data-dimension": d.id || "overall" }, h("th", { scope: "row", text: title }),
      td(`${d.raw} of ${d.max}`), td(wt), h("td", { class: "pb-pc", text: pc(d.percent) }));
    out.push(block("Score per dimension", h("div", { class: "pb-dims" }, chart,
      table(["Dimension", "Points", "Weight", "Score"], r.dimensions.map((d) => tr(dims.get(d.id).title, d, String(dims.get(d.id).weight))),
        tr("Overall (weighted)", r.overall, "")))));
  }

  r.rankings.forEach((rk, ri) => {
    const spec_r = o.rankings[ri], cands = byId(spec_r.candidates);
    const why = (es, label) => es.length && h("div", { class: "pb-why" }, h("span", { text: label }), list(es, (e) => {
      const q = x.q.get(e.question);
      return h("li", {}, qlink(e.question), ` ${q.text} → `, h("q", { text: q.options.find((op) => op.id === e.option).label }), ` (${sign(e.points)})`);
    }));
    const pts = (n) => `${minus(n)} point${Math.abs(n) === 1 ? "" : "s"}`;
    // Why #1 is ahead of #2: by points (the answers behind them), by a tie-break rule, or a tie.
    const lead = (l) => l && h("p", { class: "pb-lead", "data-lead": l.by ?? "tie" },
      l.by === "points" ? [`Ahead of #2 (${cands.get(l.over).title}) by ${pts(l.points)}, because of: `,
        l.answers.map((a, k) => [k ? "; " : "", qlink(a.question), " ", label(a.question, a.option), ` (${sign(a.points)} more)`]), "."]
        : l.by ? [`Ahead of #2 (${cands.get(l.over).title}) on equal points, by the rule: `, md(byId(spec_r.tie_breaks).get(l.by).text, 1)]
          : [h("strong", { text: "Tie: " }), rk.tied.map((c) => cands.get(c).title).join(", "),
            " have equal points and no rule from the sources separates them. They are listed in the questionnaire's order, which decides nothing — weigh them yourself."]);
    const out2 = rk.candidates.filter((c) => c.rank == null);
    out.push(h("section", { class: "pb-block", "data-ranking": rk.id, "data-applies": String(rk.applies) }, h("h3", { text: spec_r.title }),
      !rk.applies ? md(spec_r.not_applicable || "Not applicable to these answers.") : [
        h("p", { class: "pb-measure pb-reading" }, "Ranked by points from your answers. The points, exclusions and tie-breaks are the playbook's reading of the sources, not the sources' own ranking — ", calibration(), "."),
        rk.top == null && h("p", { text: "No candidate fits: every one is ruled out." }),
        h("ol", { class: "pb-rank" }, rk.candidates.filter((c) => c.rank != null).map((c) => {
          const cd = cands.get(c.id), top = c.rank === 1;
          return h("li", { "data-candidate": c.id, "data-rank": String(c.rank), class: top ? "pb-top" : null },
            h("p", {}, h("strong", { text: cd.title }), ` — ${pts(c.score)}`, c.tied_with.length ? `, tied with ${c.tied_with.map((t) => cands.get(t).title).join(", ")}` : "", " ", ref(cd.ref, "read more")),
            top && lead(rk.lead), top && md(cd.summary), top && cd.facts.length && h("dl", { class: "pb-facts" }, cd.facts.map((f) => [h("dt", { text: f.label }), h("dd", {}, md(f.text, 1))])),
            why(c.reasons, "Because of your answers:"), why(c.against, "Against it:"));
        })),
        out2.length && h("div", { class: "pb-out" }, h("span", { text: "Ruled out:" }), list(out2, (c) => {
          const cd = cands.get(c.id), rules = byId(cd.exclude_if);
          return h("li", { "data-candidate": c.id, "data-rank": "" }, h("strong", { text: cd.title }), " — ", c.excluded_by.map((e, k) => [k ? " " : "", md(rules.get(e).text, 1)]));
        }))]));
  });

  if (o.advice.length) {
    const on = r.advice.map((a) => byId(o.advice).get(a));
    const groups = [...o.advice_groups, { id: null, title: o.advice_groups.length ? "Other advice" : null }];
    out.push(block(spec.scored ? "Advice" : "Where the discussion stands",
      on.length ? groups.map((g) => {
        const items = on.filter((a) => a.group === g.id);
        return items.length && [g.title && h("h4", { text: g.title }), items.map((a) => h("div", { class: "pb-advice", "data-advice": a.id },
          h("p", {}, h("strong", { text: a.title })), md(a.text),
          a.links.length && h("p", {}, "See: ", a.links.map((l, k) => [k ? ", " : "", ref(l, (spec.links[l] || {}).title || l)]), ".")))];
      }) : h("p", { text: "No advice applies to these answers yet." })));
  }
  out.push(since(spec, r, x, dims), notes(spec, x, label));
  out.push(how(spec, r, x, dims));
  return out;
}

// The notes given with the answers, per question, as text (they print with the result).
function notes(spec, x, label) {
  const ev = checkEvidence(x.evidence, spec).evidence, ids = Object.keys(ev);
  return ids.length > 0 && h("section", { class: "pb-block pb-notes" }, h("h3", { text: "Your notes" }),
    h("dl", {}, ids.map((qid) => {
      const a = [].concat(x.answers[qid] || []);
      return [h("dt", {}, h("a", { href: "#pb-q-" + qid }, `Q${x.num.get(qid)}`), ` ${x.q.get(qid).text} → `,
        a.length ? a.map((o) => label(qid, o)).join(", ") : "not answered"), h("dd", { text: ev[qid] })];
    })));
}

// The milestones that still fit this questionnaire, with their place in x.milestones.
const usable = (spec, x) => (Array.isArray(x.milestones) ? x.milestones : []).map((m, i) => [i, checkMilestones([m], spec).milestones[0]]);
const named = (m) => `${m.date}${m.label ? ` (${m.label})` : ""}`;

// What improved and what slipped since the last milestone, in the words of the report's history.
function since(spec, r, x, dims) {
  const last = usable(spec, x).filter(([, m]) => m).pop()?.[1];
  if (!last) return null;
  const ch = change(entry(spec, r, x.date), entry(spec, score(spec, last.answers), last.date), phaseIndex(spec));
  const signed = (n) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0");
  const moved = (ids) => ids.map((d) => `${dims.get(d).title} ${signed(ch.dimensions[d])} percentage points`).join(", ");
  const ranks = new Map(spec.outcomes.rankings.map((k) => [k.id, k.title]));
  const items = [
    spec.outcomes.phases.length && ["Phase: ", ch.phase > 0 ? `up from ${ch.phase_from_title || "none"}` : ch.phase < 0 ? `down from ${ch.phase_from_title || "none"}` : "unchanged"],
    ch.overall != null && spec.dimensions.length && ["Overall: ", `${signed(ch.overall)} percentage points`],
    ch.improved.length && [h("strong", { text: "Improved: " }), moved(ch.improved)],
    ch.slipped.length && [h("strong", { text: "Slipped: " }), moved(ch.slipped)],
    ...Object.entries(ch.top).map(([k, t]) => [`${ranks.get(k)}: now `, t.now || "none", ` (was ${t.was || "none"})`]),
  ].filter(Boolean);
  const any = ch.phase || ch.overall || ch.improved.length || ch.slipped.length || Object.keys(ch.top).length;
  return h("section", { class: "pb-block pb-since", "data-since": last.date }, h("h3", { text: `Since your milestone of ${named(last)}` }),
    any ? h("ul", {}, items.map((i) => h("li", {}, i))) : h("p", { text: "No change in phase, scores or top-ranked candidates." }));
}

// The milestones kept in this browser, newest first, and the button that keeps one, into `el`
// (in Share and keep). Redrawn only when they change: a click on it must not meet a new button.
export function history(el, spec, x) {
  const key = JSON.stringify([x.milestones, !!x.cut]);
  if (el.dataset.key !== key) el.replaceChildren(...[...milestones(spec, x).flat(), x.d.propose && propose(x)].filter(Boolean));
  el.dataset.key = key;
  const a = el.querySelector(".pb-propose a");
  if (a) {
    a.href = proposal(spec, x);
    a.hidden = a.href.length > LIMITS.link;
    el.querySelector(".pb-propose .pb-long").hidden = !a.hidden;
  }
}

// "Propose this result to the organisation's results folder": the hosting service's new-file page
// (data-propose, set from mkdocs.yml) with the answers file filled in — what `playbook build
// --results` reads after review; the result is left out, it is scored again there.
function propose(x) {
  return h("div", { class: "pb-propose" }, h("h4", { text: "Propose to the results folder" }),
    h("p", {}, h("a", { href: "#", target: "_blank", rel: "noopener", text: "Propose this result to the organisation's results folder" }),
      ` — opens ${x.d.proposeHost}'s new-file page with your answers filled in; after review, the playbook's results pages include them.`),
    h("p", { class: "pb-long pb-hint", text: `Your answers are too long for that link (over ${LIMITS.link.toLocaleString("en")} characters): download the result and add the file to the results folder instead.` }));
}

export function proposal(spec, x) {
  const doc = { questionnaire: spec.id, version: spec.version, spec_hash: spec.spec_hash, respondent: x.who || null, date: x.date, answers: x.answers };
  const notes = checkEvidence(x.evidence, spec).evidence;
  if (count(notes)) doc.evidence = notes;
  const who = (x.who || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40);
  const name = `${spec.id}${who ? "-" + who : ""}-${x.date || "undated"}.json`;
  const q = new URLSearchParams({ [x.d.proposeName]: name, [x.d.proposeContent]: JSON.stringify(doc, null, 2) + "\n" });
  return `${x.d.propose}?${q}`;
}

function milestones(spec, x) {
  const label = h("input", { id: "pb-ms-label", type: "text", maxlength: 200, autocomplete: "off" });
  const list = usable(spec, x).reverse();
  return [x.cut && h("p", { class: "pb-hint pb-cut", text: `Your notes are left out of this link: with them it would be longer than ${LIMITS.link.toLocaleString("en")} characters, the most a link carries here. Download the result to keep them with the answers.` }),
    h("h4", { text: "Milestones" }),
    h("p", { class: "pb-hint", text: "Keep today's answers as a dated milestone: the result then shows what improved and what slipped since. Milestones stay in this browser and go into the downloaded file." }),
    h("p", {}, h("label", { for: label.id, text: "Label (optional), e.g. “After the on-call review”" }),
      h("span", { class: "pb-row" }, label, button("Keep as milestone", () => x.act("keepMilestone", label.value)))),
    list.length > 0 && h("ul", { class: "pb-milestones" }, list.map(([i, m]) => h("li", {},
      m ? [h("time", { datetime: m.date, text: m.date }), m.label ? [" — ", m.label] : "", ` · ${count(m.answers)} answered · ${gist(spec, score(spec, m.answers))}`]
        : `A milestone that no longer fits this questionnaire`,
      " ", h("button", { type: "button", class: "pb-clear", text: "Delete", "aria-label": `Delete the milestone ${m ? named(m) : i + 1}`,
        onclick: () => x.act("dropMilestone", i) }))))];
}

// The outcome in a line, for the progress bar: the phase, else each ranking's top, else
// the overall score, else (a discussion guide) what is still open.
export function gist(spec, r) {
  const o = spec.outcomes, i = r.phases.map((p) => p.reached).lastIndexOf(true);
  if (o.phases.length) return i < 0 ? "No phase reached" : `Phase ${i + 1} of ${o.phases.length}: ${o.phases[i].title}`;
  const tops = r.rankings.filter((k) => k.applies && k.top != null).map((rk) => {
    const c = byId(byId(o.rankings).get(rk.id).candidates);
    return rk.tied.length ? `Tie: ${rk.tied.map((id) => c.get(id).title).join(", ")}` : `Top: ${c.get(rk.top).title}`;
  });
  if (tops.length) return tops.join(" · ");
  return r.dimensions.length ? `Overall ${pc(r.overall.percent)}` : `${r.advice.length} point${r.advice.length === 1 ? "" : "s"} to discuss`;
}

function how(spec, r, x, dims) {
  const phases = spec.outcomes.phases, hid = r.questions.total - r.questions.visible;
  return h("details", { class: "pb-how" }, h("summary", { text: "How this was computed" }),
    h("p", { text: `Questionnaire ${spec.id}, version ${spec.version}, spec ${spec.spec_hash}. ${r.questions.visible} of ${r.questions.total} questions are shown` +
      (hid ? ` (${hid} hidden by earlier answers: they count in no score and no maximum)` : "") +
      `; ${r.questions.answered} answered. An unanswered question counts 0 points out of its full maximum.` +
      (r.ignored.length ? ` Answers kept for hidden questions, not counted: ${r.ignored.map((q) => "Q" + x.num.get(q)).join(", ")}.` : "") }),
    spec.dimensions.length && [h("p", { text: "A dimension's score is its points out of the most the questions shown can give. The overall score adds every dimension's points and maximum multiplied by its weight. Percentages are rounded half up; thresholds compare the exact fraction." }),
      table(["Dimension", "Points × weight", "Maximum × weight", "Score"], r.dimensions.map((d) => {
        const w = dims.get(d.id).weight;
        return h("tr", {}, td(dims.get(d.id).title), td(`${d.raw} × ${w} = ${d.raw * w}`), td(`${d.max} × ${w} = ${d.max * w}`), td(pc(d.percent)));
      }), h("tr", {}, td("Overall"), td(String(r.overall.raw)), td(String(r.overall.max)), td(pc(r.overall.percent))))],
    phases.length && [h("p", { text: "A phase is reached when the one before it is, the overall score meets its threshold and every gate holds; the result is the last phase reached." }),
      table(["Phase", "Needs", "Threshold met", "Gates", "Reached"], r.phases.map((p, k) => h("tr", {}, td(phases[k].title), td(`${phases[k].threshold} %`),
        td(p.threshold_met ? "yes" : "no"), td(phases[k].gates.map((g) => `${p.failed_gates.includes(g.id) ? "✗" : "✓"} ${g.id}`).join(", ") || "—"), td(p.reached ? "yes" : "no"))))],
    r.rankings.length && h("p", { text: "A candidate's score is the sum of its points over your answers to the questions shown (some answers count against it); the maximum counts only positive points. Equal scores are ordered by the first tie-break rule that separates them (each rests on a source passage); a tie no rule separates is shown as a tie. A candidate is ruled out when one of its exclusions holds. The answers listed under each are those that gave it the most points." }),
    h("p", {}, "The full rules: ", h("a", { href: x.scoring, text: "the scoring specification" }), ". The same answers give the same result with ", h("code", { text: "playbook score" }), "."));
}
