"""Rendering: each page kind, backlinks, links between pages, and the nested nav."""
from __future__ import annotations

from conftest import ROOT
from sre_org_playbook.catalog import Catalog, Entity
from sre_org_playbook.pipeline import Project, generate
from sre_org_playbook.render import render_site, table_cell


def entity(kind, id, **data):
    data.setdefault("title", id.title())
    data.setdefault("summary", f"About {id}.")
    return Entity(kind, id, f"content/{kind}/{id}.yaml", data,
                  refs=[r for key in ("related", "sources", "hybrid_of", "includes", "models") for r in data.get(key, [])]
                  + [c["ref"] for c in data.get("columns", []) if c["ref"]])


def full_catalog():
    base = dict(sources=["sources/book"], related=[], tags=[], sections=[], includes=[], body="", order=None)
    return Catalog.of([
        entity("sources", "book", author="A. Author", published="2022", form="book chapter",
               document="002.txt", gaps=["A table is missing."], related=[], tags=[], sections=[], includes=[],
               body="", order=None),
        entity("models", "you-run", **{**base, "order": 1, "short_name": "You run it", "builds": "Devs",
                                       "runs": "Devs", "hybrid_of": [], "characteristics": ["Max incentives"],
                                       "abbreviation": "YBIYRI", "includes": ["comparisons/cmp"]}),
        entity("models", "ops-run", **{**base, "order": 2, "short_name": "Ops run it", "builds": "Devs",
                                       "runs": "Ops", "hybrid_of": [], "characteristics": [], "abbreviation": "",
                                       "related": ["models/you-run"]}),
        entity("comparisons", "cmp", **{**base, "row_header": "Criterion", "notes": ["Row 3 repeats in the source."],
                                        "columns": [{"id": "a", "title": "You run it", "ref": "models/you-run"},
                                                    {"id": "b", "title": "Ops run it", "ref": None}],
                                        "rows": [{"criterion": "Cost", "cells": ["High", "Low | cheap"], "ref": None}]}),
        entity("patterns", "pat", **{**base, "type": "pattern", "problem": "A problem.",
                                     "shape": [{"title": "Step one", "text": "Do it."}], "why_it_works": [],
                                     "when_it_works": ["Open culture"], "when_it_fails": ["No product"],
                                     "preconditions": [], "caveats": ["Young data"], "phases": [],
                                     "models": ["models/you-run"],
                                     "cases": [{"title": "Zalando 2016", "outcome": "failure", "text": "Stalled.",
                                                "source": "sources/book"}]}),
        entity("roles", "sre", **{**base, "responsibilities": ["Set up alerting"], "skills": ["Debugging"],
                                  "scope": "One team", "accountability": "", "experience": "1 year"}),
        entity("concepts", "principles", **{**base, "sections": [{"title": "Seven", "text": "", "items": ["Toil"],
                                                                    "sources": ["sources/book"]}]}),
        entity("phases", "phase-one", **{**base, "number": 1, "characteristics": ["Grassroots"]}),
    ])


def render():
    return render_site(full_catalog(), ROOT / "site_templates")


def test_every_page_kind_renders_its_fields():
    files = render().files
    model = files["models/you-run.md"]
    assert "# You-Run" in model and "- **Who runs:** Devs" in model and "- Max incentives" in model
    pattern = files["patterns/pat.md"]
    assert "## Problem" in pattern and "1. **Step one** — Do it." in pattern
    assert '!!! failure "Zalando 2016"' in pattern and "## When it fails" in pattern
    assert "**Models:** [You-Run](../models/you-run.md)" in pattern
    role = files["roles/sre.md"]
    assert "## Responsibilities (1)" in role and "- **Scope:** One team" in role
    source = files["sources/book.md"]
    assert "- **Author:** A. Author" in source and "    - A table is missing." in source
    assert "## Seven" in files["concepts/principles.md"] and "**Phase 1**" in files["phases/phase-one.md"]


def test_comparison_is_a_table_with_linked_columns_and_escaped_cells():
    page = render().files["comparisons/cmp.md"]
    assert "| Criterion | [You run it](../models/you-run.md) | Ops run it |" in page
    assert "| **Cost** | High | Low \\| cheap |" in page
    assert "Row 3 repeats in the source." in page


def test_included_comparison_appears_on_the_including_page():
    page = render().files["models/you-run.md"]
    assert "| **Cost** | High | Low \\| cheap |" in page and "Also on its own page: [Cmp](../comparisons/cmp.md)" in page


