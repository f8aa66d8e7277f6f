"""The scoring engine, rule by rule (generator/assessments/engine.py), on small specs."""
from __future__ import annotations

import json

import pytest

from sre_org_playbook.assessments.engine import at_least, holds, percent, question_max, score
from sre_org_playbook.assessments.model import Questionnaire
from sre_org_playbook.assessments.spec import build_spec, canonical_json, spec_hash

INTRO = {"text": "t", "scope": "s", "in_between": "b", "not_answering": "n"}


def make_spec(**fields) -> dict:
    data = {"id": "t", "title": "T", "version": 1, "summary": "s", "audience": "a", "intro": INTRO,
            "sources": ["sources/book"], **fields}
    return build_spec(Questionnaire.model_validate(data))


def opt(id, points=None, cand=None, exclusive=False):
    o = {"id": id, "label": id}
    if points:
        o["points"] = points
    if cand:
        o["candidates"] = cand
    if exclusive:
        o["exclusive"] = True
    return o


DIMS = [{"id": "a", "title": "A", "weight": 2}, {"id": "b", "title": "B"}]


def spec_ab(**outcomes):
    return make_spec(dimensions=DIMS, sections=[{"id": "s", "title": "S", "questions": [
        {"id": "q1", "text": "Q1", "options": [opt("lo", {"a": 0}), opt("mid", {"a": 1}), opt("hi", {"a": 3, "b": 1})]},
        {"id": "q2", "text": "Q2", "show_if": {"answer": "q1", "in": ["hi"]},
         "options": [opt("x", {"b": 2}), opt("y", {"b": 0})]},
        {"id": "q3", "text": "Q3", "type": "multiple", "options": [
            opt("m1", {"b": 1}), opt("m2", {"b": 2}), opt("none", {}, exclusive=True)]},
    ]}], outcomes=outcomes)


# --- arithmetic -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,max_,expected", [
    (1, 8, 13), (5, 8, 63), (1, 2, 50), (1, 3, 33), (2, 3, 67), (0, 7, 0), (7, 7, 100), (1, 200, 1),
    (1, 400, 0), (3, 0, None), (-2, 5, 0),
])
def test_percent_rounds_half_up_in_integers(raw, max_, expected):
    # 12.5 → 13 and 62.5 → 63: half up, where Python's round() would give 12 and 62.
    assert percent(raw, max_) == expected


@pytest.mark.parametrize("raw,max_,threshold,expected", [
    (1, 2, 50, True), (49, 100, 50, False), (2, 3, 67, False), (2, 3, 66, True),
    (0, 0, 0, True), (0, 0, 1, False), (5, 0, 50, False), (0, 5, 0, True),
])
def test_thresholds_compare_without_division(raw, max_, threshold, expected):
    assert at_least(raw, max_, threshold) is expected


def test_question_max_for_single_multiple_and_exclusive_options():
    single = {"type": "single", "options": [{"points": {"a": 1}, "candidates": {}, "exclusive": False},
                                            {"points": {"a": 3}, "candidates": {}, "exclusive": False}]}
    multi = {"type": "multiple", "options": [{"points": {"a": 1}, "candidates": {"c": -4}, "exclusive": False},
                                             {"points": {"a": 2}, "candidates": {"c": 2}, "exclusive": False},
                                             {"points": {"a": 5}, "candidates": {}, "exclusive": True}]}
    assert question_max(single, "a", "points") == 3
    assert question_max(multi, "a", "points") == 5          # the exclusive option beats 1 + 2
    assert question_max(multi, "c", "candidates") == 2      # negative points count as 0


# --- visibility, unanswered and hidden questions -----------------------------------------------

def test_hidden_questions_count_neither_in_raw_nor_in_max():
    spec = spec_ab()
    result = score(spec, {"q1": "mid", "q2": "x", "q3": ["m1"]})
    assert result["hidden"] == ["q2"] and result["ignored"] == ["q2"]
    dims = {d["id"]: d for d in result["dimensions"]}
    assert (dims["a"]["raw"], dims["a"]["max"]) == (1, 3)
    assert (dims["b"]["raw"], dims["b"]["max"]) == (1, 1 + 3)      # q1's best gives b 1; q3 gives up to 3
    assert result["questions"] == {"total": 3, "visible": 2, "answered": 2} and result["complete"]


def test_unanswered_visible_questions_count_zero_with_full_max_and_mark_incomplete():
    spec = spec_ab()
    result = score(spec, {"q1": "hi"})
    assert result["unanswered"] == ["q2", "q3"] and not result["complete"]
    dims = {d["id"]: d for d in result["dimensions"]}
    assert (dims["b"]["raw"], dims["b"]["max"]) == (1, 1 + 2 + 3)
    assert result["overall"] == {"raw": 2 * 3 + 1, "max": 2 * 3 + 6, "percent": percent(7, 12)}


