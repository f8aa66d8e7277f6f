"""Can every outcome happen? For each phase, ranked candidate and advice rule an exact verdict:
reachable (with a witness answer set that `score` confirms), unreachable (proven), or — only
when its budget of search steps runs out — undecided.

Every score a condition compares is linear in the answers: "dimension d at least t %" is
`100*raw - t*max >= 0 and raw >= 1` (a hidden question adds to neither), and "c ranks above o"
is `score(c) - score(o) >= lead_needed(c, o)`. The search walks the questions in declared order
(a multiple choice question one option at a time) and cuts a branch as soon as the goal can no
longer hold: the most and least the remaining questions can add bound every expression; the
goal's still-open cases are kept as boxes (ranges of its expressions, answers it needs), and
the sum of two bounded expressions catches contradictions that each alone does not. Failed
states (position, partial sums, the answers later questions look at) are remembered, so the
work is bounded by the number of distinct states, and by BUDGET steps per outcome.

Engine semantics this relies on (engine.py): visibility by `holds` over the earlier visible
answers; `question_max` for a visible question's share of a maximum; the integer comparison of
`at_least`; overall = weight-multiplied sums; a candidate's score = points of the chosen options
of visible questions, excluded when any `exclude_if` rule holds; ties by `lead_needed`; a phase
needs every earlier phase. Every witness is confirmed by `score` itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from operator import add

from .engine import chosen, holds, lead_needed, question_max, questions_of, score

BUDGET = 20_000      # search steps per outcome before it is reported as undecided
CASE_LIMIT = 32      # open cases kept per goal; beyond, they are merged into one (sound, looser)
PAIR_LIMIT = 8       # bounded expressions per case up to which every pair is summed
VISIBLE_LIMIT = 64   # largest show_if (in nodes) copied next to an answer that needs it
INF = float("inf")
REACHABLE, UNREACHABLE, UNDECIDED = "reachable", "unreachable", "undecided"
TRUE, FALSE = ("T",), ("F",)
OPEN = ({}, {})      # a case that constrains nothing


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
        try:
            verdict = Search(model, goal, budget).run()
        except RecursionError:   # conditions nested deeper than Python recurses: say so, do not crash
            verdict = Verdict(UNDECIDED)
        if verdict.witness is not None:
            found.append((verdict.witness, score(spec, verdict.witness)))
        verdicts[(goal.kind, goal.id)] = verdict
    return verdicts


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


# --- the questionnaire as linear expressions ------------------------------------------------

class Model:
    """A spec's conditions compiled to expressions over the answers, with bounds on how much the
    remaining questions can still add to any signed sum of them."""

    def __init__(self, spec: dict):
        self.spec = spec
        self.questions = questions_of(spec)
        self.index = {q["id"]: i for i, q in enumerate(self.questions)}
        self.combinable = [[k for k, o in enumerate(q["options"]) if not o["exclusive"]] if q["type"] == "multiple"
                           else [] for q in self.questions]
        self.exprs: list[tuple] = []          # per expression, per question: (constant if visible, points per option)
        self._expr_ids: dict[tuple, int] = {}
        self._uppers: dict[tuple, tuple] = {}
        self._visible: dict[int, tuple] = {}
        self.exclusions = {c["id"]: [r["when"] for r in c["exclude_if"]]
                           for r in spec["outcomes"]["rankings"] for c in r["candidates"]}
        self.weights = {d["id"]: d["weight"] for d in spec["dimensions"]}

    # expressions -----------------------------------------------------------------------------
    def linear(self, terms: tuple, lo: float, hi: float) -> tuple:
        """The node `lo <= expression <= hi`, the expression divided by the gcd of its numbers."""
        g = 0
        for const, coefs in terms:
            g = gcd(g, const, *coefs)
        if g == 0:
            return TRUE if lo <= 0 <= hi else FALSE
        terms = tuple((c // g, tuple(x // g for x in cs)) for c, cs in terms)
        lo = lo if lo == -INF else -((-lo) // g)
        hi = hi if hi == INF else hi // g
        e = self._expr_ids.get(terms)
        if e is None:
            e = self._expr_ids[terms] = len(self.exprs)
            self.exprs.append(terms)
        return ("lin", e, lo, hi)

    def score_terms(self, weights: dict[str, int], scale: int, threshold: int) -> tuple:
        """`scale * raw - threshold * max` of a weighted sum of dimensions, per question."""
        return tuple((-threshold * sum(w * question_max(q, d, "points") for d, w in weights.items()),
                      tuple(scale * sum(w * o["points"].get(d, 0) for d, w in weights.items()) for o in q["options"]))
                     for q in self.questions)

    def at_least(self, weights: dict[str, int], threshold: int, neg: bool) -> tuple:
        """`at_least(raw, max, threshold)` (or its negation): `100*raw >= t*max` and `raw >= 1`."""
        if threshold == 0:
            return FALSE if neg else TRUE
        ratio = self.score_terms(weights, 100, threshold)
        raw = self.score_terms(weights, 1, 0)
        if neg:
            return self.join("or", [self.linear(ratio, -INF, -1), self.linear(raw, -INF, 0)])
        return self.join("and", [self.linear(ratio, 0, INF), self.linear(raw, 1, INF)])

    def lead(self, cand: str, other: str, lead: int, neg: bool) -> tuple:
        terms = tuple((0, tuple(o["candidates"].get(cand, 0) - o["candidates"].get(other, 0) for o in q["options"]))
                      for q in self.questions)
        return self.linear(terms, -INF, lead - 1) if neg else self.linear(terms, lead, INF)

    # conditions ------------------------------------------------------------------------------
    def compile(self, node: dict, neg: bool = False) -> tuple:
        """A goal condition in negation normal form over `lin` and `ans` literals."""
        while "not" in node:   # a chain of `not` iteratively, however deep
            node, neg = node["not"], not neg
        if "all" in node or "any" in node:
            conj = ("all" in node) != neg
            return self.join("and" if conj else "or", [self.compile(n, neg) for n in node["all" if "all" in node else "any"]])
        if "answer" in node:
            qi = self.index[node["answer"]]
            literal = ("ans", qi, node, not neg)
            # A positive answer needs its question shown: saying so lets the search steer early.
            return literal if neg else self.join("and", [literal, self.visible(qi)])
        if "dimension" in node:
            return self.at_least({node["dimension"]: 1}, node["at_least"], neg)
        if "_overall" in node:
            return self.at_least(self.weights, node["_overall"], neg)
        if "_excluded" in node:
            rules = self.exclusions[node["_excluded"]]
            return self.compile({"any": rules}, neg) if rules else TRUE if neg else FALSE
        if "_leads" in node:
            return self.lead(*node["_leads"], neg)
        raise ValueError(f"not a condition: {node!r}")

    def visible(self, qi: int) -> tuple:
        """A question's show_if as a node (TRUE when there is none, or when it is too large)."""
        # Built in declared order, so each refers only to ones already built (no deep recursion).
        for i in range(len(self._visible), qi + 1):
            show_if = self.questions[i]["show_if"]
            tree = TRUE if show_if is None else self.compile(show_if)
            self._visible[i] = tree if size(tree) <= VISIBLE_LIMIT else TRUE
        return self._visible[qi]

    @staticmethod
    def join(kind: str, children: list[tuple]) -> tuple:
        """`and`/`or` of nodes, flattened, with constants folded."""
        unit, zero = (TRUE, FALSE) if kind == "and" else (FALSE, TRUE)
        flat: list[tuple] = []
        for child in children:
            if child == zero:
                return zero
            if child != unit:
                flat += child[1] if child[0] == kind else [child]
        return unit if not flat else flat[0] if len(flat) == 1 else (kind, tuple(flat))

    # bounds ----------------------------------------------------------------------------------
    def upper(self, combo: tuple) -> tuple[list[int], dict[int, list[int]]]:
        """The most a signed sum of expressions ((expr, ±1), ...) can still grow: from the start of
        each question on, and inside a multiple choice question from each combinable option on."""
        if combo in self._uppers:
            return self._uppers[combo]
        n = len(self.questions)
        suffix, inner = [0] * (n + 1), {}
        for qi in reversed(range(n)):
            question = self.questions[qi]
            const = sum(s * self.exprs[e][qi][0] for e, s in combo)
            coefs = [sum(s * self.exprs[e][qi][1][k] for e, s in combo) for k in range(len(question["options"]))]
            if question["type"] == "single":
                best = const + max(0, *coefs)
            else:
                comb = self.combinable[qi]
                tail = [0] * (len(comb) + 1)
                for j in reversed(range(len(comb))):
                    tail[j] = tail[j + 1] + max(0, coefs[comb[j]])
                inner[qi] = tail
                best = const + max([tail[0]] + [c for k, c in enumerate(coefs) if k not in comb])
            if question["show_if"] is not None:
                best = max(best, 0)   # it may be hidden and add nothing
            suffix[qi] = suffix[qi + 1] + best
        self._uppers[combo] = (suffix, inner)
        return suffix, inner

    def room(self, combo: tuple, pos: tuple) -> int:
        """The most a signed sum can still grow from a position (question, combinable option or None)."""
        suffix, inner = self.upper(combo)
        q, j = pos
        return suffix[q] if j is None else inner[q][j] + suffix[q + 1]

    def answerable(self, qi: int, hits: tuple, avoid: frozenset) -> bool:
        """Whether one answer to a question can hit every set in `hits` and nothing in `avoid`."""
        question = self.questions[qi]
        if question["type"] == "single":
            allowed = {o["id"] for o in question["options"]} - avoid
            for wanted in hits:
                allowed &= wanted
            return not hits or bool(allowed)
        return all(wanted - avoid for wanted in hits)


