"""The search behind `reach.py`: is there an answer set that makes a condition hold? An exact
answer — a witness, or a proof that none exists — or "out of budget".

Every score a condition compares is linear in the answers: "dimension d at least t %" is
`100*raw - t*max >= 0 and raw >= 1` (a hidden question adds to neither), and "c ranks above o"
is `score(c) - score(o) >= lead` (see `first_place`). The search walks the questions in declared order
(a multiple choice question one option at a time) and cuts a branch as soon as the condition can
no longer hold: the most and least the remaining questions can add bound every expression; the
condition's still-open cases are kept as boxes (ranges of its expressions, answers it needs);
the sums of two or of all bounded expressions catch contradictions that each alone does not; and
the answers a case needs narrow what their questions can add. Failed states (position, partial
sums, the answers later questions look at) are remembered, and a state no better than a failed
one fails too, so the work is bounded by the number of distinct states — and by a budget of
steps (a step of a large condition counting as several). Choices are tried answers-needed first, then those leaving every bound the most room.

Engine semantics this relies on (engine.py): visibility by `holds` over the earlier visible
answers; `question_max` for a visible question's share of a maximum; the integer comparison of
`at_least`; overall = weight-multiplied sums; a candidate's score = points of the chosen options
of visible questions, excluded when any `exclude_if` rule holds; a ranking's first place as
`first_place` bounds it (the tie-break rules are left to the engine's confirmation); a phase needs
every earlier phase. A witness counts only once the caller has
confirmed it with the engine.
"""
from __future__ import annotations

from operator import add

from .engine import chosen, holds, question_max, questions_of, tie_position

CASE_LIMIT = 32      # open cases kept per goal; beyond, they are merged into one (sound, looser)
PAIR_LIMIT = 8       # bounded expressions per case up to which every pair is summed
VISIBLE_LIMIT = 64   # largest show_if (in nodes) copied next to an answer that needs it
FAILED_LIMIT = 64    # failed states kept per position and facts, for the dominance check
STEP_NODES = 32      # condition nodes evaluated per unit of budget
INF = float("inf")
FOUND, NONE, OUT_OF_BUDGET = "found", "none", "out of budget"
TRUE, FALSE = ("T",), ("F",)
OPEN = ({}, {})      # a case that constrains nothing


def first_place(ranking: dict, cand: str, lead: int | None = None) -> dict:
    """A condition bounding "`cand` holds the first place of `ranking`": the ranking applies, `cand`
    is eligible and leads every eligible rival by at least `lead` points (by default the least lead
    with which it can come first, `tie_lead`). Equal points go either way by the tie-break rules,
    so lead 0 over-approximates first place and lead 1 under-approximates it; a witness is only
    ever accepted once the engine confirms it."""
    parts = [ranking["applies_if"]] if ranking.get("applies_if") else []
    parts.append({"not": {"_excluded": cand}})
    parts += [{"any": [{"_excluded": other["id"]},
                       {"_leads": [cand, other["id"], tie_lead(ranking, cand, other["id"]) if lead is None else lead]}]}
              for other in ranking["candidates"] if other["id"] != cand]
    return {"all": parts}


