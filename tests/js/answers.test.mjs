// Answers from outside the page: checked, normalised, never trusted (site_templates/assets/assessment/
// answers.js for saved answers and share links made, keep.js for share links opened and files).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LIMITS, checkAnswerMap, encodeShare, isShare, show } from "../../site_templates/assets/assessment/answers.js";
import { checkSheet, decodeShare, resultDocument } from "../../site_templates/assets/assessment/keep.js";
import { score } from "../../site_templates/assets/assessment/engine.js";

const cases = JSON.parse(readFileSync(new URL("./golden/cases.json", import.meta.url), "utf8"));
const spec = cases.find((c) => c.spec.id === "rules").spec; // q1, q2 single; q3 multiple with exclusive "all"; q4 single
const paths = (r) => r.problems.map((p) => p.path.join("."));

test("valid answers are normalised to declared order, empty ones dropped", () => {
  const r = checkAnswerMap({ q4: "u", q3: ["m2", "m1"], q1: "x", q2: null }, spec);
  assert.deepEqual(Object.keys(r.answers), ["q1", "q3", "q4"]);
  assert.deepEqual(r.answers.q3, ["m1", "m2"]);
});

test("unknown ids, wrong types, duplicates and exclusive combinations are problems, named by path", () => {
  const r = checkAnswerMap({ nope: "x", q1: ["x"], q2: 3, q3: ["m1", "m1", 7, "zz"], q4: "zz" }, spec);
  assert.deepEqual(paths(r).sort(), ["answers.nope", "answers.q1", "answers.q2", "answers.q3.1", "answers.q3.2", "answers.q3.3", "answers.q4"].sort());
  assert.deepEqual(r.answers, {});
  assert.deepEqual(paths(checkAnswerMap({ q3: ["all", "m1"] }, spec)), ["answers.q3"]);
  assert.deepEqual(paths(checkAnswerMap({ q3: "m1" }, spec)), ["answers.q3"]);
  assert.deepEqual(paths(checkAnswerMap([1], spec)), ["answers"]);
});

test("prototype-named keys are unknown questions, not object internals", () => {
  const raw = JSON.parse('{"__proto__": "x", "constructor": "y", "hasOwnProperty": "z", "q1": "x"}');
  const r = checkAnswerMap(raw, spec);
  assert.deepEqual(r.answers, { q1: "x" });
  assert.equal(r.problems.length, 3);
  assert.equal({}.x, undefined);
});

test("shown values are quoted, shortened text", () => {
  assert.equal(show("<img src=x>"), "'<img src=x>'");
  assert.equal(show("a".repeat(100)).length, 60);
  assert.equal(show({ a: 1 }), `'{"a":1}'`);
});

test("share links round-trip answers, respondent, version and hash", () => {
  const answers = { q1: "y", q2: "p", q3: ["m1", "m2"] };
  const link = encodeShare(spec, answers, "Team Ä & <b>");
  const { doc, problems } = decodeShare("#" + link, spec);
  assert.deepEqual(problems, []);
  const { sheet, errors, warnings } = checkSheet(doc, spec);
  assert.deepEqual([errors, warnings], [[], []]);
  assert.deepEqual(sheet.answers, answers);
  assert.equal(sheet.respondent, "Team Ä & <b>");
  assert.deepEqual(score(spec, sheet.answers), score(spec, answers));
  assert.ok(!/[<>" ]/.test(link), link);
});

test("a share link carries the date the answers were last changed, when there is one", () => {
  const { doc } = decodeShare("#" + encodeShare(spec, { q1: "y" }, "", "2026-11-20"), spec);
  assert.equal(checkSheet(doc, spec).sheet.date, "2026-11-20");
  assert.equal(decodeShare("#" + encodeShare(spec, { q1: "y" }, ""), spec).doc.date, undefined);
});

test("an ordinary #heading is no share link; a broken one is an error, not a crash", () => {
  assert.equal(decodeShare("#before-you-start", spec), null);
  assert.equal(decodeShare("", spec), null);
  // form.js loads the share reader (keep.js) only for fragments isShare accepts.
  for (const f of ["#before-you-start", "", "#q-slo-coverage", "#aq=1"]) assert.equal(isShare(f), false, f);
  for (const f of ["#q=rules&a=q1:x", "#a=q1:x", "#v=1&q=rules", "q=rules"]) assert.equal(isShare(f), true, f);
  assert.match(decodeShare("#q=rules&a=" + "q1:x,".repeat(LIMITS.link), spec).error, /too long/);
  assert.match(decodeShare("#q=rules", spec).error, /no answers/);
  const bad = decodeShare("#q=rules&a=<script>:x,q1:%E0%A4%A,q3:m1.nope,__proto__:x", spec);
  assert.equal(bad.problems.length, 2); // <script> and __proto__ are not ids
  const { sheet, errors } = checkSheet(bad.doc, spec);
  assert.equal(errors.length, 2); // q1's garbled option, q3's unknown option
  assert.deepEqual(sheet.answers, {});
});

test("a document for another questionnaire or of the wrong shape is refused", () => {
  assert.equal(checkSheet({ questionnaire: "other", answers: {} }, spec).sheet, null);
  assert.equal(checkSheet([], spec).sheet, null);
  const r = checkSheet({ questionnaire: "rules", version: "1", respondent: { a: 1 }, date: 5, answers: { q1: "x" }, extra: 1 }, spec);
  assert.deepEqual(r.errors.map((e) => e.path[0]).sort(), ["date", "extra", "respondent", "version"]);
  assert.deepEqual(r.sheet.answers, { q1: "x" });
  const old = checkSheet({ questionnaire: "rules", version: 99, answers: {} }, spec);
  assert.match(old.warnings[0].message, /version 99/);
});

test("the result document has the CLI's fields in the CLI's order", () => {
  const doc = resultDocument(spec, { respondent: "T", date: "2024-05-01", answers: { q1: "x" } }, score(spec, { q1: "x" }));
  assert.deepEqual(Object.keys(doc), ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "result"]);
  assert.equal(doc.spec_hash, spec.spec_hash);
});
