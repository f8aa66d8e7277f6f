"""The reachability check: every verdict exact (brute force over all answer sets agrees), every
witness confirmed by the engine, "could not decide" when the budget runs out, and a cache that
is checked on read, never trusted."""
from __future__ import annotations

import itertools
import json
import os
import random
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from generator import assessments
from generator.assessments import check_assessments, reach_problems, read_reach_cache
from generator.assessments.engine import questions_of, score
from generator.assessments.load import load_questionnaires
from generator.assessments.model import Questionnaire
from generator.assessments.reach import (REACHABLE, UNDECIDED, UNREACHABLE, achieved, decide, goals_of,
                                         witnesses)
from generator.assessments.spec import build_spec, referenced_pages

ROOT = Path(__file__).resolve().parent.parent
HANG = 60  # seconds: a bound that only a hang exceeds, not a timing target

HEAD = {"id": "quiz", "title": "Quiz", "version": 1, "summary": "s", "audience": "a",
        "intro": {"text": "t", "scope": "s", "in_between": "i", "not_answering": "n"}, "sources": ["sources/book"]}


def spec_of(dimensions=(), sections=(), phases=(), rankings=(), advice=()) -> dict:
    """A spec built the way the checker sees it: validated by the real model, then `build_spec`."""
    data = dict(HEAD, dimensions=list(dimensions), sections=list(sections),
                outcomes={"phases": list(phases), "rankings": list(rankings), "advice": list(advice)})
    return build_spec(Questionnaire.model_validate(data))


def question(qid, options, type_="single", show_if=None):
    q = {"id": qid, "text": "?", "type": type_, "options": options}
    if show_if:
        q["show_if"] = show_if
    return q


def option(oid, points=None, candidates=None, exclusive=False):
    return {"id": oid, "label": oid, "points": points or {}, "candidates": candidates or {}, "exclusive": exclusive}


def section(*questions):
    return {"id": "s", "title": "S", "questions": list(questions)}


def advice(aid, when):
    return {"id": aid, "title": "A", "text": "t", "when": when}


def phase(pid, threshold, *gates):
    return {"id": pid, "title": "P", "summary": "s", "threshold": threshold,
            "gates": [{"id": f"g{i}", "text": "t", "when": g} for i, g in enumerate(gates)]}


def candidate(cid, *rules):
    return {"id": cid, "title": cid, "exclude_if": [{"id": f"x{i}", "text": "t", "when": r} for i, r in enumerate(rules)]}


def answer_sets(spec):
    """Every answer set of a (small) spec: each question unanswered or answered in every way."""
    per_question = []
    for q in questions_of(spec):
        ids = [o["id"] for o in q["options"]]
        if q["type"] == "single":
            ways = [None] + ids
        else:
            comb = [o["id"] for o in q["options"] if not o["exclusive"]]
            ways = [None] + [[o["id"]] for o in q["options"] if o["exclusive"]]
            ways += [list(c) for r in range(1, len(comb) + 1) for c in itertools.combinations(comb, r)]
        per_question.append([(q["id"], w) for w in ways])
    for combo in itertools.product(*per_question):
        yield {qid: w for qid, w in combo if w is not None}


def count_answer_sets(questions: list[dict]) -> int:
    total = 1
    for q in questions:
        comb = sum(not o.get("exclusive") for o in q["options"])
        total *= len(q["options"]) + 1 if q["type"] == "single" else 2 ** comb + len(q["options"]) - comb
    return total


def brute_force(spec) -> set[tuple[str, str]]:
    """The outcomes some answer set reaches, by scoring every answer set."""
    goals = goals_of(spec)
    reached = set()
    for answers in answer_sets(spec):
        result = score(spec, answers)
        reached |= {(g.kind, g.id) for g in goals if achieved(g, result)}
    return reached


def assert_exact(spec, verdicts=None):
    """Verdicts agree with brute force, and every witness reaches its goal in the engine."""
    verdicts = verdicts or decide(spec)
    truth = brute_force(spec)
    for goal in goals_of(spec):
        verdict = verdicts[(goal.kind, goal.id)]
        assert verdict.status == (REACHABLE if (goal.kind, goal.id) in truth else UNREACHABLE), (goal, verdict)
        if verdict.status == REACHABLE:
            assert achieved(goal, score(spec, verdict.witness)), goal
    return verdicts


