// The scoring engine: a pure port of generator/assessments/engine.py (whose docstring states the
// rules), equal field by field: integers only, no division but the floor of a non-negative integer
// quotient, ties broken only by the tie rule (rankCandidates) and otherwise shown as ties.
export const RESULT_FORMAT = 2;
export const REASONS_LIMIT = 3;

// A shown percentage, rounded half up in integer arithmetic; null when nothing is measured.
export const percent = (raw, max) =>
  max <= 0 ? null : Math.floor((200 * Math.max(raw, 0) + max) / (2 * max));

// Whether raw/max reaches threshold %, compared without division.
export const atLeast = (raw, max, t) => t === 0 || (max > 0 && raw * 100 >= t * max);

export const questionsOf = (spec) => spec.sections.flatMap((s) => s.questions);

// The chosen option ids of an answer (null, one id or a list of ids).
export const chosen = (a) => (a == null ? [] : typeof a === "string" ? [a] : [...a]);

// Own keys only: in user data "__proto__" or "constructor" are just unknown ids.
const get = (o, k) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const sum = (list, f) => list.reduce((n, x) => n + f(x), 0);

// tops: Map-like object ranking id → candidates sharing its first place (null while undecided).
export function holds(cond, answers, dims, tops = null) {
  if (cond == null) return true;
  if ("answer" in cond) return chosen(get(answers, cond.answer)).some((o) => cond.in.includes(o));
  if ("dimension" in cond) {
    if (dims == null) throw new Error("dimension conditions cannot decide visibility");
    return atLeast(...dims[cond.dimension], cond.at_least);
  }
  if ("top" in cond) {
    if (tops == null || get(tops, cond.top) === undefined) throw new Error(`ranking '${cond.top}' is not decided where this condition is used`);
    return get(tops, cond.top).some((c) => cond.in.includes(c));
  }
  if ("all" in cond) return cond.all.every((c) => holds(c, answers, dims, tops));
  if ("any" in cond) return cond.any.some((c) => holds(c, answers, dims, tops));
  if ("not" in cond) return !holds(cond.not, answers, dims, tops);
  throw new Error("not a condition");
}

// The parts of a false condition that make it false: failing members of an `all` (recursively), else the condition.
export const missing = (cond, answers, dims, tops) => ("all" in cond
  ? cond.all.filter((c) => !holds(c, answers, dims, tops)).flatMap((c) => missing(c, answers, dims, tops)) : [cond]);

// The most one question can give to a dimension ("points") or a candidate ("candidates").
export function questionMax(q, key, field) {
  const v = q.options.map((o) => Math.max(get(o[field], key) ?? 0, 0));
  if (q.type === "single") return Math.max(0, ...v);
  let comb = 0, excl = 0;
  q.options.forEach((o, i) => { if (o.exclusive) excl = Math.max(excl, v[i]); else comb += v[i]; });
  return Math.max(comb, excl);
}

// The answers that pushed a candidate most (positive) or held it back most (negative).
export function reasons(contributions, positive) {
  return contributions
    .filter((c) => (c[0] > 0) === positive)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]) || a[1] - b[1] || a[2] - b[2])
    .slice(0, REASONS_LIMIT)
    .map((c) => ({ question: c[3], option: c[4], points: c[0] }));
}

const cmp = (a, b) => { for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i]; return 0; };
const same = (a, b) => cmp(a, b) === 0;

// The tie rule: eligible candidates best first, each one's key and the tie-break rules that apply.
// Key: [-score, position under each applicable tie-break rule…]; equal keys are a tie, in declared order.
export function rankCandidates(ranking, scored, effective, dims) {
  const rules = ranking.tie_breaks.filter((t) => holds(t.when, effective, dims));
  const keys = new Map();
  for (const c of ranking.candidates) {
    if (scored.get(c.id).excluded_by.length) continue;
    keys.set(c.id, [-scored.get(c.id).score, ...rules.map((t) => (t.prefer.includes(c.id) ? t.prefer.indexOf(c.id) : t.prefer.length))]);
  }
  // Array sort is stable, so equal keys keep the declared order.
  const eligible = [...keys.keys()].sort((a, b) => cmp(keys.get(a), keys.get(b)));
  return { eligible, keys, rules: rules.map((t) => t.id) };
}

// Why the first is ahead of the second: by points (with the answers that gave it more), a tie-break rule, or null (tied).
export function lead(eligible, keys, rules, scored) {
  if (eligible.length < 2) return null;
  const [first, second] = eligible, a = keys.get(first), b = keys.get(second);
  const diff = scored.get(first).score - scored.get(second).score;
  let by = diff ? "points" : null;
  if (!diff) for (let i = 1; i < a.length; i++) if (a[i] !== b[i]) { by = rules[i - 1]; break; }
  const answers = [];
  if (diff) {
    const at = (c) => `${c[1]},${c[2]}`;
    const mine = new Map(scored.get(first).contributions.map((c) => [at(c), c]));
    const theirs = new Map(scored.get(second).contributions.map((c) => [at(c), c]));
    for (const k of new Set([...mine.keys(), ...theirs.keys()])) {
      const c = mine.get(k) || theirs.get(k), gap = (mine.get(k)?.[0] ?? 0) - (theirs.get(k)?.[0] ?? 0);
      if (gap > 0) answers.push([gap, c[1], c[2], c[3], c[4]]);
    }
  }
  answers.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  return { over: second, by, points: diff, answers: answers.slice(0, REASONS_LIMIT).map((g) => ({ question: g[3], option: g[4], points: g[0] })) };
}

