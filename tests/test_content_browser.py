"""Content in a real browser: Mermaid diagrams render offline, glossary tooltips and tags work."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

# Material renders each diagram into a *closed* shadow root; reopen it so the test can look inside.
OPEN_SHADOW_ROOTS = """(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (options) {
    return attach.call(this, Object.assign({}, options, {mode: 'open'}));
  };
})();"""

# The renderer loads when a diagram nears the screen: scroll there. Material briefly takes the
# placeholder's class away while it prepares the drawing, so look it up afresh until it is there.
SCROLL_TO_DIAGRAM = """() => { const d = document.querySelector('article .mermaid, article .pb-diagram');
  if (d) d.scrollIntoView({ block: 'center' }); return !!d; }"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["comparisons/model-transitions/", "comparisons/reporting-lines/",
                                  "concepts/cost-optimisation/"])
def test_diagram_renders_as_svg_without_network(page: Page, site_url: str, path: str, scheme: str):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.emulate_media(color_scheme=scheme)
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.goto(f"{site_url}/{path}")
    page.wait_for_function(SCROLL_TO_DIAGRAM)
    expect(page.locator(".pb-diagram svg").first).to_be_visible(timeout=15000)
    assert page.locator(".pb-diagram svg .node").count() >= 3
    assert not [url for url in requests if not url.startswith(site_url)], "a diagram needed the network"


def test_transition_diagram_names_every_model(page: Page, site_url: str):
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.goto(f"{site_url}/comparisons/model-transitions/")
    page.wait_for_function(SCROLL_TO_DIAGRAM)
    diagram = page.locator(".pb-diagram svg").first
    expect(diagram).to_be_visible(timeout=15000)
    for label in ("Unorganised", "ops run it", "SRE run it", "you and SRE run it", "you run it", "unlikely"):
        expect(diagram).to_contain_text(label)


def test_abbreviations_are_tooltips(page: Page, site_url: str):
    page.goto(f"{site_url}/comparisons/model-comparison/")
    capex = page.locator("abbr", has_text="CAPEX").first
    expect(capex).to_have_attribute("title", "Capital expenditure")


def test_tag_chip_leads_to_a_tag_listing(page: Page, site_url: str):
    page.goto(f"{site_url}/comparisons/model-comparison/")
    page.locator(".md-tag", has_text="Audience: leaders").first.click()
    expect(page.locator("h1")).to_contain_text("All tags")
