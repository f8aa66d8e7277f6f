"""Python and JavaScript scorers agree field by field on thousands of random answer sets.

For every shipped questionnaire (and the golden-case questionnaires) Hypothesis generates
answer sets — some questions unanswered, some answered with null or [], answers to questions
that end up hidden, every multiple-choice combination including an exclusive option combined
with others — and both engines score them. The JavaScript engine runs in one long-lived node
process (tests/js/parity_worker.mjs) fed JSON lines, so a case costs a pipe round trip.

The answers check (unknown ids, wrong types, duplicates), the evidence notes' check, the share
link's round trip (with notes), the lenient milestone check and the change between two results
(a milestone's and today's: the report's `change()`) are compared the same way, on deliberately
broken input where it applies.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sre_org_playbook.assessments.answers import MAX_EVIDENCE, check_answer_map, check_evidence, check_milestones
from sre_org_playbook.assessments.engine import questions_of, score
from sre_org_playbook.assessments.load import load_questionnaires
from sre_org_playbook.assessments.spec import build_spec
from sre_org_playbook.report.combine import Settings, change, view
from sre_org_playbook.report.inputs import Sheet

from conftest import NodeWorker

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "tests" / "js" / "parity_worker.mjs"
EXAMPLES = int(os.environ.get("PARITY_EXAMPLES", "3000"))


def shipped_specs() -> dict[str, dict]:
    """Every shipped questionnaire that passes the schema, as the spec both engines read."""
    loaded, _ = load_questionnaires(ROOT)
    return {one.id: build_spec(one.questionnaire) for one in loaded if one.questionnaire is not None}


def golden_specs() -> dict[str, dict]:
    cases = json.loads((ROOT / "tests" / "js" / "golden" / "cases.json").read_text(encoding="utf-8"))
    return {"golden-" + c["spec"]["id"]: c["spec"] for c in cases}


SPECS = {**shipped_specs(), **golden_specs()}


@pytest.fixture(scope="module")
def js():
    node = NodeWorker(WORKER)
    for qid, spec in SPECS.items():
        node.ask(op="spec", id=qid, spec=spec)
    yield node
    node.close()


def same(a, b) -> bool:
    """Identical as JSON: True is not 1, 12.5 is not 13, key order does not matter."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


# --- strategies -------------------------------------------------------------------------------

def answer_set_from(spec: dict, data: bytes) -> dict:
    """Decode bytes into an answer set: two bytes per question (what to do, which options).

    One `binary` draw per answer set keeps Hypothesis fast (a draw per question costs ~100×
    more) while it still explores and shrinks: all-zero bytes answer every question with its
    first option, and shrinking a failure leads towards that.
    """
    answers: dict = {}
    for i, question in enumerate(questions_of(spec)):
        how, which = data[2 * i], data[2 * i + 1]
        ids = [o["id"] for o in question["options"]]
        kind = how % 10
        if kind == 7:
            continue                                     # not in the file at all
        if kind == 8:
            answers[question["id"]] = None
        elif kind == 9:
            answers[question["id"]] = []
        elif question["type"] == "single":
            answers[question["id"]] = ids[which % len(ids)]
        else:                                            # any subset, rotated: any order
            picked = [o for bit, o in enumerate(ids) if which >> (bit % 8) & 1 and (bit < 8 or how >> 4 & 1)]
            turn = (how // 10) % len(ids)
            answers[question["id"]] = picked[turn % len(picked):] + picked[:turn % len(picked)] if picked else []
    return answers


def answer_sets(spec: dict) -> st.SearchStrategy:
    """Most questions answered (so conditional questions show), some left out, null or []."""
    n = 2 * len(questions_of(spec))
    return st.binary(min_size=n, max_size=n).map(lambda data: answer_set_from(spec, data))


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.text(max_size=6),
                 st.just("__proto__"), st.just([]), st.just({}), st.lists(st.integers(0, 2), max_size=2))


