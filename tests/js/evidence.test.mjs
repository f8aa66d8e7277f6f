// Evidence notes and milestones (site_templates/assets/assessment/evidence.js), in files and share
// links (keep.js, answers.js): checked like generator/assessments/answers.py, never trusted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LIMITS, encodeShare } from "../../site_templates/assets/assessment/answers.js";
import { checkSheet, decodeShare, resultDocument } from "../../site_templates/assets/assessment/keep.js";
import { MILESTONES, change, checkEvidence, checkMilestones, entry, phaseIndex } from "../../site_templates/assets/assessment/evidence.js";
import { score } from "../../site_templates/assets/assessment/engine.js";

const cases = JSON.parse(readFileSync(new URL("./golden/cases.json", import.meta.url), "utf8"));
const spec = cases.find((c) => c.spec.id === "rules").spec; // q1, q2 single; q3 multiple with exclusive "all"; q4 single
const paths = (r) => r.problems.map((p) => p.path.join("."));
const EVIL = "<img src=x onerror=alert(1)> & “quotes” #frag ?a=b&c=d\nline two";

test("notes are trimmed, empty ones dropped, in declared question order", () => {
  const r = checkEvidence({ q4: " last ", q1: "\u3000first\x1c", q2: "  \n" }, spec);
  assert.deepEqual(r, { evidence: { q1: "first", q4: "last" }, problems: [] });
  assert.deepEqual(Object.keys(r.evidence), ["q1", "q4"]);
  // Python's strip(): U+FEFF is no whitespace there, so it stays.
  assert.equal(checkEvidence({ q1: "\ufeffx" }, spec).evidence.q1, "\ufeffx");
});

test("a note's length is counted in characters (code points), at most LIMITS.note", () => {
  assert.deepEqual(checkEvidence({ q1: "😀".repeat(LIMITS.note) }, spec).problems, []);
  const long = checkEvidence({ q1: "x".repeat(LIMITS.note + 1) }, spec);
  assert.deepEqual(paths(long), ["evidence.q1"]);
  assert.match(long.problems[0].message, /too long \(1001 characters, at most 1000\)/);
});

test("unknown questions, non-text notes and a non-mapping are problems named by path", () => {
  const r = checkEvidence(JSON.parse('{"nope": "x", "q1": 5, "q2": ["a"], "__proto__": "y", "q3": null}'), spec);
  assert.deepEqual(paths(r).sort(), ["evidence.__proto__", "evidence.nope", "evidence.q1", "evidence.q2"]);
  assert.deepEqual(r.evidence, {});
  assert.deepEqual(paths(checkEvidence("text", spec)), ["evidence"]);
  const sheet = checkSheet({ questionnaire: "rules", version: spec.version, answers: { q1: "x" }, evidence: { q9: "z" } }, spec);
  assert.deepEqual(sheet.errors.map((e) => e.path.join(".")), ["evidence.q9"]);
});

