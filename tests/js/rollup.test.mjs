// The browser roll-up's own rules, on the golden "rules" questionnaire (tests/js/golden/cases.json):
// the workshop rule, grouping, what is left out and why, targets, evidence, and the JSON reader.
// Equality with `playbook report` on generated folders is tests/test_rollup_parity.py's job.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readResults, walkOrder, isResultName } from "../../site_templates/assets/rollup/inputs.js";
import { buildReport, combine, view, SETTINGS } from "../../site_templates/assets/rollup/combine.js";
import { readTargets } from "../../site_templates/assets/rollup/targets.js";
import { parseJson } from "../../site_templates/assets/rollup/json.js";
import { suggest, cleanText, teamKey } from "../../site_templates/assets/rollup/text.js";

const cases = JSON.parse(readFileSync(new URL("./golden/cases.json", import.meta.url), "utf8"));
const spec = cases.find((c) => c.spec.id === "rules").spec;
const specs = { rules: spec };
const file = (path, respondent, date, answers, extra = {}) => ({ path, text: JSON.stringify({
  questionnaire: "rules", version: spec.version, spec_hash: spec.spec_hash, respondent, date, answers, ...extra }, null, 1) });

test("single choice combines to the lower median in declared order, multiple choice to the majority", () => {
  const [combined, disagreements] = combine(spec, [
    ["Ana", { q1: "x", q3: ["m1", "m2"] }], ["Ben", { q1: "z", q3: ["m1"] }],
    ["Chen", { q1: "y", q3: ["m2"] }], ["Dee", { q1: "z", q3: ["m3"] }]], 1);
  assert.equal(combined.q1, "y");                  // x y z z → the lower middle is y
  assert.equal(combined.q3, undefined);            // m1 2 of 4, m2 2 of 4: no majority
  assert.deepEqual(disagreements.map((d) => [d.question, d.spread]), [["q3", 3], ["q1", 2]]);
  assert.deepEqual(disagreements[1].answers[0], { respondent: "Ana", options: [spec.sections[0].questions[0].options[0].label] });
});

test("answers to questions a respondent was not shown do not count", () => {
  // q2 shows only when q1 is y: Ana's q2 answer is hidden, so Ben's is the only one.
  const [combined, disagreements] = combine(spec, [["Ana", { q1: "x", q2: "r" }], ["Ben", { q1: "y", q2: "p" }]], 0);
  assert.equal(combined.q2, "p");
  assert.deepEqual(disagreements.find((d) => d.question === "q2")?.unanswered, undefined);
  assert.deepEqual(disagreements.find((d) => d.question === "q1").unanswered, []);
});

test("teams group ignoring case and spaces; one day's several files are a workshop, other days history", () => {
  const loaded = readResults([
    file("r/a.json", "Checkout / Ana", "2024-05-01", { q1: "x" }),
    file("r/b.json", "checkout  / Ben", "2024-05-01T09:00:00Z", { q1: "z" }),
    file("r/c.json", "CHECKOUT", "2024-04-01", { q1: "y" }),
    file("r/d.json", null, null, { q1: "y" }),
  ], specs);
  const report = buildReport(loaded, specs);
  const [checkout, undated] = report.questionnaires[0].teams;
  assert.equal(report.teams, 2);
  assert.equal(checkout.entries.length, 2);
  assert.deepEqual(checkout.latest.respondents, ["Ana", "Ben"]);
  assert.equal(checkout.latest.workshop, true);
  assert.equal(checkout.latest.answers.q1, "x");
  assert.equal(checkout.latest.change.since, "2024-04-01");
  assert.equal(undated.team, "d");              // no respondent: listed under its file name
  assert.deepEqual(report.dates, { first: "2024-04-01", last: "2024-05-01" });
});

