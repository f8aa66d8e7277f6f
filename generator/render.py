"""Render the catalog into Markdown pages and a nested navigation (no file I/O here)."""
from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from . import diagrams
from .catalog import Catalog, Entity
from .citations import TEMPLATE_HELPERS as CITATION_HELPERS
from .kinds import ENTITY_CHECKS, KINDS, assessment_pointers
from .topics import TEMPLATE_HELPERS, abbreviations, abbreviations_used, nav_sections, topic_pages
from .problems import Problem, ProblemsFound
from .templates import Templates


@dataclass
class Rendered:
    """Generated docs as relative path → text or bytes, plus the nav for mkdocs."""

    files: dict[str, str | bytes]
    nav: list
    warnings: list[Problem] = field(default_factory=list)  # reported, never failing the build


NAV_FILE = ".nav.json"
_ENVS: dict[Templates, jinja2.Environment] = {}


def make_env(templates: Templates | Path) -> jinja2.Environment:
    """The Jinja2 environment over the page templates (a playbook's overrides/pages, then the
    packaged site_templates/pages), made once per set of folders.

    Kept across rebuilds so `playbook serve` does not recompile every template on each save;
    Jinja's auto_reload still recompiles a template whose file changed. Compiled templates are
    kept on disk too, beside the questionnaires' reachability cache, for the next build.
    """
    key = Templates.of(templates)
    if key not in _ENVS:
        _ENVS[key] = _new_env(key)
    return _ENVS[key]


def _new_env(templates: Templates) -> jinja2.Environment:
    cache = templates.cache
    cache.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates.page_folders),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["yaml_str"] = lambda s: json.dumps(str(s), ensure_ascii=False)
    env.filters["cell"] = table_cell
    env.filters["first_sentence"] = first_sentence
    env.filters["in_groups"] = in_groups
    return env


def templates_fingerprint(templates: Templates | Path) -> tuple:
    """Name, modification time and size of every page template: a memo of rendered pages is
    valid while this is unchanged."""
    return Templates.of(templates).fingerprint()


def first_sentence(text) -> str:
    """Text up to the first full stop, question or exclamation mark (or a dash or comma clause break)."""
    text = " ".join(str(text).split())
    for index, char in enumerate(text):
        if char in ".?!" and (index + 1 == len(text) or text[index + 1] == " "):
            return text[: index + 1]
    return text


def table_cell(text) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).strip().replace("|", "\\|").replace("\n", "<br>") or "—"


NAV_CHUNK = 40


def bound_sections(nav: list, depth: int = 0) -> list:
    """Split every nav section longer than NAV_CHUNK into groups, keeping its index page first.

    Every page embeds the nav of its section; with navigation.prune only the open group's
    items are rendered, so bounded groups keep the cost per page flat as content grows. The
    sections directly under a tab are an exception: navigation.sections always shows them
    expanded, so there the groups go one level down, into an "All N pages" section.
    """
    out = []
    for item in nav:
        if isinstance(item, dict):
            (label, value), = item.items()
            if isinstance(value, list):
                head = value[:1] if value and isinstance(value[0], str) else []
                entries = bound_sections(value[len(head):], depth + 1)
                groups = chunk_nav(entries)
                if depth == 0 and groups is not entries:
                    groups = [{f"All {len(entries)} pages": groups}]
                item = {label: head + groups}
        out.append(item)
    return out


