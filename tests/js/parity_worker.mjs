// A long-lived worker for tests/test_parity_engines.py: one JSON request per line on stdin, one
// JSON answer per line on stdout, so thousands of cases cost one node process.
//   {"op": "spec", "id": ..., "spec": {...}}          → {"ok": true}
//   {"op": "score", "id": ..., "answers": {...}}      → the result
//   {"op": "check", "id": ..., "raw": ...}            → {"answers": {...}, "paths": [[...], ...]}
//   {"op": "share", "id": ..., "answers": {...}, "respondent": ..., "evidence": {...}} → the answers after a round trip
//   {"op": "evidence", "id": ..., "raw": ...}         → {"evidence": {...}, "paths": [[...], ...]}
//   {"op": "milestones", "id": ..., "raw": ...}       → {"milestones": [...], "paths": [[...], ...]} (the warnings')
//   {"op": "change", "id": ..., "newer": {...}, "older": {...}} → change() between the two answer sets' results
import { serve } from "./worker.mjs";
import { score } from "../../site_templates/assets/assessment/engine.js";
import { LIMITS, checkAnswerMap, encodeShare } from "../../site_templates/assets/assessment/answers.js";
import { checkSheet, decodeShare } from "../../site_templates/assets/assessment/keep.js";
import { change, checkEvidence, checkMilestones, entry, phaseIndex } from "../../site_templates/assets/assessment/evidence.js";

const specs = new Map();
const ops = {
  spec: (m) => { specs.set(m.id, m.spec); return { ok: true }; },
  score: (m) => score(specs.get(m.id), m.answers),
  check: (m) => {
    const { answers, problems } = checkAnswerMap(m.raw, specs.get(m.id));
    return { answers, paths: problems.map((p) => p.path) };
  },
  share: (m) => {
    const spec = specs.get(m.id);
    // As form.js does: the notes ride along while the link stays within LIMITS.link ("#" counted).
    let link = encodeShare(spec, m.answers, m.respondent, null, m.evidence);
    const cut = link.length + 1 > LIMITS.link;
    if (cut) link = encodeShare(spec, m.answers, m.respondent);
    const { doc, problems } = decodeShare("#" + link, spec);
    const { sheet, errors, warnings } = checkSheet(doc, spec);
    return { link, cut, answers: sheet.answers, respondent: sheet.respondent, evidence: sheet.evidence, problems: [...problems, ...errors, ...warnings] };
  },
  evidence: (m) => {
    const { evidence, problems } = checkEvidence(m.raw, specs.get(m.id));
    return { evidence, paths: problems.map((p) => p.path) };
  },
  milestones: (m) => {
    const { milestones, warnings } = checkMilestones(m.raw, specs.get(m.id));
    return { milestones, paths: warnings.map((w) => w.path) };
  },
  change: (m) => {
    const spec = specs.get(m.id);
    return change(entry(spec, score(spec, m.newer), "2024-06-01"), entry(spec, score(spec, m.older), "2024-01-01"), phaseIndex(spec));
  },
};
await serve(ops);
