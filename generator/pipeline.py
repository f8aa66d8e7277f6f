"""Load → validate → render → build, each stage fed the previous one's plain data."""
from __future__ import annotations

import gc
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .catalog import Catalog
from .engine import mkdocs_build
from .loader import load_content
from .output import (MARKER, MARKER_TEXT, check_output_path, marked, remove_stale_staging, staging_prefix,
                     swap_into_place, write_tree)
from .problems import ProblemsFound
from .render import Rendered, finish, render_site
from .validate import validate_content
from .assessments import Assessments, add_assessment_pages, check_assessments


@dataclass(frozen=True)
class Project:
    """Where a playbook's inputs and outputs live."""

    root: Path
    docs_dir: Path
    site_dir: Path

    @classmethod
    def at(cls, root: Path, docs_dir: Path | None = None, site_dir: Path | None = None) -> "Project":
        root = root.resolve()
        return cls(root, (docs_dir or root / "build" / "docs").resolve(), (site_dir or root / "site").resolve())

    @property
    def templates(self) -> Path:
        return self.root / "site_templates"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"


def check_all(project: Project) -> tuple[Catalog, Assessments]:
    """Content and questionnaires validated together (advice links resolve against the content);
    raise ProblemsFound with every problem of both."""
    raws, problems = load_content(project.root)
    catalog, more = validate_content(raws)
    assessments, more_assessments = check_assessments(
        project.root, {raw.ref for raw in raws}, {e.ref: e.title for e in catalog.entities.values()})
    if problems or more or more_assessments:
        raise ProblemsFound(problems + more + more_assessments)
    return catalog, assessments


@contextmanager
def cycle_collector_paused():
    """Hold off Python's cycle collector for the duration (it resumes, and catches up, after)."""
    # Generation allocates millions of small objects that live until it ends (parsed YAML, field
    # lines, template contexts); each allocation burst triggers a collection that rescans them
    # all, which was a quarter of the generator's time at 5,000 entities.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def forget_memos() -> None:
    """Drop every in-process memo (kept between `playbook serve` saves), as a fresh process starts."""
    from . import assessments, loader, render, validate
    from .assessments import load as questionnaires, pages

    for memo in (loader._PARSED, validate._VALIDATED, questionnaires._VALIDATED, assessments._REACH_CACHE,
                 pages._LAST, render._TOOLTIPS, render._ENVS):
        memo.clear()


def generate(project: Project, report=None) -> Rendered:
    """Validated content rendered to Markdown, in memory, with the assessment pages and their
    spec JSON in a nav section of their own — and, given a `report.ReportRequest` (with an
    optional `notify` callback), the organisation report page in that section."""
    with cycle_collector_paused():
        catalog, assessments = check_all(project)
        rendered = render_site(catalog, project.templates, list(assessments.specs.values()))
        if assessments.specs:
            add_assessment_pages(rendered, assessments.specs, project.templates)
        if report is not None:
            from .report import add_report_page
            add_report_page(rendered, assessments.specs, report, project.templates,
                            getattr(report, "notify", lambda data: None))
        return finish(rendered, catalog)


def build(project: Project, progress: Callable[[str], None] = lambda msg: None, report=None) -> Rendered:
    """Generate and build the whole site; on any failure the previous output stays as it was."""
    for out in (project.docs_dir, project.site_dir):
        check_output_path(project.root, out)
    progress("validating content")
    rendered = generate(project, report)
    staging = []
    try:
        # Stage beside each destination so the final swap is a rename on one file system; the
        # staging of a build that was killed is removed first.
        for out in (project.docs_dir, project.site_dir):
            out.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(out)
            staging.append(Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent)))
        staged_docs, staged_site = staging[0] / "docs", staging[1] / "site"
        write_tree(marked(rendered.files), staged_docs)
        progress(f"wrote {sum(1 for f in rendered.files if f.endswith('.md'))} pages; building site (strict)")
        mkdocs_build(project.config_file, staged_docs, staged_site, strict=True)
        (staged_site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # mkdocs leaves dotfiles out
        swap_into_place(staged_docs, project.docs_dir)
        swap_into_place(staged_site, project.site_dir)
    finally:
        for folder in staging:
            shutil.rmtree(folder, ignore_errors=True)
    return rendered
