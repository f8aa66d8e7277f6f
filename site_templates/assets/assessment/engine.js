// The scoring engine in the browser: a pure port of generator/assessments/engine.py (whose
// docstring states the rules). Python and JavaScript must agree field by field, so: integers
// only, no division but the floor of a non-negative integer quotient, ties broken by declared
// order. No DOM in here.
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

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const get = (o, k) => (has(o, k) ? o[k] : undefined);

export function holds(cond, answers, dims) {
  if (cond == null) return true;
  if (has(cond, "answer")) return chosen(get(answers, cond.answer)).some((o) => cond.in.includes(o));
  if (has(cond, "dimension")) {
    if (dims == null) throw new Error("dimension conditions cannot decide visibility");
    const [raw, max] = dims[cond.dimension];
    return atLeast(raw, max, cond.at_least);
  }
  if (has(cond, "all")) return cond.all.every((c) => holds(c, answers, dims));
  if (has(cond, "any")) return cond.any.some((c) => holds(c, answers, dims));
  if (has(cond, "not")) return !holds(cond.not, answers, dims);
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

export function evaluate(spec, answers) {
  const effective = {}, visible = [], hidden = [];
  for (const q of questionsOf(spec)) {
    if (holds(q.show_if, effective, null)) {
      visible.push(q);
      const a = get(answers, q.id);
      if (chosen(a).length) effective[q.id] = a;
    } else hidden.push(q.id);
  }
  const picked = (q) => chosen(get(effective, q.id));
  const dims = {};
  for (const d of spec.dimensions) {
    let raw = 0, max = 0;
    for (const q of visible) {
      max += questionMax(q, d.id, "points");
      const p = picked(q);
      for (const o of q.options) if (p.includes(o.id)) raw += get(o.points, d.id) ?? 0;
    }
    dims[d.id] = [raw, max];
  }
  let oRaw = 0, oMax = 0;
  for (const d of spec.dimensions) { oRaw += d.weight * dims[d.id][0]; oMax += d.weight * dims[d.id][1]; }
  const candidates = {};
  for (const r of spec.outcomes.rankings) {
    for (const c of r.candidates) {
      let score = 0, max = 0;
      const contributions = [];
      visible.forEach((q, qi) => {
        max += questionMax(q, c.id, "candidates");
        const p = picked(q);
        q.options.forEach((o, oi) => {
          const pts = get(o.candidates, c.id) ?? 0;
          if (p.includes(o.id) && pts) { score += pts; contributions.push([pts, qi, oi, q.id, o.id]); }
        });
      });
      const excluded_by = c.exclude_if.filter((x) => holds(x.when, effective, dims)).map((x) => x.id);
      candidates[c.id] = { score, max, excluded_by, contributions };
    }
  }
  return { visible, hidden, effective, dims, overall: [oRaw, oMax], candidates };
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
  const core = evaluate(spec, answers);
  const { effective, dims } = core;
  const visibleIds = core.visible.map((q) => q.id);
  const unanswered = visibleIds.filter((id) => !has(effective, id));
  const ignored = core.hidden.filter((id) => chosen(get(answers, id)).length);
  const [oRaw, oMax] = core.overall;

  const phases = [];
  let phase = null, soFar = true;
  for (const p of spec.outcomes.phases) {
    const threshold_met = atLeast(oRaw, oMax, p.threshold);
    const failed_gates = p.gates.filter((g) => !holds(g.when, effective, dims)).map((g) => g.id);
    const reached = soFar && threshold_met && !failed_gates.length;
    phases.push({ id: p.id, reached, threshold_met, failed_gates });
    if (reached) phase = p.id;
    soFar = reached;
  }

  const rankings = spec.outcomes.rankings.map((r) => {
    const ids = r.candidates.map((c) => c.id);
    const s = (id) => core.candidates[id];
    const eligible = ids.filter((id) => !s(id).excluded_by.length)
      .map((id, i) => [id, i]).sort((a, b) => s(b[0]).score - s(a[0]).score || a[1] - b[1]).map((x) => x[0]);
    const excluded = ids.filter((id) => s(id).excluded_by.length);
    const entries = [...eligible, ...excluded].map((id, i) => {
      const c = s(id);
      return {
        id, rank: c.excluded_by.length ? null : i + 1, score: c.score, max: c.max,
        percent: percent(c.score, c.max), excluded_by: c.excluded_by,
        reasons: reasons(c.contributions, true), against: reasons(c.contributions, false),
      };
    });
    return { id: r.id, top: eligible.length ? eligible[0] : null, candidates: entries };
  });

  return {
    format: RESULT_FORMAT,
    complete: !unanswered.length,
    questions: { total: visibleIds.length + core.hidden.length, visible: visibleIds.length,
      answered: visibleIds.length - unanswered.length },
    unanswered,
    hidden: core.hidden,
    ignored,
    dimensions: spec.dimensions.map((d) => ({ id: d.id, raw: dims[d.id][0], max: dims[d.id][1],
      percent: percent(...dims[d.id]) })),
    overall: { raw: oRaw, max: oMax, percent: percent(oRaw, oMax) },
    phase,
    phases,
    rankings,
    advice: spec.outcomes.advice.filter((a) => holds(a.when, effective, dims)).map((a) => a.id),
  };
}