def chunk_nav(entries: list, size: int = NAV_CHUNK) -> list:
    """Group a long list of nav entries into labelled sub-sections of at most `size` items."""
    if len(entries) <= size:
        return entries
    span = size
    while -(-len(entries) // span) > size:
        span *= size
    groups = [entries[i:i + span] for i in range(0, len(entries), span)]
    return [{group_label(group): chunk_nav(group, size)} for group in groups]


def group_label(group: list) -> str:
    """'First title – Last title', each shortened, to name a nav group."""
    first, last = (next(iter(e)) if isinstance(e, dict) else e for e in (group[0], group[-1]))
    return span_label(first, last)


def span_label(first: str, last: str) -> str:
    shorten = lambda t: t if len(t) <= 24 else t[:23].rstrip() + "…"  # noqa: E731
    return f"{shorten(first)} – {shorten(last)}"


LISTING_GROUP = 100


def in_groups(members: list, size: int = LISTING_GROUP) -> list[tuple[str | None, list]]:
    """A listing of entities in groups of at most `size`, each named 'First – Last' like the nav's
    groups; a short listing is one group without a name. Index pages list their members group by
    group under headings, so no table (nor search-index section, which Zensical limits) grows
    with the playbook."""
    if len(members) <= size:
        return [(None, list(members))]
    groups = [members[i:i + size] for i in range(0, len(members), size)]
    return [(span_label(g[0].title, g[-1].title), g) for g in groups]


def nest_subpages(nav: list, subnav: dict[str, list]) -> list:
    """Turn `{title: page}` entries whose page has subpages into a section: the page (unless a
    subpage entry names it), then them."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            (label, value), = item.items()
            if isinstance(value, list):
                item = {label: nest_subpages(value, subnav)}
            elif value in subnav:
                named = any(value in entry.values() for entry in subnav[value])
                item = {label: ([] if named else [value]) + subnav[value]}
        out.append(item)
    return out


def page_path(ref: str) -> str:
    """Where an entity's page lives in the generated docs."""
    return f"{ref}.md"


class Pages:
    """Link helpers bound to the page being rendered."""

    def __init__(self, catalog: Catalog, current: str):
        self.catalog, self.current = catalog, current
        self._here = posixpath.dirname(current).split("/") if "/" in current else []

    def url(self, target: str) -> str:
        """`target` relative to the current page; both are clean paths under the docs root.

        Plain string work: posixpath.relpath asks the OS for the working directory on every call.
        """
        parts = target.split("/")
        common = 0
        while common < min(len(self._here), len(parts) - 1) and self._here[common] == parts[common]:
            common += 1
        return "/".join([".."] * (len(self._here) - common) + parts[common:])

    def link(self, ref: str, text: str | None = None) -> str:
        return f"[{text or self.catalog.entities[ref].title}]({self.url(page_path(ref))})"

    def entity(self, ref: str) -> Entity:
        return self.catalog.entities[ref]

    def kind_index(self, kind: str) -> str:
        return self.url(f"{kind}/index.md")


def render_site(catalog: Catalog, templates: Templates | Path, assessments: list[dict] = ()) -> Rendered:
    """Render every page of the site; a template error becomes a Problem naming its line.

    `assessments` lists the questionnaires (id, title, summary, audience) for the home page.
    """
    try:
        return _render_all(catalog, Templates.of(templates), list(assessments))
    except jinja2.TemplateError as exc:
        raise ProblemsFound([template_problem(exc, templates)]) from None


def template_problem(exc: jinja2.TemplateError, templates: Templates | Path) -> Problem:
    """Locate a template error: syntax errors carry a line, runtime ones sit in the traceback."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if line is None:
        tb = exc.__traceback__
        while tb:
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    where = Templates.of(templates).where(Path(name)) if name else "site_templates"
    return Problem(where, line or 1, "template", exc.message or type(exc).__name__)


def _render_all(catalog: Catalog, templates: Templates, assessments: list[dict]) -> Rendered:
    env = make_env(templates)
    questionnaires = {a["id"]: a for a in assessments if "id" in a}
    env.globals.update(TEMPLATE_HELPERS, **CITATION_HELPERS, catalog=catalog, questionnaires=questionnaires,
                       assessment_pointers=assessment_pointers, diagram_svg=partial(diagrams.inline, templates.root))
    files: dict[str, str | bytes] = {}
    nav: list = [{"Home": "index.md"}]
    kinds_present = [k for k in sorted(KINDS.values(), key=lambda k: k.nav_order) if catalog.of_kind(k.name)]

    files["index.md"] = env.get_template("home.md.j2").render(
        kinds=kinds_present, catalog=catalog, p=Pages(catalog, "index.md"), assessments=assessments)
    sections: dict[str, list] = {}
    subnav: dict[str, list] = {}  # entity page → its subpages, nested under it in the nav
    problems: list[Problem] = []
    for kind in kinds_present:
        members = catalog.of_kind(kind.name)
        index = f"{kind.name}/index.md"
        files[index] = env.get_template("collection.md.j2").render(
            kind=kind, members=members, p=Pages(catalog, index))
        section: list = [index]
        template = env.get_template(kind.template)
        for e in members:
            path = page_path(e.ref)
            files[path] = template.render(e=e, d=e.data, catalog=catalog, p=Pages(catalog, path),
                                          backlinks=catalog.backlinks[e.ref], sub=None)
            section.append({e.title: path})
            checks = [*ENTITY_CHECKS] + ([kind.cross_check] if kind.cross_check else [])
            problems += [Problem(e.path, e.line_of(field), field, message)
                         for check in checks for field, message in check(e, questionnaires, catalog)]
            for slug, title in kind.subpages(e.data) if kind.subpages else []:
                if not slug:
                    subnav.setdefault(path, []).append({title: path})
                    continue
                sub_path = f"{e.ref}/{slug}.md"
                files[sub_path] = template.render(e=e, d=e.data, catalog=catalog, p=Pages(catalog, sub_path),
                                                  backlinks=catalog.backlinks[e.ref], sub=slug)
                subnav.setdefault(path, []).append({title: sub_path})
        sections[kind.name] = section
    if problems:
        raise ProblemsFound(problems)
    # Topics group entities of several kinds into nested nav sections, each headed by an index page.
    for topic, members in topic_pages(catalog):
        files[topic.index] = env.get_template("topic.md.j2").render(
            topic=topic, members=members, p=Pages(catalog, topic.index))
    nav += bound_sections(nest_subpages(nav_sections(catalog, sections, page_path), subnav))
    for path in [f for f in files if f.endswith(".md")]:
        files[path] = diagrams.inline_fences(files[path], templates.root)
    for name, asset in templates.assets().items():
        files["assets/" + name] = asset.read_bytes()
    return Rendered(files, nav, diagrams.unrendered(catalog, templates.root))


# Page text → its tooltip block, for the glossary stored under the key None; the last render's
# pages only. `playbook serve` renders every page on each save, and most come out unchanged.
_TOOLTIPS: dict = {}


def finish(rendered: Rendered, catalog: Catalog) -> Rendered:
    """Once every page exists: glossary tooltips where their terms occur, and the nav file for mkdocs."""
    # Markdown `abbr` definitions: engine-neutral tooltips.
    definitions = abbreviations(catalog)
    previous = _TOOLTIPS.copy() if _TOOLTIPS.get(None) == definitions else {}
    _TOOLTIPS.clear()
    _TOOLTIPS[None] = definitions
    for path in [f for f in rendered.files if f.endswith(".md")]:
        text = rendered.files[path]
        block = previous.get(text)
        if block is None:
            block = abbreviations_used(definitions, text)
        _TOOLTIPS[text] = block
        rendered.files[path] = text + block
    rendered.files[NAV_FILE] = json.dumps(rendered.nav, ensure_ascii=False, indent=1)
    return rendered