test("every file left out says why, and the rest is still reported", () => {
  const good = file("r/good.json", "<b>Team</b>", "2024-05-01", { q1: "x" });
  const loaded = readResults([
    good, { ...good, path: "r/copy.json" },
    { path: "r/a.yaml", text: "questionnaire: rules\n" },
    { path: "r/big.json", text: "", size: 300 * 1024 },
    { path: "r/syntax.json", text: '{"questionnaire": "rules",\n "answers": {' },
    { path: "r/latin1.json", text: new Uint8Array([0x7b, 0x22, 0xfc, 0x22, 0x7d]) },
    file("r/older.json", "Old", "2024-05-01", {}, { version: 0 }),
    file("r/unknown.json", "U", "2024-05-01", { nope: "x" }),
    file("r/date.json", "D", "2024-02-30", {}),
    { path: "r/dupkeys.json", text: '{"questionnaire": "rules",\n "answers": {},\n "answers": {}}' },
  ], specs);
  const why = Object.fromEntries(loaded.left_out.map((lo) => [lo.path, [lo.kind, lo.problems[0].line, lo.problems[0].field, lo.problems[0].message]]));
  assert.equal(loaded.sheets.length, 1);
  assert.equal(loaded.sheets[0].team, "<b>Team</b>");  // text, escaped where shown
  assert.match(why["r/copy.json"][3], /^duplicate of r\/good.json/);
  assert.match(why["r/a.yaml"][3], /playbook report/);
  assert.match(why["r/big.json"][3], /too large \(300 KB; a result file is at most 256 KB\)/);
  assert.deepEqual(why["r/syntax.json"].slice(0, 3), ["unreadable", 2, "json"]);
  assert.match(why["r/latin1.json"][3], /not UTF-8 text: byte 0xfc at column 3/);
  assert.deepEqual(why["r/older.json"].slice(0, 3), ["older", 1, "version"]);
  assert.deepEqual(why["r/unknown.json"].slice(0, 3), ["invalid", 8, "answers.nope"]);
  assert.match(why["r/date.json"][3], /'2024-02-30' is not a date like 2024-05-01/);
  assert.deepEqual(why["r/dupkeys.json"].slice(0, 3), ["unreadable", 3, "answers"]);
  const older = readResults([file("r/older.json", "Old", "2024-05-01", {}, { version: 0 })], specs, { includeOlder: true });
  assert.match(older.sheets[0].notes[0], /re-scored against the current version \(--include-older\)/);
});

test("evidence notes: per used file, and in each view by question, then respondent", () => {
  const sheets = readResults([file("a.json", "T / Ana", "2024-05-01", { q1: "x" }), file("b.json", "T / Ben", "2024-05-01", { q1: "y" })], specs).sheets;
  sheets[0].evidence = { q3: "wiki", q1: "<a href=x>" };
  sheets[1].evidence = { q1: "dashboard" };
  assert.deepEqual(view(spec, sheets, SETTINGS).evidence, [
    { question: "q1", number: 1, respondent: "Ana", text: "<a href=x>" },
    { question: "q1", number: 1, respondent: "Ben", text: "dashboard" },
    { question: "q3", number: 3, respondent: "Ana", text: "wiki" }]);
});

test("a folder's files come before its subfolders', and only result files are read", () => {
  assert.deepEqual(walkOrder(["r/b/a.json", "r/z.json", "r/a.json", "r/B/x.json"]), ["r/a.json", "r/z.json", "r/B/x.json", "r/b/a.json"]);
  assert.deepEqual(["r/.git/x.json", "r/.a.json", "r/notes.txt", "r/a.JSON", "r/b.yml"].map(isResultName), [false, false, false, true, true]);
});

test("targets: the JSON form is read and checked; YAML needs the command line", () => {
  const phases = spec.outcomes.phases.map((p) => p.id);
  const ok = readTargets(JSON.stringify({ default: { rules: phases[0] }, teams: { "Check Out": { rules: phases[1] } } }), "t.json", specs);
  assert.deepEqual(ok.problems, []);
  assert.equal(ok.targets.teams["check out"].rules, phases[1]);
  const bad = readTargets('{"teams": {"A": {"rules": "p11"}, "a ": {}},\n "defaults": {}}', "t.json", specs);
  assert.equal(bad.targets, null);
  assert.deepEqual(bad.problems.map((p) => [p.line, p.field]), [[1, "teams.A.rules"], [1, "teams.a "], [2, "defaults"]]);
  assert.match(bad.problems[0].message, /has no phase 'p11' \(did you mean 'p1'\?\)/);
  assert.match(readTargets("teams: {}", "t.yaml", specs).problems[0].message, /playbook report --targets/);
});

