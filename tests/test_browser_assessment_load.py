"""How an assessment page loads (the structure behind its Lighthouse figures, no timings): the
page carries the form, not the questionnaire in full — that is a printable page of its own, which
shows every question and rule without JavaScript; links to anchors that moved there (questions,
phases, advice, calibration) still arrive; the form still mounts every question; a share link opens
on its result without moving anything on the screen (no layout shift).
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


def test_the_assessment_page_links_to_the_questionnaire_in_full_instead_of_carrying_it(built_site):
    for folder in sorted((built_site / "assessments").glob("*-in-full")):
        qid = folder.name.removesuffix("-in-full")
        html = (built_site / "assessments" / qid / "index.html").read_text(encoding="utf-8")
        full = (folder / "index.html").read_text(encoding="utf-8")
        spec = json.loads((built_site / "assessments" / f"{qid}.json").read_text(encoding="utf-8"))
        assert 'href="../' + folder.name + '/"' in html, qid
        assert f'data-in-full="assessments/{folder.name}/"' in html, qid
        for question in (q for s in spec["sections"] for q in s["questions"]):
            assert f'id="q-{question["id"]}"' in full and f'id="q-{question["id"]}"' not in html, question["id"]
        if spec["outcomes"]["phases"]:
            assert 'id="phases"' in full and 'id="phases"' not in html
        if spec["scored"]:
            assert 'id="how-this-questionnaire-is-calibrated"' in full
            assert f'href="../{folder.name}/#how-this-questionnaire-is-calibrated"' in html
        assert "<script" not in full.split('<div class="md-content"')[1].split("</article>")[0]
    assert len(list((built_site / "assessments").glob("*-in-full"))) == 4


def test_old_links_to_moved_anchors_arrive_on_the_questionnaire_in_full(page: Page, site_url, built_site):
    spec = spec_of(built_site)
    first = question_ids(spec)[0]
    for anchor in (f"q-{first}", f"advice-{spec['outcomes']['advice'][0]['id']}", "phases",
                   "how-this-questionnaire-is-calibrated"):
        page.goto(f"{site_url}/assessments/")
        page.goto(f"{site_url}/assessments/{QID}/#{anchor}")
        expect(page).to_have_url(f"{site_url}/assessments/{QID}-in-full/#{anchor}")
        expect(page.locator(f"#{anchor}")).to_be_in_viewport()
    # Any other fragment stays here (it may be a share link a mail program mangled), with the form.
    for fragment in ("nothing-here", "q%3Dorganisational-maturity%26a%3Dx", "q-no-such-question", "advice-"):
        page.goto(f"{site_url}/assessments/")
        page.goto(f"{site_url}/assessments/{QID}/#{fragment}")
        expect(page.locator(".pb-form fieldset").first).to_be_visible()
        page.wait_for_timeout(300)
        expect(page).to_have_url(f"{site_url}/assessments/{QID}/#{fragment}")
    # An anchor this page has stays here, and one below the form still lands in view once it has mounted.
    page.goto(f"{site_url}/assessments/{QID}/#answer")
    expect(page.locator(".pb-form fieldset").first).to_be_visible()
    expect(page).to_have_url(f"{site_url}/assessments/{QID}/#answer")
    for anchor in ("in-full", "sources"):
        page.goto(f"{site_url}/assessments/")
        page.goto(f"{site_url}/assessments/{QID}/#{anchor}")
        expect(page.locator(".pb-form fieldset").first).to_be_attached()
        expect(page.locator(f"#{anchor}")).to_be_in_viewport()
        expect(page).to_have_url(f"{site_url}/assessments/{QID}/#{anchor}")


def test_without_javascript_the_questionnaire_in_full_shows_everything(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/assessments/{QID}/")
    page.locator(f'.pb-assessment a[href="../{QID}-in-full/"]').click()  # the form's place says where to go
    expect(page).to_have_url(re.compile(f"/assessments/{QID}-in-full/$"))
    for qid in question_ids(spec_of(built_site)):
        expect(page.locator(f"#q-{qid}")).to_be_visible()
    expect(page.locator("#how-this-questionnaire-is-calibrated")).to_be_visible()
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


def test_a_results_reading_notes_lead_to_the_calibration_on_the_questionnaire_in_full(page: Page, site_url, built_site):
    for qid in ("organisational-maturity", "model-fit"):
        spec = json.loads((built_site / "assessments" / f"{qid}.json").read_text(encoding="utf-8"))
        answers = ",".join(f"{q['id']}:{q['options'][0]['id']}" for s in spec["sections"] for q in s["questions"]
                           if q["type"] == "single")
        page.goto(f"{site_url}/assessments/")
        page.goto(f"{site_url}/assessments/{qid}/#q={qid}&v={spec['version']}&a={answers}")
        notes = page.locator(".pb-result .pb-reading")
        expect(notes.first).to_contain_text("the playbook's reading")
        # One note per phase block and ranking shown, each linking to the calibration.
        assert notes.count() == (1 if spec["outcomes"]["phases"] else 0) + page.locator(
            ".pb-result [data-ranking][data-applies=true]").count() > 0, qid
        notes.first.get_by_role("link").click()
        expect(page).to_have_url(f"{site_url}/assessments/{qid}-in-full/#how-this-questionnaire-is-calibrated")
        expect(page.locator("#how-this-questionnaire-is-calibrated")).to_be_in_viewport()
