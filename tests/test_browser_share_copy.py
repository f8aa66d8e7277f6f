"""An assessment's "Copy link" says what happened beside the button, with and without the clipboard
API; "See the result" lands with the heading below the sticky progress bar."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PAGE = "assessments/model-fit/"


def answer_one(page: Page):
    page.locator(".pb-form input[type=radio]").first.check()
    expect(page.locator("#pb-share")).to_have_value(re.compile("#"))


def near(a: dict, b: dict) -> bool:
    """Two boxes within a line or two of each other."""
    return abs((a["y"] + a["height"] / 2) - (b["y"] + b["height"] / 2)) < 60


def test_copy_link_confirms_beside_the_button(page: Page, site_url: str):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}/{PAGE}")
    answer_one(page)
    button = page.get_by_role("button", name="Copy link")
    button.click()
    said = page.locator(".pb-row .pb-said[role=status]")
    expect(said).to_have_text("Link copied.")
    assert near(said.bounding_box(), button.bounding_box())
    assert page.evaluate("navigator.clipboard.readText()") == page.locator("#pb-share").input_value()


def test_copy_link_without_the_clipboard_api_selects_the_link(page: Page, site_url: str):
    # As on a page served over plain HTTP: no navigator.clipboard at all.
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });")
    page.goto(f"{site_url}/{PAGE}")
    answer_one(page)
    button = page.get_by_role("button", name="Copy link")
    button.click()
    said = page.locator(".pb-row .pb-said[role=status]")
    expect(said).to_have_text(re.compile(r"^(Link copied\.|The link is selected: press Ctrl\+C)"))
    assert near(said.bounding_box(), button.bounding_box())
    share = page.locator("#pb-share")
    expect(share).to_be_focused()
    length = len(share.input_value())
    assert share.evaluate("i => [i.selectionStart, i.selectionEnd]") == [0, length]


def test_see_the_result_lands_below_the_progress_bar(page: Page, site_url: str):
    for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.goto(f"{site_url}/{PAGE}")
        answer_one(page)
        page.locator(".pb-bar a", has_text="See the result").click()
        heading = page.locator("#pb-result")
        expect(heading).to_be_in_viewport()
        bar = page.locator(".pb-bar").bounding_box()
        assert heading.bounding_box()["y"] >= bar["y"] + bar["height"], size
