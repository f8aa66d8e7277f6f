"""Citations by section: each one names a section its source lists, and each source page shows
where its sections are used."""
from __future__ import annotations

from collections.abc import Iterator

from .catalog import Catalog, Entity
from .kinds import KINDS
from .problems import Problem, suggest


def section_labels(source: Entity) -> list[str]:
    """The labels of a source's sections, '§12.4.8 SRE Team KPIs' or '§ Caveats', in document order."""
    return [s["label"] for s in source.data.get("headings") or []]


def find_section(source: Entity, written: str) -> dict | None:
    """The section a citation names — by number, title, 'number title' or label, case ignored."""
    key = " ".join(str(written).split()).lower().lstrip("§ ")
    for s in source.data.get("headings") or []:
        names = {s["title"].lower(), s["label"].lower().lstrip("§ ")}
        if s["number"]:
            names |= {s["number"].lower(), f"{s['number']} {s['title']}".lower()}
        if key in names:
            return s
    return None


def citations(data, path=()) -> Iterator[tuple[tuple, object]]:
    """Every citation in an entity's data, with its field path: a `{ref, section}` mapping or a bare
    `sources/…` string under a `sources` / `source` field."""
    if isinstance(data, dict):
        if "ref" in data and "section" in data:
            yield path, data
            return
        for key, value in data.items():
            if key in ("sources", "source") and isinstance(value, (str, list)):
                for i, item in (enumerate(value) if isinstance(value, list) else [(None, value)]):
                    where = path + ((key, i) if i is not None else (key,))
                    if isinstance(item, str) and item.startswith("sources/"):
                        yield where, item
                    else:
                        yield from citations(item, where)
            else:
                yield from citations(value, path + (key,))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from citations(item, path + (i,))


def dotted(path) -> str:
    return ".".join(str(p) for p in path)


def check_citations(catalog: Catalog) -> list[Problem]:
    """Each citation of a source that lists its sections must name one of them (and a table of it,
    if it names a table); a bare reference to such a source is a problem too."""
    problems = []
    for e in catalog.entities.values():
        kind = KINDS.get(e.kind)
        for path, cite in citations(e.data):
            ref = cite if isinstance(cite, str) else cite["ref"]
            source = catalog.entities.get(ref)
            if source is None or not source.data.get("headings"):
                continue  # unknown references are reported by validate; a source without a list is not checked
            labels = section_labels(source)
            field = dotted(path)
            if isinstance(cite, str):
                if kind is None or kind.cite_sections:
                    problems.append(Problem(e.path, e.line_of(field), field,
                                            f"'{ref}' lists its sections: cite one, as {{ref: {ref}, section: …}} "
                                            f"(e.g. '{labels[0]}')"))
                continue
            section = find_section(source, cite["section"])
            if section is None:
                problems.append(Problem(e.path, e.line_of(field + ".section"), field + ".section",
                                        f"'{cite['section']}' is not a section of {ref}"
                                        f"{suggest(cite['section'], [l.lstrip('§ ') for l in labels])}; "
                                        f"see the `headings` of content/{ref}.yaml"))
            elif cite.get("table") and cite["table"].lower() not in [t.lower() for t in section["tables"]]:
                known = section["tables"]
                problems.append(Problem(e.path, e.line_of(field + ".table"), field + ".table",
                                        f"'{cite['table']}' is not a table of {section['label']} in {ref}"
                                        f"{suggest(cite['table'], known)}"
                                        f"{'; its tables: ' + ', '.join(known) if known else '; it has no tables'}"))
    return problems


def cite_label(catalog: Catalog, cite) -> str:
    """'§12.4.8 SRE Team KPIs' (plus ', table …') for a citation; '' for a bare reference."""
    if isinstance(cite, str):
        return ""
    source = catalog.entities.get(cite["ref"])
    section = find_section(source, cite["section"]) if source else None
    label = section["label"] if section else f"§ {cite['section']}"
    return label + (f", table “{cite['table']}”" if cite.get("table") else "")


def grouped_citations(catalog: Catalog, cites: list) -> list[tuple[str, list[str]]]:
    """(source ref, its section labels) in first-cited order: a page's 'Sources' list."""
    grouped: dict[str, list[str]] = {}
    for c in cites:
        labels = grouped.setdefault(cite_ref(c), [])
        label = cite_label(catalog, c)
        if label and label not in labels:
            labels.append(label)
    return list(grouped.items())


def cite_ref(cite) -> str:
    """The `sources/…` reference of a citation, bare or structured."""
    return cite if isinstance(cite, str) else cite["ref"]


def section_anchor(label: str) -> str:
    """A stable HTML id for a section on its source page."""
    return "sec-" + "".join(c if c.isalnum() else "-" for c in label.lstrip("§ ").lower()).strip("-")


def section_uses(catalog: Catalog, source_ref: str) -> dict[str, list[str]]:
    """Section label → the pages (refs, in catalog order) that cite it; '' collects bare citations."""
    source = catalog.entities[source_ref]
    uses: dict[str, list[str]] = {label: [] for label in section_labels(source)}
    uses[""] = []
    for e in sorted(catalog.entities.values(), key=lambda x: (x.kind, x.title.lower())):
        for _, cite in citations(e.data):
            if cite_ref(cite) != source_ref:
                continue
            section = None if isinstance(cite, str) else find_section(source, cite["section"])
            key = section["label"] if section else ""
            if e.ref not in uses.setdefault(key, []):
                uses[key].append(e.ref)
    return uses


def reading_pages(catalog: Catalog) -> list[Entity]:
    """Pages that carry a 'Playbook reading' callout, in catalog order."""
    def has_reading(e: Entity) -> bool:
        kind = KINDS.get(e.kind)
        return bool(e.data.get("reading") or (kind and kind.reading)
                    or any(s.get("reading") for s in e.data.get("sections") or []))
    return sorted((e for e in catalog.entities.values() if has_reading(e)), key=lambda e: (e.kind, e.title.lower()))


def concerns_of(catalog: Catalog, ref: str) -> list[tuple[Entity, dict]]:
    """(page, section) pairs whose section names `ref` among its `concerns`: e.g. the tensions that
    concern a page, linked from it."""
    index = catalog.__dict__.get("_concerns")
    if index is None:  # built once per catalog: every page asks
        index = {}
        for e in catalog.entities.values():
            for s in e.data.get("sections") or []:
                for target in s.get("concerns") or []:
                    index.setdefault(target, []).append((e, s))
        catalog.__dict__["_concerns"] = index
    return [(e, s) for e, s in index.get(ref, []) if e.ref != ref]


TEMPLATE_HELPERS = {"cite_label": cite_label, "grouped_citations": grouped_citations, "cite_ref": cite_ref, "section_uses": section_uses,
                    "section_anchor": section_anchor, "reading_pages": reading_pages, "concerns_of": concerns_of}
