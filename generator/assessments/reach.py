"""Can every outcome happen? A search for answer sets that reach each phase, put each ranked
candidate first, and fire each advice rule.

The answer space is far too large to enumerate (a few dozen questions with four options
each), so the checker searches: it scores a pool of extreme and random answer sets (seeded,
so runs are repeatable), then climbs from the best of them towards each outcome not yet
seen, guided by how far each condition is from holding. An outcome found is proven
reachable by the witness answer set (and `witnesses` returns them for tests); an outcome not
found within the budget is reported, which in practice means its thresholds, gates or
exclusions contradict each other or the points.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .engine import at_least, chosen, evaluate, holds, questions_of

POOL_RANDOM = 96
CLIMB_RESTARTS = 12
CLIMB_STEPS = 60


@dataclass(frozen=True)
class Goal:
    """An outcome to reach, as a condition over the evaluated answers."""

    kind: str          # "phase", "candidate" or "advice"
    id: str
    path: tuple        # where the outcome is declared, for problems
    node: dict         # extended condition (see `truth`)


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
            parts += [{"_beats": [cand["id"], other, oi < ci]} for oi, other in enumerate(ids) if other != cand["id"]]
            goals.append(Goal("candidate", cand["id"], ("outcomes", "rankings", ri, "candidates", ci, "id"),
                              {"all": parts}))
    for ai, advice in enumerate(out["advice"]):
        goals.append(Goal("advice", advice["id"], ("outcomes", "advice", ai, "id"), advice["when"]))
    return goals


class Searcher:
    """Evaluates goals exactly (`truth`) and by distance (`margin`) over one spec."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.questions = questions_of(spec)
        self.by_id = {q["id"]: q for q in self.questions}
        self.exclusions = {c["id"]: [r["when"] for r in c["exclude_if"]]
                           for r in spec["outcomes"]["rankings"] for c in r["candidates"]}

    # exact -------------------------------------------------------------------------------
    def truth(self, node: dict, core: dict) -> bool:
        if "_overall" in node:
            return at_least(*core["overall"], node["_overall"])
        if "_excluded" in node:
            return bool(core["candidates"][node["_excluded"]]["excluded_by"])
        if "_beats" in node:
            c, o, strict = node["_beats"]
            cand = core["candidates"]
            return bool(cand[o]["excluded_by"]) or cand[c]["score"] - cand[o]["score"] >= (1 if strict else 0)
        if "all" in node:
            return all(self.truth(n, core) for n in node["all"])
        if "any" in node:
            return any(self.truth(n, core) for n in node["any"])
        if "not" in node:
            return not self.truth(node["not"], core)
        return holds(node, core["effective"], core["dims"], core["tops"])

    # distance (>= 0 means it holds) ----------------------------------------------------------
    def margin(self, node: dict, core: dict, neg: bool = False) -> float:
        if "not" in node:
            return self.margin(node["not"], core, not neg)
        if "all" in node or "any" in node:
            conj = ("all" in node) != neg
            margins = [self.margin(n, core, neg) for n in node["all" if "all" in node else "any"]]
            if not conj:
                return max(margins)
            low = [m for m in margins if m < 0]
            return sum(low) if low else min(margins)
        if "answer" in node:
            ok = holds(node, core["effective"], None)
            if ok != neg:
                return 1.0
            question = self.by_id[node["answer"]]
            if not neg and question["id"] in core["hidden_set"]:
                return -2.0 + min(0.0, self.margin(question["show_if"], core))
            return -1.0
        if "dimension" in node or "_overall" in node:
            raw, max_ = core["dims"][node["dimension"]] if "dimension" in node else core["overall"]
            t = node["at_least"] if "dimension" in node else node["_overall"]
            if not neg:
                if t == 0:
                    return 1.0
                return (raw * 100 - t * max_) / max_ if max_ else -t - 1.0
            if t == 0:
                return -1.0
            return (t * max_ - raw * 100 - 1) / max_ if max_ else 1.0
        if "top" in node:
            return 1.0 if self.truth(node, core) != neg else -1.0
        if "_excluded" in node:
            rules = self.exclusions[node["_excluded"]]
            if not rules:
                return 1.0 if neg else -100.0
            return self.margin({"any": rules}, core, neg)
        if "_beats" in node:
            c, o, strict = node["_beats"]
            cand = core["candidates"]
            diff = cand[c]["score"] - cand[o]["score"] - (1 if strict else 0)
            rules = self.exclusions[o]
            excl = self.margin({"any": rules}, core) if rules else -1000.0
            if neg:
                raise ValueError("a ranking goal is never negated")
            return max(float(diff), excl)
        raise ValueError(f"unknown goal node {node!r}")

    def core(self, answers: dict) -> dict:
        core = evaluate(self.spec, answers)
        core["hidden_set"] = set(core["hidden"])
        return core

    # answer sets -----------------------------------------------------------------------------
    def moves(self, question: dict, current) -> list:
        """Every other answer one question can take (including no answer)."""
        ids = [o["id"] for o in question["options"]]
        if question["type"] == "single":
            return [None] + ids if current is None else [None] + [i for i in ids if i != current]
        picked = chosen(current)
        exclusive = {o["id"] for o in question["options"] if o["exclusive"]}
        out: list = [None] if picked else []
        for option in ids:
            if option in exclusive:
                new = [] if picked == [option] else [option]
            elif option in picked:
                new = [i for i in picked if i != option]
            else:
                new = [i for i in ids if (i in picked and i not in exclusive) or i == option]
            out.append(new or None)
        return out

    def random_answers(self, rng: random.Random) -> dict:
        answers: dict = {}
        for question in self.questions:
            if rng.random() < 0.1:
                continue
            options = question["options"]
            if question["type"] == "single":
                answers[question["id"]] = rng.choice(options)["id"]
            else:
                exclusive = [o for o in options if o["exclusive"]]
                if exclusive and rng.random() < 0.2:
                    answers[question["id"]] = [rng.choice(exclusive)["id"]]
                else:
                    picked = [o["id"] for o in options if not o["exclusive"] and rng.random() < 0.5]
                    if picked:
                        answers[question["id"]] = picked
        return answers

    def extremes(self) -> list[dict]:
        """All-high, all-low, first options, last options and no answers at all."""
        high, low, first, last = {}, {}, {}, {}
        for question in self.questions:
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

    def favouring(self, cand: str, rivals: list[str] | None = None) -> dict:
        """For each question the option that most favours one candidate over its rivals (by
        default all other candidates)."""
        others = rivals if rivals is not None else [c for c in self.exclusions if c != cand]

        def net(option):
            points = option["candidates"]
            return points.get(cand, 0) - max((points.get(o, 0) for o in others), default=0)

        answers: dict = {}
        for question in self.questions:
            options = question["options"]
            if question["type"] == "single":
                answers[question["id"]] = max(options, key=net)["id"]
            else:
                picked = [o["id"] for o in options if not o["exclusive"] and net(o) > 0]
                if picked:
                    answers[question["id"]] = picked
        return answers

    # search ----------------------------------------------------------------------------------
    def climb(self, goal: Goal, start: dict, rng: random.Random) -> dict | None:
        answers = dict(start)
        core = self.core(answers)
        best = self.margin(goal.node, core)
        for _ in range(CLIMB_STEPS):
            if best >= 0 and self.truth(goal.node, core):
                return answers
            improved = None
            for question in self.questions:
                if question["id"] in core["hidden_set"]:
                    continue
                for move in self.moves(question, answers.get(question["id"])):
                    trial = dict(answers)
                    if move is None:
                        trial.pop(question["id"], None)
                    else:
                        trial[question["id"]] = move
                    trial_core = self.core(trial)
                    m = self.margin(goal.node, trial_core)
                    if m > best:
                        best, improved = m, (trial, trial_core)
            if improved is None:
                # Stuck: kick a few answers at random and keep going from there.
                answers = dict(answers)
                for question in rng.sample(self.questions, k=min(3, len(self.questions))):
                    options = self.moves(question, answers.get(question["id"]))
                    move = rng.choice(options) if options else None
                    if move is None:
                        answers.pop(question["id"], None)
                    else:
                        answers[question["id"]] = move
                core = self.core(answers)
                best = self.margin(goal.node, core)
            else:
                answers, core = improved
        return answers if self.truth(goal.node, core) else None


