"""Load → validate → render → build, each stage fed the previous one's plain data."""
from __future__ import annotations

import gc
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .catalog import Catalog
from .engines import DEFAULT, engine as engine_module
from .engines.config import CONFIG_FILE, ENGINE_FILE, HEADER, THEME_DIR, dump, engine_config, playbook_settings, site_folder
from .loader import load_content
from .output import (MARKER, MARKER_TEXT, UnsafeOutput, check_output_path, marked, remove_stale_staging,
                     staging_prefix, swap_into_place, write_tree)
from .problems import ProblemsFound
from .render import Rendered, finish, render_site
from .templates import Templates
from .validate import validate_content
from .assessments import Assessments, add_assessment_pages, check_assessments
from .assessments.pages import results_target


class NoPlaybook(Exception):
    """No playbook folder where one was looked for."""


@dataclass(frozen=True)
class Project:
    """Where a playbook's inputs and outputs live, and the engine that builds its site."""

    root: Path
    docs_dir: Path
    site_dir: Path
    engine: str = DEFAULT

    @classmethod
    def at(cls, root: Path, docs_dir: Path | None = None, site_dir: Path | None = None,
           engine: str = DEFAULT) -> "Project":
        root = root.resolve()
        return cls(root, (docs_dir or root / "build" / "docs").resolve(), (site_dir or root / "site").resolve(),
                   engine)

    @classmethod
    def find(cls, start: Path, **options) -> "Project":
        """The playbook holding `start`: the nearest folder upward with a mkdocs.yml."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / CONFIG_FILE).is_file():
                return cls.at(folder, **options)
        raise NoPlaybook(f"no playbook here: neither {start} nor a folder above it has a {CONFIG_FILE}; "
                         "run `playbook init DIR` to start one, or pass --root")

    @property
    def templates(self) -> Templates:
        return Templates.at(self.root)

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def engine_file(self) -> Path:
        """The complete engine config, written beside the generated Markdown."""
        return self.docs_dir.parent / ENGINE_FILE


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


def asked_from(catalog, specs: dict) -> dict[str, list[dict]]:
    """Questionnaire id → the reading pages that point to it (page, title, the reader's question), in
    navigation order: a page's own `assessments`, else its kind's default, and sections' `assess`."""
    from .kinds import KINDS, assessment_pointers

    asked: dict[str, list[dict]] = {qid: [] for qid in specs}
    for kind in KINDS:
        for e in catalog.of_kind(kind):
            named = [(a["id"], a["ask"]) for a in assessment_pointers(e, specs)]
            named += [(qid, s.get("title")) for s in e.data.get("sections") or [] if isinstance(s, dict)
                      for qid in s.get("assess") or []]
            for qid, ask in named:
                if qid in asked and all(x["page"] != f"{e.ref}.md" for x in asked[qid]):
                    asked[qid].append({"page": f"{e.ref}.md", "title": e.title, "ask": ask})
    return asked


def generate(project: Project, report=None) -> Rendered:
    """Validated content rendered to Markdown, in memory, with the assessment pages and their
    spec JSON in a nav section of their own — and, given a `report.ReportRequest` (with an
    optional `notify` callback), the organisation report page in that section."""
    with cycle_collector_paused():
        catalog, assessments = check_all(project)
        rendered = render_site(catalog, project.templates, list(assessments.specs.values()))
        if assessments.specs:
            add_assessment_pages(rendered, assessments.specs, project.templates,
                                 results_target(playbook_settings(project.config_file), project.config_file),
                                 asked_from(catalog, assessments.specs))
        if report is not None:
            from .report import add_report_page
            add_report_page(rendered, assessments.specs, report, project.templates,
                            getattr(report, "notify", lambda data: None))
        return finish(rendered, catalog)


def engine_files(project: Project, rendered: Rendered) -> tuple[dict[str, str | bytes], str]:
    """The docs as the project's engine takes them (generated Markdown plus the layered theme
    overrides in docs/.theme), and the complete engine config for them."""
    engine = engine_module(project.engine)
    theme = {f"{THEME_DIR}/{name}": path.read_bytes() for name, path in project.templates.theme().items()
             if name not in engine.THEME_SKIP}
    config = engine.adjust(engine_config(project.config_file, rendered.nav, project.docs_dir.name))
    return marked({**rendered.files, **theme}), dump(config)


def check_engine_file(project: Project) -> str | None:
    """The text of build/mkdocs.yml, if any; UnsafeOutput if playbook did not write it."""
    target = project.engine_file
    old = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else None
    if old is not None and not old.startswith(HEADER):
        raise UnsafeOutput(f"refusing to replace {target}: playbook did not write it; choose another --docs-dir")
    return old


def write_engine_file(project: Project, text: str) -> None:
    """build/mkdocs.yml: the config the engine ran, to rerun it by hand; never a file of somebody else's."""
    target = project.engine_file
    if check_engine_file(project) == text:
        return  # unchanged: an engine watching it would rebuild for nothing
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def build(project: Project, progress: Callable[[str], None] = lambda msg: None, report=None) -> Rendered:
    """Generate and build the whole site; on any failure the previous output stays as it was."""
    for out in (project.docs_dir, project.site_dir):
        check_output_path(project.root, out)
    check_engine_file(project)
    progress("validating content")
    rendered = generate(project, report)
    files, config = engine_files(project, rendered)
    staging = []
    try:
        # Stage beside each destination so the final swap is a rename on one file system; the
        # staging of a build that was killed is removed first. The engine runs on a folder of its
        # own (config, docs/, site/): Zensical wants both inside the config's folder.
        for out in (project.docs_dir, project.site_dir):
            out.parent.mkdir(parents=True, exist_ok=True)
            remove_stale_staging(out)
            staging.append(Path(tempfile.mkdtemp(prefix=staging_prefix(out), dir=out.parent)))
        work, staged_site = staging[0], staging[1] / "site"
        docs = work / project.docs_dir.name
        write_tree(files, docs)
        (work / ENGINE_FILE).write_text(config, encoding="utf-8")
        progress(f"wrote {sum(1 for f in rendered.files if f.endswith('.md'))} pages; "
                 f"building site (strict) with {project.engine}")
        engine_module(project.engine).build(work / ENGINE_FILE, strict=True)
        shutil.move(work / site_folder(project.docs_dir.name), staged_site)
        (staged_site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # engines leave dotfiles out
        swap_into_place(docs, project.docs_dir)
        swap_into_place(staged_site, project.site_dir)
        write_engine_file(project, config)
    finally:
        for folder in staging:
            shutil.rmtree(folder, ignore_errors=True)
    return rendered
