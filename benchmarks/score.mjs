// Browser scoring engine in node: time score() over answer sets written by benchmarks/run.py.
//   node benchmarks/score.mjs SETS.json  →  {"<questionnaire id>": {"sets": n, "ms": total}, ...}
// SETS.json: {"<id>": {"spec": {...}, "answers": [{...}, ...]}, ...}
import { readFileSync } from "node:fs";
import { score } from "../site_templates/assets/assessment/engine.js";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const out = {};
for (const [id, { spec, answers }] of Object.entries(input)) {
  for (const a of answers.slice(0, 50)) score(spec, a); // warm the JIT, as a page that is in use would be
  const start = process.hrtime.bigint();
  for (const a of answers) score(spec, a);
  out[id] = { sets: answers.length, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}
process.stdout.write(JSON.stringify(out) + "\n");
