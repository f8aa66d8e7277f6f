"""The text result says what decided a ranking — points and answers, a tie-break rule, or a tie —
names the missing part of a gate with its distance, and says when a ranking does not apply."""
from __future__ import annotations

from sre_org_playbook.assessments.engine import score
from sre_org_playbook.assessments.text import format_result
from test_parity_golden import RULES, TIEBREAK, TIES, full_spec


def text(raw: dict, answers: dict) -> str:
    spec = full_spec(raw)
    return " ".join(format_result(spec, {"answers": answers, "result": score(spec, answers)}).split())


def test_a_lead_by_points_names_the_answers_that_made_it():
    out = text(TIEBREAK, {"q1": "hi", "q2": "x"})
    assert "1. M3 (3 points)" in out
    assert "ahead of #2 (M1) by 2 points, because of: Q2 (q2) Option x (+2 more)" in out


def test_a_lead_by_a_tie_break_rule_quotes_the_rule():
    out = text(TIEBREAK, {"q1": "lo"})
    assert "ahead of #2 (M1) on equal points, by the rule: t" in out


def test_a_tie_is_shown_as_a_tie_not_as_an_order():
    out = text(TIES, {"t1": "a"})
    assert "1. K1 (1 point, tied with K2)" in out
    assert "TIE: K1, K2 have equal points and no rule from the sources separates them" in out


def test_a_ranking_that_does_not_apply_recommends_nothing():
    out = text(TIEBREAK, {"q1": "hi"})
    assert "Place (ranked by points) Not applicable to these answers." in out
    assert "P1 (" not in out


def test_only_points_are_shown_as_the_ranking_measure():
    assert "% of its maximum" not in text(TIES, {"t1": "a", "t2": "c"})


def test_a_failed_gate_names_the_missing_part_and_its_distance():
    out = text(RULES, {"q1": "y", "q2": "p", "q3": ["all"], "q4": "u"})
    assert "✗ t – needs one of: Q1 (q1) is answered 'Option z'; Q3 (q3) includes 'Option m3'" in out
    out = text(RULES, {"q1": "x"})
    assert "'B' is 0 % — needs at least 50 %" in out
    assert "the playbook's reading of the sources" in out
