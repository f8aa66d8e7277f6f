// The scoring engine: a pure port of generator/assessments/engine.py (whose docstring states the
// rules), equal field by field: integers only, no division but the floor of a non-negative integer
// quotient, ties broken by declared order.
export const RESULT_FORMAT = 1;
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

export function holds(cond, answers, dims) {
  if (cond == null) return true;
  if ("answer" in cond) return chosen(get(answers, cond.answer)).some((o) => cond.in.includes(o));
  if ("dimension" in cond) {
    if (dims == null) throw new Error("dimension conditions cannot decide visibility");
    return atLeast(...dims[cond.dimension], cond.at_least);
  }
  if ("all" in cond) return cond.all.every((c) => holds(c, answers, dims));
  if ("any" in cond) return cond.any.some((c) => holds(c, answers, dims));
  if ("not" in cond) return !holds(cond.not, answers, dims);
  throw new Error("not a condition");
}

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

  const phases = [];
  let phase = null, soFar = true;
  for (const p of spec.outcomes.phases) {
    const threshold_met = atLeast(oRaw, oMax, p.threshold);
    const failed_gates = p.gates.filter((g) => !holds(g.when, effective, dims)).map((g) => g.id);
    soFar = soFar && threshold_met && !failed_gates.length;
    phases.push({ id: p.id, reached: soFar, threshold_met, failed_gates });
    if (soFar) phase = p.id;
  }

  const rankings = spec.outcomes.rankings.map((r) => {
    const all = r.candidates.map((c) => {
      const contributions = picks.map(([q, o, qi, oi]) => [get(o.candidates, c.id) ?? 0, qi, oi, q.id, o.id]).filter((x) => x[0]);
      const s = sum(contributions, (x) => x[0]), max = maxOver(c.id, "candidates");
      const excluded_by = c.exclude_if.filter((x) => holds(x.when, effective, dims)).map((x) => x.id);
      return { id: c.id, score: s, max, percent: percent(s, max), excluded_by,
        reasons: reasons(contributions, true), against: reasons(contributions, false) };
    });
    // Highest score first; sort is stable, so equal scores keep the declared order.
    const eligible = all.filter((c) => !c.excluded_by.length).sort((a, b) => b.score - a.score);
    const candidates = [...eligible, ...all.filter((c) => c.excluded_by.length)]
      .map(({ id, ...c }, i) => ({ id, rank: c.excluded_by.length ? null : i + 1, ...c }));
    return { id: r.id, top: eligible.length ? eligible[0].id : null, candidates };
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
    advice: spec.outcomes.advice.filter((a) => holds(a.when, effective, dims)).map((a) => a.id),
  };
}
