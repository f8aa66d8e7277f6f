"""The search index (the largest file of a first visit) loads only when the reader reaches for the
search, and searching works from the first keystroke."""
from __future__ import annotations

from playwright.sync_api import Page, expect


def index_requests(page: Page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda r: found.append(r.url) if r.url.endswith("/search/search_index.json") else None)
    return found


def test_reading_a_page_does_not_fetch_the_search_index(page: Page, site_url: str):
    fetched = index_requests(page)
    page.goto(f"{site_url}/comparisons/model-comparison/", wait_until="networkidle")
    page.mouse.wheel(0, 2000)
    page.wait_for_load_state("networkidle")
    assert fetched == []


def test_search_field_fetches_the_index_and_finds(page: Page, site_url: str):
    fetched = index_requests(page)
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("error budget", delay=20)
    expect(page.locator(".md-search-result__item").first).to_contain_text("error budget", ignore_case=True)
    assert len(fetched) == 1


def test_search_key_fetches_the_index(page: Page, site_url: str):
    fetched = index_requests(page)
    page.goto(f"{site_url}/", wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search field
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("cost", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    assert len(fetched) == 1