def test_nothing_answered():
    result = score(spec_ab(), {})
    assert result["questions"]["answered"] == 0 and result["hidden"] == ["q2"]
    assert result["overall"]["raw"] == 0 and result["overall"]["percent"] == 0


def test_a_show_if_chain_sees_only_visible_answers():
    spec = make_spec(dimensions=[{"id": "a", "title": "A"}], sections=[{"id": "s", "title": "S", "questions": [
        {"id": "q1", "text": "1", "options": [opt("y", {"a": 1}), opt("n")]},
        {"id": "q2", "text": "2", "show_if": {"answer": "q1", "in": ["y"]}, "options": [opt("y", {"a": 1}), opt("n")]},
        {"id": "q3", "text": "3", "show_if": {"answer": "q2", "in": ["y"]}, "options": [opt("y", {"a": 1}), opt("n")]},
    ]}])
    # q2 is answered "y" but hidden, so q3 must be hidden too.
    result = score(spec, {"q1": "n", "q2": "y", "q3": "y"})
    assert result["hidden"] == ["q2", "q3"] and result["ignored"] == ["q2", "q3"]


# --- conditions ---------------------------------------------------------------------------------

def test_every_condition_form():
    answers = {"q": "a", "m": ["x", "z"]}
    dims = {"d": (1, 2)}
    assert holds({"answer": "q", "in": ["a", "b"]}, answers, dims)
    assert holds({"answer": "m", "in": ["z"]}, answers, dims)               # any chosen option counts
    assert not holds({"answer": "missing", "in": ["a"]}, answers, dims)
    assert holds({"dimension": "d", "at_least": 50}, answers, dims)
    assert not holds({"dimension": "d", "at_least": 51}, answers, dims)
    assert holds({"all": [{"answer": "q", "in": ["a"]}, {"dimension": "d", "at_least": 50}]}, answers, dims)
    assert not holds({"all": [{"answer": "q", "in": ["a"]}, {"dimension": "d", "at_least": 90}]}, answers, dims)
    assert holds({"any": [{"answer": "q", "in": ["b"]}, {"dimension": "d", "at_least": 10}]}, answers, dims)
    assert holds({"not": {"answer": "q", "in": ["b"]}}, answers, dims)
    assert holds(None, answers, dims)
    with pytest.raises(ValueError):
        holds({"dimension": "d", "at_least": 1}, answers, None)


# --- phases --------------------------------------------------------------------------------------

PHASES = {"phases": [
    {"id": "p1", "title": "1", "summary": "s", "threshold": 0},
    {"id": "p2", "title": "2", "summary": "s", "threshold": 40,
     "gates": [{"id": "b-strong", "when": {"dimension": "b", "at_least": 50}, "text": "t"}]},
    {"id": "p3", "title": "3", "summary": "s", "threshold": 50},
]}


def test_phase_walk_stops_at_a_failed_gate_even_when_later_thresholds_are_met():
    spec = spec_ab(**PHASES)
    result = score(spec, {"q1": "hi", "q2": "y", "q3": ["none"]})     # a 3/3, b 1/6
    assert result["overall"]["percent"] == percent(2 * 3 + 1, 2 * 3 + 6)
    assert result["phase"] == "p1"
    assert result["phases"][1] == {"id": "p2", "reached": False, "threshold_met": True, "failed_gates": ["b-strong"],
                                   "unmet": [{"gate": "b-strong", "missing": [{"dimension": "b", "at_least": 50}]}]}
    assert result["phases"][2]["threshold_met"] and not result["phases"][2]["reached"]


def test_phase_reached_when_threshold_and_gates_hold():
    result = score(spec_ab(**PHASES), {"q1": "hi", "q2": "x", "q3": ["m1", "m2"]})
    assert result["phase"] == "p3"
    assert all(p["reached"] for p in result["phases"])


# --- rankings ------------------------------------------------------------------------------------

def ranking_spec():
    return make_spec(sections=[{"id": "s", "title": "S", "questions": [
        {"id": "q1", "text": "1", "options": [opt("a", cand={"c1": 2, "c2": 2}), opt("b", cand={"c3": 5})]},
        {"id": "q2", "text": "2", "type": "multiple", "options": [
            opt("x", cand={"c1": 1, "c2": -3}), opt("y", cand={"c1": 1, "c2": 1}), opt("z", cand={"c1": 1})]},
        {"id": "q3", "text": "3", "options": [opt("p", cand={"c1": 3}), opt("r", cand={"c2": -1})]},
    ]}], outcomes={"rankings": [{"id": "r", "title": "R", "candidates": [
        {"id": "c1", "title": "C1"}, {"id": "c2", "title": "C2"},
        {"id": "c3", "title": "C3", "exclude_if": [{"id": "no-b", "when": {"answer": "q3", "in": ["r"]}, "text": "t"}]},
    ]}]})


