"""Tables read at phone width: comparisons keep their first column in place while the options
scroll, tables of prose become one card per row, and every table prints whole."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}


def test_comparison_keeps_its_criteria_in_view_while_the_models_scroll(page: Page, site_url: str):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/comparisons/model-comparison/")
    wrap = page.locator("article .md-typeset__scrollwrap").first
    expect(wrap).to_have_class(re.compile(r"\bpb-wide\b"))  # says it scrolls
    first = wrap.locator("tbody tr").first.locator("td").first
    last = wrap.locator("thead th").last
    before = first.bounding_box()["x"]
    wrap.evaluate("w => w.scrollLeft = w.scrollWidth")
    # The criterion stays in view at the left edge; the last model has come fully into view beside it.
    box, edge = last.bounding_box(), wrap.bounding_box()
    assert edge["x"] - 1 <= first.bounding_box()["x"] <= before + 1
    assert box["x"] + box["width"] <= edge["x"] + edge["width"] + 1
    assert box["x"] >= first.bounding_box()["x"] + first.bounding_box()["width"] - 1
    expect(last).to_contain_text("ops run it")


def test_table_of_prose_becomes_cards_on_a_phone(page: Page, site_url: str):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/onboarding/start-here/")
    table = page.locator("article .pb-cards table").first
    expect(table).to_be_visible()
    heads = table.locator("thead th").all_inner_texts()
    row = table.locator("tbody tr").first
    cells = row.locator("td")
    # Each cell spans the card (no column of one word per line) and names its column.
    width = row.bounding_box()["width"]
    for i in range(cells.count()):
        assert cells.nth(i).bounding_box()["width"] > 0.8 * width
    for i in range(1, cells.count()):
        expect(cells.nth(i)).to_have_attribute("data-label", heads[i].strip())
        assert cells.nth(i).evaluate("td => getComputedStyle(td, '::before').content").strip('"') == heads[i].strip()
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")


def test_tables_print_whole(page: Page, site_url: str):
    page.set_viewport_size({"width": 700, "height": 1000})
    for path in ("comparisons/model-comparison/", "onboarding/start-here/"):
        page.goto(f"{site_url}/{path}")
        page.emulate_media(media="print")
        table = page.locator("article table").first
        expect(table.locator("thead")).to_be_visible()  # a grid again, headings and all
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 700, (path, box)
        assert table.evaluate("t => getComputedStyle(t.closest('.md-typeset__scrollwrap')).overflowX") == "visible"
        page.emulate_media(media="screen")
