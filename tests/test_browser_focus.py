"""Keyboard focus is visible on every control, light and dark (WCAG 2.4.7, 2.4.11), in Chromium.

The check is the one a sighted keyboard user makes: Tab to a control, compare how it looks focused
and unfocused. The pixels that change by at least 3:1 in contrast must cover at least a 2 px thick
perimeter of the control (the minimum area of WCAG 2.4.13), and the control must not sit under the
sticky header or progress bar. It does not read CSS, so it fails on `outline: none` however it is
written and passes any indicator that is really drawn.
"""
from __future__ import annotations

import base64

import pytest
from playwright.sync_api import Page

from conftest import SCROLLED

# What kind of control has the focus, and the box its indicator should surround (a visually hidden
# radio such as the colour-scheme toggle shows its focus on its label).
FOCUSED = """async () => {
  // Transitions started by the focus move (Material fades tooltips and buttons) run to their end first.
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  let box = e;
  if (e.matches(".md-option")) box = e.parentElement.querySelector("label:not([hidden])");  // the button shown
  const r = box.getBoundingClientRect(), main = e.closest("article");
  const kind = e.matches(".md-option") ? "colour toggle"
    : e.matches("input[type=radio]") ? "radio" : e.matches("input[type=checkbox]") ? "checkbox"
    : e.matches("input") ? "text field" : e.matches("button, .md-button") ? "button"
    : e.matches("summary") ? "summary" : e.matches(".md-typeset__scrollwrap") ? "table region"
    : e.matches(".md-tabs__link") ? "header tab" : e.matches(".md-nav__link") ? "navigation link"
    : e.matches("a") && main ? "link in text" : e.matches("a") ? "other link" : e.tagName.toLowerCase();
  // Covered: the middle of the control is under something that is neither it nor its label.
  // Faded-out layers (Material's hidden tooltips) cover nothing.
  const shown = (n) => { for (; n && n.nodeType === 1; n = n.parentNode) { const s = getComputedStyle(n);
    if (s.visibility === "hidden" || +s.opacity < 0.1) return false; } return true; };
  const x = r.left + r.width / 2, y = r.top + r.height / 2, hit = document.elementsFromPoint(x, y).find(shown);
  const covered = !!hit && !e.contains(hit) && !box.contains(hit) && !(hit.closest("label") && [...(e.labels || [])].includes(hit.closest("label")));
  const vw = innerWidth, vh = innerHeight;
  // The parts of the edges that are on screen: only they can carry a visible ring.
  // A rounded corner of radius c shortens the outline by (2 - π/2)·c (a round radio is a circle).
  const cs = getComputedStyle(box), round = ["TopLeft", "TopRight", "BottomLeft", "BottomRight"]
    .map((c) => Math.min(parseFloat(cs[`border${c}Radius`]) || 0, r.width / 2, r.height / 2)).reduce((a, c) => a + c, 0);
  const across = Math.min(r.right, vw) - Math.max(r.left, 0), down = Math.min(r.bottom, vh) - Math.max(r.top, 0);
  const edges = (r.top >= 0 ? across : 0) + (r.bottom <= vh ? across : 0) + (r.left >= 0 ? down : 0) + (r.right <= vw ? down : 0)
    - (2 - Math.PI / 2) * round;
  const pad = 8, left = Math.max(0, r.left - pad), top = Math.max(0, r.top - pad);
  return { kind, name: (e.getAttribute("aria-label") || e.textContent || e.value || e.id || "").trim().slice(0, 50), covered,
    perimeter: edges, clip: { x: left, y: top, width: Math.min(vw, r.right + pad) - left, height: Math.min(vh, r.bottom + pad) - top } };
}"""

SETTLE = "await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));"

# How many pixels differ by at least 3:1 in contrast between two screenshots of the same area.
CHANGED = """async ([a, b]) => {
  const load = async (src) => { const i = new Image(); i.src = src; await i.decode(); return i; };
  const [one, two] = await Promise.all([load(a), load(b)]);
  const px = (img) => { const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
    const g = c.getContext("2d"); g.drawImage(img, 0, 0); return g.getImageData(0, 0, img.width, img.height).data; };
  const p = px(one), q = px(two);
  const lin = (v) => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  const lum = (d, i) => 0.2126 * lin(d[i]) + 0.7152 * lin(d[i + 1]) + 0.0722 * lin(d[i + 2]);
  let n = 0;
  for (let i = 0; i < p.length; i += 4) {
    const x = lum(p, i), y = lum(q, i);
    if ((Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) >= 3) n++;
  }
  return n;
}"""


