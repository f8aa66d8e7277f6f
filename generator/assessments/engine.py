"""The scoring engine: a pure function from (spec, answers) to a result, over plain JSON data.

This module is the reference for the browser's JavaScript port; both must give identical
results field by field. The rules, in the order they are applied:

1. Visibility. Questions are walked in declared order (sections, then questions). A question
   with `show_if` is visible when its condition holds over the answers of the *visible*
   questions before it; the answer to a hidden question is ignored (and listed in `ignored`).
2. Points. For every visible question and every dimension, `max` grows by the most the
   question can give: for single choice the largest option's points, for multiple choice the
   larger of (sum of the non-exclusive options) and (largest exclusive option). `raw` grows by
   the points of the chosen option(s). An unanswered visible question adds 0 to `raw` and its
   full share to `max`; a hidden one adds to neither.
3. Overall. `raw` and `max` are the weight-multiplied sums over the dimensions.
4. Percentages shown are rounded half up in integers: `(200 * raw + max) // (2 * max)`;
   with `max == 0` there is no percentage (null).
5. Comparisons never divide: "at least T %" is `T == 0 or (max > 0 and raw * 100 >= T * max)`.
6. Phases are walked in order; a phase is reached when the phase before it was, the overall
   score is at least its threshold, and all its gates hold. The result's phase is the last
   one reached. For each failed gate, `unmet` lists what is missing (see `missing`): the
   failing parts of an `all`, a whole `any` or `not` that fails, or the failing leaf.
7. Rankings, in declared order: a candidate's score is the sum of its points over the chosen
   options of visible questions. Excluded candidates (any `exclude_if` rule holds) are set
   apart. The others are ordered by `rank_candidates` — the tie rule, in one place: higher
   score first; on equal scores the ranking's tie-break rules whose `when` holds are tried in
   declared order, and the first that places two candidates differently decides (a candidate
   earlier in its `prefer` list goes first; one not listed comes after all listed ones).
   Candidates that no rule separates are *tied*: they are listed in declared order, and the
   result says so (`tied_with`, and `tied` for first place) — declared order never decides
   silently. A ranking whose `applies_if` does not hold (it may ask for the top of an earlier
   ranking) is still ordered but recommends nothing (`applies` false, `top` null).
   `lead` says why the first is ahead of the second: by points (with the answers that gave the
   first more than the second, largest difference first, at most REASONS_LIMIT), by a tie-break
   rule (its id), or not at all (null: they are tied).
8. Reasons: a candidate's contributions are (question, option, points) for each chosen option
   of a visible question that gives it non-zero points. `reasons` are the positive ones, most
   points first, then declared question order, then declared option order — at most
   REASONS_LIMIT; `against` are the negative ones, most negative first, same tie order.
9. Conditions `{top: R, in: [...]}` hold when the first place of ranking R — or any candidate
   tied for it — is among the listed candidates; they are false while R recommends nothing.
   Gates and advice see the tops of every ranking; a ranking's `applies_if` those before it.
10. Advice: every advice rule whose condition holds, in declared order.

Only integers, strings, booleans, lists, objects and null appear in a result; every list has
a defined order.
"""
from __future__ import annotations

RESULT_FORMAT = 2
REASONS_LIMIT = 3


def percent(raw: int, max_: int) -> int | None:
    """A shown percentage, rounded half up in integer arithmetic; None when nothing is measured."""
    if max_ <= 0:
        return None
    return (200 * max(raw, 0) + max_) // (2 * max_)


def at_least(raw: int, max_: int, threshold: int) -> bool:
    """Whether raw/max reaches threshold %, compared without division."""
    return threshold == 0 or (max_ > 0 and raw * 100 >= threshold * max_)


def questions_of(spec: dict) -> list[dict]:
    """Every question in declared order."""
    return [q for section in spec["sections"] for q in section["questions"]]


def chosen(answer) -> list[str]:
    """The chosen option ids of an answer (None, one id or a list of ids)."""
    if answer is None:
        return []
    return [answer] if isinstance(answer, str) else list(answer)


def holds(cond: dict | None, answers: dict, dims: dict | None, tops: dict | None = None) -> bool:
    """Evaluate a structured condition over the effective (visible) answers and dimension scores.

    `dims` maps dimension id → (raw, max); it is None while visibility is being decided,
    where dimension conditions are not allowed. `tops` maps a decided ranking's id to the
    candidates sharing its first place ([] when it recommends nothing).
    """
    if cond is None:
        return True
    if "answer" in cond:
        picked = chosen(answers.get(cond["answer"]))
        return any(option in cond["in"] for option in picked)
    if "dimension" in cond:
        if dims is None:
            raise ValueError("dimension conditions cannot decide visibility")
        raw, max_ = dims[cond["dimension"]]
        return at_least(raw, max_, cond["at_least"])
    if "top" in cond:
        if tops is None or cond["top"] not in tops:
            raise ValueError(f"ranking '{cond['top']}' is not decided where this condition is used")
        return any(cid in cond["in"] for cid in tops[cond["top"]])
    if "all" in cond:
        return all(holds(c, answers, dims, tops) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, answers, dims, tops) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], answers, dims, tops)
    raise ValueError(f"not a condition: {cond!r}")