def status(spec, kind, oid, budget=None):
    verdicts = decide(spec) if budget is None else decide(spec, budget)
    return verdicts[(kind, oid)]


# --- exact verdicts on random small questionnaires -----------------------------------------------

def random_condition(rng, questions, dims, depth=0):
    roll = rng.random()
    if depth < 2 and roll < 0.3:
        key = rng.choice(["all", "any"])
        return {key: [random_condition(rng, questions, dims, depth + 1) for _ in range(rng.randint(1, 3))]}
    if depth < 3 and roll < 0.4:
        return {"not": random_condition(rng, questions, dims, depth + 1)}
    if dims and roll < 0.7:
        return {"dimension": rng.choice(dims), "at_least": rng.choice([0, 10, 25, 33, 34, 50, 66, 67, 75, 100])}
    q = rng.choice(questions)
    ids = [o["id"] for o in q["options"]]
    return {"answer": q["id"], "in": rng.sample(ids, rng.randint(1, min(2, len(ids))))}


def random_spec(seed: int) -> dict:
    rng = random.Random(seed)
    dims = ["a", "b"]
    cands = ["x", "y", "z"]
    questions = []
    for i in range(rng.randint(3, 5)):
        multiple = rng.random() < 0.3
        options = [option(f"o{k}", {rng.choice(dims): rng.randint(0, 3)}, {rng.choice(cands): rng.randint(-2, 3)})
                   for k in range(rng.randint(2, 3))]
        if multiple and rng.random() < 0.7:
            options.append(option("none", exclusive=True, candidates={rng.choice(cands): rng.randint(-1, 1)}))
        show_if = None
        if questions and rng.random() < 0.4:
            earlier = rng.choice(questions)
            show_if = {"answer": earlier["id"], "in": [rng.choice(earlier["options"])["id"]]}
            if rng.random() < 0.3:
                show_if = {"not": show_if}
        questions.append(question(f"q{i}", options, "multiple" if multiple else "single", show_if))
    while len(questions) > 3 and count_answer_sets(questions) > 3000:   # keep brute force quick
        questions.pop()
    t1, t2 = sorted(rng.sample(range(5, 100, 5), 2))
    phases = [phase("p0", 0), phase("p1", t1, random_condition(rng, questions, dims)),
              phase("p2", t2, random_condition(rng, questions, dims))]
    ranking = {"id": "r", "title": "R", "candidates": [
        candidate(c, *([random_condition(rng, questions, dims)] if rng.random() < 0.5 else [])) for c in cands]}
    return spec_of([{"id": "a", "title": "A"}, {"id": "b", "title": "B", "weight": 2}], [section(*questions)],
                   phases, [ranking], [advice(f"v{i}", random_condition(rng, questions, dims)) for i in range(6)])


@pytest.mark.parametrize("seed", range(60))
def test_verdicts_equal_brute_force_on_random_questionnaires(seed):
    assert_exact(random_spec(seed))


def test_random_questionnaires_include_unreachable_outcomes():
    # The comparison above is only worth something if both verdicts occur.
    seen = {v.status for seed in range(60) for v in decide(random_spec(seed)).values()}
    assert seen == {REACHABLE, UNREACHABLE}


# --- classes a random search can only fail to find ------------------------------------------------

def eighths():
    """Dimension `d` scored out of 8: three questions giving 0-3, 0-3 and 0-2 points."""
    return [question("q1", [option("n", {"d": 0}), option("s", {"d": 1}), option("m", {"d": 3})]),
            question("q2", [option("n", {"d": 0}), option("s", {"d": 2}), option("m", {"d": 3})]),
            question("q3", [option("n", {"d": 0}), option("m", {"d": 2})])]


def test_a_narrow_band_is_reachable_exactly_when_a_score_falls_in_it():
    # Out of 8, 3/8 = 37.5 % lies in [37, 38); no score out of 8 lies in [26, 37).
    band = lambda lo, hi: {"all": [{"dimension": "d", "at_least": lo}, {"not": {"dimension": "d", "at_least": hi}}]}  # noqa: E731
    spec = spec_of([{"id": "d", "title": "D"}], [section(*eighths())],
                   advice=[advice("in-band", band(37, 38)), advice("empty-band", band(26, 37))])
    verdicts = assert_exact(spec)
    assert verdicts[("advice", "in-band")].status == REACHABLE
    assert verdicts[("advice", "empty-band")].status == UNREACHABLE


