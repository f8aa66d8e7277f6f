// The golden scoring cases (tests/js/golden/cases.json, written and checked by
// tests/test_parity_golden.py, and the shipped questionnaires' tests/golden/*.json) through the
// browser's engine: identical results, field by field.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { percent, atLeast, questionMax, score, holds } from "../../site_templates/assets/assessment/engine.js";

const cases = JSON.parse(readFileSync(new URL("./golden/cases.json", import.meta.url), "utf8"));

test("there are golden cases", () => assert.ok(cases.length >= 10));

for (const c of cases) {
  test(`golden: ${c.name}`, () => {
    assert.deepStrictEqual(score(c.spec, c.answers), c.result);
  });
}

test("percent rounds half up in integers and has none for an empty maximum", () => {
  assert.equal(percent(1, 8), 13);   // 12.5
  assert.equal(percent(3, 8), 38);   // 37.5
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(2, 3), 67);
  assert.equal(percent(1, 200), 1); // 0.5
  assert.equal(percent(1, 201), 0); // 0.497…
  assert.equal(percent(0, 5), 0);
  assert.equal(percent(-3, 5), 0);  // negative candidate scores show as 0 %
  assert.equal(percent(5, 0), null);
  assert.equal(percent(7, 5), 140);
});

test("thresholds compare without division", () => {
  assert.equal(atLeast(4, 8, 50), true);
  assert.equal(atLeast(3, 8, 38), false); // shown as 38 %, but 37.5 % < 38 %
  assert.equal(atLeast(0, 0, 0), true);
  assert.equal(atLeast(0, 0, 1), false);
  assert.equal(atLeast(-1, 4, 0), true);
});

test("a multiple choice question's maximum is the combination or the best exclusive option", () => {
  const q = { type: "multiple", options: [
    { id: "a", points: { d: 1 }, candidates: {}, exclusive: false },
    { id: "b", points: { d: 2 }, candidates: { k: -3 }, exclusive: false },
    { id: "n", points: { d: 4 }, candidates: {}, exclusive: true }] };
  assert.equal(questionMax(q, "d", "points"), 4);
  assert.equal(questionMax({ ...q, type: "single" }, "d", "points"), 4);
  assert.equal(questionMax(q, "k", "candidates"), 0);
  assert.equal(questionMax(q, "x", "points"), 0);
});

test("conditions: answer, all, any, not, dimension; dimension never decides visibility", () => {
  const ans = { q: ["a", "b"], s: "x" };
  assert.equal(holds({ answer: "q", in: ["b"] }, ans, null), true);
  assert.equal(holds({ answer: "s", in: ["b"] }, ans, null), false);
  assert.equal(holds({ answer: "missing", in: ["b"] }, ans, null), false);
  assert.equal(holds({ all: [{ answer: "s", in: ["x"] }, { not: { answer: "q", in: ["c"] } }] }, ans, null), true);
  assert.equal(holds({ any: [{ answer: "s", in: ["y"] }, { dimension: "d", at_least: 50 }] }, ans, { d: [1, 2] }), true);
  assert.throws(() => holds({ dimension: "d", at_least: 1 }, ans, null));
  assert.equal(holds(null, ans, null), true);
});

test("answers named like Object.prototype members are plain data", () => {
  const c = cases[0];
  const r = score(c.spec, JSON.parse('{"__proto__": "x", "constructor": ["y"], "toString": "z"}'));
  assert.deepStrictEqual(r, score(c.spec, {}));
});

// The shipped questionnaires' golden results (tests/golden/<id>.json, written by
// `python -m sre_org_playbook.assessments.golden`): scenarios from the sources, extremes and a witness
// for every outcome, each with the Python engine's result.
const shipped = new URL("../golden/", import.meta.url);
for (const name of readdirSync(shipped).filter((n) => n.endsWith(".json")).sort()) {
  const golden = JSON.parse(readFileSync(new URL(name, shipped), "utf8"));
  test(`shipped golden ${golden.questionnaire}: ${golden.cases.length} cases`, () => {
    assert.ok(golden.cases.length > 0);
    for (const c of golden.cases) assert.deepStrictEqual(score(golden.spec, c.answers), c.result, c.name);
  });
}
