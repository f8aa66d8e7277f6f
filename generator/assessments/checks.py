"""Static checks of a schema-valid questionnaire: ids, references, conditions, thresholds,
links, and (in `reach.py`) that every outcome can actually happen."""
from __future__ import annotations

from collections.abc import Iterator

from ..problems import Problem, suggest
from .load import Loaded
from .model import Questionnaire


def check_questionnaire(one: Loaded, known_refs: set[str]) -> list[Problem]:
    """Every problem of one questionnaire that the schema alone cannot see."""
    q = one.questionnaire
    assert q is not None
    problems: list[Problem] = []
    add = lambda path, message: problems.append(one.problem(path, message))  # noqa: E731

    dim_ids = unique(add, [(("dimensions", i, "id"), d.id) for i, d in enumerate(q.dimensions)], "dimension")
    unique(add, [(("sections", i, "id"), s.id) for i, s in enumerate(q.sections)], "section")
    questions = [(("sections", si, "questions", qi), question)
                 for si, s in enumerate(q.sections) for qi, question in enumerate(s.questions)]
    question_ids = unique(add, [(path + ("id",), question.id) for path, question in questions], "question")
    options: dict[str, list[str]] = {}
    for _, question in questions:
        options.setdefault(question.id, [o.id for o in question.options])
    out = q.outcomes
    candidates = [(("outcomes", "rankings", ri, "candidates", ci), c)
                  for ri, r in enumerate(out.rankings) for ci, c in enumerate(r.candidates)]
    cand_ids = unique(add, [(path + ("id",), c.id) for path, c in candidates], "candidate")
    unique(add, [(("outcomes", "rankings", i, "id"), r.id) for i, r in enumerate(out.rankings)], "ranking")
    unique(add, [(("outcomes", "phases", i, "id"), p.id) for i, p in enumerate(out.phases)], "phase")
    groups = unique(add, [(("outcomes", "advice_groups", i, "id"), g.id) for i, g in enumerate(out.advice_groups)],
                    "advice group")
    unique(add, [(("outcomes", "advice", i, "id"), a.id) for i, a in enumerate(out.advice)], "advice")

    # Questions and options.
    used_in_conditions = {cond["answer"] for _, cond in all_conditions(q) if "answer" in cond}
    for path, question in questions:
        unique(add, [(path + ("options", i, "id"), o.id) for i, o in enumerate(question.options)],
               f"option of question '{question.id}'")
        if question.type == "single" and len(question.options) < 2:
            add(path + ("options",), "a single choice question needs at least two options")
        gives_points = False
        for oi, option in enumerate(question.options):
            opath = path + ("options", oi)
            if option.exclusive and question.type == "single":
                add(opath + ("exclusive",), "only options of multiple choice questions can be exclusive")
            for key, value in option.points.items():
                gives_points |= value != 0
                if key not in dim_ids:
                    add(opath + ("points", key), f"unknown dimension '{key}'{suggest(key, dim_ids)}")
            for key, value in option.candidates.items():
                gives_points |= value != 0
                if key not in cand_ids:
                    add(opath + ("candidates", key), f"unknown candidate '{key}'{suggest(key, cand_ids)}")
        if q.scored and not gives_points and question.id not in used_in_conditions:
            add(path + ("id",), f"question '{question.id}' measures nothing: no option gives points "
                                "and no condition refers to it")

    # Conditions: what they refer to exists; show_if looks back only.
    position: dict[str, int] = {}
    for i, (_, question) in enumerate(questions):
        position.setdefault(question.id, i)
    for path, cond in all_conditions(q):
        owner = show_if_owner(q, path)
        if "answer" in cond:
            ref = cond["answer"]
            if ref not in question_ids:
                add(path + ("answer",), f"unknown question '{ref}'{suggest(ref, question_ids)}")
                continue
            for i, option in enumerate(cond["in"]):
                if option not in options[ref]:
                    add(path + ("in", i), f"question '{ref}' has no option '{option}'{suggest(option, options[ref])}")
            if owner is not None and position[ref] >= position[owner]:
                add(path + ("answer",), f"show_if of '{owner}' refers to '{ref}', which does not come before it; "
                                        "conditions may only look at earlier questions")
        elif "top" in cond:
            where = top_allowed(q, path)
            ranking = next((r for r in out.rankings if r.id == cond["top"]), None)
            if where is None:
                add(path + ("top",), "a {top} condition may only be used in advice, gates and a ranking's "
                                     "applies_if: elsewhere the ranking is not decided yet")
            elif ranking is None or [r.id for r in out.rankings].index(ranking.id) >= where:
                known = [r.id for r in out.rankings][:where]
                add(path + ("top",), f"'{cond['top']}' is not a ranking decided before this condition"
                                     f"{suggest(cond['top'], known)}")
            else:
                ids = [c.id for c in ranking.candidates]
                for i, cid in enumerate(cond["in"]):
                    if cid not in ids:
                        add(path + ("in", i), f"ranking '{ranking.id}' has no candidate '{cid}'{suggest(cid, ids)}")
        elif "dimension" in cond:
            ref = cond["dimension"]
            if owner is not None:
                add(path + ("dimension",), "show_if may only look at answers: a dimension's score depends "
                                           "on which questions are shown")
            elif ref not in dim_ids:
                add(path + ("dimension",), f"unknown dimension '{ref}'{suggest(ref, dim_ids)}")

    # Scored or worksheet.
    if not q.scored:
        for key, present in (("dimensions", q.dimensions), ("outcomes", out.phases or out.rankings)):
            if present:
                add((key,), "a worksheet (scored: false) has no dimensions, phases or rankings")
        for path, question in questions:
            for oi, option in enumerate(question.options):
                if option.points or option.candidates:
                    add(path + ("options", oi, "points" if option.points else "candidates"),
                        "a worksheet (scored: false) gives no points")
    elif not q.dimensions and not out.rankings:
        add(("dimensions",), "a scored questionnaire needs dimensions or a ranking (or set scored: false)")

    # Dimensions must be measurable; phases must be ordered and start unconditionally.
    for i, dim in enumerate(q.dimensions):
        if not any(o.points.get(dim.id, 0) > 0 for _, question in questions for o in question.options):
            add(("dimensions", i, "id"), f"no option gives points to dimension '{dim.id}', so it can never be scored")
    if out.phases:
        if not q.dimensions:
            add(("outcomes", "phases"), "phases need dimensions: their thresholds apply to the overall score")
        first = out.phases[0]
        if first.threshold != 0 or first.gates:
            add(("outcomes", "phases", 0, "threshold" if first.threshold else "gates"),
                "the first phase must have threshold 0 and no gates, so that every answer set has a phase")
        for i in range(1, len(out.phases)):
            if out.phases[i].threshold < out.phases[i - 1].threshold:
                add(("outcomes", "phases", i, "threshold"),
                    f"threshold {out.phases[i].threshold} is below the previous phase's "
                    f"{out.phases[i - 1].threshold}; phases are ordered from lowest to highest")
    for ri, ranking in enumerate(out.rankings):
        ids = [c.id for c in ranking.candidates]
        unique(add, [(("outcomes", "rankings", ri, "tie_breaks", i, "id"), t.id)
                     for i, t in enumerate(ranking.tie_breaks)], "tie-break rule")
        for ti, rule in enumerate(ranking.tie_breaks):
            for i, cid in enumerate(rule.prefer):
                if cid not in ids:
                    add(("outcomes", "rankings", ri, "tie_breaks", ti, "prefer", i),
                        f"ranking '{ranking.id}' has no candidate '{cid}'{suggest(cid, ids)}")
    for i, advice in enumerate(out.advice):
        if advice.group is not None and advice.group not in groups:
            add(("outcomes", "advice", i, "group"), f"unknown advice group '{advice.group}'{suggest(advice.group, groups)}")

    # Links and citations resolve.
    for path, ref in all_refs(q):
        if ref not in known_refs:
            same_kind = sorted(k for k in known_refs if k.startswith(ref.split("/", 1)[0] + "/")) or sorted(known_refs)
            add(path, f"unknown reference '{ref}'{suggest(ref, same_kind)}")
    return problems