def shot(page: Page, clip: dict) -> str:
    return "data:image/png;base64," + base64.b64encode(page.screenshot(clip=clip, animations="disabled")).decode()


def focus_problem(page: Page, seen: dict) -> str | None:
    """What is wrong with the focus indicator of the focused control, or None if it is visible."""
    clip = seen["clip"]
    if clip["width"] < 1 or clip["height"] < 1:
        return "off screen"
    if seen["covered"]:
        return "hidden under another element"
    focused = shot(page, clip)
    page.evaluate(f"async () => {{ window.__pbFocus = document.activeElement; document.activeElement.blur(); {SETTLE} }}")
    unfocused = shot(page, clip)
    page.evaluate("() => window.__pbFocus.focus()")
    changed = page.evaluate(CHANGED, [focused, unfocused])
    needed = 2 * seen["perimeter"]
    return None if changed >= needed else f"indicator {changed} px at 3:1, needs {needed:.0f}"


def tab_through(page: Page, wanted: set[str], each: int = 2, presses: int = 500) -> tuple[set[str], list[str]]:
    """Tab through the page and check the first `each` controls of every kind; kinds found, problems."""
    checked: dict[str, int] = {}
    problems = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        page.evaluate(SCROLLED)
        seen = page.evaluate(FOCUSED)
        if not seen or checked.get(seen["kind"], 0) >= each:
            continue
        checked[seen["kind"]] = checked.get(seen["kind"], 0) + 1
        if problem := focus_problem(page, seen):
            problems.append(f"{seen['kind']} “{seen['name']}”: {problem}")
        if wanted <= {k for k, n in checked.items() if n >= each}:
            break
    return set(checked), problems


PAGES = {
    # The assessment form: radios, checkboxes, text fields, buttons, the folded questionnaire.
    "assessments/organisational-maturity/": {"radio", "checkbox", "text field", "button", "summary", "link in text",
                               "navigation link", "header tab", "colour toggle"},
    # Onboarding: a stage's checklist (checkboxes), the career ladder (levels, met / not-yet radios).
    "onboarding/platform-sre/orient/": {"checkbox", "button", "link in text"},
    "onboarding/career-ladder/": {"radio", "text field", "button", "link in text"},
    # A comparison: links and the scrollable table regions.
    "comparisons/model-comparison/": {"link in text", "table region", "navigation link", "header tab"},
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", list(PAGES))
def test_keyboard_focus_is_visible(browser, site_url: str, path: str, scheme: str):
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/{path}")
    page.wait_for_selector(".pb-on, .pb-check-on" if not path.startswith("comparisons") else "article .md-typeset__scrollwrap[tabindex]")
    kinds, problems = tab_through(page, PAGES[path])
    page.close()
    assert PAGES[path] <= kinds, f"never reached: {PAGES[path] - kinds}"
    assert not problems, "\n".join(problems)


def test_focus_is_visible_on_a_phone(browser, site_url: str):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page.goto(f"{site_url}/assessments/organisational-maturity/")
    page.wait_for_selector(".pb-on")
    kinds, problems = tab_through(page, {"radio", "checkbox", "button"})
    page.close()
    assert {"radio", "checkbox", "button"} <= kinds
    assert not problems, "\n".join(problems)


def test_shift_tab_does_not_hide_the_control_under_the_progress_bar(browser, site_url: str):
    """Going back up a long form, each control stops below the sticky header and progress bar."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/assessments/model-fit/")
    page.wait_for_selector(".pb-on")
    page.locator(".pb-actions .md-button").first.focus()
    hidden = []
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        seen = page.evaluate(FOCUSED)
        if seen and seen["covered"]:
            hidden.append(f"{seen['kind']} “{seen['name']}”")
    page.close()
    assert not hidden, hidden


def test_the_check_fails_when_an_outline_is_removed(browser, site_url: str):
    """The check is live: with Material's `input { outline: none }` winning again, radios fail it."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{site_url}/assessments/model-fit/")
    page.wait_for_selector(".pb-on")
    page.add_style_tag(content="input:focus-visible { outline: none !important; }")
    kinds, problems = tab_through(page, {"radio"}, each=1)
    page.close()
    assert "radio" in kinds
    assert any(p.startswith("radio") and "indicator" in p for p in problems), problems
