"""Citations by section, the 'Playbook reading' layer, the tensions page and the decision brief:
checked on the shipped content, and bad citations reported as `path:line: field: message`."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli
from sre_org_playbook.citations import citations, find_section, reading_pages


@pytest.fixture(scope="module")
def shipped(shipped_playbook):
    return shipped_playbook.catalog, shipped_playbook.rendered.files


def test_every_citation_names_a_valid_section_of_its_source(shipped):
    catalog, _ = shipped
    checked = 0
    for e in catalog.entities.values():
        for path, cite in citations(e.data):
            source = catalog.entities[cite if isinstance(cite, str) else cite["ref"]]
            assert source.data["headings"], f"{source.ref} lists no headings"
            if e.kind == "phases" and isinstance(cite, str):
                continue
            assert isinstance(cite, dict), f"{e.path}: {path}: cites {cite} without a section"
            section = find_section(source, cite["section"])
            assert section, f"{e.path}: {path}: '{cite['section']}' is not a section of {source.ref}"
            if cite.get("table"):
                assert cite["table"] in section["tables"], f"{e.path}: {path}: no table '{cite['table']}'"
            checked += 1
    assert checked > 300


def test_source_headings_are_unique_and_the_chapter_in_document_order(shipped):
    catalog, _ = shipped
    for source in catalog.of_kind("sources"):
        labels = [h["label"] for h in source.data["headings"]]
        assert len(labels) == len(set(labels)), source.ref
    numbers = [h["number"] for h in catalog.entities["sources/implementing-organizational-structure"].data["headings"]
               if h["number"]]
    as_tuples = [tuple(int(n) for n in number.split(".")) for number in numbers]
    assert as_tuples == sorted(as_tuples) and len(numbers) > 40


def test_a_claim_links_to_its_section_and_the_source_page_lists_where_each_section_is_used(shipped):
    _, files = shipped
    kpis = files["comparisons/example-sre-team-kpis.md"]
    assert "[§12.4.8 SRE Team KPIs, table “Example SRE Team KPIs”](../sources/implementing-organizational-structure.md#sec-12-4-8-sre-team-kpis)" in kpis
    chapter = files["sources/implementing-organizational-structure.md"]
    row = next(line for line in chapter.splitlines() if 'id="sec-12-4-8-sre-team-kpis"' in line)
    assert "Example SRE Team KPIs; MTTR Versus Reliability User Experience" in row
    assert "[Example SRE team KPIs by placement](../comparisons/example-sre-team-kpis.md)" in row
    # A section no page cites says so rather than disappearing.
    assert all(line.count("|") >= 4 for line in chapter.splitlines() if 'id="sec-' in line)


def test_every_playbook_reading_page_shows_the_callout_and_is_reachable(shipped):
    catalog, files = shipped
    readings = reading_pages(catalog)
    assert {"patterns/embedded-sre-team-customer-pull", "patterns/grassroots-sre-rollout",
            "concepts/decision-brief", "phases/grassroots-experiments"} <= {e.ref for e in readings}
    nav = files[".nav.json"]
    listing = files["sources/index.md"]
    for e in readings:
        page = files[f"{e.ref}.md"]
        assert '!!! info "Playbook reading — beyond the sources"' in page, e.ref
        assert f'"{e.ref}.md"' in nav, f"{e.ref} is not in the navigation"
        assert f"(../{e.ref}.md)" in listing, f"{e.ref} is not listed on sources/index.md"


def test_each_page_a_tension_concerns_links_back_to_it(shipped):
    catalog, files = shipped
    tensions = catalog.entities["concepts/where-the-sources-disagree"].data["sections"]
    assert len(tensions) >= 8
    for section in tensions:
        anchor = "sec-" + re.sub(r"[^a-z0-9]", "-", section["title"].lower()).strip("-")
        assert f"{{ #{anchor} }}" in files["concepts/where-the-sources-disagree.md"]
        for ref in section["concerns"]:
            page = files[f"{ref}.md"]
            assert "!!! warning \"Where the sources disagree or leave a gap\"" in page, ref
            assert f"where-the-sources-disagree.md#{anchor})" in page, (ref, section["title"])


def test_the_decision_brief_heads_the_home_page_and_the_choosing_section(shipped):
    catalog, files = shipped
    brief = catalog.entities["concepts/decision-brief"].data
    home, choosing = files["index.md"], files["choosing/index.md"]
    assert home.index("## Decision brief") < home.index("## Start here") < home.index("## Self-assessments")
    assert "every page is distilled" not in home.lower()
    assert choosing.index("## Decision brief") < choosing.index("## All pages in this section")
    for section in brief["sections"]:
        assert f"### {section['title']}" in home and f"### {section['title']}" in choosing
        for ref in section["see"]:
            assert f"]({ref}.md)" in home and f"](../{ref}.md)" in choosing, ref
        for qid in section["assess"]:
            assert f"](assessments/{qid}.md)" in home and f"assessments/{qid}.md" in files, qid


BOOK = """
    title: A book
    summary: The source of everything here.
    author: Someone
    published: "2022"
    form: book chapter
    document: 002.txt
    headings:
      - {number: "12.4.8", title: SRE Team KPIs, tables: [Example SRE Team KPIs]}
      - {title: Caveats}