def unique(add, items: list[tuple[tuple, str]], what: str) -> list[str]:
    """Report repeated ids; return the ids in declared order."""
    seen: list[str] = []
    for path, value in items:
        if value in seen:
            add(path, f"duplicate {what} id '{value}'")
        else:
            seen.append(value)
    return seen


def walk(cond: dict, path: tuple) -> Iterator[tuple[tuple, dict]]:
    """Every node of a condition (as plain data) with its YAML path."""
    yield path, cond
    for key in ("all", "any"):
        if key in cond:
            for i, sub in enumerate(cond[key]):
                yield from walk(sub, path + (key, i))
    if "not" in cond:
        yield from walk(cond["not"], path + ("not",))


def all_conditions(q: Questionnaire) -> Iterator[tuple[tuple, dict]]:
    """Every condition node in the questionnaire, as plain data, with its path."""
    data = q.model_dump(mode="json", by_alias=True)
    for si, section in enumerate(data["sections"]):
        for qi, question in enumerate(section["questions"]):
            if question["show_if"] is not None:
                yield from walk(question["show_if"], ("sections", si, "questions", qi, "show_if"))
    out = data["outcomes"]
    for pi, phase in enumerate(out["phases"]):
        for gi, gate in enumerate(phase["gates"]):
            yield from walk(gate["when"], ("outcomes", "phases", pi, "gates", gi, "when"))
    for ri, ranking in enumerate(out["rankings"]):
        if ranking["applies_if"] is not None:
            yield from walk(ranking["applies_if"], ("outcomes", "rankings", ri, "applies_if"))
        for ti, rule in enumerate(ranking["tie_breaks"]):
            if rule["when"] is not None:
                yield from walk(rule["when"], ("outcomes", "rankings", ri, "tie_breaks", ti, "when"))
        for ci, cand in enumerate(ranking["candidates"]):
            for ei, rule in enumerate(cand["exclude_if"]):
                yield from walk(rule["when"], ("outcomes", "rankings", ri, "candidates", ci, "exclude_if", ei, "when"))
    for ai, advice in enumerate(out["advice"]):
        yield from walk(advice["when"], ("outcomes", "advice", ai, "when"))


