// Reader performance: Lighthouse (mobile, its default simulated slow 4G and mid-range phone) on
// pages of the built site, first visits, with Debian's Chromium. Run by benchmarks/run.py; alone:
//   (cd benchmarks && npm ci)
//   node benchmarks/lighthouse.mjs PAGES.json [RUNS]  →  {"<kind>": {median figures, runs}, ...}
// PAGES.json: {"<kind>": "http://127.0.0.1:PORT/path/", ...}
import { readFileSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const pages = JSON.parse(readFileSync(process.argv[2], "utf8"));
const runs = Number(process.argv[3] || 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// One first visit (Lighthouse resets storage and cache): the score and what makes it.
async function audit(url, port) {
  const { lhr } = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: ["performance"] });
  const a = lhr.audits, num = (id) => a[id]?.numericValue ?? null;
  const items = a["network-requests"]?.details?.items || [];
  return {
    score: Math.round(100 * lhr.categories.performance.score),
    bytes: num("total-byte-weight"),
    requests: items.length,
    fcp_ms: num("first-contentful-paint"), lcp_ms: num("largest-contentful-paint"),
    tbt_ms: num("total-blocking-time"), cls: num("cumulative-layout-shift"), si_ms: num("speed-index"),
    largest: items.sort((x, y) => y.transferSize - x.transferSize).slice(0, 3)
      .map((r) => `${new URL(r.url).pathname} ${Math.round(r.transferSize / 1024)} KB`),
    lighthouse: lhr.lighthouseVersion,
    // What the time went on: DOM size, main-thread work by kind, the longest tasks, render-blocking files.
    diagnostics: {
      dom_elements: num("dom-size"),
      main_thread_ms: Object.fromEntries((a["mainthread-work-breakdown"]?.details?.items || [])
        .map((i) => [i.group, Math.round(i.duration)])),
      long_tasks: (a["long-tasks"]?.details?.items || []).slice(0, 5)
        .map((t) => `${Math.round(t.duration)} ms at ${Math.round(t.startTime)} ms: ${short(t.url)}`),
      render_blocking: (a["render-blocking-resources"]?.details?.items || []).map((r) => short(r.url)),
      lcp_element: a["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
    },
  };
}

const short = (url) => { try { return new URL(url).pathname; } catch (e) { return String(url); } };

const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS });
const out = {};
try {
  for (const [kind, url] of Object.entries(pages)) {
    const all = [];
    for (let i = 0; i < runs; i++) all.push(await audit(url, chrome.port));
    const pick = (k) => median(all.map((r) => r[k]));
    out[kind] = { url, score: pick("score"), bytes: pick("bytes"), requests: pick("requests"), fcp_ms: pick("fcp_ms"),
      lcp_ms: pick("lcp_ms"), tbt_ms: pick("tbt_ms"), cls: pick("cls"), si_ms: pick("si_ms"),
      largest: all[0].largest, runs: all.map((r) => r.score), lighthouse: all[0].lighthouse,
      diagnostics: all.find((r) => r.score === pick("score")).diagnostics };
  }
} finally {
  await chrome.kill();
}
process.stdout.write(JSON.stringify(out) + "\n");
