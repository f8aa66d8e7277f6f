"""Scored self-assessments: questionnaire format, static checks, one scoring engine, pages.

Load (`load.py`) → check (`checks.py`, `reach.py` with `reach_search.py`) → spec JSON (`spec.py`) → score
(`engine.py`, a pure function over the spec) → text or JSON (`text.py`, `answers.py`) and
pages (`pages.py`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .checks import check_questionnaire
from .load import Loaded, load_questionnaires
from .reach import BUDGET, UNDECIDED, UNREACHABLE, decide, dump, goals_of, restore, witnesses
from .spec import build_spec, page_of, referenced_pages, url_of

_REACH_CACHE: dict[str, dict] = {}


@dataclass
class Assessments:
    """Every valid questionnaire, with its spec (plain JSON data) by id, in navigation order."""

    loaded: list[Loaded]
    specs: dict[str, dict]


def check_assessments(root: Path, known_refs: set[str], titles: dict[str, str] | None = None,
                      reach: bool = True) -> tuple[Assessments, list[Problem]]:
    """Load and check every questionnaire; `known_refs` are the content entities' kind/ids,
    `titles` their page titles (for the links written into the spec)."""
    loaded, problems = load_questionnaires(root)
    known = set(known_refs) | {f"assessments/{one.id}" for one in loaded}
    page_titles = dict(titles or {})
    page_titles.update({f"assessments/{one.id}": one.questionnaire.title for one in loaded if one.questionnaire})
    valid: list[Loaded] = []
    specs: dict[str, dict] = {}
    for one in loaded:
        if one.questionnaire is None:
            continue
        more = check_questionnaire(one, known)
        problems += more
        if more:
            continue
        q = one.questionnaire
        links = {ref: {"title": page_titles.get(ref, ref), "page": page_of(ref), "url": url_of(ref)}
                 for ref in referenced_pages(q)}
        spec = build_spec(q, links)
        if reach:
            more = reach_problems(one, spec, root / "build" / ".cache")
            problems += more
            if more:
                continue
        valid.append(one)
        specs[one.id] = spec
    valid.sort(key=lambda one: (one.questionnaire.order is None, one.questionnaire.order or 0, one.questionnaire.title))
    return Assessments(valid, {one.id: specs[one.id] for one in valid}), problems


# Verdicts depend only on the spec, the budget and the method, so they are kept on disk by spec
# hash: a build where no questionnaire changed skips the search. What is read back is checked
# (shape, spec hash, budget, method, every witness re-scored) and recomputed when wrong.
REACH_METHOD = 2               # raise when the method changes what it decides
REACH_CACHE_LIMIT = 4_000_000  # bytes; a larger "cache file" is not one


def reach_cache_path(cache_dir: Path, spec_hash: str) -> Path:
    """Where the verdicts for one spec hash are kept."""
    return cache_dir / f"reach-{spec_hash.replace(':', '-')}.json"


def read_reach_cache(cache_dir: Path | None, spec: dict, budget: int = BUDGET) -> dict | None:
    """Verdicts stored for this spec by an earlier run, if the file holds valid ones."""
    import json
    import os
    import stat

    if not cache_dir:
        return None
    try:
        # Non-blocking, regular files only, bounded: a FIFO or a device in its place is no cache.
        fd = os.open(reach_cache_path(cache_dir, spec["spec_hash"]), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > REACH_CACHE_LIMIT:
                return None
            stored = json.loads(handle.read(REACH_CACHE_LIMIT + 1))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(stored, dict) or stored.get("method") != REACH_METHOD:
        return None
    return restore(spec, stored, budget)


def write_reach_cache(cache_dir: Path | None, spec: dict, verdicts: dict, budget: int = BUDGET) -> None:
    """Keep the verdicts for the next run (written whole, then renamed into place); a cache that
    cannot be written is no error."""
    import json
    import os

    if not cache_dir:
        return
    path = reach_cache_path(cache_dir, spec["spec_hash"])
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temp.write_text(json.dumps({"method": REACH_METHOD, **dump(spec, verdicts, budget)}), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        try:
            temp.unlink()
        except OSError:
            pass


UNDECIDED_WHAT = {"phase": "any answer set reaches it", "candidate": "any answer set ranks it first",
                  "advice": "any answer set makes its condition hold"}


def reach_problems(one: Loaded, spec: dict, cache_dir: Path | None = None, budget: int = BUDGET) -> list[Problem]:
    """Outcomes that no answer set reaches, or that the search could not decide, as problems at
    their declaration."""
    verdicts = _REACH_CACHE.get(spec["spec_hash"]) if budget == BUDGET else None
    if verdicts is None:
        verdicts = read_reach_cache(cache_dir, spec, budget)
    if verdicts is None:
        verdicts = decide(spec, budget)
        write_reach_cache(cache_dir, spec, verdicts, budget)
    if budget == BUDGET:
        _REACH_CACHE[spec["spec_hash"]] = verdicts
    problems = []
    for goal in goals_of(spec):
        status = verdicts[(goal.kind, goal.id)].status
        if status == UNDECIDED:
            problems.append(one.problem(goal.path, f"{goal.kind} '{goal.id}': could not decide within the search "
                                                   f"budget whether {UNDECIDED_WHAT[goal.kind]}; simplify the "
                                                   "conditions, points or exclusions it depends on"))
        elif status == UNREACHABLE:
            problems.append(one.problem(goal.path, {
                "phase": f"phase '{goal.id}' is never reached: no answer set meets its threshold and gates "
                         "together with those of every earlier phase",
                "candidate": f"candidate '{goal.id}' never ranks first: no answer set gives it the most points "
                             "without an exclusion",
                "advice": f"advice '{goal.id}' never applies: no answer set makes its condition hold",
            }[goal.kind]))
    return problems


TAIL_SECTIONS = ("Reference", "Sources")


def add_assessment_pages(rendered, specs: dict[str, dict], templates: Path, propose: dict | None = None,
                         asked: dict[str, list[dict]] | None = None) -> None:
    """Add the assessment pages, spec JSON and answers templates to rendered docs, and their nav
    section before the reference sections at the end of the nav (kept nested); `propose`: where
    the result pages propose results (pages.results_target); `asked`: questionnaire id → the reading
    pages that point to it (pipeline.asked_from), linked back from its page."""
    import jinja2

    from ..problems import ProblemsFound
    from ..render import template_problem
    from .pages import render_assessments

    try:
        files, section = render_assessments(specs, templates, propose, asked or {})
    except jinja2.TemplateError as exc:
        raise ProblemsFound([template_problem(exc, templates)]) from None
    rendered.files.update(files)
    nav = rendered.nav
    at = len(nav)
    while at > 1 and isinstance(nav[at - 1], dict) and next(iter(nav[at - 1])) in TAIL_SECTIONS:
        at -= 1
    nav[at:at] = section


__all__ = ["Assessments", "add_assessment_pages", "check_assessments", "witnesses"]