def top_allowed(q: Questionnaire, path: tuple) -> int | None:
    """How many rankings are decided where a condition path lies (None: none may be asked for)."""
    if path[:2] == ("outcomes", "advice") or path[:2] == ("outcomes", "phases"):
        return len(q.outcomes.rankings)
    if path[:2] == ("outcomes", "rankings") and path[3] == "applies_if":
        return path[2]
    return None


def show_if_owner(q: Questionnaire, path: tuple) -> str | None:
    """The question whose show_if a condition path lies in, if any."""
    if len(path) >= 5 and path[0] == "sections" and path[4] == "show_if":
        return q.sections[path[1]].questions[path[3]].id
    return None


def all_refs(q: Questionnaire) -> Iterator[tuple[tuple, str]]:
    """Every kind/id reference with its path."""
    for i, ref in enumerate(q.sources):
        yield ("sources", i), ref
    for si, section in enumerate(q.sections):
        for qi, question in enumerate(section.questions):
            for i, ref in enumerate(question.sources):
                yield ("sections", si, "questions", qi, "sources", i), ref
    out = q.outcomes
    for pi, phase in enumerate(out.phases):
        base = ("outcomes", "phases", pi)
        if phase.ref:
            yield base + ("ref",), phase.ref
        for i, ref in enumerate(phase.sources):
            yield base + ("sources", i), ref
        for gi, gate in enumerate(phase.gates):
            for i, ref in enumerate(gate.sources):
                yield base + ("gates", gi, "sources", i), ref
    for ri, ranking in enumerate(out.rankings):
        for i, ref in enumerate(ranking.sources):
            yield ("outcomes", "rankings", ri, "sources", i), ref
        for ti, rule in enumerate(ranking.tie_breaks):
            for i, ref in enumerate(rule.sources):
                yield ("outcomes", "rankings", ri, "tie_breaks", ti, "sources", i), ref
        for ci, cand in enumerate(ranking.candidates):
            base = ("outcomes", "rankings", ri, "candidates", ci)
            if cand.ref:
                yield base + ("ref",), cand.ref
            for ei, rule in enumerate(cand.exclude_if):
                for i, ref in enumerate(rule.sources):
                    yield base + ("exclude_if", ei, "sources", i), ref
    for ai, advice in enumerate(out.advice):
        for i, ref in enumerate(advice.links):
            yield ("outcomes", "advice", ai, "links", i), ref
        for i, ref in enumerate(advice.sources):
            yield ("outcomes", "advice", ai, "sources", i), ref