def tie_lead(ranking: dict, cand: str, other: str) -> int:
    """0 when `cand` can come before `other` on equal points (declared before it, or preferred by
    some tie-break rule), else 1: the engine's `rank_candidates` then always puts `other` first."""
    ids = [c["id"] for c in ranking["candidates"]]
    if ids.index(cand) < ids.index(other):
        return 0
    return 0 if any(tie_position(rule, cand) < tie_position(rule, other) for rule in ranking["tie_breaks"]) else 1


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
        self.rankings = {r["id"]: r for r in spec["outcomes"]["rankings"]}
        self.weights = {d["id"]: d["weight"] for d in spec["dimensions"]}
        self.points = [{d: (question_max(q, d, "points"), tuple(o["points"].get(d, 0) for o in q["options"]))
                        for d in self.weights} for q in self.questions]
        self._best: dict[tuple, float] = {}
        self._terms: dict[tuple, tuple] = {}

    # expressions -----------------------------------------------------------------------------
    def linear(self, terms: tuple, lo: float, hi: float) -> tuple:
        """The node `lo <= expression <= hi`."""
        # Kept at its natural scale (not divided by a gcd): two thresholds on one dimension then
        # share `100*raw`, and their sum cancels it exactly.
        if not any(const or any(coefs) for const, coefs in terms):
            return TRUE if lo <= 0 <= hi else FALSE
        e = self._expr_ids.get(terms)
        if e is None:
            e = self._expr_ids[terms] = len(self.exprs)
            self.exprs.append(terms)
        return ("lin", e, lo, hi)

    def score_terms(self, weights: dict[str, int], scale: int, threshold: int) -> tuple:
        """`scale * raw - threshold * max` of a weighted sum of dimensions, per question."""
        key = (tuple(weights.items()), scale, threshold)
        if key in self._terms:
            return self._terms[key]
        terms = []
        for question, per_dim in zip(self.questions, self.points):
            parts = [(w, per_dim[d]) for d, w in weights.items()]
            terms.append((-threshold * sum(w * qmax for w, (qmax, _) in parts),
                          tuple(scale * sum(w * pts[k] for w, (_, pts) in parts)
                                for k in range(len(question["options"])))))
        self._terms[key] = tuple(terms)
        return self._terms[key]

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
        """`score(cand) - score(other) >= lead` (or its negation)."""
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
        if "top" in node:
            # Shares the ranking's first place: bounded from above where it must hold (lead 0) and
            # from below where it must not (lead 1), so the compiled condition never loses a witness.
            ranking = self.rankings[node["top"]]
            ids = {c["id"] for c in ranking["candidates"]}
            return self.compile({"any": [first_place(ranking, c, 1 if neg else 0) for c in node["in"] if c in ids]},
                                neg)
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
    def combined(self, combo: tuple, qi: int) -> tuple[int, list[int]]:
        """A signed sum of expressions at one question: (constant if visible, points per option)."""
        const = sum(s * self.exprs[e][qi][0] for e, s in combo)
        return const, [sum(s * self.exprs[e][qi][1][k] for e, s in combo)
                       for k in range(len(self.questions[qi]["options"]))]

    def best(self, combo: tuple, qi: int, hits: tuple = (), avoid: frozenset = frozenset()) -> float:
        """The most a signed sum can gain from one question answered so that it hits every set in
        `hits` and nothing in `avoid` (an upper bound for multiple choice; -INF if impossible)."""
        key = (combo, qi, hits, avoid)
        if key not in self._best:
            self._best[key] = self._best_of(combo, qi, hits, avoid)
        return self._best[key]

    def _best_of(self, combo: tuple, qi: int, hits: tuple, avoid: frozenset) -> float:
        """`best`, computed."""
        question = self.questions[qi]
        const, coefs = self.combined(combo, qi)
        ids = [o["id"] for o in question["options"]]
        hidden = [0] if question["show_if"] is not None and not hits else []
        if question["type"] == "single":
            gains = [c for k, c in enumerate(coefs) if ids[k] not in avoid and all(ids[k] in w for w in hits)]
            return max(hidden + [const + g for g in gains + ([] if hits else [0])], default=-INF)
        comb = [k for k in self.combinable[qi] if ids[k] not in avoid]
        can = {ids[k] for k in comb}
        gains = [c for k, c in enumerate(coefs) if k not in self.combinable[qi] and ids[k] not in avoid
                 and all(ids[k] in w for w in hits)]
        if all(w & can for w in hits):
            gains.append(sum(max(0, coefs[k]) for k in comb))
        return max(hidden + [const + g for g in gains], default=-INF)

    def upper(self, combo: tuple) -> tuple[list[int], dict[int, list[int]], list[int]]:
        """The most a signed sum of expressions ((expr, ±1), ...) can still grow: from the start of
        each question on, inside a multiple choice question from each combinable option on, and
        from each question alone."""
        if combo in self._uppers:
            return self._uppers[combo]
        n = len(self.questions)
        suffix, inner, alone = [0] * (n + 1), {}, [0] * n
        for qi in reversed(range(n)):
            alone[qi] = self.best(combo, qi)
            if self.questions[qi]["type"] == "multiple":
                _, coefs = self.combined(combo, qi)
                comb = self.combinable[qi]
                tail = [0] * (len(comb) + 1)
                for j in reversed(range(len(comb))):
                    tail[j] = tail[j + 1] + max(0, coefs[comb[j]])
                inner[qi] = tail
            suffix[qi] = suffix[qi + 1] + alone[qi]
        self._uppers[combo] = (suffix, inner, alone)
        return self._uppers[combo]

    def room(self, combo: tuple, pos: tuple, needs: dict | None = None) -> float:
        """The most a signed sum can still grow from a position (question, combinable option or
        None), with the questions in `needs` answered as they require (question → (hits, avoid))."""
        suffix, inner, alone = self.upper(combo)
        q, j = pos
        total = suffix[q] if j is None else inner[q][j] + suffix[q + 1]
        for qi, (hits, avoid) in (needs or {}).items():
            if qi > q or (qi == q and j is None):
                total += self.best(combo, qi, hits, avoid) - alone[qi]
        return total

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

    __slots__ = ("pos", "sums", "partial", "facts", "key", "choices", "next")

    def __init__(self, pos, sums, partial, facts, key, choices):
        self.pos, self.sums, self.partial, self.facts, self.key = pos, sums, partial, facts, key
        self.choices, self.next = choices, 0


