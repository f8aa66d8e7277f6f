// What moved between two results of one team (newer minus older): `change()` of
// generator/report/combine.py. Its own small module: the report (combine.js) and the assessment
// page's milestones (assessment/evidence.js) share it, and the page need not load the report.

export function change(newer, older, phaseIndex) {
  const index = (p) => (p !== null && Object.hasOwn(phaseIndex, p) ? phaseIndex[p] : -1);
  const dims = {};
  for (const d of Object.keys(newer.dimensions)) {
    if (newer.dimensions[d] !== null && Object.hasOwn(older.dimensions, d) && older.dimensions[d] !== null) dims[d] = newer.dimensions[d] - older.dimensions[d];
  }
  const top = {};
  for (const r of Object.keys(newer.top)) {
    if (newer.top[r] !== (Object.hasOwn(older.top, r) ? older.top[r] : null)) top[r] = { now: newer.top_titles[r], was: older.top_titles[r] };
  }
  return {
    since: older.date,
    phase: Object.keys(phaseIndex).length ? index(newer.phase) - index(older.phase) : 0,
    phase_from: older.phase, phase_from_title: older.phase_title,
    overall: newer.overall !== null && older.overall !== null ? newer.overall - older.overall : null,
    dimensions: dims,
    improved: Object.keys(dims).filter((d) => dims[d] > 0),
    slipped: Object.keys(dims).filter((d) => dims[d] < 0),
    top,
  };
}
