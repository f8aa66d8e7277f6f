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
   one reached.
7. Rankings: a candidate's score is the sum of its points over the chosen options of visible
   questions. Excluded candidates (any `exclude_if` rule holds) are set apart. The others are
   ranked by score, high first; equal scores keep the declared order.
8. Reasons: a candidate's contributions are (question, option, points) for each chosen option
   of a visible question that gives it non-zero points. `reasons` are the positive ones, most
   points first, then declared question order, then declared option order — at most
   REASONS_LIMIT; `against` are the negative ones, most negative first, same tie order.
9. Advice: every advice rule whose condition holds, in declared order.

Only integers, strings, booleans, lists, objects and null appear in a result; every list has
a defined order.
"""
from __future__ import annotations

RESULT_FORMAT = 1
REASONS_LIMIT = 3


def percent(raw: int, max_: int) -> int | None:
    """A shown percentage, rounded half up in integer arithmetic; None when nothing is measured."""
    if max_ <= 0:
        return None
    return (200 * max(raw, 0) + max_) // (2 * max_)


def at_least(raw: int, max_: int, threshold: int) -> bool:
    """Whether raw/max reaches threshold %, compared without division."""
    return threshold == 0 or (max_ > 0 and raw * 100 >= threshold * max_)


def rank_key(score: int, position: int) -> tuple[int, int]:
    """Sort key of an eligible candidate (rule 7): more points first, equal points in declared order."""
    return (-score, position)


def lead_needed(position: int, other: int) -> int:
    """The fewest points a candidate at `position` needs over the one at `other` to rank above it
    (rule 7, derived from `rank_key`): 0 when it is declared first, else 1."""
    return 0 if rank_key(0, position) < rank_key(0, other) else 1


def questions_of(spec: dict) -> list[dict]:
    """Every question in declared order."""
    return [q for section in spec["sections"] for q in section["questions"]]


def chosen(answer) -> list[str]:
    """The chosen option ids of an answer (None, one id or a list of ids)."""
    if answer is None:
        return []
    return [answer] if isinstance(answer, str) else list(answer)


def holds(cond: dict | None, answers: dict, dims: dict | None) -> bool:
    """Evaluate a structured condition over the effective (visible) answers and dimension scores.

    `dims` maps dimension id → (raw, max); it is None while visibility is being decided,
    where dimension conditions are not allowed.
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
    if "all" in cond:
        return all(holds(c, answers, dims) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, answers, dims) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], answers, dims)
    raise ValueError(f"not a condition: {cond!r}")


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
    return {"visible": visible, "hidden": hidden, "effective": effective, "dims": dims,
            "overall": (overall_raw, overall_max), "candidates": candidates}


def score(spec: dict, answers: dict) -> dict:
    """Score normalised answers ({question id: option id | [option ids]}) against a spec.

    The answers must already be checked (see `answers.check_answers`): unknown ids are an
    error there, not here.
    """
    core = evaluate(spec, answers)
    effective, dims = core["effective"], core["dims"]
    visible_ids = [q["id"] for q in core["visible"]]
    unanswered = [qid for qid in visible_ids if qid not in effective]
    ignored = [qid for qid in core["hidden"] if chosen(answers.get(qid))]

    overall_raw, overall_max = core["overall"]
    phases, phase, reached_so_far = [], None, True
    for item in spec["outcomes"]["phases"]:
        threshold_met = at_least(overall_raw, overall_max, item["threshold"])
        failed = [gate["id"] for gate in item["gates"] if not holds(gate["when"], effective, dims)]
        reached = reached_so_far and threshold_met and not failed
        phases.append({"id": item["id"], "reached": reached, "threshold_met": threshold_met,
                       "failed_gates": failed})
        if reached:
            phase = item["id"]
        reached_so_far = reached

    rankings = []
    for ranking in spec["outcomes"]["rankings"]:
        order = {c["id"]: i for i, c in enumerate(ranking["candidates"])}
        scored = {cid: core["candidates"][cid] for cid in order}
        eligible = sorted((cid for cid in order if not scored[cid]["excluded_by"]),
                          key=lambda cid: rank_key(scored[cid]["score"], order[cid]))
        excluded = [cid for cid in order if scored[cid]["excluded_by"]]
        entries = []
        for rank, cid in enumerate(eligible + excluded, start=1):
            s = scored[cid]
            entries.append({
                "id": cid,
                "rank": rank if not s["excluded_by"] else None,
                "score": s["score"],
                "max": s["max"],
                "percent": percent(s["score"], s["max"]),
                "excluded_by": s["excluded_by"],
                "reasons": reasons(s["contributions"], positive=True),
                "against": reasons(s["contributions"], positive=False),
            })
        rankings.append({"id": ranking["id"], "top": eligible[0] if eligible else None, "candidates": entries})

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
        "advice": [a["id"] for a in spec["outcomes"]["advice"] if holds(a["when"], effective, dims)],
    }


def reasons(contributions: list[tuple], positive: bool) -> list[dict]:
    """The answers that pushed a candidate most (positive) or held it back most (negative)."""
    picked = [c for c in contributions if (c[0] > 0) == positive]
    picked.sort(key=lambda c: (-abs(c[0]), c[1], c[2]))
    return [{"question": c[3], "option": c[4], "points": c[0]} for c in picked[:REASONS_LIMIT]]