class Search:
    """Depth-first search for answers that make one condition hold, answer by answer, cut by the
    condition's open cases. `confirm(answers)` is the final word on a candidate witness."""

    def __init__(self, model: Model, condition: dict, confirm, budget: int):
        self.model, self.confirm, self.budget = model, confirm, budget
        self.questions = model.questions
        tree = model.compile(condition)
        # Local slots for the goal's expressions; literals carry the slot.
        self.slots = sorted({lit[1] for lit in literals(tree, "lin")})
        slot_of = {e: i for i, e in enumerate(self.slots)}
        self.root = relabel(tree, slot_of)
        self.raise_ = [((e, 1),) for e in self.slots]
        self.lower = [((e, -1),) for e in self.slots]
        self.const = [tuple(model.exprs[e][qi][0] for e in self.slots) for qi in range(len(self.questions))]
        self.coef = [[tuple(model.exprs[e][qi][1][k] for e in self.slots) for k in range(len(q["options"]))]
                     for qi, q in enumerate(self.questions)]
        # Answers whose truth shapes the rest of the search: the goal's (for good) and each
        # show_if's (until the last question that looks at it).
        n = len(self.questions)
        atoms = {(lit[1], frozenset(lit[2]["in"])): (lit[2], n) for lit in literals(self.root, "ans")}
        for qi, question in enumerate(self.questions):
            for cond in show_if_answers(question["show_if"]):
                key = (model.index[cond["answer"]], frozenset(cond["in"]))
                atoms[key] = (cond, max(qi, atoms.get(key, (cond, 0))[1]))
        self.atoms: dict[int, list[tuple[int, dict, int]]] = {}
        for number, ((qi, _), (cond, last)) in enumerate(atoms.items()):
            self.atoms.setdefault(qi, []).append((number, cond, last))
        self.last_use = {number: last for (number, _, last) in (a for group in self.atoms.values() for a in group)}
        # How each expression is bounded: only from below (more is never worse), only from
        # above, or both; a state no better than one that failed fails too.
        below = {lit[1] for lit in literals(self.root, "lin") if lit[2] > -INF}
        above = {lit[1] for lit in literals(self.root, "lin") if lit[3] < INF}
        self.up, self.down = sorted(below - above), sorted(above - below)
        self.both = sorted(below & above)
        self.choice: list = [None] * len(self.questions)
        self.shown = [False] * len(self.questions)
        self.depth = 0
        self.ranges: list[tuple[int, int]] = []
        self.failed: dict[tuple, list[tuple]] = {}
        self.steps = 0
        # A step costs more for a larger condition (each evaluates it), so that the budget bounds
        # the work, not just the number of states.
        self.cost = 1 + size(self.root) // STEP_NODES
        self.witness: dict | None = None

    def get(self, qid: str, default=None):
        """The effective answer of a question before the current one, as `holds` reads answers."""
        qi = self.model.index.get(qid)
        if qi is None or qi >= self.depth or not self.shown[qi] or not chosen(self.choice[qi]):
            return default
        return self.choice[qi]

    def run(self) -> str:
        """FOUND (the answers are in `witness`), NONE, or OUT_OF_BUDGET."""
        stack: list[Frame] = []
        found = self.enter((0, None), (0,) * len(self.slots), (), ())
        while True:
            if found is FOUND:
                return FOUND
            if found is not None:
                stack.append(found)
            while stack and stack[-1].next == len(stack[-1].choices):
                self.fail(stack.pop().key)
            if not stack:
                return NONE
            if self.steps >= self.budget:
                return OUT_OF_BUDGET
            frame = stack[-1]
            choice = frame.choices[frame.next]
            frame.next += 1
            found = self.step(frame, choice)

    def moved(self, pos: tuple, sums: tuple, choice: tuple) -> tuple[tuple, tuple]:
        """Where a choice at a position leads: the next position and the partial sums."""
        (q, j), kind = pos, choice[0]
        comb = self.model.combinable[q]
        if kind == "hidden":
            return (q + 1, None), sums
        if kind == "pick":
            if choice[1]:
                sums = tuple(map(add, sums, self.coef[q][comb[j]]))
            return ((q, j + 1) if j + 1 < len(comb) else (q + 1, None)), sums
        sums = tuple(map(add, sums, self.const[q]))   # shown: its share of every maximum
        if kind == "combo":
            return ((q, 0) if comb else (q + 1, None)), sums
        if choice[1] is not None:
            sums = tuple(map(add, sums, self.coef[q][choice[1]]))
        return (q + 1, None), sums

    def step(self, frame: Frame, choice: tuple):
        """Apply one choice at a frame's position and enter the state it leads to."""
        (q, j), kind = frame.pos, choice[0]
        pos, sums = self.moved(frame.pos, frame.sums, choice)
        options = self.questions[q]["options"]
        partial = frame.partial
        if kind == "pick" and choice[1]:
            partial += (self.model.combinable[q][j],)
        self.shown[q] = kind != "hidden"
        if pos[0] == q:
            return self.enter(pos, sums, partial, frame.facts)
        if kind == "pick":
            self.choice[q] = [options[k]["id"] for k in partial] or None
        elif kind in ("single", "excl") and choice[1] is not None:
            self.choice[q] = options[choice[1]]["id"] if kind == "single" else [options[choice[1]]["id"]]
        else:
            self.choice[q] = None
        return self.enter(pos, sums, (), self.passed(q, frame.facts))

    def passed(self, q: int, facts: tuple) -> tuple:
        """The facts after answering question q: the truth of each answer condition on it that
        the goal or a later show_if looks at."""
        self.depth = q + 1
        return tuple(f for f in facts if self.last_use[f[0]] > q) + tuple(
            (number, holds(cond, self, None)) for number, cond, last in self.atoms.get(q, ()) if last > q)

    def failed_before(self, key: tuple) -> bool:
        """Whether a state is no better than one that failed: same position, facts and
        two-sided sums, and sums bounded one way no further that way."""
        group, vector = key
        return any(all(a <= b for a, b in zip(vector, other)) for other in self.failed.get(group, ()))

    def fail(self, key: tuple) -> None:
        """Remember a failed state (the most recent FAILED_LIMIT per group)."""
        known = self.failed.setdefault(key[0], [])
        known.append(key[1])
        if len(known) > FAILED_LIMIT:
            del known[0]

    def enter(self, pos: tuple, sums: tuple, partial: tuple, facts: tuple):
        """FOUND, None when nothing from here makes the condition hold, or a frame to explore."""
        self.steps += self.cost
        q = self.depth = pos[0]
        # Everything the rest of the search depends on: a state that failed once fails again.
        key = ((pos, facts, partial if q in self.atoms else None, tuple(sums[i] for i in self.both)),
               tuple(sums[i] for i in self.up) + tuple(-sums[i] for i in self.down))
        if self.failed_before(key):
            return None
        model = self.model
        self.ranges = [(s - model.room(low, pos), s + model.room(high, pos))
                       for s, low, high in zip(sums, self.lower, self.raise_)]
        truth = self.truth(self.root)
        if truth is True:
            answers = self.answers(q, partial)
            if self.confirm(answers):
                self.witness = answers
                return FOUND
        if truth is False or q == len(self.questions):
            self.fail(key)
            return None
        case = next((c for c in self.cases(self.root) if self.feasible(c, sums, pos)), None)
        if case is None:
            self.fail(key)
            return None
        self.sums = sums
        return Frame(pos, sums, partial, facts, key, self.choices(pos, partial, case))

    def answers(self, q: int, partial: tuple) -> dict:
        """The answers given so far: a witness when every way of answering the rest will do."""
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
        """Whether the case's bounded expressions — each alone, two at a time and all together,
        with the answers it needs — can still meet their bounds."""
        box, needs = case
        bounds = []
        for i, (lo, hi) in box.items():
            a, b = self.ranges[i]
            if lo > a:
                bounds.append((i, 1, lo))
            if hi < b:
                bounds.append((i, -1, -hi))
        # Each alone is already checked by its range, unless answers it needs narrow that range.
        groups = [[x] for x in bounds] if needs else []
        if len(bounds) <= PAIR_LIMIT:
            groups += [[x, y] for n, x in enumerate(bounds) for y in bounds[n + 1:] if x[0] != y[0]]
        if len(bounds) > 2:
            groups.append(bounds)
        for group in groups:
            combo = tuple(sorted((self.slots[i], s) for i, s, _ in group))
            have = sum(s * sums[i] for i, s, _ in group) + self.model.room(combo, pos, needs)
            if have < sum(bound for _, _, bound in group):
                return False
        return True

    def choices(self, pos: tuple, partial: tuple, case: tuple) -> list[tuple]:
        """The choices at a position, best first: those giving the answers the case needs, then
        those that leave its bounded expressions the most room on both sides (the smallest
        room first), then declared order."""
        q, j = pos
        question = self.questions[q]
        options = question["options"]
        box, (hits, avoid) = case[0], case[1].get(q, ((), frozenset()))
        if j is not None:
            taken = {options[k]["id"] for k in partial}
            option = options[self.model.combinable[q][j]]["id"]
            fits = [-1 if option in avoid else 1 if any(option in w and not (w & taken) for w in hits) else 0, 0]
            menu = [("pick", True), ("pick", False)]
        elif not holds(question["show_if"], self, None):
            return [("hidden",)]
        elif question["type"] == "single":
            menu = [("single", None)] + [("single", k) for k in range(len(options))]
            fits = [fit(set() if k is None else {options[k]["id"]}, hits, avoid) for _, k in menu]
        else:
            comb = self.model.combinable[q]
            can = {options[k]["id"] for k in comb} - avoid
            menu = [("combo",)] + [("excl", k) for k in range(len(options)) if k not in comb]
            fits = [1 if hits and all(w & can for w in hits) else -1 if hits else 0]
            fits += [fit({options[c[1]]["id"]}, hits, avoid) for c in menu[1:]]
        ranked = sorted(range(len(menu)), key=lambda n: (-fits[n], self.tightness(box, *self.moved(pos, self.sums, menu[n]))))
        return [menu[n] for n in ranked]

    def tightness(self, box: dict, pos: tuple, sums: tuple) -> tuple:
        """How close a state comes to leaving the box, as a key that sorts roomier states first:
        per bounded expression, the room left on its tighter side over the width of its range."""
        model, rooms = self.model, []
        for i, (lo, hi) in box.items():
            a = sums[i] - model.room(self.lower[i], pos)
            b = sums[i] + model.room(self.raise_[i], pos)
            rooms.append(1.0 if lo <= a and b <= hi else min(b - lo, hi - a) / (b - a + 1))
        return tuple(-r for r in sorted(rooms))


def fit(ids: set, hits: tuple, avoid: frozenset) -> int:
    """1 when an answer with these option ids gives what a case needs, -1 when it cannot, else 0."""
    if ids & avoid:
        return -1
    return (1 if all(ids & wanted for wanted in hits) else -1) if hits else 0


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