def test_ties_keep_the_declared_order():
    result = score(ranking_spec(), {"q1": "a"})
    ranking = result["rankings"][0]
    assert [(c["id"], c["rank"], c["score"]) for c in ranking["candidates"]] == [("c1", 1, 2), ("c2", 2, 2), ("c3", 3, 0)]
    assert ranking["top"] == "c1"


def test_excluded_candidates_follow_without_rank():
    result = score(ranking_spec(), {"q1": "b", "q3": "r"})
    ranking = result["rankings"][0]
    assert [c["id"] for c in ranking["candidates"]] == ["c1", "c2", "c3"]
    assert ranking["candidates"][2] == {**ranking["candidates"][2], "rank": None, "score": 5, "excluded_by": ["no-b"]}
    assert ranking["top"] == "c1"


def test_reasons_are_the_largest_contributions_in_declared_tie_order():
    result = score(ranking_spec(), {"q1": "a", "q2": ["x", "y", "z"], "q3": "p"})
    c1 = result["rankings"][0]["candidates"][0]
    assert c1["id"] == "c1" and c1["score"] == 2 + 3 + 3
    # 3 (q3) first, then 2 (q1), then the three 1s from q2 in option order — cut at three.
    assert c1["reasons"] == [{"question": "q3", "option": "p", "points": 3},
                             {"question": "q1", "option": "a", "points": 2},
                             {"question": "q2", "option": "x", "points": 1}]
    c2 = next(c for c in result["rankings"][0]["candidates"] if c["id"] == "c2")
    assert c2["against"] == [{"question": "q2", "option": "x", "points": -3}]
    assert c2["score"] == 2 - 3 + 1 and c2["percent"] == 0    # a negative score shows as 0 %


def test_candidate_max_and_percent():
    result = score(ranking_spec(), {"q1": "a", "q2": ["y"]})
    c2 = next(c for c in result["rankings"][0]["candidates"] if c["id"] == "c2")
    assert c2["max"] == 2 + 1 + 0 and c2["score"] == 3 and c2["percent"] == 100


# --- result shape ----------------------------------------------------------------------------------

def test_result_is_plain_json_without_floats():
    spec = spec_ab(**PHASES)
    result = score(spec, {"q1": "hi", "q2": "x", "q3": ["m2"]})

    def walk(value):
        assert not isinstance(value, float)
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(result)
    assert json.loads(json.dumps(result)) == result
    assert list(result) == ["format", "complete", "questions", "unanswered", "hidden", "ignored", "dimensions",
                            "overall", "phase", "phases", "rankings", "advice"]


def test_score_reads_the_spec_json_round_trip():
    spec = spec_ab(**PHASES)
    answers = {"q1": "hi", "q2": "x", "q3": ["m1"]}
    assert score(json.loads(json.dumps(spec)), answers) == score(spec, answers)


def test_spec_hash_ignores_defaults_and_key_order_but_not_content():
    base = {"id": "t", "title": "T", "version": 1, "summary": "s", "audience": "a", "intro": INTRO,
            "sources": ["sources/book"], "dimensions": [{"id": "a", "title": "A"}],
            "sections": [{"id": "s", "title": "S", "questions": [
                {"id": "q", "text": "Q", "options": [opt("x", {"a": 1}), opt("y")]}]}]}
    reordered = dict(reversed(list(base.items())))
    explicit = json.loads(json.dumps(base))
    explicit["dimensions"][0]["weight"] = 1                      # the default, written out
    changed = json.loads(json.dumps(base))
    changed["sections"][0]["questions"][0]["options"][0]["points"]["a"] = 2
    h = spec_hash(Questionnaire.model_validate(base))
    assert h.startswith("sha256:") and len(h) == len("sha256:") + 16
    assert spec_hash(Questionnaire.model_validate(reordered)) == h
    assert spec_hash(Questionnaire.model_validate(explicit)) == h
    assert spec_hash(Questionnaire.model_validate(changed)) != h
    assert canonical_json({"b": 1, "a": [1, "é"]}) == '{"a":[1,"é"],"b":1}'


def test_advice_in_declared_order():
    spec = spec_ab(advice=[
        {"id": "second", "title": "t", "text": "t", "when": {"dimension": "a", "at_least": 100}},
        {"id": "first", "title": "t", "text": "t", "when": {"not": {"answer": "q1", "in": ["lo"]}}},
    ])
    assert score(spec, {"q1": "hi"})["advice"] == ["second", "first"]
    assert score(spec, {"q1": "lo"})["advice"] == []