def test_hiding_a_question_is_found_when_only_that_reaches_a_goal():
    # "split" gives its point to d or to e, never both: both at 100 % needs it hidden.
    questions = [question("gate", [option("open", {"d": 1, "e": 1}), option("shut", {"d": 1, "e": 1})]),
                 question("split", [option("x", {"d": 1}), option("y", {"e": 1})],
                          show_if={"answer": "gate", "in": ["open"]})]
    spec = spec_of([{"id": "d", "title": "D"}, {"id": "e", "title": "E"}], [section(*questions)],
                   advice=[advice("both-full", {"all": [{"dimension": "d", "at_least": 100},
                                                        {"dimension": "e", "at_least": 100}]})])
    verdict = assert_exact(spec)[("advice", "both-full")]
    assert verdict.status == REACHABLE and verdict.witness == {"gate": "shut"}


def test_ties_go_to_the_candidate_declared_first():
    # Both always get the same points: the first declared can rank first, the second never.
    questions = [question("q", [option("a", candidates={"first": 2, "second": 2}), option("b")])]
    ranking = {"id": "r", "title": "R", "candidates": [candidate("first"), candidate("second")]}
    verdicts = assert_exact(spec_of(sections=[section(*questions)], rankings=[ranking]))
    assert verdicts[("candidate", "first")].status == REACHABLE
    assert verdicts[("candidate", "second")].status == UNREACHABLE


def test_a_candidate_that_beats_each_rival_alone_but_never_both_at_once():
    # Every answer that puts "mid" ahead of "left" puts "right" ahead of "mid", and the reverse.
    questions = [question(f"q{i}", [option("l", candidates={"mid": 1, "right": 2}),
                                    option("r", candidates={"mid": 1, "left": 2}),
                                    option("n")]) for i in range(6)]
    ranking = {"id": "r", "title": "R", "candidates": [candidate("left"), candidate("right"), candidate("mid")]}
    spec = spec_of(sections=[section(*questions)], rankings=[ranking])
    verdicts = assert_exact(spec)
    assert verdicts[("candidate", "mid")].status == UNREACHABLE


def test_an_answer_the_same_answer_hides_is_never_given():
    questions = [question("q1", [option("a", {"d": 1}), option("b", {"d": 1})]),
                 question("q2", [option("x", {"d": 1}), option("y", {"d": 0})], show_if={"answer": "q1", "in": ["b"]})]
    when = {"all": [{"answer": "q1", "in": ["a"]}, {"answer": "q2", "in": ["x"]}]}
    spec = spec_of([{"id": "d", "title": "D"}], [section(*questions)], advice=[advice("never", when)])
    assert assert_exact(spec)[("advice", "never")].status == UNREACHABLE


def test_a_needle_among_many_answers_is_found():
    # One answer set in 4**30: option "c" everywhere, which also puts the dimension at 60 %.
    questions = [question(f"q{i}", [option("a", {"d": 5}), option("b", {"d": 0}), option("c", {"d": 3}),
                                    option("e", {"d": 4})]) for i in range(30)]
    when = {"all": [{"answer": f"q{i}", "in": ["c"]} for i in range(30)]
            + [{"dimension": "d", "at_least": 60}, {"not": {"dimension": "d", "at_least": 61}}]}
    spec = spec_of([{"id": "d", "title": "D"}], [section(*questions)], advice=[advice("needle", when)])
    verdict = status(spec, "advice", "needle")
    assert verdict.status == REACHABLE
    assert verdict.witness == {f"q{i}": "c" for i in range(30)}


