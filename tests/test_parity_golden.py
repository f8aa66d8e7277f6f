"""Golden scoring cases, shared by the Python engine (here) and the JavaScript engine
(tests/js/engine.test.mjs reads tests/js/golden/cases.json).

Each case is a small questionnaire written for one rule of the scoring contract, an answers
mapping, and the values a person worked out by hand from the rules (`expect`, dotted paths into
the result). The full results in cases.json are the Python engine's, checked against those
hand-written values; both engines must reproduce them field by field. After changing CASES:

    /work/venv/bin/python tests/test_parity_golden.py   # rewrites tests/js/golden/cases.json
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from sre_org_playbook.assessments.engine import score
from sre_org_playbook.assessments.model import Questionnaire
from sre_org_playbook.assessments.spec import build_spec

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "js" / "golden" / "cases.json"

INTRO = {"text": "t", "scope": "s", "in_between": "b", "not_answering": "n"}


def questionnaire(id: str, **fields) -> dict:
    return {"id": id, "title": id.title(), "version": 1, "summary": "s", "audience": "a", "intro": INTRO,
            "sources": ["sources/book"], **fields}


def opt(id: str, points: dict | None = None, cand: dict | None = None, exclusive: bool = False) -> dict:
    o = {"id": id, "label": f"Option {id}"}
    if points:
        o["points"] = points
    if cand:
        o["candidates"] = cand
    if exclusive:
        o["exclusive"] = True
    return o


# Rules: weights, visibility chains, multiple choice with an exclusive option, phases with gates,
# a ranking with negative points and an exclusion, advice with every condition form.
RULES = questionnaire(
    "rules",
    dimensions=[{"id": "a", "title": "A", "weight": 2}, {"id": "b", "title": "B"}],
    sections=[
        {"id": "s1", "title": "One", "questions": [
            {"id": "q1", "text": "Q1", "options": [
                opt("x", {"a": 1}, {"c1": 2}), opt("y", {"a": 3}, {"c2": 2}), opt("z", {}, {"c3": 1})]},
            {"id": "q2", "text": "Q2", "show_if": {"answer": "q1", "in": ["y"]}, "options": [
                opt("p", {"a": 2, "b": 1}, {"c1": -1}), opt("r", {"b": 3}, {"c2": 1, "c3": -2})]},
        ]},
        {"id": "s2", "title": "Two", "questions": [
            {"id": "q3", "text": "Q3", "type": "multiple", "options": [
                opt("m1", {"b": 1}, {"c1": 1}), opt("m2", {"b": 1}, {"c2": 1}), opt("m3", {}, {"c3": 3}),
                opt("all", {"b": 3}, {"c1": 1, "c2": 1}, exclusive=True)]},
            {"id": "q4", "text": "Q4", "show_if": {"all": [{"answer": "q1", "in": ["y"]},
                                                            {"not": {"answer": "q2", "in": ["r"]}}]},
             "options": [opt("u", {"a": 1}, {"c3": 4}), opt("w", {"b": 1})]},
        ]},
    ],
    outcomes={
        "phases": [
            {"id": "p0", "title": "P0", "summary": "s", "threshold": 0},
            {"id": "p1", "title": "P1", "summary": "s", "threshold": 50,
             "gates": [{"id": "b-half", "when": {"dimension": "b", "at_least": 50}, "text": "t"}]},
            {"id": "p2", "title": "P2", "summary": "s", "threshold": 90, "gates": [
                {"id": "nested", "text": "t", "when": {"all": [
                    {"dimension": "a", "at_least": 50},
                    {"any": [{"answer": "q1", "in": ["z"]}, {"answer": "q3", "in": ["m3"]}]},
                    {"not": {"answer": "q1", "in": ["x"]}}]}}]},
        ],
        "rankings": [{"id": "r", "title": "R", "candidates": [
            {"id": "c1", "title": "C1"},
            {"id": "c2", "title": "C2"},
            {"id": "c3", "title": "C3", "exclude_if": [
                {"id": "no-z", "when": {"answer": "q1", "in": ["x"]}, "text": "t"}]},
        ]}],
        "advice": [
            {"id": "adv-any", "title": "T", "text": "t",
             "when": {"any": [{"answer": "q3", "in": ["m1"]}, {"answer": "q1", "in": ["z"]}]}},
            {"id": "adv-dim", "title": "T", "text": "t", "when": {"dimension": "a", "at_least": 60}},
            {"id": "adv-zero", "title": "T", "text": "t", "when": {"dimension": "b", "at_least": 0}},
            {"id": "adv-not", "title": "T", "text": "t", "when": {"not": {"answer": "q2", "in": ["p", "r"]}}},
        ],
    },
)

# Rounding and thresholds: raw/max landing on .5 and thirds; a threshold compared exactly, not
# against the rounded percentage; a dimension with nothing visible has no percentage.
ROUNDING = questionnaire(
    "rounding",
    dimensions=[{"id": "d", "title": "D"}, {"id": "e", "title": "E"}],
    sections=[{"id": "s", "title": "S", "questions": [
        {"id": "eight", "text": "Q", "options": [opt("o0", {"d": 0}), opt("o1", {"d": 1}), opt("o3", {"d": 3}),
                                                 opt("o4", {"d": 4}), opt("o8", {"d": 8})]},
        {"id": "three", "text": "Q", "show_if": {"answer": "eight", "in": ["o8"]},
         "options": [opt("t0", {"e": 0}), opt("t1", {"e": 1}), opt("t2", {"e": 2}), opt("t3", {"e": 3})]},
    ]}],
    outcomes={"phases": [
        {"id": "low", "title": "Low", "summary": "s", "threshold": 0},
        {"id": "mid", "title": "Mid", "summary": "s", "threshold": 38},
        {"id": "edge", "title": "Edge", "summary": "s", "threshold": 50},
    ]},
)

# Ties: equal scores keep the declared order; reasons are capped, sorted by size then order.
TIES = questionnaire(
    "ties",
    sections=[{"id": "s", "title": "S", "questions": [
        {"id": f"t{i}", "text": "Q", "type": "multiple" if i == 4 else "single", "options": [
            opt("a", cand={"k1": 1, "k2": 1, "k3": -1}), opt("b", cand={"k2": 2, "k3": -2}),
            opt("c", cand={"k1": 2, "k3": -1})]}
        for i in range(1, 5)]}],
    outcomes={"rankings": [{"id": "r", "title": "R", "candidates": [
        {"id": "k1", "title": "K1"}, {"id": "k2", "title": "K2"}, {"id": "k3", "title": "K3"}]}]},
)

# Tie-break rules: a conditional rule, then an unconditional one; a ranking that applies only when
# an earlier ranking's top is one of some candidates; advice on a top, including a tie for first.
TIEBREAK = questionnaire(
    "tiebreak",
    sections=[{"id": "s", "title": "S", "questions": [
        {"id": "q1", "text": "Q1", "options": [opt("hi", cand={"m1": 1, "m2": 1, "m3": 1}),
                                               opt("lo", cand={"m1": 1, "m2": 1, "m3": 1})]},
        {"id": "q2", "text": "Q2", "options": [opt("x", cand={"m3": 2}), opt("y", cand={"m1": -1})]}]}],
    outcomes={
        "rankings": [
            {"id": "models", "title": "Models", "candidates": [
                {"id": "m1", "title": "M1"}, {"id": "m2", "title": "M2"}, {"id": "m3", "title": "M3"}],
             "tie_breaks": [
                 {"id": "lo-prefers-m2", "when": {"answer": "q1", "in": ["lo"]}, "prefer": ["m2"], "text": "t"},
                 {"id": "order", "prefer": ["m1", "m2"], "text": "t"}]},
            {"id": "place", "title": "Place", "applies_if": {"top": "models", "in": ["m2", "m3"]},
             "candidates": [{"id": "p1", "title": "P1"}, {"id": "p2", "title": "P2"}]}],
        "advice": [
            {"id": "adv-top", "title": "T", "text": "t", "when": {"top": "models", "in": ["m2"]}},
            {"id": "adv-not-top", "title": "T", "text": "t", "when": {"not": {"top": "models", "in": ["m1"]}}},
            {"id": "adv-place", "title": "T", "text": "t", "when": {"top": "place", "in": ["p2"]}}],
    },
)

# A worksheet: no points at all, only completeness.
WORKSHEET = questionnaire(
    "worksheet", scored=False,
    sections=[{"id": "s", "title": "S", "questions": [
        {"id": "w1", "text": "Q", "options": [opt("yes"), opt("no")]},
        {"id": "w2", "text": "Q", "type": "multiple", "options": [opt("a"), opt("b")]}]}],
    outcomes={"advice": [{"id": "talk", "title": "T", "text": "t", "when": {"answer": "w1", "in": ["no"]}}]},
)

CASES = [
    # name, questionnaire, answers, hand-worked expectations
    ("nothing answered", RULES, {}, {
        # visible: q1, q3 (q2, q4 hidden). a: max 3 (q1); b: max 3 (q3: max(1+1+0, 3)).
        "dimensions.0.max": 3, "dimensions.1.max": 3, "overall.raw": 0, "overall.max": 9,
        "overall.percent": 0, "questions.visible": 2, "questions.answered": 0, "complete": False,
        "unanswered": ["q1", "q3"], "hidden": ["q2", "q4"], "phase": "p0", "phases.1.threshold_met": False,
        "phases.1.failed_gates": ["b-half"],
        "phases.1.unmet": [{"gate": "b-half", "missing": [{"dimension": "b", "at_least": 50}]}],
        # the nested gate: a is 0 % and neither q1 = z nor q3 ∋ m3; the not-part holds (q1 unanswered).
        "phases.2.unmet": [{"gate": "nested", "missing": [
            {"dimension": "a", "at_least": 50},
            {"any": [{"answer": "q1", "in": ["z"]}, {"answer": "q3", "in": ["m3"]}]}]}],
        "rankings.0.top": "c1", "advice": ["adv-zero", "adv-not"]}),
    ("everything at the top", RULES, {"q1": "y", "q2": "p", "q3": ["all"], "q4": "u"}, {
        # a: 3+2+0+1 = 6 of 3+2+0+1 = 6; b: 1+3+0 of 3 (q2) + 3 (q3) + 1 (q4) = 4/7.
        "dimensions.0.raw": 6, "dimensions.0.max": 6, "dimensions.0.percent": 100,
        "dimensions.1.raw": 4, "dimensions.1.max": 7, "dimensions.1.percent": 57,
        "overall.raw": 16, "overall.max": 19, "overall.percent": 84, "phase": "p1", "complete": True,
        "phases.2.threshold_met": False,
        # a is 100 %, q1 = y is not x: only the any-part of the nested gate is missing.
        "phases.2.unmet": [{"gate": "nested", "missing": [
            {"any": [{"answer": "q1", "in": ["z"]}, {"answer": "q3", "in": ["m3"]}]}]}],
        # c1: q2 p -1, q3 all +1 → 0; c2: q1 y +2, q3 all +1 → 3; c3: q4 u +4 → 4.
        "rankings.0.top": "c3", "rankings.0.candidates.0.score": 4, "rankings.0.candidates.1.id": "c2",
        "rankings.0.candidates.2.against": [{"question": "q2", "option": "p", "points": -1}],
        "advice": ["adv-dim", "adv-zero"]}),
    ("hidden answers are ignored", RULES, {"q1": "x", "q2": "r", "q3": ["m1", "m2"], "q4": "w"}, {
        "hidden": ["q2", "q4"], "ignored": ["q2", "q4"], "questions.visible": 2, "complete": True,
        "dimensions.0.raw": 1, "dimensions.1.raw": 2, "overall.raw": 4, "overall.max": 9, "overall.percent": 44,
        "rankings.0.candidates.2.id": "c3", "rankings.0.candidates.2.rank": None,
        "rankings.0.candidates.2.excluded_by": ["no-z"], "rankings.0.top": "c1",
        "advice": ["adv-any", "adv-zero", "adv-not"]}),  # a is 1 of 3: below 60 %
    ("a hidden question hides its dependants", RULES, {"q1": "y", "q2": "r", "q4": "u"}, {
        # q4 is hidden because q2 = r; q3 unanswered still counts in max.
        "hidden": ["q4"], "ignored": ["q4"], "unanswered": ["q3"], "complete": False,
        "dimensions.1.raw": 3, "dimensions.1.max": 6, "phase": "p1"}),
    ("exclusive option scored on its own", RULES, {"q1": "z", "q3": ["all"]}, {
        "dimensions.1.raw": 3, "dimensions.1.percent": 100,
        # c1, c2 and c3 all have 1 point and no tie-break rule: a three-way tie, listed in declared order.
        "rankings.0.top": "c1", "rankings.0.tied": ["c1", "c2", "c3"], "rankings.0.lead.by": None,
        "rankings.0.candidates.0.tied_with": ["c2", "c3"],
        "rankings.0.candidates.2.id": "c3", "rankings.0.candidates.2.rank": 3,
        "rankings.0.candidates.2.reasons": [{"question": "q1", "option": "z", "points": 1}]}),
    ("one eighth is 12.5 %, shown as 13", ROUNDING, {"eight": "o1"}, {
        "hidden": ["three"], "dimensions.0.percent": 13, "dimensions.1.max": 0, "dimensions.1.percent": None,
        "overall.raw": 1, "overall.max": 8, "overall.percent": 13, "phase": "low"}),
    ("37.5 % shows as 38 but does not reach a 38 % threshold", ROUNDING, {"eight": "o3"}, {
        "overall.percent": 38, "phases.1.threshold_met": False, "phase": "low"}),
    ("exactly 50 % reaches a 50 % threshold", ROUNDING, {"eight": "o4"}, {
        "overall.percent": 50, "phases.2.threshold_met": True, "phase": "edge"}),
    ("two thirds round to 67, one third to 33", ROUNDING, {"eight": "o8", "three": "t2"}, {
        "dimensions.1.percent": 67, "overall.raw": 10, "overall.max": 11, "overall.percent": 91}),
    ("one third", ROUNDING, {"eight": "o8", "three": "t1"}, {
        "dimensions.1.percent": 33, "overall.percent": 82, "phase": "edge"}),
    ("nothing measured yet", ROUNDING, {"eight": "o0", "three": "t3"}, {
        "ignored": ["three"], "overall.percent": 0, "phase": "low"}),
    ("equal scores without a tie-break rule are a tie", TIES, {"t1": "a"}, {
        # k1 1, k2 1, k3 -1: k1 and k2 tied for first, listed in declared order.
        "rankings.0.top": "k1", "rankings.0.tied": ["k1", "k2"], "rankings.0.lead": {
            "over": "k2", "by": None, "points": 0, "answers": []},
        "rankings.0.candidates.1.id": "k2", "rankings.0.candidates.1.rank": 2,
        "rankings.0.candidates.1.tied_with": ["k1"], "rankings.0.candidates.2.tied_with": [],
        "rankings.0.candidates.2.score": -1, "rankings.0.candidates.2.max": 0,
        "rankings.0.candidates.2.percent": None}),  # only negative points: nothing to measure
    ("reasons capped and ordered", TIES, {"t1": "a", "t2": "c", "t3": "c", "t4": ["a", "b", "c"]}, {
        # k1: t1 a +1, t2 c +2, t3 c +2, t4 a +1, t4 c +2 = 8 of 2+2+2+3 = 9 → 89 %.
        "rankings.0.candidates.0.id": "k1", "rankings.0.candidates.0.score": 8, "rankings.0.candidates.0.max": 9,
        "rankings.0.candidates.0.percent": 89,
        "rankings.0.candidates.0.reasons": [{"question": "t2", "option": "c", "points": 2},
                                            {"question": "t3", "option": "c", "points": 2},
                                            {"question": "t4", "option": "c", "points": 2}],
        # k3: -1, -1, -1, t4: -1 -2 -1 → the -2 first, then declared order.
        "rankings.0.candidates.2.against": [{"question": "t4", "option": "b", "points": -2},
                                            {"question": "t1", "option": "a", "points": -1},
                                            {"question": "t2", "option": "c", "points": -1}]}),
    ("an unconditional tie-break rule orders equal scores", TIEBREAK, {"q1": "hi"}, {
        # all three 1 point; only rule 'order' applies: m1 (0), m2 (1), m3 (not listed: 2).
        "rankings.0.candidates.0.id": "m1", "rankings.0.candidates.1.id": "m2", "rankings.0.tied": [],
        "rankings.0.tie_breaks": ["order"], "rankings.0.lead": {"over": "m2", "by": "order", "points": 0, "answers": []},
        # place applies only when m2 or m3 is first: it recommends nothing, and no top advice fires.
        "rankings.1.applies": False, "rankings.1.top": None, "advice": []}),
    ("the first applicable tie-break rule decides", TIEBREAK, {"q1": "lo"}, {
        # lo-prefers-m2 puts m2 first; m1 and m3 both unlisted there, so 'order' puts m1 before m3.
        "rankings.0.top": "m2", "rankings.0.candidates.1.id": "m1", "rankings.0.candidates.2.id": "m3",
        "rankings.0.tie_breaks": ["lo-prefers-m2", "order"], "rankings.0.lead.by": "lo-prefers-m2",
        # place applies; p1 and p2 are tied at 0: top p1 by listing, but advice on p2 sees the tie.
        "rankings.1.applies": True, "rankings.1.top": "p1", "rankings.1.tied": ["p1", "p2"],
        "advice": ["adv-top", "adv-not-top", "adv-place"]}),
    ("points come before tie-break rules, and the lead names the answers", TIEBREAK, {"q1": "hi", "q2": "x"}, {
        "rankings.0.top": "m3", "rankings.0.candidates.0.score": 3,
        "rankings.0.lead": {"over": "m1", "by": "points", "points": 2,
                            "answers": [{"question": "q2", "option": "x", "points": 2}]},
        # place applies (m3 is first) and p1, p2 are tied again, so adv-place fires.
        "rankings.1.applies": True, "advice": ["adv-not-top", "adv-place"]}),
    ("a lead counts points the second loses, too", TIEBREAK, {"q1": "lo", "q2": "y"}, {
        # m1 0 (q1 +1, q2 -1), m2 1, m3 1: m2 before m3 by lo-prefers-m2; m1 last.
        "rankings.0.top": "m2", "rankings.0.candidates.2.id": "m1", "rankings.0.lead.over": "m3",
        "rankings.0.lead.by": "lo-prefers-m2"}),
    ("worksheet", WORKSHEET, {"w1": "no", "w2": []}, {
        "dimensions": [], "overall.max": 0, "overall.percent": None, "phase": None, "rankings": [],
        "unanswered": ["w2"], "advice": ["talk"]}),
]


def dig(result, dotted: str):
    for part in dotted.split("."):
        result = result[int(part)] if isinstance(result, list) else result[part]
    return result


def full_spec(raw: dict) -> dict:
    return build_spec(Questionnaire.model_validate(raw))


def generate() -> list[dict]:
    """Every case with its full spec and the Python engine's result, checked by hand values."""
    out = []
    for name, raw, answers, expect in CASES:
        spec = full_spec(raw)
        result = score(spec, answers)
        for path, value in expect.items():
            got = dig(result, path)
            assert json.dumps(got) == json.dumps(value), f"{name}: {path} is {got!r}, worked out by hand {value!r}"
        out.append({"name": name, "spec": spec, "answers": answers, "result": result})
    return out


def canonical(data) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_hand_worked_values_hold_in_python():
    generate()


def test_golden_file_is_current():
    assert GOLDEN.read_text(encoding="utf-8") == canonical(generate()), \
        "tests/js/golden/cases.json is stale: run python tests/test_parity_golden.py"


def stored_cases() -> list[dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8")) if GOLDEN.exists() else []


@pytest.mark.parametrize("case", stored_cases(), ids=lambda c: c["name"])
def test_golden_case_in_python(case):
    assert json.dumps(score(case["spec"], case["answers"]), sort_keys=True) == json.dumps(case["result"], sort_keys=True)


def test_node_tests_pass():
    """The JavaScript side (`node --test tests/js/`) runs in CI through pytest."""
    node = shutil.which("node")
    assert node, "node (20 or later) is needed for the JavaScript engine tests"
    run = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


if __name__ == "__main__":
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_text(canonical(generate()), encoding="utf-8")
    print(f"wrote {len(CASES)} cases to {GOLDEN.relative_to(ROOT)}")
