"""How an assessment page loads (the structure behind its Lighthouse figures, no timings): the
printable questionnaire is a closed <details> in the built HTML, before any script runs, and
inert while folded (no elements to build or lay out); without JavaScript it shows in full; a
click or a link to a heading inside it unfolds it; the form still mounts every question; a share
link opens on its result without moving anything on the screen (no layout shift).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

QID = "organisational-maturity"


def spec_of(built_site: Path) -> dict:
    return json.loads((built_site / "assessments" / f"{QID}.json").read_text(encoding="utf-8"))


def question_ids(spec: dict) -> list[str]:
    return [q["id"] for s in spec["sections"] for q in s["questions"]]


def test_the_printable_questionnaire_is_a_closed_details_in_the_built_html(built_site):
    html = (built_site / "assessments" / QID / "index.html").read_text(encoding="utf-8")
    form, reference, sources = (html.index(s) for s in ('class="pb-assessment"', '<details class="pb-reference">', '<h2 id="sources"'))
    assert form < reference < sources
    folded = html[reference:sources]
    assert folded.rstrip().endswith("</details>") and "<summary>" in folded
    for qid in question_ids(spec_of(built_site)):  # every question, option list and rule is inside it
        assert f'id="q-{qid}"' in folded, qid
    assert 'id="phases"' in folded and 'id="how-this-questionnaire-is-calibrated"' in folded


def test_folded_it_is_inert_and_unfolds_on_a_click_or_a_link(page: Page, site_url, built_site):
    first = question_ids(spec_of(built_site))[0]
    page.goto(f"{site_url}/assessments/{QID}/")
    expect(page.locator(".pb-form fieldset").first).to_be_visible()
    # While scripts run, the folded questionnaire is text in a <noscript>: no elements to build or lay out.
    expect(page.locator(f"#q-{first}")).to_have_count(0)
    page.locator(".pb-reference > summary").click()
    expect(page.locator(f"#q-{first}")).to_be_visible()
    # Its tables scroll and are labelled as the page's others are (the theme's wrapper, a11y.js).
    wraps = page.locator(".pb-reference .md-typeset__scrollwrap")
    expect(wraps.first).to_have_attribute("aria-label", re.compile(r"^Table: "))
    assert wraps.count() == page.locator(".pb-reference table").count() > 0
    page.goto(f"{site_url}/assessments/")
    page.goto(f"{site_url}/assessments/{QID}/#phases")
    expect(page.locator(".pb-reference")).to_have_attribute("open", "")
    expect(page.locator("#phases")).to_be_in_viewport()


def test_without_javascript_the_questionnaire_shows_in_full(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/assessments/{QID}/")
    for qid in question_ids(spec_of(built_site))[:3]:
        expect(page.locator(f"#q-{qid}")).to_be_visible()
    expect(page.locator(".pb-reference > summary")).to_be_hidden()
    context.close()


def test_the_form_mounts_every_question(page: Page, site_url, built_site):
    page.goto(f"{site_url}/assessments/{QID}/")
    expect(page.locator(".pb-form fieldset.pb-q")).to_have_count(len(question_ids(spec_of(built_site))))
    mounted = page.eval_on_selector_all(".pb-form fieldset.pb-q", "fs => fs.map(f => f.id)")
    assert mounted == [f"pb-q-{qid}" for qid in question_ids(spec_of(built_site))]


LAYOUT_SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => list.getEntries().forEach((e) => e.hadRecentInput || __shifts.push(
  {value: e.value, moved: e.sources.map((s) => s.node?.className || s.node?.nodeName)}))).observe({type: "layout-shift", buffered: true});"""


def test_a_share_link_opens_on_its_result_without_moving_anything(browser, site_url, built_site):
    spec = spec_of(built_site)
    answers = ",".join(f"{q['id']}:{q['options'][0]['id']}" for s in spec["sections"] for q in s["questions"]
                       if q["type"] == "single")
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(f"{site_url}/assessments/{QID}/#q={QID}&v={spec['version']}&a={answers}")
    expect(page.locator("#pb-result")).to_have_text(re.compile("share link"))
    expect(page.locator("#pb-result")).to_be_in_viewport()
    page.wait_for_function("() => document.readyState === 'complete'")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    shifts = page.evaluate("window.__shifts")
    assert sum(s["value"] for s in shifts) < 0.01, shifts
    context.close()
