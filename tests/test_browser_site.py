"""The built playbook in real headless Chromium: navigation and search work."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect


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