def size(node: tuple) -> int:
    """Nodes in a compiled condition."""
    return 1 + sum(size(child) for child in node[1]) if node[0] in ("and", "or") else 1


def literals(node: tuple, kind: str):
    """Every literal of a kind ("lin" or "ans") in a compiled condition."""
    if node[0] == kind:
        yield node
    elif node[0] in ("and", "or"):
        for child in node[1]:
            yield from literals(child, kind)


def show_if_answers(node: dict | None):
    """Every `answer` node of a show_if condition."""
    stack = [node] if node else []
    while stack:
        cond = stack.pop()
        if "answer" in cond:
            yield cond
        stack += cond.get("all", []) + cond.get("any", []) + ([cond["not"]] if "not" in cond else [])


# --- the search -------------------------------------------------------------------------------

class Frame:
    """One decision point on the search stack: its state and the choices still to try."""

    __slots__ = ("pos", "sums", "partial", "key", "choices", "next")

    def __init__(self, pos, sums, partial, key, choices):
        self.pos, self.sums, self.partial, self.key, self.choices, self.next = pos, sums, partial, key, choices, 0


class Search:
    """Depth-first search for one goal, answer by answer, cut by the goal's open cases."""

    def __init__(self, model: Model, goal: Goal, budget: int):
        self.model, self.goal, self.budget = model, goal, budget
        self.questions = model.questions
        tree = model.compile(goal.node)
        # Local slots for the goal's expressions; literals carry the slot.
        self.slots = sorted({lit[1] for lit in literals(tree, "lin")})
        slot_of = {e: i for i, e in enumerate(self.slots)}
        self.root = relabel(tree, slot_of)
        self.raise_ = [((e, 1),) for e in self.slots]
        self.lower = [((e, -1),) for e in self.slots]
        self.const = [tuple(model.exprs[e][qi][0] for e in self.slots) for qi in range(len(self.questions))]
        self.coef = [[tuple(model.exprs[e][qi][1][k] for e in self.slots) for k in range(len(q["options"]))]
                     for qi, q in enumerate(self.questions)]
        # Answers whose truth shapes the rest of the search: the goal's and every show_if's.
        atoms = {(lit[1], frozenset(lit[2]["in"])): lit[2] for lit in literals(self.root, "ans")}
        for qi, question in enumerate(self.questions):
            for cond in show_if_answers(question["show_if"]):
                atoms[(model.index[cond["answer"]], frozenset(cond["in"]))] = cond
        self.atoms = sorted(((qi, cond) for (qi, _), cond in atoms.items()), key=lambda a: a[0])
        self.relevant = {qi for qi, _ in self.atoms}
        self.choice: list = [None] * len(self.questions)
        self.shown = [False] * len(self.questions)
        self.depth = 0
        self.ranges: list[tuple[int, int]] = []
        self.failed: set = set()
        self.steps = 0

    def get(self, qid: str, default=None):
        """The effective answer of a question before the current one, as `holds` reads answers."""
        qi = self.model.index.get(qid)
        if qi is None or qi >= self.depth or not self.shown[qi] or not chosen(self.choice[qi]):
            return default
        return self.choice[qi]

    def run(self) -> Verdict:
        stack: list[Frame] = []
        found = self.enter((0, None), (0,) * len(self.slots), ())
        while True:
            if isinstance(found, dict):
                return Verdict(REACHABLE, found)
            if found is not None:
                stack.append(found)
            while stack and stack[-1].next == len(stack[-1].choices):
                self.failed.add(stack.pop().key)
            if not stack:
                return Verdict(UNREACHABLE)
            if self.steps >= self.budget:
                return Verdict(UNDECIDED)
            frame = stack[-1]
            choice = frame.choices[frame.next]
            frame.next += 1
            found = self.step(frame, choice)

    def step(self, frame: Frame, choice: tuple):
        """Apply one choice at a frame's position and enter the state it leads to."""
        (q, j), sums, kind = frame.pos, frame.sums, choice[0]
        question = self.questions[q]
        self.shown[q] = kind != "hidden"
        if kind == "hidden":
            self.choice[q] = None
            return self.enter((q + 1, None), sums, ())
        if kind == "pick":
            k = self.model.combinable[q][j]
            partial = frame.partial + (k,) if choice[1] else frame.partial
            sums = tuple(map(add, sums, self.coef[q][k])) if choice[1] else sums
            if j + 1 < len(self.model.combinable[q]):
                return self.enter((q, j + 1), sums, partial)
            self.choice[q] = [question["options"][i]["id"] for i in partial] or None
            return self.enter((q + 1, None), sums, ())
        sums = tuple(map(add, sums, self.const[q]))
        if kind == "combo":
            if self.model.combinable[q]:
                return self.enter((q, 0), sums, ())
            self.choice[q] = None
            return self.enter((q + 1, None), sums, ())
        k = choice[1]
        if k is not None:
            sums = tuple(map(add, sums, self.coef[q][k]))
        option = None if k is None else question["options"][k]["id"]
        self.choice[q] = option if kind == "single" or option is None else [option]
        return self.enter((q + 1, None), sums, ())

    def enter(self, pos: tuple, sums: tuple, partial: tuple):
        """A witness (dict), None when nothing from here reaches the goal, or a frame to explore."""
        self.steps += 1
        q = self.depth = pos[0]
        key = (pos, sums, tuple(holds(cond, self, None) for qi, cond in self.atoms if qi < q),
               partial if q in self.relevant else None)
        if key in self.failed:
            return None
        model = self.model
        self.ranges = [(s - model.room(low, pos), s + model.room(high, pos))
                       for s, low, high in zip(sums, self.lower, self.raise_)]
        truth = self.truth(self.root)
        if truth is True:
            witness = self.witness(q, partial)
            if achieved(self.goal, score(model.spec, witness)):
                return witness
        if truth is False or q == len(self.questions):
            self.failed.add(key)
            return None
        case = next((c for c in self.cases(self.root) if self.feasible(c, sums, pos)), None)
        if case is None:
            self.failed.add(key)
            return None
        return Frame(pos, sums, partial, key, self.choices(pos, partial, case))

    def witness(self, q: int, partial: tuple) -> dict:
        answers = {self.questions[i]["id"]: self.choice[i] for i in range(q)
                   if self.shown[i] and chosen(self.choice[i])}
        if partial:
            answers[self.questions[q]["id"]] = [self.questions[q]["options"][k]["id"] for k in partial]
        return answers

    # reasoning about the rest -----------------------------------------------------------------
    def truth(self, node: tuple):
        """True or False when every way of answering the rest agrees, else None."""
        kind = node[0]
        if kind == "lin":
            a, b = self.ranges[node[1]]
            return True if node[2] <= a and b <= node[3] else False if b < node[2] or a > node[3] else None
        if kind == "ans":
            return None if node[1] >= self.depth else holds(node[2], self, None) == node[3]
        if kind in ("and", "or"):
            decisive = kind == "or"
            out = not decisive
            for child in node[1]:
                t = self.truth(child)
                if t is decisive:
                    return decisive
                if t is None:
                    out = None
            return out
        return node is TRUE

    def cases(self, node: tuple) -> list[tuple[dict, dict]]:
        """The ways the goal can still hold: each a box (slot → (lo, hi)) and the answers it needs
        (question → (sets to hit, options to avoid)); no case means it cannot."""
        kind = node[0]
        if kind == "lin":
            a, b = self.ranges[node[1]]
            lo, hi = max(node[2], a), min(node[3], b)
            return [] if lo > hi else [OPEN] if (lo, hi) == (a, b) else [({node[1]: (lo, hi)}, {})]
        if kind == "ans":
            qi, cond, positive = node[1:]
            if qi < self.depth:
                return [OPEN] if holds(cond, self, None) == positive else []
            wanted = frozenset(cond["in"])
            return [({}, {qi: ((wanted,), frozenset()) if positive else ((), wanted)})]
        if kind == "and":
            out = [OPEN]
            for child in node[1]:
                more = self.cases(child)
                out = [m for x in out for y in more if (m := self.merge(x, y)) is not None]
                if not out:
                    return []
                if len(out) > CASE_LIMIT:
                    out = [hull(out)]
            return out
        if kind == "or":
            out = []
            for child in node[1]:
                more = self.cases(child)
                if OPEN in more:
                    return [OPEN]
                out += more
            return [hull(out)] if len(out) > CASE_LIMIT else out
        return [OPEN] if node is TRUE else []

    def merge(self, x: tuple, y: tuple):
        """Both cases at once, or None when they contradict each other."""
        if x is OPEN or y is OPEN:
            return y if x is OPEN else x
        box = dict(x[0])
        for i, (lo, hi) in y[0].items():
            if i in box:
                lo, hi = max(lo, box[i][0]), min(hi, box[i][1])
                if lo > hi:
                    return None
            box[i] = (lo, hi)
        needs = dict(x[1])
        for qi, (hits, avoid) in y[1].items():
            if qi in needs:
                hits, avoid = needs[qi][0] + hits, needs[qi][1] | avoid
                if not self.model.answerable(qi, hits, avoid):
                    return None
            needs[qi] = (hits, avoid)
        return box, needs

    def feasible(self, case: tuple, sums: tuple, pos: tuple) -> bool:
        """Whether the sums of the case's bounded expressions, two at a time and all together,
        can still meet the sums of their bounds (each alone is checked by its range)."""
        bounds = []
        for i, (lo, hi) in case[0].items():
            a, b = self.ranges[i]
            if lo > a:
                bounds.append((i, 1, lo))
            if hi < b:
                bounds.append((i, -1, -hi))
        if len(bounds) < 2:
            return True
        groups = [[x, y] for n, x in enumerate(bounds) for y in bounds[n + 1:]] if len(bounds) <= PAIR_LIMIT else []
        for group in groups + ([bounds] if len(bounds) > 2 else []):
            combo = tuple(sorted((self.slots[i], s) for i, s, _ in group))
            have = sum(s * sums[i] for i, s, _ in group) + self.model.room(combo, pos)
            if have < sum(bound for _, _, bound in group):
                return False
        return True

    def choices(self, pos: tuple, partial: tuple, case: tuple) -> list[tuple]:
        """The choices at a position, the ones that move towards the case first."""
        q, j = pos
        question = self.questions[q]
        pull = [0.0] * len(self.slots)
        for i, (lo, hi) in case[0].items():
            a, b = self.ranges[i]
            up = lo > a if hi >= b else hi < b and lo + hi > a + b
            pull[i] = (1 if up else -1) / max(b - a, 1)
        gain = lambda vec: sum(p * v for p, v in zip(pull, vec))  # noqa: E731
        hits, avoid = case[1].get(q, ((), frozenset()))

        def fit(ids: set) -> int:
            if ids & avoid:
                return -1
            return 1 if hits and all(ids & wanted for wanted in hits) else -1 if hits else 0

        options = question["options"]
        if j is not None:
            k = self.model.combinable[q][j]
            taken = {options[i]["id"] for i in partial}
            want = options[k]["id"] in avoid, any(options[k]["id"] in w and not (w & taken) for w in hits)
            take = not want[0] and (want[1] or gain(self.coef[q][k]) > 0)
            return [("pick", take), ("pick", not take)]
        if not holds(question["show_if"], self, None):
            return [("hidden",)]
        if question["type"] == "single":
            ranked = [((fit(set()), gain(())), ("single", None))]
            ranked += [((fit({o["id"]}), gain(self.coef[q][k])), ("single", k)) for k, o in enumerate(options)]
        else:
            comb = self.model.combinable[q]
            can = {options[k]["id"] for k in comb} - avoid
            combo_fit = 1 if hits and all(w & can for w in hits) else -1 if hits else 0
            ranked = [((combo_fit, sum(max(0.0, gain(self.coef[q][k])) for k in comb)), ("combo",))]
            ranked += [((fit({o["id"]}), gain(self.coef[q][k])), ("excl", k))
                       for k, o in enumerate(options) if k not in comb]
        ranked.sort(key=lambda item: (-item[0][0], -item[0][1]))
        return [choice for _, choice in ranked]


def relabel(node: tuple, slot_of: dict[int, int]) -> tuple:
    """A compiled condition with each expression id replaced by the goal's slot for it."""
    if node[0] == "lin":
        return ("lin", slot_of[node[1]], node[2], node[3])
    if node[0] in ("and", "or"):
        return (node[0], tuple(relabel(child, slot_of) for child in node[1]))
    return node


def hull(cases: list[tuple]) -> tuple:
    """One case covering all of them: each range widened to hold every case's, needs dropped."""
    if OPEN in cases:
        return OPEN
    keys = set(cases[0][0]).intersection(*(c[0] for c in cases[1:]))
    box = {i: (min(c[0][i][0] for c in cases), max(c[0][i][1] for c in cases)) for i in keys}
    return (box, {}) if box else OPEN