test("a share link carries notes and brings them back as text", () => {
  const answers = { q1: "y", q3: ["m1", "m2"] }, evidence = { q3: EVIL, q1: "see https://wiki.example/x?y=1#z" };
  const link = encodeShare(spec, answers, "Team", "2026-11-20", evidence);
  assert.ok(!/[<>" \n]/.test(link), link);
  const { doc, problems } = decodeShare("#" + link, spec);
  assert.deepEqual(problems, []);
  const { sheet, errors, warnings } = checkSheet(doc, spec);
  assert.deepEqual([errors, warnings], [[], []]);
  assert.deepEqual(sheet.answers, answers);
  assert.deepEqual(sheet.evidence, { q1: "see https://wiki.example/x?y=1#z", q3: EVIL });
  // Without notes the link is as before: no n.… parameter.
  assert.ok(!encodeShare(spec, answers, "", null, {}).includes("n."));
});

test("a link with notes over the limit cannot be read; one within it can", () => {
  const base = "https://example.org/assessments/rules/#";
  const within = base + encodeShare(spec, { q1: "y" }, "", null, { q1: "a".repeat(LIMITS.note), q2: "b".repeat(LIMITS.note) });
  assert.ok(within.length < LIMITS.link);
  assert.equal(checkSheet(decodeShare(within.split("#")[1], spec).doc, spec).sheet.evidence.q2.length, LIMITS.note);
  // Four long notes of characters that must be escaped run past LIMITS.link: such a link is refused
  // (form.js leaves the notes out instead and says so).
  const notes = { q1: "<".repeat(LIMITS.note), q2: "<".repeat(LIMITS.note), q3: "<".repeat(LIMITS.note), q4: "<".repeat(LIMITS.note) };
  const over = encodeShare(spec, { q1: "y" }, "", null, notes);
  assert.ok(over.length > LIMITS.link);
  assert.match(decodeShare("#" + over, spec).error, /too long/);
  // A tampered link with a note for an unknown question or a too long note: an error, the rest applies.
  const bad = decodeShare(`#q=rules&v=${spec.version}&n.zz=hi&n.q2=${"x".repeat(LIMITS.note + 1)}&a=q1:y`, spec);
  const r = checkSheet(bad.doc, spec);
  assert.deepEqual(r.errors.map((e) => e.path.join(".")).sort(), ["evidence.q2", "evidence.zz"]);
  assert.deepEqual(r.sheet.answers, { q1: "y" });
});

test("the downloaded document carries notes and milestones before the result, only when there are some", () => {
  const sheet = { respondent: "T", date: "2024-05-01", answers: { q1: "x" }, evidence: { q1: "n" }, milestones: [{ date: "2024-01-01", answers: {} }] };
  const doc = resultDocument(spec, sheet, score(spec, sheet.answers));
  assert.deepEqual(Object.keys(doc), ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "evidence", "milestones", "result"]);
  const plain = resultDocument(spec, { ...sheet, evidence: {}, milestones: [] }, score(spec, sheet.answers));
  assert.deepEqual(Object.keys(plain), ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "result"]);
  // It reads back through checkSheet with its notes and milestones.
  const back = checkSheet(JSON.parse(JSON.stringify(doc)), spec);
  assert.deepEqual([back.errors, back.sheet.evidence, back.sheet.milestones], [[], { q1: "n" }, [{ date: "2024-01-01", answers: {} }]]);
});

test("milestones are kept leniently: a bad one is a warning and dropped, at most MILESTONES", () => {
  const good = { date: "2024-01-02", label: " Base ", answers: { q3: ["m2", "m1"] }, evidence: { q3: " why " } };
  const r = checkMilestones([good, { date: "2024-13-01", answers: {} }, { date: "2024-01-03", answers: { q1: "zz" } }, 7,
    { date: "2024-01-04", answers: {}, x: 1 }, { date: "2024-01-05", answers: {}, label: 5 }], spec);
  assert.deepEqual(r.milestones, [{ date: "2024-01-02", answers: { q3: ["m1", "m2"] }, evidence: { q3: "why" }, label: "Base" }]);
  assert.deepEqual(r.warnings.map((w) => w.path.join(".")), ["milestones.1", "milestones.2", "milestones.3", "milestones.4", "milestones.5"]);
  const many = checkMilestones(Array.from({ length: MILESTONES + 2 }, () => ({ date: "2024-01-01", answers: {} })), spec);
  assert.equal(many.milestones.length, MILESTONES);
  assert.match(many.warnings[0].message, /2 after the first 50 are dropped/);
  assert.deepEqual(checkMilestones("x", spec).milestones, []);
  // A file with bad milestones still gives its answers.
  const sheet = checkSheet({ questionnaire: "rules", version: spec.version, answers: { q1: "x" }, milestones: [1] }, spec);
  assert.deepEqual([sheet.errors, sheet.sheet.answers, sheet.warnings.length], [[], { q1: "x" }, 1]);
});

