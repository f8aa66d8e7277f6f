"""Diagrams cost nothing until needed: the page works before Mermaid loads, which waits for a diagram
to come near the screen; on a phone a diagram keeps readable text and scrolls sideways."""
from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from test_content_browser import OPEN_SHADOW_ROOTS, SCROLL_TO_DIAGRAM

PHONE = {"width": 390, "height": 844}


def test_page_is_interactive_while_mermaid_is_still_loading(page: Page, site_url: str):
    # The career path draws its diagram in the first screen: the renderer is asked for at once,
    # and held back here, as a slow link would.
    held: list[Route] = []
    page.route("**/assets/mermaid/mermaid.esm.min.mjs", lambda route: held.append(route))
    page.set_viewport_size(PHONE)
    with page.expect_request("**/assets/mermaid/mermaid.esm.min.mjs"):
        page.goto(f"{site_url}/concepts/sre-career-path/", wait_until="load")  # the load event is not held
    expect(page.locator("pre.mermaid").first).to_be_visible()  # the placeholder
    # The theme toggle, the search and the links all work meanwhile.
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    page.locator("label.md-header__button[for='__search']").click()
    page.locator(".md-search__input").press_sequentially("error budget", delay=20)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")
    assert page.evaluate("typeof window.mermaid.render") == "function"
    expect(page.locator("div.mermaid")).to_have_count(0)
    # Let the renderer through: the diagram is drawn.
    held[0].continue_()
    expect(page.locator("div.mermaid").first).to_be_visible(timeout=15000)


def test_mermaid_is_not_fetched_until_a_diagram_nears_the_screen(page: Page, site_url: str):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/assets/mermaid/" in r.url else None)
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/comparisons/model-transitions/", wait_until="networkidle")
    assert page.locator("pre.mermaid").first.bounding_box()["y"] > PHONE["height"] + 200  # below the fold
    assert fetched == [], "the renderer was fetched for a diagram nobody has seen"
    page.wait_for_function(SCROLL_TO_DIAGRAM)
    expect(page.locator("div.mermaid").first).to_be_visible(timeout=15000)
    assert any(url.endswith("/assets/mermaid/mermaid.esm.min.mjs") for url in fetched)


def test_diagram_on_a_phone_scrolls_with_readable_text(page: Page, site_url: str):
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/comparisons/model-transitions/")
    page.wait_for_function(SCROLL_TO_DIAGRAM)
    box = page.locator("div.mermaid").first
    expect(box).to_be_visible(timeout=15000)
    size = box.evaluate("""b => { const svg = b.shadowRoot.querySelector('svg');
        return { scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
                 client: b.clientWidth, scroll: b.scrollWidth }; }""")
    # Mermaid sets its labels in 16 px: drawn at three quarters or more, they read at 12 px at least.
    assert size["scale"] >= 0.75, size
    assert size["scroll"] > size["client"], "a wide diagram should scroll, not shrink"
    # Keyboard users can reach the scrolling box, and it is named after the diagram's caption.
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("aria-label", re.compile(r"^Diagram: .*transitions"))
