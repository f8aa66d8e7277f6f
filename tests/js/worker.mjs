// The loop of the parity workers (parity_worker.mjs, rollup_worker.mjs): one JSON request per line
// on stdin, `ops[request.op](request)`'s answer as one JSON line on stdout, {"error"} when it throws.
import { createInterface } from "node:readline";

export async function serve(ops) {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    let out;
    try {
      const m = JSON.parse(line);
      out = ops[m.op](m);
    } catch (e) {
      out = { error: String(e && e.stack || e) };
    }
    process.stdout.write(JSON.stringify(out) + "\n");
  }
}
