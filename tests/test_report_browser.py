"""The organisation report as a site page: `playbook build --results DIR --targets FILE` (strict),
in the nav under Assessments, and in real headless Chromium — heatmap numbers, no page-wide
horizontal scrolling at 390 px, print, and an axe-core scan in light and dark mode."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT, serious_violations, serve_folder
from test_report import EVIL, OM, make_corpus

URL = "/assessments/report/"


@pytest.fixture(scope="module")
def report_site(tmp_path_factory):
    """The shipped playbook built with a roll-up of the generated results and a targets file."""
    from sre_org_playbook.pipeline import Project, build
    from sre_org_playbook.report import ReportRequest
    from sre_org_playbook.report.command import load_specs

    base = tmp_path_factory.mktemp("report-site")
    corpus = make_corpus(base / "results", load_specs(ROOT))
    targets = base / "targets.yaml"
    targets.write_text("default:\n  organisational-maturity: practice-without-reorganisation\n"
                       "teams:\n  Team 01:\n    organisational-maturity: partner-enabler\n", encoding="utf-8")
    seen = {}
    request = ReportRequest([corpus.folder], targets, relative=True, notify=lambda data: seen.update(data))
    project = Project.at(ROOT, docs_dir=base / "docs", site_dir=base / "site")
    build(project, report=request)
    with serve_folder(project.site_dir) as url:
        yield {"url": url, "docs": project.docs_dir, "site": project.site_dir, "report": seen, "corpus": corpus}


def test_report_page_is_nested_in_the_assessments_nav(report_site):
    nav = json.loads((report_site["docs"] / ".nav.json").read_text(encoding="utf-8"))
    section = next(item["Assessments"] for item in nav if isinstance(item, dict) and "Assessments" in item)
    assert {"Organisation report": "assessments/report.md"} in section
    assert not any(isinstance(item, dict) and "Organisation report" in item for item in nav)
    page = (report_site["docs"] / "assessments" / "report.md").read_text(encoding="utf-8")
    # A published page names files from the results folder on, not the build machine's paths.
    assert str(report_site["corpus"].folder) not in page and r"results/bad/syntax\.json" in page


def test_heatmap_in_the_browser_shows_the_reports_numbers(page: Page, report_site):
    page.goto(report_site["url"] + URL)
    om = next(s for s in report_site["report"]["questionnaires"] if s["id"] == OM)
    table = page.locator("table.pr-heat").first
    expect(table.locator("caption")).to_contain_text("scores per team and dimension")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(om["teams"]))
    # The heatmap's bands come from report.css, linked on this page only.
    expect(page.locator("link[href$='report.css']")).to_have_count(1)
    band = page.locator("td.pr-h4, td.pr-h3, td.pr-h2, td.pr-h1").first
    assert band.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    for i, team in enumerate(om["teams"]):
        cells = rows.nth(i).locator("td")
        texts = [t.replace("▼", "").replace("(gap)", "").strip() for t in cells.all_inner_texts()]
        expected = [str(team["latest"]["dimensions"][d["id"]]) for d in om["dimensions"]] + [str(team["latest"]["overall"])]
        assert texts == expected, team["team"]
    # The untrusted name is shown as text: no element was made from it.
    expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    assert any(t.startswith(EVIL.split(" |")[0]) for t in page.locator("table.pr-heat tbody th").all_inner_texts())


def test_narrow_screen_scrolls_only_the_heatmap_and_print_shows_it(browser, report_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(report_site["url"] + URL)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator(".pr-heat-wrap").first
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")          # the table scrolls in its region …
    assert wrap.get_attribute("tabindex") == "0"                         # … reachable by keyboard
    page.emulate_media(media="print")
    expect(page.locator("table.pr-heat").first).to_be_visible()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    page.close()


def test_report_page_passes_axe_in_light_and_dark(browser, report_site):
    found = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(report_site["url"] + URL)
        page.wait_for_load_state("load")
        if problems := serious_violations(page):
            found[scheme] = problems
        page.close()
    assert not found, found