// Score checked answers ({question id: option id | [option ids]}) against a spec.
export function score(spec, answers) {
  // Visibility: a question's show_if sees only the answers to the visible questions before it.
  const effective = Object.create(null), visible = [], hidden = [];
  for (const q of questionsOf(spec)) {
    if (!holds(q.show_if, effective, null)) { hidden.push(q.id); continue; }
    visible.push(q);
    if (chosen(get(answers, q.id)).length) effective[q.id] = answers[q.id];
  }
  const unanswered = visible.map((q) => q.id).filter((id) => !(id in effective));
  // Every chosen option of a visible question, as [question, option, question no., option no.].
  const picks = visible.flatMap((q, qi) => q.options.map((o, oi) => [q, o, qi, oi])
    .filter(([, o]) => chosen(effective[q.id]).includes(o.id)));
  const maxOver = (key, field) => sum(visible, (q) => questionMax(q, key, field));

  const dims = {};
  for (const d of spec.dimensions) dims[d.id] = [sum(picks, ([, o]) => get(o.points, d.id) ?? 0), maxOver(d.id, "points")];
  const oRaw = sum(spec.dimensions, (d) => d.weight * dims[d.id][0]), oMax = sum(spec.dimensions, (d) => d.weight * dims[d.id][1]);

  // Candidates: scores, exclusions, then each ranking in declared order (applies_if may ask for earlier tops).
  const scored = new Map(), tops = Object.create(null);
  for (const r of spec.outcomes.rankings) for (const c of r.candidates) {
    const contributions = picks.map(([q, o, qi, oi]) => [get(o.candidates, c.id) ?? 0, qi, oi, q.id, o.id]).filter((x) => x[0]);
    scored.set(c.id, { score: sum(contributions, (x) => x[0]), max: maxOver(c.id, "candidates"), contributions,
      excluded_by: c.exclude_if.filter((x) => holds(x.when, effective, dims)).map((x) => x.id) });
  }
  const decided = spec.outcomes.rankings.map((r) => {
    const applies = holds(r.applies_if, effective, dims, tops);
    const { eligible, keys, rules } = rankCandidates(r, scored, effective, dims);
    const tied = eligible.filter((c) => same(keys.get(c), keys.get(eligible[0])));
    tops[r.id] = applies ? (tied.length > 1 ? tied : eligible.slice(0, 1)) : [];
    return { r, applies, eligible, keys, rules };
  });

  const phases = [];
  let phase = null, soFar = true;
  for (const p of spec.outcomes.phases) {
    const threshold_met = atLeast(oRaw, oMax, p.threshold);
    const failed = p.gates.filter((g) => !holds(g.when, effective, dims, tops));
    soFar = soFar && threshold_met && !failed.length;
    phases.push({ id: p.id, reached: soFar, threshold_met, failed_gates: failed.map((g) => g.id),
      unmet: failed.map((g) => ({ gate: g.id, missing: missing(g.when, effective, dims, tops) })) });
    if (soFar) phase = p.id;
  }

  const rankings = decided.map(({ r, applies, eligible, keys, rules }) => {
    const excluded = r.candidates.map((c) => c.id).filter((id) => scored.get(id).excluded_by.length);
    const candidates = [...eligible, ...excluded].map((id, i) => {
      const s = scored.get(id), out = !!s.excluded_by.length;
      return { id, rank: out ? null : i + 1, score: s.score, max: s.max, percent: percent(s.score, s.max), excluded_by: s.excluded_by,
        tied_with: out ? [] : eligible.filter((o) => o !== id && same(keys.get(o), keys.get(id))),
        reasons: reasons(s.contributions, true), against: reasons(s.contributions, false) };
    });
    const first = eligible[0];
    return { id: r.id, applies, top: applies && eligible.length ? first : null,
      tied: eligible.length > 1 && same(keys.get(eligible[1]), keys.get(first)) ? eligible.filter((c) => same(keys.get(c), keys.get(first))) : [],
      tie_breaks: rules, lead: lead(eligible, keys, rules, scored), candidates };
  });

  return {
    format: RESULT_FORMAT,
    complete: !unanswered.length,
    questions: { total: visible.length + hidden.length, visible: visible.length, answered: visible.length - unanswered.length },
    unanswered,
    hidden,
    ignored: hidden.filter((id) => chosen(get(answers, id)).length),
    dimensions: spec.dimensions.map((d) => ({ id: d.id, raw: dims[d.id][0], max: dims[d.id][1], percent: percent(...dims[d.id]) })),
    overall: { raw: oRaw, max: oMax, percent: percent(oRaw, oMax) },
    phase,
    phases,
    rankings,
    advice: spec.outcomes.advice.filter((a) => holds(a.when, effective, dims, tops)).map((a) => a.id),
  };
}
