"""The built playbook in real headless Chromium: navigation and search work."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from conftest import serious_violations


def test_nav_tabs_lead_to_section_index_and_entity_pages(page: Page, site_url: str):
    page.goto(site_url + "/")
    expect(page).to_have_title(re.compile("SRE Org Playbook"))
    page.locator(".md-tabs__link", has_text="Who builds it, who runs it?").click()
    expect(page.locator("h1")).to_contain_text("Who builds it, who runs it?")
    page.get_by_role("link", name="You build it, SRE run it").first.click()
    expect(page.locator("h1")).to_contain_text("You build it, SRE run it")
    expect(page.get_by_role("heading", name="Referenced by")).to_be_visible()


def test_search_finds_a_page_and_opens_it(page: Page, site_url: str):
    page.goto(site_url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("Type to start searching"))
    page.locator(".md-search__input").press_sequentially("customer pull", delay=20)
    result = page.locator(".md-search-result__item").first
    expect(result).to_contain_text("customer pull", ignore_case=True)
    result.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("Embedded SRE team from customer pull")


def test_content_pages_pass_axe_in_light_and_dark(browser, site_url: str, built_site):
    # The home page, every section index and one page of each kind: all page templates.
    paths = [""] + sorted({p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.glob("*/index.html")})
    paths += sorted({next(d.glob("*/index.html")).parent.relative_to(built_site).as_posix() + "/"
                     for d in built_site.iterdir() if d.is_dir() and list(d.glob("*/index.html"))})
    found = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        for path in paths:
            page.goto(f"{site_url}/{path}")
            page.wait_for_load_state("load")
            if problems := serious_violations(page):
                found[f"{scheme} /{path}"] = problems
        page.close()
    assert not found, found


def test_scripts_start_loading_only_after_the_first_paint_and_the_theme_still_starts(page: Page, site_url: str):
    """Material's bundle and the extra scripts are requested once the first paint has been
    presented (overrides/main.html), so that no request of theirs delays it; they still run."""
    for path in ("", "comparisons/model-comparison/", "assessments/organisational-maturity/"):
        page.goto(f"{site_url}/{path}")
        page.wait_for_selector("html[data-pb-ready]", state="attached")  # a11y.js ran: the scripts loaded
        timing = page.evaluate("""() => ({
            paint: performance.getEntriesByName("first-contentful-paint")[0]?.startTime,
            scripts: performance.getEntriesByType("resource").filter((r) => r.initiatorType === "script"
              && /\\/assets\\/(javascripts\\/bundle|a11y|assessment\\/boot)/.test(r.name)).map((r) => [r.name, r.startTime]),
        })""")
        assert timing["paint"] is not None and len(timing["scripts"]) >= 2, (path, timing)
        for name, start in timing["scripts"]:
            assert start >= timing["paint"], (path, name, start, timing["paint"])
        # The theme started: its header reacts (the search toggle is wired by the bundle).
        expect(page.locator("html")).not_to_have_class(re.compile(r"\bno-js\b"))