def witnesses(spec: dict, seed: int = 20240501) -> dict[tuple[str, str], dict | None]:
    """For every outcome (kind, id): an answer set that reaches it, or None if none was found."""
    search = Searcher(spec)
    goals = goals_of(spec)
    found: dict[tuple[str, str], dict | None] = {(g.kind, g.id): None for g in goals}
    rng = random.Random(seed)
    pool = search.extremes()
    for ranking in spec["outcomes"]["rankings"]:
        ids = [c["id"] for c in ranking["candidates"]]
        pool += [search.favouring(cand, [c for c in ids if c != cand]) for cand in ids]
    pool += [search.random_answers(rng) for _ in range(POOL_RANDOM)]
    scored_pool = []
    for answers in pool:
        core = search.core(answers)
        scored_pool.append((answers, core))
        for goal in goals:
            if found[(goal.kind, goal.id)] is None and search.truth(goal.node, core):
                found[(goal.kind, goal.id)] = answers
    for goal in goals:
        if found[(goal.kind, goal.id)] is not None:
            continue
        ranked = sorted(scored_pool, key=lambda item: -search.margin(goal.node, item[1]))
        for attempt in range(CLIMB_RESTARTS):
            start = ranked[attempt][0] if attempt < len(ranked) else search.random_answers(rng)
            result = search.climb(goal, start, rng)
            if result is not None:
                found[(goal.kind, goal.id)] = result
                break
    return found