def test_referenced_by_lists_backlinks():
    files = render().files
    referenced = files["models/you-run.md"].split("## Referenced by", 1)[1].split("##", 1)[0]
    for page in ("(ops-run.md)", "(../patterns/pat.md)", "(../comparisons/cmp.md)"):
        assert page in referenced
    cited_by = files["sources/book.md"].split("## Referenced by", 1)[1]
    assert "../roles/sre.md" in cited_by and "../phases/phase-one.md" in cited_by


def test_nav_is_nested_by_kind_with_index_pages_in_declared_order():
    nav = render().nav
    assert nav[0] == {"Home": "index.md"}
    for section in nav[1:]:
        (title, children), = section.items()
        assert children[0].endswith("/index.md"), title
        assert all(isinstance(child, dict) for child in children[1:])
    models = next(children for s in nav[1:] for t, children in s.items() if children[0] == "models/index.md")
    assert [list(c.values())[0] for c in models[1:]] == ["models/you-run.md", "models/ops-run.md"]


def test_collection_index_lists_members_with_summaries():
    page = render().files["models/index.md"]
    assert "| [You-Run](you-run.md) | About you-run. |" in page


def test_table_cell_escapes_pipes_and_newlines():
    assert table_cell("a | b\nc") == "a \\| b<br>c" and table_cell("  ") == "—"


def test_shipped_content_renders_every_entity():
    rendered = generate(Project.at(ROOT))
    content = sorted(p.relative_to(ROOT / "content").with_suffix(".md").as_posix()
                     for p in (ROOT / "content").rglob("*.yaml"))
    missing = [page for page in content if page not in rendered.files]
    assert not missing


def test_long_sections_are_split_into_bounded_groups():
    from sre_org_playbook.render import chunk_nav

    entries = [{f"Page {i:04d}": f"p/{i}.md"} for i in range(2000)]
    nav = chunk_nav(entries, size=40)
    assert len(nav) == 2  # 2000 entries → groups of 1600, nested again in groups of 40

    def leaves(items):
        for item in items:
            (label, value), = item.items()
            yield from (leaves(value) if isinstance(value, list) else [value])

    def widest(items):
        return max([len(items)] + [widest(v) for i in items for v in i.values() if isinstance(v, list)])

    assert list(leaves(nav)) == [f"p/{i}.md" for i in range(2000)]
    assert widest(nav) <= 40
    assert list(nav[0]) == ["Page 0000 – Page 1599"]
    assert chunk_nav(entries[:40]) == entries[:40]


def test_bound_sections_keeps_index_first_and_recurses():
    from sre_org_playbook.render import bound_sections

    long = [{f"P{i:03d}": f"k/{i}.md"} for i in range(100)]
    nav = bound_sections([{"Home": "index.md"}, {"Topic": ["t/index.md", {"Kind": ["k/index.md"] + long}]}])
    assert nav[0] == {"Home": "index.md"}
    topic = nav[1]["Topic"]
    assert topic[0] == "t/index.md"
    kind = topic[1]["Kind"]
    assert kind[0] == "k/index.md" and [list(g) for g in kind[1:]] == [["P000 – P039"], ["P040 – P079"], ["P080 – P099"]]


def test_long_sections_directly_under_a_tab_are_grouped_one_level_down():
    # navigation.sections always expands the sections directly under a tab, so groups there
    # would put every page of the tab into every page's nav.
    from sre_org_playbook.render import bound_sections

    long = [{f"P{i:03d}": f"t/{i}.md"} for i in range(100)]
    tab = bound_sections([{"Topic": ["t/index.md"] + long}])[0]["Topic"]
    assert tab[0] == "t/index.md" and len(tab) == 2
    (label, groups), = tab[1].items()
    assert label == "All 100 pages" and [list(g) for g in groups] == [["P000 – P039"], ["P040 – P079"], ["P080 – P099"]]
    short = bound_sections([{"Topic": ["t/index.md"] + long[:40]}])[0]["Topic"]
    assert short == ["t/index.md"] + long[:40]


def test_relative_urls_match_posixpath():
    import posixpath

    from sre_org_playbook.render import Pages

    for current in ("index.md", "models/x.md", "assessments/deep/page.md"):
        pages = Pages(full_catalog(), current)
        for target in ("index.md", "models/y.md", "models/index.md", "patterns/z.md", "assessments/deep/other.md",
                       "assessments/x.json"):
            assert pages.url(target) == posixpath.relpath(target, posixpath.dirname(current) or "."), (current, target)


def test_first_sentence():
    from sre_org_playbook.render import first_sentence

    assert first_sentence("Where do you stand? Eight dimensions.") == "Where do you stand?"
    assert first_sentence("Ranks models, e.g. 3.5 of them. More.") == "Ranks models, e.g."
    assert first_sentence("No stop at all") == "No stop at all"