def test_a_band_only_odd_scores_fall_in_is_refuted_by_search():
    # With "odd" (3 points) ruled out, every score is even; the band [t, t+1) holds one odd raw
    # value only. No bound sees parity: the search must exhaust the states, and does.
    n = 30
    questions = [question(f"q{i}", [option("z", {"d": 0}), option("two", {"d": 2}), option("odd", {"d": 3})])
                 for i in range(n)]
    raws = lambda t: [r for r in range(3 * n + 1) if t * 3 * n <= 100 * r < (t + 1) * 3 * n]  # noqa: E731
    odd = next(t for t in range(40, 99) if raws(t) and all(r % 2 for r in raws(t)))
    even = next(t for t in range(40, 99) if any(r % 2 == 0 for r in raws(t)))
    when = lambda t: {"all": [{"dimension": "d", "at_least": t}, {"not": {"dimension": "d", "at_least": t + 1}}]  # noqa: E731
                      + [{"not": {"answer": f"q{i}", "in": ["odd"]}} for i in range(n)]}
    spec = spec_of([{"id": "d", "title": "D"}], [section(*questions)],
                   advice=[advice("odd-band", when(odd)), advice("even-band", when(even))])
    verdicts = decide(spec)
    assert verdicts[("advice", "odd-band")].status == UNREACHABLE
    assert achieved(goals_of(spec)[1], score(spec, verdicts[("advice", "even-band")].witness))


@pytest.mark.parametrize("depth", [60, 61])
def test_a_deeply_nested_not_gate(depth):
    gate = {"dimension": "d", "at_least": 50}
    for _ in range(depth):
        gate = {"not": gate}
    spec = spec_of([{"id": "d", "title": "D"}], [section(*eighths())],
                   phases=[phase("start", 0), phase("strong", 50, {"dimension": "d", "at_least": 50}, gate)])
    verdict = status(spec, "phase", "strong")
    assert verdict.status == (REACHABLE if depth % 2 == 0 else UNREACHABLE)


# --- large questionnaires: right verdicts, no hang ---------------------------------------------

def big_spec(n: int, seed: int = 1, extra_advice=()) -> dict:
    """A generated questionnaire: n questions over six dimensions, show_if on some, phases
    with gates, a ranking of five candidates with exclusions, and twenty advice rules."""
    rng = random.Random(seed)
    dims = [f"d{i}" for i in range(6)]
    cands = [f"c{i}" for i in range(5)]
    questions = []
    for i in range(n):
        options = [option(f"o{k}", {dims[i % 6]: k}, {rng.choice(cands): rng.randint(-2, 3)}) for k in range(4)]
        multiple = i % 7 == 3
        if multiple:
            options.append(option("none", exclusive=True))
        show_if = {"answer": f"q{rng.randrange(i)}", "in": ["o1", "o2", "o3"]} if i > 5 and rng.random() < 0.2 else None
        questions.append(question(f"q{i}", options, "multiple" if multiple else "single", show_if))
    sections = [dict(section(*questions[s:s + 20]), id=f"s{s}") for s in range(0, n, 20)]
    phases = [phase("p0", 0)] + [phase(f"p{k + 1}", t, {"dimension": dims[k], "at_least": t + 5})
                                 for k, t in enumerate([30, 50, 70, 85])]
    ranking = {"id": "r", "title": "R", "candidates": [
        candidate(c, {"answer": f"q{rng.randrange(n)}", "in": ["o0"]}) for c in cands]}
    rules = []
    for a in range(20):   # all reachable: different dimensions, different questions
        one, other = rng.sample(dims, 2)
        q1, q2 = (f"q{i}" for i in rng.sample(range(n), 2))
        rules.append(advice(f"a{a}", [
            {"answer": q1, "in": ["o3"]},
            {"all": [{"dimension": one, "at_least": rng.randint(10, 90)},
                     {"not": {"dimension": other, "at_least": rng.randint(10, 90)}}]},
            {"any": [{"answer": q1, "in": ["o0"]}, {"dimension": one, "at_least": 95}]},
            {"all": [{"answer": q1, "in": ["o2"]}, {"answer": q2, "in": ["o1"]},
                     {"dimension": one, "at_least": 60}]}][a % 4]))
    return spec_of([{"id": d, "title": d} for d in dims], sections, phases, [ranking], rules + list(extra_advice))


def decided_in_time(spec):
    start = time.monotonic()
    verdicts = decide(spec)
    assert time.monotonic() - start < HANG
    for goal in goals_of(spec):
        verdict = verdicts[(goal.kind, goal.id)]
        assert verdict.status != UNDECIDED, goal
        if verdict.status == REACHABLE:
            assert achieved(goal, score(spec, verdict.witness)), goal
    return verdicts


