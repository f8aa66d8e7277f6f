"""Organisation roll-up: many teams' result files → one report.

`playbook report RESULTS…` writes it as Markdown, text or JSON; `playbook build --results DIR`
adds it to the site as the page "Organisation report" in the Assessments section.

    inputs.py   find and read result files defensively, check them, re-score them (load)
    targets.py  the targets file: team → questionnaire → target phase id
    combine.py  teams, history, workshop combination and disagreements, distributions, gaps
    render.py   Markdown (site_templates/pages/report.md.j2), text and JSON; all escaping

Rules, in short (each module's docstring has the detail):

- A result file is what `playbook score --format json` writes or the browser downloads; answers
  files without a `result` are read too. Every file is re-scored with the current engine; an
  embedded result that disagrees is noted, never used.
- Left out, with the reason, and the rest still reported: unreadable, malformed or oversized
  files (over 256 KB, nested over 32 levels, YAML aliases), wrong types, unknown questionnaire,
  question or option ids, impossible dates, names over 200 characters, answers to another
  version of the questionnaire (unless --include-older), duplicates (same questionnaire,
  respondent, date and answers as a file read before, in path order).
- The team is the `respondent` field, or its part before the last " / " ("Checkout / Alice" is
  Alice of team Checkout); case and spacing are ignored when grouping. A file without a
  respondent is listed under its file name.
- One team's results on different days are its history; several on one day are a workshop,
  combined by the rule in combine.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..problems import Problem, ProblemsFound
from .combine import Settings, build_report
from .inputs import Loaded, load_results
from .render import PAGE, Links, to_json, to_markdown, to_text
from .targets import load_targets

NAV_TITLE = "Organisation report"
SECTION = "Assessments"


@dataclass
class ReportRequest:
    """What to roll up, and how."""

    results: list[Path]
    targets: Path | None = None
    settings: Settings = Settings()
    include_older: bool = False
    only: str | None = None
    skip: set[Path] = field(default_factory=set)
    notify: Callable[[dict], None] = lambda report: None   # told the report data (build mode)
    relative: bool = False      # show file paths from the given folder's name on (site page)


def make_report(request: ReportRequest, specs: dict[str, dict]) -> tuple[dict, Loaded]:
    """The report data; raises ProblemsFound for a missing results path or a bad targets file
    (bad result files are left out and listed instead)."""
    problems = [Problem(p.as_posix(), 1, "(file)", "no such file or folder") for p in request.results
                if not p.exists()]
    if request.only is not None and request.only not in specs:
        from ..problems import suggest
        problems.append(Problem("--questionnaire", 1, "questionnaire", f"unknown questionnaire '{request.only}'"
                                f"{suggest(request.only, specs)}; known: {', '.join(specs)}"))
    targets = None
    if request.targets is not None:
        try:
            targets = load_targets(request.targets, specs)
        except ProblemsFound as exc:
            problems += exc.problems
    if problems:
        raise ProblemsFound(problems)
    skip = set(request.skip) | ({request.targets.resolve()} if request.targets else set())
    loaded = load_results(request.results, specs, only=request.only, include_older=request.include_older,
                          skip={p.resolve() for p in skip}, relative=request.relative)
    report = build_report(loaded, specs, targets, request.settings)
    if request.relative and targets is not None:  # a published page names the file, not its path
        report["targets_file"] = request.targets.name
        for warning in report["targets_warnings"]:
            warning["path"] = request.targets.name
    return report, loaded


def add_report_page(rendered, specs: dict[str, dict], request: ReportRequest, templates: Path,
                    notify: Callable[[dict], None] = lambda report: None) -> dict:
    """Put the report page into the rendered docs and the Assessments nav section."""
    import jinja2

    from ..render import template_problem

    report, _ = make_report(request, specs)
    notify(report)
    try:
        rendered.files[PAGE] = to_markdown(report, Links(PAGE), templates)
    except jinja2.TemplateError as exc:
        raise ProblemsFound([template_problem(exc, templates)]) from None
    entry = {NAV_TITLE: PAGE}
    for item in rendered.nav:
        if isinstance(item, dict) and SECTION in item and isinstance(item[SECTION], list):
            section = item[SECTION]
            at = next((i for i, x in enumerate(section) if isinstance(x, dict) and "Scoring specification" in x),
                      len(section))
            section.insert(at, entry)
            break
    else:
        rendered.nav.append({SECTION: [entry]})
    return report


__all__ = ["ReportRequest", "Settings", "make_report", "add_report_page", "to_json", "to_markdown", "to_text",
           "Links", "PAGE"]