@st.composite
def broken_answer_maps(draw, spec: dict):
    """Answers maps as a tampered file or link might carry them."""
    if draw(st.integers(0, 20)) == 0:
        return draw(JUNK)
    questions = questions_of(spec)
    raw = {}
    for question in questions:
        if draw(st.booleans()):
            continue
        ids = [o["id"] for o in question["options"]]
        raw[question["id"]] = draw(st.one_of(
            st.sampled_from(ids), st.lists(st.sampled_from(ids + ["nope"]), max_size=len(ids) + 1),
            JUNK, st.sampled_from([i.upper() for i in ids])))
    for extra in draw(st.lists(st.sampled_from(["unknown", "constructor", "__proto__", "Q1", "toString"]),
                               max_size=2, unique=True)):
        raw[extra] = draw(JUNK)
    return raw


NOTE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30).map(
    lambda t: t) | st.sampled_from(["  x  ", "\u3000x\x1c", "\ufeffx", " \x85 ", "<b>&amp;</b>", "x" * MAX_EVIDENCE,
                                   " " + "y" * MAX_EVIDENCE + " ", "z" * (MAX_EVIDENCE + 1), "😀" * MAX_EVIDENCE])


def notes(spec: dict) -> st.SearchStrategy:
    """Notes as the form writes them: text for some questions (whitespace, markup, at the limit)."""
    ids = [q["id"] for q in questions_of(spec)]
    return st.dictionaries(st.sampled_from(ids), NOTE_TEXT.filter(lambda t: len(t.strip()) <= MAX_EVIDENCE), max_size=4)


def broken_notes(spec: dict) -> st.SearchStrategy:
    """Notes as a tampered file might carry them: unknown ids, other types, too long."""
    ids = [q["id"] for q in questions_of(spec)] + ["unknown", "__proto__", "constructor"]
    return st.one_of(JUNK, st.dictionaries(st.sampled_from(ids), st.one_of(NOTE_TEXT, JUNK), max_size=5))