def missing(cond: dict, answers: dict, dims: dict, tops: dict) -> list[dict]:
    """The parts of a false condition that make it false: the failing members of an `all`
    (recursively), or the condition itself (a leaf, an `any` or a `not`)."""
    if "all" in cond:
        return [m for c in cond["all"] if not holds(c, answers, dims, tops) for m in missing(c, answers, dims, tops)]
    return [cond]


def question_max(question: dict, key: str, field: str) -> int:
    """The most one question can give to a dimension (field='points') or a candidate
    (field='candidates'); negative candidate points count as 0 here."""
    values = [max(o[field].get(key, 0), 0) for o in question["options"]]
    if question["type"] == "single":
        return max(values, default=0)
    combinable = sum(v for o, v in zip(question["options"], values) if not o["exclusive"])
    exclusive = max((v for o, v in zip(question["options"], values) if o["exclusive"]), default=0)
    return max(combinable, exclusive)


def evaluate(spec: dict, answers: dict) -> dict:
    """The core computation shared by `score` and the static checks: visibility, effective
    answers, dimension and overall (raw, max), candidate scores and exclusions."""
    effective: dict[str, object] = {}
    visible: list[dict] = []
    hidden: list[str] = []
    for question in questions_of(spec):
        if holds(question["show_if"], effective, None):
            visible.append(question)
            answer = answers.get(question["id"])
            if chosen(answer):
                effective[question["id"]] = answer
        else:
            hidden.append(question["id"])

    dims: dict[str, tuple[int, int]] = {}
    for dim in spec["dimensions"]:
        raw = max_ = 0
        for question in visible:
            max_ += question_max(question, dim["id"], "points")
            picked = chosen(effective.get(question["id"]))
            raw += sum(o["points"].get(dim["id"], 0) for o in question["options"] if o["id"] in picked)
        dims[dim["id"]] = (raw, max_)
    overall_raw = sum(d["weight"] * dims[d["id"]][0] for d in spec["dimensions"])
    overall_max = sum(d["weight"] * dims[d["id"]][1] for d in spec["dimensions"])

    candidates: dict[str, dict] = {}
    for ranking in spec["outcomes"]["rankings"]:
        for cand in ranking["candidates"]:
            score = max_ = 0
            contributions = []
            for qi, question in enumerate(visible):
                max_ += question_max(question, cand["id"], "candidates")
                picked = chosen(effective.get(question["id"]))
                for oi, option in enumerate(question["options"]):
                    points = option["candidates"].get(cand["id"], 0)
                    if option["id"] in picked and points:
                        score += points
                        contributions.append((points, qi, oi, question["id"], option["id"]))
            excluded_by = [rule["id"] for rule in cand["exclude_if"] if holds(rule["when"], effective, dims)]
            candidates[cand["id"]] = {"score": score, "max": max_, "excluded_by": excluded_by,
                                      "contributions": contributions}

    rankings: dict[str, dict] = {}
    tops: dict[str, list[str]] = {}
    for ranking in spec["outcomes"]["rankings"]:
        applies = holds(ranking["applies_if"], effective, dims, tops)
        eligible, keys, rules = rank_candidates(ranking, candidates, effective, dims)
        tied = [cid for cid in eligible if eligible and keys[cid] == keys[eligible[0]]]
        rankings[ranking["id"]] = {"applies": applies, "eligible": eligible, "keys": keys, "rules": rules}
        tops[ranking["id"]] = (tied if len(tied) > 1 else eligible[:1]) if applies else []
    return {"visible": visible, "hidden": hidden, "effective": effective, "dims": dims,
            "overall": (overall_raw, overall_max), "candidates": candidates, "rankings": rankings, "tops": tops}


def rank_candidates(ranking: dict, candidates: dict, effective: dict, dims: dict) -> tuple[list, dict, list]:
    """The tie rule: the eligible candidates best first, each one's sort key, and the tie-break
    rules that apply. The key is (−score, position under each applicable tie-break rule …);
    equal keys are a tie, listed in declared order."""
    rules = [rule for rule in ranking["tie_breaks"] if holds(rule["when"], effective, dims)]
    order = [c["id"] for c in ranking["candidates"]]
    keys = {cid: [-candidates[cid]["score"]]
            + [tie_position(rule, cid) for rule in rules]
            for cid in order if not candidates[cid]["excluded_by"]}
    eligible = sorted(keys, key=lambda cid: (keys[cid], order.index(cid)))
    return eligible, keys, [rule["id"] for rule in rules]


def tie_position(rule: dict, cid: str) -> int:
    """Where a tie-break rule puts a candidate: its place in `prefer`, after all of them if absent."""
    prefer = rule["prefer"]
    return prefer.index(cid) if cid in prefer else len(prefer)


