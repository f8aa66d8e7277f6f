// Combine, for the browser: checked sheets (inputs.js) → teams, workshops, history, distributions,
// gaps and targets — generator/report/combine.py line for line (its docstring states the workshop
// rule and the spread), returning exactly what build_report returns, key for key, list for list.
import { atLeast, chosen, holds, questionsOf, score } from "../assessment/engine.js";
import { casefold, cmpStr, cmpTuple, own } from "./text.js";
import { targetFor, unmatched } from "./targets.js";
import { change } from "./change.js";

export { change };

export const REPORT_FORMAT = 1;
export const SETTINGS = { gap_threshold: 50, spread: 1 };

const byPath = (a, b) => cmpStr(a.path, b.path);
const base = (path) => path.slice(path.lastIndexOf("/") + 1);
const stableSortBy = (list, key) => list.map((x, i) => [key(x), i, x]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((t) => t[2]);
const mapOf = (list, k, v) => Object.fromEntries(list.map((x) => [x[k], x[v]]));

// A column header: the title up to ' and ' or ',' — its first word when still long.
export function shortTitle(title) {
  const head = title.split(/ and |, | — | \(/)[0].trim();
  return Array.from(head).length <= 14 ? head : head.split(/\s+/)[0];
}

// A safe, unique HTML id for a team's section (team names are untrusted).
function anchorFor(key, used, prefix) {
  const base_ = `${prefix}--` + ((key.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "team").slice(0, 40));
  let anchor = base_, n = 2;
  while (used.has(anchor)) anchor = `${base_}-${n++}`;
  used.add(anchor);
  return anchor;
}

// The whole report as plain data. loaded = readResults(…); targets = readTargets(…).targets or null.
export function buildReport(loaded, specs, targets = null, settings = SETTINGS) {
  const byQ = new Map();
  for (const s of loaded.sheets) (byQ.get(s.questionnaire) || byQ.set(s.questionnaire, []).get(s.questionnaire)).push(s);
  const sections = Object.keys(specs).filter((q) => byQ.has(q)).map((q) => questionnaireSection(specs[q], byQ.get(q), targets, settings));
  const withResults = {};
  for (const s of sections) for (const t of s.teams) withResults[t.key] = t.team;
  const warnings = targets ? unmatched(targets, withResults) : [];
  const dates = loaded.sheets.map((s) => s.date).filter(Boolean).sort(cmpStr);
  return {
    report_format: REPORT_FORMAT,
    settings: { gap_threshold: settings.gap_threshold, spread: settings.spread },
    teams: new Set(loaded.sheets.map((s) => s.team_key)).size,
    files: { read: loaded.files, used: loaded.sheets.length, left_out: loaded.left_out.length },
    dates: { first: dates.length ? dates[0] : null, last: dates.length ? dates[dates.length - 1] : null },
    targets_file: targets ? targets.path : null,
    targets_warnings: warnings.map((w) => ({ path: w.path, line: w.line, field: w.field, message: w.message })),
    questionnaires: sections,
    used: loaded.sheets.map((s) => ({ path: s.path, questionnaire: s.questionnaire, team: s.team, respondent: s.respondent,
      date: s.date, phase: s.result.phase, overall: s.result.overall.percent,
      dimensions: mapOf(s.result.dimensions, "id", "percent"), top: mapOf(s.result.rankings, "id", "top"),
      complete: s.result.complete, notes: s.notes, evidence: s.evidence })),
    left_out: loaded.left_out.map((lo) => ({ path: lo.path, kind: lo.kind,
      problems: lo.problems.map((p) => ({ line: p.line, field: p.field, message: p.message })) })),
  };
}

function questionnaireSection(spec, sheets, targets, settings) {
  const phases = spec.outcomes.phases;
  const phaseIndex = Object.fromEntries(phases.map((p, i) => [p.id, i]));
  const teams = new Map();
  for (const s of sheets) (teams.get(s.team_key) || teams.set(s.team_key, []).get(s.team_key)).push(s);
  const minTeam = (k) => teams.get(k).map((s) => s.team).reduce((a, b) => (cmpStr(b, a) < 0 ? b : a));
  const keys = [...teams.keys()].sort((a, b) => cmpTuple([casefold(minTeam(a)), a], [casefold(minTeam(b)), b]));
  const used = new Set(), rows = [];
  for (const key of keys) {
    const days = new Map();
    for (const s of teams.get(key)) (days.get(s.date) || days.set(s.date, []).get(s.date)).push(s);
    // Newest first; undated last.
    const order = [...days.keys()].sort((a, b) => (a === null) - (b === null) || (a === null ? 0 : cmpStr(b, a)));
    const entries = order.map((d) => view(spec, days.get(d), settings));
    for (let i = 0; i + 1 < entries.length; i++) entries[i].change = change(entries[i], entries[i + 1], phaseIndex);
    const name = [...days.get(order[0])].sort(byPath)[0].team;
    const row = { team: name, key, anchor: anchorFor(key, used, spec.id), latest: entries[0], entries, target: null };
    if (targets && phases.length) {
      const [target, isDefault] = targetFor(targets, key, spec.id);
      if (target !== null) row.target = targetStatus(target, isDefault, entries[0].phase, phaseIndex);
    }
    rows.push(row);
  }
  const latest = rows.map((r) => [r.team, r.latest]);
  return {
    id: spec.id, title: spec.title, version: spec.version, spec_hash: spec.spec_hash, scored: spec.scored,
    dimensions: spec.dimensions.map((d) => ({ id: d.id, title: d.title, short: shortTitle(d.title) })),
    phases: phases.map((p) => ({ id: p.id, title: p.title, page: page(spec, p.ref) })),
    rankings: spec.outcomes.rankings.map((r) => ({ id: r.id, title: r.title })),
    teams: rows,
    phase_distribution: phases.length ? phaseDistribution(spec, latest) : [],
    ranking_distribution: rankingDistribution(spec, latest),
    gaps: gaps(spec, latest, settings),
    workshops: rows.flatMap((r) => r.entries.filter((e) => e.workshop).map((e) => ({ team: r.team, anchor: r.anchor, ...e }))),
    targets: targets && phases.length ? targetSummary(rows) : null,
  };
}

const page = (spec, ref) => (ref && own(spec.links, ref) ? spec.links[ref].page : null);

// Who answered: the person part, else the respondent, else the file name — unique.
export function respondentNames(sheets) {
  const names = sheets.map((s) => s.person || s.respondent || base(s.path));
  const counts = new Map();
  for (const n of names) counts.set(n, (counts.get(n) || 0) + 1);
  return names.map((n, i) => (counts.get(n) === 1 ? n : `${n} (${base(sheets[i].path)})`));
}

// One team on one day: the single result, or the workshop combination of several.
export function view(spec, sheets, settings = SETTINGS) {
  sheets = [...sheets].sort(byPath);
  const names = respondentNames(sheets);
  let result, answers, disagreements;
  if (sheets.length === 1) [result, answers, disagreements] = [sheets[0].result, sheets[0].answers, []];
  else {
    [answers, disagreements] = combine(spec, sheets.map((s, i) => [names[i], s.answers]), settings.spread);
    result = score(spec, answers);
  }
  const phase = spec.outcomes.phases.find((p) => p.id === result.phase);
  return {
    date: sheets[0].date,
    workshop: sheets.length > 1,
    respondents: names,
    files: sheets.map((s) => s.path),
    phase: result.phase,
    phase_title: phase ? phase.title : null,
    overall: result.overall.percent,
    dimensions: mapOf(result.dimensions, "id", "percent"),
    below: Object.fromEntries(result.dimensions.filter((d) => d.max > 0).map((d) => [d.id, !atLeast(d.raw, d.max, settings.gap_threshold)])),
    complete: result.complete,
    answered: result.questions.answered, visible: result.questions.visible,
    top: mapOf(result.rankings, "id", "top"),
    top_titles: Object.fromEntries(result.rankings.map((r, i) => {
      const c = spec.outcomes.rankings[i].candidates.find((x) => x.id === r.top);
      return [r.id, c ? c.title : null];
    })),
    blocking_gates: blockingGates(result),
    advice: result.advice,
    answers,
    disagreements,
    notes: sheets.flatMap((s) => s.notes),
    evidence: evidence(spec, sheets, names),
    change: null,
  };
}

// The notes given with the answers, by question number, then in the respondents' order.
export function evidence(spec, sheets, names) {
  return questionsOf(spec).flatMap((q, i) => sheets.flatMap((s, k) => (s.evidence && own(s.evidence, q.id)
    ? [{ question: q.id, number: i + 1, respondent: names[k], text: s.evidence[q.id] }] : [])));
}

// The failed gates of the phase after the one reached: what holds the team back.
function blockingGates(result) {
  const phases = result.phases;
  let next = 0;
  phases.forEach((p, i) => { if (p.reached) next = i + 1; });
  return next >= phases.length ? [] : phases[next].failed_gates.map((g) => ({ phase: phases[next].id, gate: g }));
}

// The answers to the questions a respondent was shown (the engine's visibility rule).
function shownAnswers(spec, answers) {
  const effective = Object.create(null);
  for (const q of questionsOf(spec)) {
    if (holds(q.show_if, effective, null) && own(answers, q.id) && chosen(answers[q.id]).length) effective[q.id] = answers[q.id];
  }
  return effective;
}

// Several respondents' answers ([[name, answers]…]) → [combined answers, disagreements] (combine.py).
export function combine(spec, sets, spread) {
  const effective = sets.map(([name, answers]) => [name, shownAnswers(spec, answers)]);
  const combined = {}, disagreements = [];
  questionsOf(spec).forEach((q, i) => {
    const qid = q.id, options = q.options.map((o) => o.id), labels = mapOf(q.options, "id", "label");
    const given = effective.filter(([, eff]) => own(eff, qid)).map(([name, eff]) => [name, eff[qid]]);
    if (!given.length) return;
    let distance, picked;
    if (q.type === "single") {
      const positions = given.map(([, a]) => options.indexOf(a)).sort((a, b) => a - b);
      combined[qid] = options[positions[Math.floor((positions.length - 1) / 2)]];
      distance = positions[positions.length - 1] - positions[0];
      picked = [combined[qid]];
    } else {
      const counts = new Map();
      for (const [, a] of given) for (const o of a) counts.set(o, (counts.get(o) || 0) + 1);
      const kept = options.filter((o) => 2 * (counts.get(o) || 0) > given.length);
      if (kept.length) combined[qid] = kept;
      const sets_ = given.map(([, a]) => new Set(a));
      distance = Math.max(...sets_.flatMap((a) => sets_.map((b) => [...a].filter((x) => !b.has(x)).length + [...b].filter((x) => !a.has(x)).length)));
      picked = kept;
    }
    if (distance > spread) {
      disagreements.push({
        question: qid, number: i + 1, text: q.text, type: q.type, spread: distance,
        answers: given.map(([name, a]) => ({ respondent: name, options: (typeof a === "string" ? [a] : a).map((o) => labels[o]) })),
        unanswered: effective.filter(([, eff]) => !own(eff, qid)).map(([name]) => name),
        combined: picked.map((o) => labels[o]),
      });
    }
  });
  disagreements.sort((a, b) => b.spread - a.spread || a.number - b.number);
  return [combined, disagreements];
}

// What moved between two results of one team (newer minus older).
function targetStatus(target, isDefault, current, phaseIndex) {
  const steps = phaseIndex[target] - (current !== null && own(phaseIndex, current) ? phaseIndex[current] : -1);
  return { phase: target, default: isDefault, steps, status: steps < 0 ? "beyond" : steps === 0 ? "reached" : "below" };
}

function targetSummary(rows) {
  const withTarget = rows.filter((r) => r.target);
  return {
    reached: withTarget.filter((r) => ["reached", "beyond"].includes(r.target.status)).length,
    below: withTarget.filter((r) => r.target.status === "below").length,
    without: rows.length - withTarget.length,
  };
}

function phaseDistribution(spec, latest) {
  const out = spec.outcomes.phases.map((p) => {
    const teams = latest.filter(([, e]) => e.phase === p.id).map(([n]) => n);
    return { id: p.id, title: p.title, page: page(spec, p.ref), count: teams.length, teams };
  });
  const none = latest.filter(([, e]) => e.phase === null).map(([n]) => n);
  if (none.length) out.unshift({ id: null, title: "No phase reached", page: null, count: none.length, teams: none });
  return out;
}

function rankingDistribution(spec, latest) {
  const topOf = (e, r) => (own(e.top, r) ? e.top[r] : null);
  return spec.outcomes.rankings.map((r) => {
    const candidates = r.candidates.map((c) => {
      const teams = latest.filter(([, e]) => topOf(e, r.id) === c.id).map(([n]) => n);
      return { id: c.id, title: c.title, page: page(spec, c.ref), count: teams.length, teams };
    });
    return { id: r.id, title: r.title, candidates: stableSortBy(candidates, (c) => -c.count),
      none: latest.filter(([, e]) => topOf(e, r.id) === null).map(([n]) => n) };
  });
}

// Whether a condition looks at a dimension.
function mentions(cond, dim) {
  if (!cond || typeof cond !== "object" || Array.isArray(cond)) return false;
  if (cond.dimension === dim) return true;
  return ["all", "any"].some((k) => (cond[k] || []).some((c) => mentions(c, dim))) || mentions(cond.not, dim);
}

const median = (values) => {
  const v = [...values].sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
};

// Dimensions below the threshold, the gates that block the next phase, the advice that fired.
function gaps(spec, latest, settings) {
  const qpage = `assessments/${spec.id}.md`, inFull = `assessments/${spec.id}-in-full.md`; // pages.py in_full_page
  const dims = spec.dimensions.map((d) => {
    const below = latest.filter(([, e]) => own(e.below, d.id) && e.below[d.id]).map(([n]) => n);
    const links = [];
    for (const a of spec.outcomes.advice.filter((x) => mentions(x.when, d.id))) {
      for (const ref of a.links) {
        if (own(spec.links, ref) && !ref.startsWith("assessments/") && links.length < 3 && !links.some((x) => x.page === spec.links[ref].page)) {
          links.push({ title: spec.links[ref].title, page: spec.links[ref].page });
        }
      }
    }
    return { id: d.id, title: d.title, count: below.length, teams: below,
      median: median(latest.map(([, e]) => e.dimensions[d.id]).filter((v) => v !== null)),
      links: links.length ? links : [{ title: "What it measures", page: qpage + "#what-it-measures" }] };
  });
  const gateRows = [];
  for (const p of spec.outcomes.phases) {
    for (const g of p.gates) {
      const teams = latest.filter(([, e]) => e.blocking_gates.some((b) => b.phase === p.id && b.gate === g.id)).map(([n]) => n);
      if (teams.length) {
        const links = p.ref ? [{ title: p.title, page: page(spec, p.ref) }] : [];
        gateRows.push({ phase: p.id, phase_title: p.title, gate: g.id, text: g.text, count: teams.length, teams,
          links: [...links, { title: "Phases and gates", page: inFull + "#phases" }] });
      }
    }
  }
  const adviceRows = [];
  for (const a of spec.outcomes.advice) {
    const teams = latest.filter(([, e]) => e.advice.includes(a.id)).map(([n]) => n);
    if (teams.length) {
      const links = a.links.filter((r) => own(spec.links, r)).map((r) => ({ title: spec.links[r].title, page: spec.links[r].page }));
      adviceRows.push({ id: a.id, title: a.title, count: teams.length, teams,
        links: [{ title: "The advice", page: `${inFull}#advice-${a.id}` }, ...links.slice(0, 3)] });
    }
  }
  return {
    threshold: settings.gap_threshold,
    dimensions: stableSortBy(dims.filter((d) => d.count), (d) => -d.count),
    gates: stableSortBy(gateRows, (g) => -g.count),
    advice: stableSortBy(adviceRows, (a) => -a.count),
  };
}