"""


def test_bad_citations_are_reported_with_line_field_and_a_suggestion_all_in_one_run(make_project):
    root = make_project({
        "sources/book.yaml": BOOK,
        "models/build-run.yaml": """
            title: You build it, you run it
            summary: Developers run what they build.
            short_name: You build it, you run it
            builds: Developers
            runs: Developers
            sources:
              - {ref: sources/book, section: "12.4.9 SRE Team KPIs"}
              - {ref: sources/book, section: "12.4.8", table: Exampel SRE Team KPI}
              - {ref: sources/book, section: caveats}
        """,
        "concepts/idea.yaml": """
            title: An idea
            summary: One.
            sections:
              - {title: Check it, assess: [model-fitt]}
            sources: [sources/book]
        """,
        "models/ops-run.yaml": """
            title: You build it, ops run it
            summary: Operations runs what developers build.
            short_name: You build it, ops run it
            builds: Developers
            runs: Operations
            sources: [{ref: sources/book, sectoin: Caveats}, models/build-run]
        """,
    })
    result = run_cli("--root", str(root), "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    # Each form of citation reports its own mistake at its own place.
    assert "content/models/ops-run.yaml:6: sources.0.sectoin: unknown key 'sectoin'" in err
    assert "content/models/ops-run.yaml:6: sources.0.section: required field is missing" in err
    assert "content/models/ops-run.yaml:6: sources.1: 'models/build-run' must point to sources/…" in err
    assert ("content/models/build-run.yaml:7: sources.0.section: '12.4.9 SRE Team KPIs' is not a section of "
            "sources/book (did you mean '12.4.8 SRE Team KPIs'?)") in err
    assert ("content/models/build-run.yaml:8: sources.1.table: 'Exampel SRE Team KPI' is not a table of "
            "§12.4.8 SRE Team KPIs in sources/book (did you mean 'Example SRE Team KPIs'?)") in err
    assert "content/concepts/idea.yaml:5: sources.0: 'sources/book' lists its sections: cite one" in err
    assert "sources.2" not in err  # a heading matches whatever its case
    assert "build-run.yaml:9" not in err


def test_an_unknown_questionnaire_in_a_brief_step_is_reported(make_project):
    root = make_project({  # the minimal project's book lists no headings: plain references are fine
        "concepts/idea.yaml": """
            title: An idea
            summary: One.
            sections:
              - {title: Check it, assess: [model-fitt]}
            sources: [sources/book]
        """,
    })
    result = run_cli("--root", str(root), "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/concepts/idea.yaml:4: sections.0.assess.0: no questionnaire 'model-fitt' in assessments/" in result.stderr