def score(spec: dict, answers: dict) -> dict:
    """Score normalised answers ({question id: option id | [option ids]}) against a spec.

    The answers must already be checked (see `answers.check_answers`): unknown ids are an
    error there, not here.
    """
    core = evaluate(spec, answers)
    effective, dims, tops = core["effective"], core["dims"], core["tops"]
    visible_ids = [q["id"] for q in core["visible"]]
    unanswered = [qid for qid in visible_ids if qid not in effective]
    ignored = [qid for qid in core["hidden"] if chosen(answers.get(qid))]

    overall_raw, overall_max = core["overall"]
    phases, phase, reached_so_far = [], None, True
    for item in spec["outcomes"]["phases"]:
        threshold_met = at_least(overall_raw, overall_max, item["threshold"])
        failed = [gate for gate in item["gates"] if not holds(gate["when"], effective, dims, tops)]
        reached = reached_so_far and threshold_met and not failed
        phases.append({"id": item["id"], "reached": reached, "threshold_met": threshold_met,
                       "failed_gates": [gate["id"] for gate in failed],
                       "unmet": [{"gate": gate["id"], "missing": missing(gate["when"], effective, dims, tops)}
                                 for gate in failed]})
        if reached:
            phase = item["id"]
        reached_so_far = reached

    rankings = []
    for ranking in spec["outcomes"]["rankings"]:
        order = [c["id"] for c in ranking["candidates"]]
        ranked = core["rankings"][ranking["id"]]
        eligible, keys = ranked["eligible"], ranked["keys"]
        scored = core["candidates"]
        entries = []
        for rank, cid in enumerate(eligible + [c for c in order if scored[c]["excluded_by"]], start=1):
            s = scored[cid]
            entries.append({
                "id": cid,
                "rank": rank if not s["excluded_by"] else None,
                "score": s["score"],
                "max": s["max"],
                "percent": percent(s["score"], s["max"]),
                "excluded_by": s["excluded_by"],
                "tied_with": [o for o in eligible if o != cid and cid in keys and keys[o] == keys[cid]],
                "reasons": reasons(s["contributions"], positive=True),
                "against": reasons(s["contributions"], positive=False),
            })
        first = eligible[0] if eligible else None
        rankings.append({"id": ranking["id"], "applies": ranked["applies"],
                         "top": first if ranked["applies"] else None,
                         "tied": [c for c in eligible if keys[c] == keys[first]] if len(eligible) > 1
                         and keys[eligible[1]] == keys[first] else [],
                         "tie_breaks": ranked["rules"],
                         "lead": lead(eligible, keys, ranked["rules"], scored),
                         "candidates": entries})

    return {
        "format": RESULT_FORMAT,
        "complete": not unanswered,
        "questions": {"total": len(visible_ids) + len(core["hidden"]), "visible": len(visible_ids),
                      "answered": len(visible_ids) - len(unanswered)},
        "unanswered": unanswered,
        "hidden": core["hidden"],
        "ignored": ignored,
        "dimensions": [{"id": d["id"], "raw": dims[d["id"]][0], "max": dims[d["id"]][1],
                        "percent": percent(*dims[d["id"]])} for d in spec["dimensions"]],
        "overall": {"raw": overall_raw, "max": overall_max, "percent": percent(overall_raw, overall_max)},
        "phase": phase,
        "phases": phases,
        "rankings": rankings,
        "advice": [a["id"] for a in spec["outcomes"]["advice"] if holds(a["when"], effective, dims, tops)],
    }


def reasons(contributions: list[tuple], positive: bool) -> list[dict]:
    """The answers that pushed a candidate most (positive) or held it back most (negative)."""
    picked = [c for c in contributions if (c[0] > 0) == positive]
    picked.sort(key=lambda c: (-abs(c[0]), c[1], c[2]))
    return [{"question": c[3], "option": c[4], "points": c[0]} for c in picked[:REASONS_LIMIT]]


def lead(eligible: list, keys: dict, rules: list, scored: dict) -> dict | None:
    """Why the first candidate is ahead of the second: by points (and the answers that gave
    the first more), by a tie-break rule, or not at all (`by` null: a tie)."""
    if len(eligible) < 2:
        return None
    first, second = eligible[0], eligible[1]
    a, b = keys[first], keys[second]
    diff = scored[first]["score"] - scored[second]["score"]
    by = "points" if diff else next((rules[i - 1] for i in range(1, len(a)) if a[i] != b[i]), None)
    answers = []
    if diff:
        mine = {(c[1], c[2]): c for c in scored[first]["contributions"]}
        theirs = {(c[1], c[2]): c for c in scored[second]["contributions"]}
        for at in sorted(set(mine) | set(theirs)):
            c = mine.get(at) or theirs[at]
            gap = (mine[at][0] if at in mine else 0) - (theirs[at][0] if at in theirs else 0)
            if gap > 0:
                answers.append((gap, at[0], at[1], c[3], c[4]))
    answers.sort(key=lambda g: (-g[0], g[1], g[2]))
    return {"over": second, "by": by, "points": diff,
            "answers": [{"question": g[3], "option": g[4], "points": g[0]} for g in answers[:REASONS_LIMIT]]}
