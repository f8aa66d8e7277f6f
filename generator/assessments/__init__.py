"""Scored self-assessments: questionnaire format, static checks, one scoring engine, pages.

Load (`load.py`) → check (`checks.py`, `reach.py`) → spec JSON (`spec.py`) → score
(`engine.py`, a pure function over the spec) → text or JSON (`text.py`, `answers.py`) and
pages (`pages.py`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .checks import check_questionnaire
from .load import Loaded, load_questionnaires
from .reach import witnesses
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


# The search is deterministic for a spec, so its result is kept on disk by spec hash: a build
# where no questionnaire changed skips it (about 0.7 s for model-fit on a quiet machine).
def read_reach_cache(cache_dir: Path | None, spec_hash: str) -> dict | None:
    """Witnesses found for this spec hash by an earlier run, if any."""
    import json

    path = cache_dir / f"reach-{spec_hash.replace(':', '-')}.json" if cache_dir else None
    try:
        stored = json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else None
    except (OSError, ValueError):
        return None
    return {tuple(key.split("/", 1)): value for key, value in stored.items()} if isinstance(stored, dict) else None


def write_reach_cache(cache_dir: Path | None, spec_hash: str, found: dict) -> None:
    """Keep the witnesses for the next run; a cache that cannot be written is no error."""
    import json

    if not cache_dir:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        (cache_dir / f"reach-{spec_hash.replace(':', '-')}.json").write_text(
            json.dumps({f"{kind}/{goal}": value for (kind, goal), value in found.items()}), encoding="utf-8")
    except OSError:
        pass


def reach_problems(one: Loaded, spec: dict, cache_dir: Path | None = None) -> list[Problem]:
    """Outcomes that no answer set reaches, as problems at their declaration."""
    from .reach import goals_of

    found = _REACH_CACHE.get(spec["spec_hash"]) or read_reach_cache(cache_dir, spec["spec_hash"])
    if found is None:
        found = witnesses(spec)
        write_reach_cache(cache_dir, spec["spec_hash"], found)
    _REACH_CACHE[spec["spec_hash"]] = found
    problems = []
    for goal in goals_of(spec):
        if found[(goal.kind, goal.id)] is not None:
            continue
        message = {
            "phase": f"phase '{goal.id}' is never reached: no answer set meets its threshold and gates "
                     "together with those of every earlier phase",
            "candidate": f"candidate '{goal.id}' never ranks first: no answer set gives it the most points "
                         "without an exclusion",
            "advice": f"advice '{goal.id}' never applies: no answer set makes its condition hold",
        }[goal.kind]
        problems.append(one.problem(goal.path, message))
    return problems


TAIL_SECTIONS = ("Reference", "Sources")


def add_assessment_pages(rendered, specs: dict[str, dict], templates: Path) -> None:
    """Add the assessment pages, spec JSON and answers templates to rendered docs, and their nav
    section before the reference sections at the end of the nav (kept nested)."""
    import jinja2

    from ..problems import ProblemsFound
    from ..render import template_problem
    from .pages import render_assessments

    try:
        files, section = render_assessments(specs, templates)
    except jinja2.TemplateError as exc:
        raise ProblemsFound([template_problem(exc, templates)]) from None
    rendered.files.update(files)
    nav = rendered.nav
    at = len(nav)
    while at > 1 and isinstance(nav[at - 1], dict) and next(iter(nav[at - 1])) in TAIL_SECTIONS:
        at -= 1
    nav[at:at] = section


__all__ = ["Assessments", "add_assessment_pages", "check_assessments", "witnesses"]