def settled(n: int):
    return settings(max_examples=n, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --- tests ------------------------------------------------------------------------------------

def test_questionnaires_are_shipped():
    assert shipped_specs(), "no questionnaire in assessments/ passes the schema"


@pytest.mark.parametrize("qid", sorted(SPECS))
def test_scores_agree_on_random_answer_sets(js, qid):
    spec = SPECS[qid]
    examples = EXAMPLES if not qid.startswith("golden-") else max(EXAMPLES // 6, 50)
    seen = {"visible": set(), "phases": set(), "tops": set()}

    @settled(examples)
    @given(answer_sets(spec))
    def check(answers):
        expected = score(spec, answers)
        got = js.ask(op="score", id=qid, answers=answers)
        assert same(got, expected), diff(expected, got, answers)
        seen["visible"].add(expected["questions"]["visible"])
        seen["phases"].add(expected["phase"])
        seen["tops"].update((r["id"], r["top"]) for r in expected["rankings"])

    check()
    # The random sets really exercised the questionnaire's conditions and outcomes.
    if any(q["show_if"] for q in questions_of(spec)):
        assert len(seen["visible"]) > 1, "conditional questions were never shown and hidden"
    if len(spec["outcomes"]["phases"]) > 1:
        assert len(seen["phases"]) > 1, seen["phases"]


@pytest.mark.parametrize("qid", sorted(shipped_specs()))
def test_share_links_round_trip(js, qid):
    spec = SPECS[qid]

    @settled(max(EXAMPLES // 6, 50))
    @given(answer_sets(spec), st.one_of(st.none(), st.text(max_size=40)), notes(spec))
    def check(answers, respondent, evidence):
        errors: list = []
        normal = check_answer_map(answers, spec, lambda path, message: errors.append(path))
        if errors:  # an exclusive option combined with others: the form never produces it
            return
        got = js.ask(op="share", id=qid, answers=normal, respondent=respondent, evidence=evidence)
        assert got["problems"] == [], got
        assert same(got["answers"], normal), (got, normal)
        assert got["respondent"] == (respondent or None)
        assert same(got["evidence"], {} if got["cut"] else check_evidence(evidence, spec, lambda *a: None)), (evidence, got)
        seen.add(got["cut"])
        assert same(js.ask(op="score", id=qid, answers=got["answers"]), score(spec, normal))

    seen: set = set()
    check()
    assert seen == {True, False}, "links with notes both within and beyond the limit"


@st.composite
def milestone_lists(draw, spec: dict):
    """Milestones as the browser writes them, and as a tampered file might carry them."""
    def one():
        return st.fixed_dictionaries(
            {"date": st.sampled_from(["2024-01-02", "2024-02-29", "2024-02-30", "2024-13-01", "2024-1-2", ""]),
             "answers": st.one_of(answer_sets(spec), broken_answer_maps(spec))},
            optional={"label": st.one_of(st.text(max_size=8), JUNK, st.sampled_from([" \x1c", "\ufeff", "x" * 201, "😀" * 150])), "evidence": st.one_of(notes(spec), broken_notes(spec)),
                      "extra": JUNK})
    return draw(st.one_of(JUNK, st.lists(st.one_of(one(), JUNK), max_size=4), st.lists(one(), min_size=49, max_size=52)))


# The browser's checks of what it reads (a link, a file, this browser's storage) against Python's:
# worker op → (the Python check, the key of what it keeps, raw input to draw, examples as a share).
CHECKS = {
    "check": (check_answer_map, "answers", broken_answer_maps, (10, 50)),
    "evidence": (check_evidence, "evidence", lambda spec: st.one_of(notes(spec), broken_notes(spec)), (10, 50)),
    "milestones": (check_milestones, "milestones", milestone_lists, (30, 30)),
}


@pytest.mark.parametrize("op", sorted(CHECKS))
@pytest.mark.parametrize("qid", sorted(shipped_specs()))
def test_checks_agree_on_tampered_input(js, qid, op):
    spec = SPECS[qid]
    python_check, key, raw_input, (share, floor) = CHECKS[op]

    @settled(max(EXAMPLES // share, floor))
    @given(raw_input(spec))
    def check(raw):
        paths: list[list] = []
        kept = python_check(raw, spec, lambda path, message: paths.append(list(path)))
        got = js.ask(op=op, id=qid, raw=raw)
        assert same(got[key], kept), (raw, got, kept)
        assert sorted(map(json.dumps, got["paths"])) == sorted(map(json.dumps, paths)), (raw, got["paths"], paths)
        if op == "check" and kept:  # what survives the check scores the same
            assert same(js.ask(op="score", id=qid, answers=kept), score(spec, kept))

    check()


@pytest.mark.parametrize("qid", sorted(shipped_specs()))
def test_change_since_a_milestone_agrees_with_the_report(js, qid):
    spec = SPECS[qid]
    phase_index = {p["id"]: i for i, p in enumerate(spec["outcomes"]["phases"])}

    def entry(answers: dict, day: str) -> dict:
        sheet = Sheet("x.json", qid, "T", "t", None, "T", day, answers, score(spec, answers), "")
        return view(spec, [sheet], Settings())

    @settled(max(EXAMPLES // 10, 50))
    @given(answer_sets(spec), answer_sets(spec))
    def check(newer, older):
        errors: list = []
        newer, older = (check_answer_map(a, spec, lambda path, message: errors.append(path)) for a in (newer, older))
        expected = change(entry(newer, "2024-06-01"), entry(older, "2024-01-01"), phase_index)
        assert same(js.ask(op="change", id=qid, newer=newer, older=older), expected)

    check()


def diff(expected: dict, got: dict, answers: dict) -> str:
    fields = [k for k in sorted(set(expected) | set(got)) if not same(expected.get(k), got.get(k))]
    lines = [f"answers: {json.dumps(answers)}"]
    for k in fields:
        lines.append(f"{k}: python {json.dumps(expected.get(k))} / javascript {json.dumps(got.get(k))}")
    return "\n".join(lines)
