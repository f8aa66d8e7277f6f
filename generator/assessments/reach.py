"""Can every outcome happen? For each phase, ranked candidate and advice rule an exact verdict:
reachable (with a witness answer set that `score` confirms), unreachable (proven: no answer set
makes it happen), or — only when its budget of search steps runs out — undecided. How it is
decided is in `reach_search.py`; here are the outcomes as conditions, the verdicts, and their
stored form (checked on reading: a stored witness must still reach its outcome).
"""
from __future__ import annotations

from dataclasses import dataclass

from .engine import lead_needed, questions_of, score
from .reach_search import FOUND, NONE, Model, Search

BUDGET = 20_000      # search steps per outcome before it is reported as undecided
REACHABLE, UNREACHABLE, UNDECIDED = "reachable", "unreachable", "undecided"


@dataclass(frozen=True)
class Goal:
    """An outcome to reach, as a condition over the evaluated answers."""

    kind: str          # "phase", "candidate" or "advice"
    id: str
    path: tuple        # where the outcome is declared, for problems
    node: dict         # condition, plus `_overall`, `_excluded` and `_leads` nodes


@dataclass(frozen=True)
class Verdict:
    """What the search decided for one goal; a witness comes with every reachable one."""

    status: str
    witness: dict | None = None


def goals_of(spec: dict) -> list[Goal]:
    """Every outcome of a questionnaire as a goal."""
    goals = []
    out = spec["outcomes"]
    so_far: list[dict] = []
    for i, phase in enumerate(out["phases"]):
        so_far = so_far + [{"_overall": phase["threshold"]}] + [g["when"] for g in phase["gates"]]
        goals.append(Goal("phase", phase["id"], ("outcomes", "phases", i, "id"), {"all": list(so_far)}))
    for ri, ranking in enumerate(out["rankings"]):
        ids = [c["id"] for c in ranking["candidates"]]
        for ci, cand in enumerate(ranking["candidates"]):
            parts: list[dict] = [{"not": {"_excluded": cand["id"]}}]
            parts += [{"any": [{"_excluded": other}, {"_leads": [cand["id"], other, lead_needed(ci, oi)]}]}
                      for oi, other in enumerate(ids) if oi != ci]
            goals.append(Goal("candidate", cand["id"], ("outcomes", "rankings", ri, "candidates", ci, "id"),
                              {"all": parts}))
    for ai, advice in enumerate(out["advice"]):
        goals.append(Goal("advice", advice["id"], ("outcomes", "advice", ai, "id"), advice["when"]))
    return goals


def achieved(goal: Goal, result: dict) -> bool:
    """Whether a result of `score` shows the goal's outcome."""
    if goal.kind == "phase":
        return any(p["id"] == goal.id and p["reached"] for p in result["phases"])
    if goal.kind == "candidate":
        return any(r["top"] == goal.id for r in result["rankings"])
    return goal.id in result["advice"]


def decide(spec: dict, budget: int = BUDGET) -> dict[tuple[str, str], Verdict]:
    """A verdict for every outcome (kind, id) of a spec."""
    model = Model(spec)
    verdicts: dict[tuple[str, str], Verdict] = {}
    found: list[tuple[dict, dict]] = []   # witnesses so far with their results: often one serves several goals
    for goal in goals_of(spec):
        known = next((answers for answers, result in found if achieved(goal, result)), None)
        if known is not None:
            verdicts[(goal.kind, goal.id)] = Verdict(REACHABLE, known)
            continue
        verdict, result = settle(model, goal, budget)
        if verdict.witness is not None:
            found.append((verdict.witness, result))
        verdicts[(goal.kind, goal.id)] = verdict
    return verdicts