def test_a_200_question_questionnaire_is_decided_with_confirmed_witnesses():
    verdicts = decided_in_time(big_spec(200))
    assert {v.status for v in verdicts.values()} == {REACHABLE}


def test_180_questions_with_never_firing_advice_and_three_never_first_candidates():
    # Copies of c0 declared after it, with its exclusion: a tie at best, so never first.
    copies = [candidate(f"copy{i}") for i in range(3)]
    extra = [advice("dim-contradiction", {"all": [{"dimension": "d1", "at_least": 60},
                                                   {"not": {"dimension": "d1", "at_least": 50}}]}),
             advice("contradiction", {"all": [{"answer": "q6", "in": ["o0"]}, {"not": {"answer": "q6", "in": ["o0"]}}]}),
             advice("zero-and-full", {"all": [{"answer": "q0", "in": ["o0"]}, {"dimension": "d0", "at_least": 100}]})]
    spec = big_spec(180, seed=3, extra_advice=extra)
    # Give the copies exactly c0's points and exclusion.
    c0 = next(c for c in spec["outcomes"]["rankings"][0]["candidates"] if c["id"] == "c0")
    data = Questionnaire.model_validate({k: v for k, v in spec.items() if k not in ("spec_hash", "result_format", "links")})
    data = data.model_dump(mode="json", by_alias=True)
    for copy in copies:
        copy["exclude_if"] = [dict(r) for r in c0["exclude_if"]]
        data["outcomes"]["rankings"][0]["candidates"].append(copy)
    for sec in data["sections"]:
        for q in sec["questions"]:
            for o in q["options"]:
                if "c0" in o["candidates"]:
                    o["candidates"].update({f"copy{i}": o["candidates"]["c0"] for i in range(3)})
    spec = build_spec(Questionnaire.model_validate(data))
    verdicts = decided_in_time(spec)
    never = {key for key, v in verdicts.items() if v.status == UNREACHABLE}
    assert never == {("candidate", "copy0"), ("candidate", "copy1"), ("candidate", "copy2"),
                     ("advice", "dim-contradiction"), ("advice", "contradiction"), ("advice", "zero-and-full")}


