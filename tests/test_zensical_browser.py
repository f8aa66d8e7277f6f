"""The shipped playbook built with Zensical (`playbook build --engine zensical`, strict) in real
headless Chromium: home and nav, Zensical's own search, an assessment to its result (the same as
`playbook score`), an onboarding checklist, the progress bar under the header, tooltips, tags
and Mermaid."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import build_shipped, serve_folder
from test_browser_assessments import expected_view, fill_by_keyboard, open_form, score_with_cli, shown, spec_of
from test_content_browser import OPEN_SHADOW_ROOTS
from test_onboarding_browser import content, item, open_checklist, total


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The shipped playbook built once with Zensical, in strict mode."""
    return build_shipped(tmp_path_factory.mktemp("zensical"), engine="zensical")


@pytest.fixture(scope="session")
def zensical_url(zensical_site) -> str:
    with serve_folder(zensical_site) as url:
        yield url


def test_home_and_the_generated_nav_lead_to_section_and_entity_pages(page: Page, zensical_url):
    page.goto(zensical_url + "/")
    expect(page).to_have_title(re.compile("SRE Org Playbook"))
    # The nav is the generated one (topics in their order), not Zensical's folder tabs.
    tabs = [t.strip() for t in page.locator(".md-tabs__link").all_inner_texts()]
    assert tabs[:3] == ["Home", "Principles", "Who builds it, who runs it?"] and "Assessments" in tabs
    page.locator(".md-tabs__link", has_text="Who builds it, who runs it?").click()
    expect(page.locator("h1")).to_contain_text("Who builds it, who runs it?")
    page.get_by_role("link", name="You build it, SRE run it").first.click()
    expect(page.locator("h1")).to_contain_text("You build it, SRE run it")
    expect(page.get_by_role("heading", name="Referenced by")).to_be_visible()


def test_zensicals_own_search_finds_a_page_and_opens_it(page: Page, zensical_url):
    page.goto(zensical_url + "/")
    header = page.locator(".md-header").bounding_box()
    assert header["height"] <= 60, "the header is Zensical's own, not broken by a MkDocs-only override"
    page.locator(".md-search__button").click()
    page.get_by_role("combobox").press_sequentially("customer pull", delay=20)
    result = page.get_by_role("option").first
    expect(result).to_contain_text("Embedded SRE team from customer pull")
    result.click()
    expect(page.locator("h1")).to_contain_text("Embedded SRE team from customer pull")


def test_an_assessment_gives_the_cli_result_under_a_visible_progress_bar(page: Page, zensical_url, zensical_site,
                                                                        tmp_path):
    qid = "organisational-maturity"
    spec = spec_of(zensical_site, qid)
    open_form(page, f"{zensical_url}/assessments/{qid}/")
    answers = fill_by_keyboard(page, spec, random.Random(f"zensical-{qid}"), 0.5)
    assert answers
    cli = score_with_cli(tmp_path, {"questionnaire": qid, "version": spec["version"],
                                    "respondent": "Team Keyboard", "answers": answers})
    assert shown(page) == expected_view(spec, cli["result"])
    # Scrolled down, the sticky progress bar sits right under the header and nothing covers it
    # (its start, that is: the theme's "back to top" button may float over its middle).
    page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    bar = page.locator(".pb-bar")
    expect(bar).to_be_visible()
    header_bottom = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = page.evaluate("document.querySelector('.pb-bar').getBoundingClientRect().top")
    assert abs(top - header_bottom) <= 1, (top, header_bottom)
    assert page.evaluate("""() => { const r = document.querySelector('.pb-bar').getBoundingClientRect();
        return !!document.elementFromPoint(r.left + 10, r.top + r.height / 2).closest('.pb-bar'); }""")
    # A taller header (a theme override, a wrapped title) moves the bar down with it.
    page.add_style_tag(content=".md-header { padding-bottom: 37px; }")
    expect(bar).to_have_css("top", f"{round(header_bottom) + 37}px")
    page.evaluate("window.scrollBy(0, 200)")
    assert abs(page.evaluate("document.querySelector('.pb-bar').getBoundingClientRect().top") - (header_bottom + 37)) <= 1


def test_a_checklist_keeps_its_ticks_across_a_reload(page: Page, zensical_url):
    data = content("application-sre")
    first = data["stages"][0]
    ids = [f"{first['id']}--{first['practices'][0]['id']}", f"{first['id']}--done"]
    open_checklist(page, f"{zensical_url}/onboarding/application-sre/")
    for iid in ids:
        item(page, iid).check()
    page.reload()
    for iid in ids:
        expect(item(page, iid)).to_be_checked()
    expect(page.locator(".pb-count")).to_have_text(f"2 of {total('application-sre')} done")


def test_tooltips_tags_and_diagrams_work(page: Page, zensical_url):
    # A glossary term in running text carries its expansion as a tooltip.
    page.goto(f"{zensical_url}/concepts/chasing-resilience/")
    expect(page.locator("abbr[title]").first).to_be_attached()
    # A page shows its tags, and the tags index lists the page under each.
    page.goto(f"{zensical_url}/models/you-build-it-you-run-it-ops-monitors/")
    expect(page.locator(".md-tag", has_text="hybrid").first).to_be_visible()
    page.goto(f"{zensical_url}/tags/all/")
    expect(page.locator("article a[href$='/models/you-build-it-you-run-it-ops-monitors/']").first).to_be_attached()
    # A page with a diagram draws it with the local Mermaid, without the network.
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(OPEN_SHADOW_ROOTS)  # the theme draws diagrams in a closed shadow root
    page.goto(f"{zensical_url}/comparisons/model-transitions/")
    expect(page.locator(".pb-diagram svg").first).to_be_visible(timeout=20_000)
    assert page.locator(".pb-diagram svg .node").count() >= 3
    assert not [url for url in requests if not url.startswith(zensical_url)], "a diagram needed the network"