test("the change since a milestone follows the report's change(): phase steps, points, top candidates", () => {
  const om = cases.map((c) => c.spec).find((s) => s.outcomes.phases.length > 1 && s.dimensions.length > 1 && s.outcomes.rankings.length);
  assert.ok(om, "a golden questionnaire with phases, dimensions and a ranking");
  const qs = om.sections.flatMap((s) => s.questions);
  const first = Object.fromEntries(qs.map((q) => [q.id, q.type === "single" ? q.options[0].id : [q.options[0].id]]));
  const last = Object.fromEntries(qs.map((q) => [q.id, q.type === "single" ? q.options.at(-1).id : [q.options.at(-1).id]]));
  const a = score(om, first), b = score(om, last), idx = phaseIndex(om);
  const ch = change(entry(om, b, "2024-06-01"), entry(om, a, "2024-01-01"), idx);
  assert.equal(ch.since, "2024-01-01");
  assert.equal(ch.phase, (idx[b.phase] ?? -1) - (idx[a.phase] ?? -1));
  assert.equal(ch.overall, b.overall.percent - a.overall.percent);
  for (const d of b.dimensions) assert.equal(ch.dimensions[d.id], d.percent - a.dimensions.find((x) => x.id === d.id).percent);
  assert.deepEqual(ch.improved, Object.keys(ch.dimensions).filter((d) => ch.dimensions[d] > 0));
  assert.deepEqual(ch.slipped, Object.keys(ch.dimensions).filter((d) => ch.dimensions[d] < 0));
  for (const r of b.rankings) {
    const was = a.rankings.find((x) => x.id === r.id).top;
    assert.equal(r.id in ch.top, r.top !== was);
  }
  // Against itself nothing moved.
  const same = change(entry(om, a, "2024-01-02"), entry(om, a, "2024-01-01"), idx);
  assert.deepEqual([same.phase, same.overall, same.improved, same.slipped, same.top], [0, 0, [], [], {}]);
});

test("a proposal link is the new-file page with the answers file (no result) filled in", async () => {
  const { proposal } = await import("../../site_templates/assets/assessment/result.js");
  const d = { propose: "https://gitlab.example.org/sre/p/-/new/main/results", proposeName: "file_name", proposeContent: "content" };
  const url = new URL(proposal(spec, { d, who: "Team <A>", date: "2026-11-20", answers: { q1: "x" }, evidence: { q1: " why ", q9: "gone" } }));
  assert.equal(url.origin + url.pathname, d.propose);
  assert.equal(url.searchParams.get("file_name"), "rules-team-a-2026-11-20.json");
  const doc = JSON.parse(url.searchParams.get("content"));
  assert.deepEqual(Object.keys(doc), ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "evidence"]);
  assert.deepEqual([doc.respondent, doc.answers, doc.evidence], ["Team <A>", { q1: "x" }, { q1: "why" }]);
});

test("keeping a milestone snapshots answers and notes; past MILESTONES the oldest goes, with a notice", async () => {
  const { keepMilestone, dropMilestone } = await import("../../site_templates/assets/assessment/keep.js");
  const notices = [], old = Array.from({ length: MILESTONES }, (_, i) => ({ date: `2024-01-${String(i % 28 + 1).padStart(2, "0")}`, answers: {} }));
  const app = { spec, s: { answers: { q1: "x" }, evidence: { q1: " n ", q2: "" }, milestones: old },
    notice: (...a) => notices.push(a), sync: () => {} };
  keepMilestone(app, "  After review ");
  assert.equal(app.s.milestones.length, MILESTONES);
  assert.equal(app.s.milestones[0], old[1]);
  const kept = app.s.milestones.at(-1);
  assert.deepEqual([kept.answers, kept.evidence, kept.label], [{ q1: "x" }, { q1: "n" }, "After review"]);
  assert.match(kept.date, /^\d{4}-\d{2}-\d{2}$/);
  app.s.answers.q1 = "y";                         // a snapshot, not a view of the live answers
  assert.deepEqual(kept.answers, { q1: "x" });
  assert.equal(notices.length, 1);
  assert.match(notices[0][2], /At most 50 milestones are kept: the oldest, of 2024-01-01, was dropped/);
  dropMilestone(app, MILESTONES - 1);
  assert.equal(app.s.milestones.length, MILESTONES - 1);
  assert.ok(!app.s.milestones.includes(kept));
});

test("a milestone's date is a calendar day", () => {
  for (const date of ["2024-02-30", "2024-13-01", "2024-1-01", "24-01-01", "2024-01-01T10:00", "", 20240101, null])
    assert.equal(checkMilestones([{ date, answers: {} }], spec).milestones.length, 0, String(date));
  assert.equal(checkMilestones([{ date: "2024-02-29", answers: {} }], spec).milestones.length, 1);
});