test("the JSON reader tells floats from integers, reads NaN, finds repeated keys and deep nesting", () => {
  const p = parseJson('{"v": 1.0, "w": 1, "n": NaN,\n "v": 2}', 32);
  assert.ok(p.floats.has('["v"]') && !p.floats.has('["w"]') && Number.isNaN(p.data.n));
  assert.deepEqual(p.duplicates, [[["v"], 2]]);
  assert.deepEqual(parseJson("[".repeat(40) + "]".repeat(40), 32).error, { line: 1, field: "json", message: "nested too deeply (at most 32 levels)" });
  assert.equal(parseJson('{"__proto__": {"x": 1}}', 32).data.__proto__.x, 1);
});

test("suggestions and cleaning follow Python's difflib and str rules", () => {
  assert.equal(suggest("organisational-maturty", ["model-fit", "organisational-maturity"]), " (did you mean 'organisational-maturity'?)");
  assert.equal(suggest("zzz", ["model-fit"]), "");
  assert.equal(cleanText("a\u202e b\n\tc  "), "a b c");
  assert.equal(cleanText("x".repeat(5), 4), "xxx…");
  assert.equal(teamKey(" Straße  Team"), teamKey("STRASSE team"));
});

test("CSV: one row per figure, formulas defused, quoted per RFC 4180, a BOM and CRLF", async () => {
  const { cell, rowsToCsv, resultRows, workshopRows, toCsv, COLUMNS } = await import("../../site_templates/assets/rollup/csv.js");
  assert.deepEqual(["=1", "+1", "-1", "@x", "\tx", "\rx", "a,b", 'q"q', "a\r\nb", null, 7].map(cell),
    ["'=1", "'+1", "'-1", "'@x", "'\tx", "\"'\nx\"", '"a,b"', '"q""q"', '"a\nb"', "", "7"]);
  assert.equal(rowsToCsv([]), "\ufeff" + COLUMNS.join(",") + "\r\n");
  const rows = resultRows(spec, { respondent: "Blue / Ana", date: "2024-05-01", answers: { q1: "y", q3: ["m1", "m2"] }, evidence: { q3: "=cmd" } });
  assert.deepEqual(rows.map((r) => [r.team, r.respondent, r.source, r.kind, r.id, r.value]).filter((r) => ["answer", "evidence"].includes(r[3])), [
    ["Blue", "Ana", "file", "answer", "q1", "y"], ["Blue", "Ana", "file", "answer", "q3", "m1"], ["Blue", "Ana", "file", "answer", "q3", "m2"],
    ["Blue", "Ana", "file", "evidence", "q3", "=cmd"]]);
  assert.ok(rowsToCsv(rows).includes(",'=cmd,"));
  const sheets = readResults([file("w/b.json", "Blue / Ben", "2024-05-01", { q1: "z" }), file("w/a.json", "Blue / Ana", "2024-05-01", { q1: "x" })], specs).sheets;
  const ws = workshopRows(spec, sheets).filter((r) => r.kind === "answer");
  assert.deepEqual(ws.map((r) => [r.source, r.respondent, r.value]), [["participant", "Ana", "x"], ["participant", "Ben", "z"], ["workshop", "Ana; Ben", "x"]]);
  // The report's CSV is the rows of every view, newest first.
  const report = buildReport(readResults([file("a.json", "T", "2024-05-01", { q1: "x" }), file("b.json", "T", "2024-04-01", { q1: "z" })], specs), specs);
  const answers = toCsv(report, specs).split("\r\n").filter((l) => l.includes(",answer,"));
  assert.deepEqual(answers.map((l) => l.split(",")[4] + " " + l.split(",")[9]), ["2024-05-01 x", "2024-04-01 z"]);
});
