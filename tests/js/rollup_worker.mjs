// A long-lived worker for tests/test_rollup_parity.py: one JSON request per line on stdin, one
// JSON answer per line on stdout, so hundreds of roll-ups cost one node process.
//   {"op": "specs", "specs": {id: spec}}                                    → {"ok": true}
//   {"op": "report", "files": [{path, text | bytes}], "targets": {path, text} | null,
//    "settings": {...}, "only": id | null, "includeOlder": bool}         → {report, csv} | {targets_problems}
//   {"op": "names", "names": [...]}                   → {"keys": [teamKey(cleanText(n))], "clean": [cleanText(n)]}
// `bytes` is base64, for files that are not UTF-8.
import { serve } from "./worker.mjs";
import { readResults } from "../../site_templates/assets/rollup/inputs.js";
import { buildReport, SETTINGS } from "../../site_templates/assets/rollup/combine.js";
import { readTargets } from "../../site_templates/assets/rollup/targets.js";
import { toCsv } from "../../site_templates/assets/rollup/csv.js";
import { cleanText, teamKey } from "../../site_templates/assets/rollup/text.js";

let specs = {};
const ops = {
  names: (m) => ({ clean: m.names.map((n) => cleanText(n)), keys: m.names.map((n) => teamKey(cleanText(n))) }),
  specs: (m) => { specs = m.specs; return { ok: true }; },
  report: (m) => {
    let targets = null;
    if (m.targets) {
      const got = readTargets(m.targets.text, m.targets.path, specs);
      if (got.problems.length) return { targets_problems: got.problems };
      targets = got.targets;
    }
    const files = m.files.map((f) => (f.bytes != null ? { path: f.path, text: Buffer.from(f.bytes, "base64") } : f));
    const loaded = readResults(files, specs, { only: m.only ?? null, includeOlder: !!m.includeOlder });
    const report = buildReport(loaded, specs, targets, m.settings ?? SETTINGS);
    return { report, csv: toCsv(report, specs) };
  },
};
await serve(ops);
