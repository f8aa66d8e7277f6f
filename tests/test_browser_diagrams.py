"""Diagrams in Chromium. A shipped diagram is inline SVG drawn when it was written: no Mermaid runs,
it follows the light and dark palettes, reads at 12 px or more on a phone (scrolling sideways in a
box keyboard users reach), is an image named by its caption, and fits the page in print. A diagram
without a stored drawing still appears: Mermaid draws it, loaded only once it nears the screen."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from conftest import run_cli, serious_violations, serve_folder
from test_content_browser import OPEN_SHADOW_ROOTS, SCROLL_TO_DIAGRAM

PHONE = {"width": 390, "height": 844}
# Mermaid sets its labels in 16 px: drawn at three quarters or more, they read at 12 px at least.
SIZE = """b => { const svg = b.querySelector('svg') || b.shadowRoot.querySelector('svg');
  return { scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
           client: b.clientWidth, scroll: b.scrollWidth, width: svg.getBoundingClientRect().width }; }"""


def test_a_diagram_in_the_first_screen_is_there_at_once_without_mermaid(page: Page, site_url: str):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/concepts/sre-career-path/", wait_until="load")
    diagram = page.locator("article .pb-diagram svg")
    expect(diagram).to_be_visible()
    expect(diagram).to_contain_text("Principal SRE")
    assert diagram.evaluate("svg => svg.getBoundingClientRect().top") < PHONE["height"]
    assert not [url for url in fetched if "mermaid" in url], "a drawn diagram loaded Mermaid"
    assert page.evaluate("typeof window.mermaid") == "undefined"


@pytest.mark.parametrize("path", ["comparisons/model-transitions/", "concepts/decision-dimensions/"])
def test_a_diagram_follows_the_palette_toggle(page: Page, site_url: str, path: str):
    page.goto(f"{site_url}/{path}")
    # The colours are the theme's, resolved where the scheme is set: the node's fill is its
    # translucent accent in both schemes, the lines and labels its code colour in each.
    colours = """svg => { const s = (el, p) => getComputedStyle(el)[p], probe = document.createElement('i');
      probe.style.color = 'var(--md-code-fg-color)'; svg.parentElement.append(probe);
      const theme = s(probe, 'color'); probe.style.color = 'var(--md-accent-fg-color--transparent)';
      const accent = s(probe, 'color'); probe.remove();
      return { node: s(svg.querySelector('.node rect, .node path'), 'fill'), edge: s(svg.querySelector('.flowchart-link'), 'stroke'),
               text: s(svg.querySelector('.nodeLabel'), 'color'), theme, accent }; }"""
    svg = page.locator("article .pb-diagram svg").first
    before = svg.evaluate(colours)
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    after = svg.evaluate(colours)
    for c in (before, after):
        assert c["node"] == c["accent"] and c["edge"] == c["text"] == c["theme"], c
    assert before["text"] != after["text"], (before, after)


def test_a_diagram_on_a_phone_reads_at_12_px_and_scrolls_by_keyboard(page: Page, site_url: str):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/comparisons/model-transitions/")
    box = page.locator("article .pb-diagram").first
    box.scroll_into_view_if_needed()
    size = box.evaluate(SIZE)
    assert round(size["scale"], 3) >= 0.75, size
    assert size["scroll"] > size["client"], "a wide diagram should scroll, not shrink"
    # A named stop for keyboard users, which the arrow keys scroll.
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    expect(box).to_have_attribute("aria-label", re.compile(r"^Diagram: .*transitions"))
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
    # An image named by its caption, which stays under it; the labels are still text in it.
    svg = box.locator("svg")
    expect(svg).to_have_attribute("role", "img")
    caption = box.locator("xpath=following-sibling::p[1]/small")
    expect(caption).to_contain_text("possible transitions")
    assert svg.get_attribute("aria-label") == " ".join(caption.inner_text().split())
    expect(svg).to_contain_text("Unorganised")


def test_a_diagram_without_a_caption_is_named_by_its_labels(page: Page, site_url: str):
    page.goto(f"{site_url}/concepts/changing-line-manager/")
    svg = page.locator("article .pb-diagram svg")
    expect(svg).to_have_attribute("aria-label", re.compile(r"^1 · SRE \+ current manager; 2 · .*; 3 · SRE \+ new manager$"))


def test_a_printed_diagram_fits_the_page(page: Page, site_url: str):
    page.set_viewport_size(PHONE)
    page.goto(f"{site_url}/comparisons/model-transitions/")
    page.emulate_media(media="print")
    size = page.locator("article .pb-diagram").first.evaluate(SIZE)
    assert size["width"] <= size["client"] + 1 and size["scroll"] <= size["client"] + 1, size


def test_diagram_pages_pass_axe_in_light_and_dark(browser, built_site: Path, site_url: str):

    paths = sorted(p.parent.relative_to(built_site).as_posix() for p in built_site.rglob("index.html")
                   if 'class="pb-diagram"' in p.read_text(encoding="utf-8"))
    assert len(paths) >= 8
    found = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        for path in paths:
            page.goto(f"{site_url}/{path}/")
            if problems := serious_violations(page):
                found[f"{scheme} /{path}/"] = problems
        page.close()
    assert not found, found


# --- A diagram an author has just edited: no stored drawing, so Mermaid draws it in the browser ---

@pytest.fixture(scope="module")
def fallback_url(tmp_path_factory):
    """A new playbook whose diagram was just edited (no drawing stored), its diagram below the fold."""
    root = tmp_path_factory.mktemp("fallback") / "pb"
    assert run_cli("init", str(root)).returncode == 0
    concept = root / "content/concepts/error-budgets.yaml"
    text = concept.read_text(encoding="utf-8").replace('R["Work on reliability"]', 'R["Fix what burns the budget"]')
    long_body = "body: |-\n" + "".join(f"  Paragraph {n} of a long explanation, to put the diagram below the fold.\n\n"
                                       for n in range(40))
    concept.write_text(text.replace("diagram: |-", long_body.rstrip() + "\ndiagram: |-"), encoding="utf-8")
    built = run_cli("build", cwd=root)
    assert built.returncode == 0 and "warning: diagram:" in built.stderr, built.stderr
    with serve_folder(root / "site") as url:
        yield url


def test_an_undrawn_diagram_is_drawn_by_mermaid_once_near_and_the_page_works_meanwhile(page: Page, fallback_url: str):
    held: list[Route] = []
    page.route("**/assets/mermaid/mermaid.esm.min.mjs", lambda route: held.append(route))
    page.add_init_script(OPEN_SHADOW_ROOTS)
    page.set_viewport_size(PHONE)
    page.goto(f"{fallback_url}/concepts/error-budgets/", wait_until="networkidle")
    expect(page.locator("pre.mermaid")).to_be_visible()  # the placeholder, below the fold
    assert page.locator("pre.mermaid").bounding_box()["y"] > PHONE["height"] + 200
    assert held == [], "the renderer was fetched for a diagram nobody has seen"
    with page.expect_request("**/assets/mermaid/mermaid.esm.min.mjs"):
        page.wait_for_function(SCROLL_TO_DIAGRAM)
    # While the renderer is held, as on a slow link, the theme toggle works.
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    expect(page.locator("div.mermaid")).to_have_count(0)
    held[0].continue_()
    drawn = page.locator("div.mermaid svg")
    expect(drawn).to_be_visible(timeout=15000)
    expect(drawn).to_contain_text("Fix what burns the budget")
    expect(page.locator("div.mermaid")).to_have_attribute("aria-label", re.compile(r"^Diagram: What the budget decides"))