def settle(model: Model, goal: Goal, budget: int) -> tuple[Verdict, dict | None]:
    """One goal's verdict, with the engine's result for its witness."""
    results: list[dict] = []

    def confirm(answers: dict) -> bool:
        results.append(score(model.spec, answers))
        return achieved(goal, results[-1])

    try:
        search = Search(model, goal.node, confirm, budget)
        status = search.run()
    except RecursionError:   # conditions nested deeper than Python recurses: say so, do not crash
        return Verdict(UNDECIDED), None
    if status == FOUND:
        return Verdict(REACHABLE, search.witness), results[-1]
    return Verdict(UNREACHABLE if status == NONE else UNDECIDED), None


def witnesses(spec: dict) -> dict[tuple[str, str], dict | None]:
    """For every outcome (kind, id): an answer set that reaches it, or None if none does (or
    none was found within the budget)."""
    return {key: verdict.witness for key, verdict in decide(spec).items()}


def valid_answers(spec: dict, answers) -> bool:
    """Whether stored answers are a well-formed answer set of this spec (ids and shapes)."""
    if not isinstance(answers, dict):
        return False
    questions = {q["id"]: q for q in questions_of(spec)}
    for qid, answer in answers.items():
        question = questions.get(qid)
        if question is None:
            return False
        options = {o["id"]: o for o in question["options"]}
        if question["type"] == "single":
            if not (isinstance(answer, str) and answer in options):
                return False
            continue
        if not (isinstance(answer, list) and answer and all(isinstance(a, str) and a in options for a in answer)):
            return False
        if len(set(answer)) != len(answer) or (len(answer) > 1 and any(options[a]["exclusive"] for a in answer)):
            return False
    return True


def restore(spec: dict, stored, budget: int = BUDGET) -> dict[tuple[str, str], Verdict] | None:
    """Verdicts from stored data (see `dump`) when they are well-formed, made for this spec and
    budget, cover exactly its goals, and every witness still reaches its goal; else None."""
    if not isinstance(stored, dict) or stored.get("spec_hash") != spec["spec_hash"] or stored.get("budget") != budget:
        return None
    items = stored.get("verdicts")
    goals = {(g.kind, g.id): g for g in goals_of(spec)}
    if not isinstance(items, list) or len(items) != len(goals):
        return None
    verdicts: dict[tuple[str, str], Verdict] = {}
    for item in items:
        if not isinstance(item, dict) or set(item) != {"kind", "id", "status", "witness"}:
            return None
        goal = goals.get((item["kind"], item["id"])) if isinstance(item["kind"], str) and isinstance(item["id"], str) else None
        status, witness = item["status"], item["witness"]
        if goal is None or (goal.kind, goal.id) in verdicts or status not in (REACHABLE, UNREACHABLE, UNDECIDED):
            return None
        if (status == REACHABLE) != (witness is not None):
            return None
        if witness is not None and not (valid_answers(spec, witness) and achieved(goal, score(spec, witness))):
            return None
        verdicts[(goal.kind, goal.id)] = Verdict(status, witness)
    return verdicts


def dump(spec: dict, verdicts: dict[tuple[str, str], Verdict], budget: int = BUDGET) -> dict:
    """Verdicts as plain JSON data, for `restore`."""
    return {"spec_hash": spec["spec_hash"], "budget": budget,
            "verdicts": [{"kind": kind, "id": oid, "status": v.status, "witness": v.witness}
                         for (kind, oid), v in verdicts.items()]}


def extremes(spec: dict) -> list[dict]:
    """All-high, all-low, first options, last options and no answers at all."""
    high, low, first, last = {}, {}, {}, {}
    for question in questions_of(spec):
        options = question["options"]
        weight = lambda o: sum(o["points"].values())  # noqa: E731
        if question["type"] == "single":
            high[question["id"]] = max(options, key=weight)["id"]
            low[question["id"]] = min(options, key=weight)["id"]
            first[question["id"]], last[question["id"]] = options[0]["id"], options[-1]["id"]
        else:
            combinable = [o["id"] for o in options if not o["exclusive"]]
            if combinable:
                high[question["id"]] = combinable
                first[question["id"]], last[question["id"]] = combinable[:1], combinable[-1:]
    return [{}, high, low, first, last]