def shipped_copy(tmp_path, qid: str, change) -> set[str]:
    """A shipped questionnaire, changed, written to a fresh tree; returns the refs it needs."""
    data = yaml.safe_load((ROOT / "assessments" / f"{qid}.yaml").read_text(encoding="utf-8"))
    change(data)
    (tmp_path / "assessments").mkdir(exist_ok=True)
    (tmp_path / "assessments" / f"{qid}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    (one,), problems = load_questionnaires(tmp_path)
    assert not problems
    return set(referenced_pages(one.questionnaire))


def test_the_issues_cases_in_a_shipped_questionnaire_are_reported_exactly(tmp_path):
    # model-fit with three copies of its first candidate declared after it (a tie at best) and an
    # advice rule that needs an answer to "current", which "greenfield" hides.
    def change(data):
        ranking = data["outcomes"]["rankings"][0]
        first = ranking["candidates"][0]
        ranking["candidates"] += [{"id": f"copy-{i}", "title": "Copy", "exclude_if": first["exclude_if"]}
                                  for i in range(3)]
        for sec in data["sections"]:
            for q in sec["questions"]:
                for o in q["options"]:
                    if first["id"] in o.get("candidates", {}):
                        o["candidates"].update({f"copy-{i}": o["candidates"][first["id"]] for i in range(3)})
        data["outcomes"]["advice"].append({
            "id": "never", "title": "Never", "text": "t",
            "when": {"all": [{"answer": "greenfield", "in": ["greenfield"]}, {"answer": "current", "in": ["ops"]}]}})

    known = shipped_copy(tmp_path, "model-fit", change)
    start = time.monotonic()
    _, problems = check_assessments(tmp_path, known)
    assert time.monotonic() - start < HANG
    assert sorted(str(p).split(": ", 2)[2] for p in problems) == [
        "advice 'never' never applies: no answer set makes its condition hold"] + [
        f"candidate 'copy-{i}' never ranks first: no answer set gives it the most points without an exclusion"
        for i in range(3)]


@pytest.mark.parametrize("depth", [60, 61])
def test_a_60_deep_not_gate_in_a_shipped_questionnaire(tmp_path, depth):
    # One more gate on "practice-without-reorganisation": its first gate, under `depth` nots.
    def change(data):
        phase = data["outcomes"]["phases"][2]
        gate = phase["gates"][0]["when"]
        for _ in range(depth):
            gate = {"not": gate}
        phase["gates"].append({"id": "deep", "text": "t", "when": gate})

    known = shipped_copy(tmp_path, "organisational-maturity", change)
    _, problems = check_assessments(tmp_path, known)
    never = [str(p).split(": ", 2)[2].split("'")[1] for p in problems]
    assert never == ([] if depth % 2 == 0 else ["practice-without-reorganisation", "explicit-structure",
                                                 "partner-enabler"])


def test_shipped_questionnaires_every_outcome_reachable_and_confirmed():
    loaded, problems = load_questionnaires(ROOT)
    assert not problems and loaded
    for one in loaded:
        spec = build_spec(one.questionnaire)
        found = witnesses(spec)
        for goal in goals_of(spec):
            assert achieved(goal, score(spec, found[(goal.kind, goal.id)])), (one.id, goal)


# --- budget --------------------------------------------------------------------------------------

QUIZ = """\
id: quiz
title: Quiz
version: 1
summary: s
audience: a
intro: {text: t, scope: s, in_between: i, not_answering: "n"}
dimensions:
  - {id: d, title: D}
sections:
  - id: s
    title: S
    questions:
      - id: q1
        text: One?
        options:
          - {id: lo, label: Lo, points: {d: 0}}
          - {id: hi, label: Hi, points: {d: 3}}
      - id: q2
        text: Two?
        options:
          - {id: lo, label: Lo, points: {d: 0}}
          - {id: hi, label: Hi, points: {d: 3}}
outcomes:
  phases:
    - {id: start, title: Start, summary: s, threshold: 0}
    - {id: top, title: Top, summary: s, threshold: 100}
  advice:
    - id: both-high
      title: Both
      text: t
      when: {all: [{answer: q1, in: [hi]}, {answer: q2, in: [hi]}]}
sources: [sources/book]
"""


def load_quiz(tmp_path, text=QUIZ):
    (tmp_path / "assessments").mkdir(exist_ok=True)
    (tmp_path / "assessments" / "quiz.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    (one,), problems = load_questionnaires(tmp_path)
    assert not problems
    return one, build_spec(one.questionnaire)


def test_a_spent_budget_says_it_could_not_decide(tmp_path):
    one, spec = load_quiz(tmp_path)
    assert status(spec, "advice", "both-high", budget=2).status == UNDECIDED
    assert status(spec, "advice", "both-high").status == REACHABLE
    msgs = [str(p) for p in reach_problems(one, spec, None, budget=2)]
    line = QUIZ.splitlines().index("    - id: both-high") + 1
    assert f"assessments/quiz.yaml:{line}: outcomes.advice.0.id: advice 'both-high': could not decide within the search " \
           "budget whether any answer set makes its condition hold" in "\n".join(msgs), msgs


def test_the_default_budget_decides_without_a_problem(tmp_path):
    one, spec = load_quiz(tmp_path)
    assert reach_problems(one, spec, None) == []


# --- the cache -----------------------------------------------------------------------------------

def cache_file(tmp_path, spec) -> Path:
    return tmp_path / "build" / ".cache" / f"reach-{spec['spec_hash'].replace(':', '-')}.json"


def validate(tmp_path):
    assessments._REACH_CACHE.clear()   # the in-process memo, so that the file is read
    _, problems = check_assessments(tmp_path, {"sources/book"})
    return [str(p) for p in problems]


UNREACHABLE_QUIZ = QUIZ.replace("threshold: 100}", "threshold: 100}\n    - {id: beyond, title: B, summary: s, "
                                "threshold: 100, gates: [{id: g, text: t, when: {answer: q1, in: [lo]}}]}")


def good_cache(tmp_path, text=QUIZ):
    _, spec = load_quiz(tmp_path, text)
    first = validate(tmp_path)
    return spec, first, json.loads(cache_file(tmp_path, spec).read_text(encoding="utf-8"))


def test_the_cache_is_written_and_used(tmp_path):
    spec, first, stored = good_cache(tmp_path, UNREACHABLE_QUIZ)
    assert len(first) == 1 and "phase 'beyond' is never reached" in first[0]
    assert {v["status"] for v in stored["verdicts"]} == {REACHABLE, UNREACHABLE}
    assert read_reach_cache(tmp_path / "build" / ".cache", spec) is not None
    assert validate(tmp_path) == first


CORRUPTIONS = {
    "garbage": lambda s: "{not json",
    "empty": lambda s: "",
    "not utf-8": lambda s: b"\xff\xfe{}",
    "a list": lambda s: "[]",
    "missing verdicts": lambda s: json.dumps({k: v for k, v in s.items() if k != "verdicts"}),
    "missing a key": lambda s: json.dumps(dict(s, verdicts=[{k: v for k, v in x.items() if k != "status"}
                                                            for x in s["verdicts"]])),
    "wrong types": lambda s: json.dumps(dict(s, verdicts=[dict(x, id=1, witness="yes") for x in s["verdicts"]])),
    "verdicts not a list": lambda s: json.dumps(dict(s, verdicts={"a": 1})),
    "unknown status": lambda s: json.dumps(dict(s, verdicts=[dict(x, status="maybe") for x in s["verdicts"]])),
    "a goal missing": lambda s: json.dumps(dict(s, verdicts=s["verdicts"][1:])),
    "a goal twice": lambda s: json.dumps(dict(s, verdicts=s["verdicts"][:-1] + s["verdicts"][:1])),
    "other spec": lambda s: json.dumps(dict(s, spec_hash="sha256:0000000000000000")),
    "other budget": lambda s: json.dumps(dict(s, budget=1)),
    "other method": lambda s: json.dumps(dict(s, method=-1)),
    "witness that misses": lambda s: json.dumps(dict(s, verdicts=[
        dict(x, witness={}) if x["status"] == REACHABLE else x for x in s["verdicts"]])),
    "witness with unknown ids": lambda s: json.dumps(dict(s, verdicts=[
        dict(x, witness={"nope": "x"}) if x["status"] == REACHABLE else x for x in s["verdicts"]])),
    "witness of the wrong shape": lambda s: json.dumps(dict(s, verdicts=[
        dict(x, witness={"q1": ["hi"], "q2": "hi"}) if x["status"] == REACHABLE else x for x in s["verdicts"]])),
    "all declared reachable": lambda s: json.dumps(dict(s, verdicts=[
        dict(x, status=REACHABLE, witness={"q1": "hi", "q2": "hi"}) for x in s["verdicts"]])),
    "deep nesting": lambda s: "[" * 100_000 + "]" * 100_000,
    "huge number": lambda s: json.dumps(dict(s, budget=0)).replace('"budget": 0', '"budget": ' + "9" * 5000),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_corrupted_cache_is_recomputed_and_rewritten(tmp_path, name):
    spec, first, stored = good_cache(tmp_path, UNREACHABLE_QUIZ)
    path = cache_file(tmp_path, spec)
    text = CORRUPTIONS[name](stored)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    assert read_reach_cache(path.parent, spec) is None
    assert validate(tmp_path) == first
    assert json.loads(path.read_text(encoding="utf-8")) == stored


def test_a_directory_in_place_of_the_cache_file(tmp_path):
    spec, first, _ = good_cache(tmp_path, UNREACHABLE_QUIZ)
    path = cache_file(tmp_path, spec)
    path.unlink()
    path.mkdir()
    assert validate(tmp_path) == first
    assert path.is_dir() and not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_file_in_place_of_the_cache_folder(tmp_path):
    _, spec = load_quiz(tmp_path, UNREACHABLE_QUIZ)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / ".cache").write_text("not a folder", encoding="utf-8")
    assert len(validate(tmp_path)) == 1


def test_a_fifo_in_place_of_the_cache_file_does_not_block(tmp_path):
    spec, first, _ = good_cache(tmp_path, UNREACHABLE_QUIZ)
    path = cache_file(tmp_path, spec)
    path.unlink()
    os.mkfifo(path)
    start = time.monotonic()
    assert validate(tmp_path) == first
    assert time.monotonic() - start < HANG
