"""The onboarding pages in real headless Chromium (Debian's, through pytest-playwright).

A new SRE's first weeks, walked through: home page → the New SREs route → the onboarding start page
→ a path → the readiness self-check → its result → back to the stage and the reading it
recommends. Ticks survive a reload and are shared between a path's page and its stage pages (and
tabs); the career ladder keeps level, marks and notes; a changed checklist keeps and flags what no
longer fits; progress downloads and imports; everything works by keyboard; the printed page holds
the whole path, with and without JavaScript; axe-core finds no serious or critical violation.

Screenshots (light, dark, 390 px wide, print) are written to $PLAYBOOK_SCREENSHOTS when set.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from conftest import ROOT, SCROLLED, serious_violations

PATHS = ["application-sre", "platform-sre", "infrastructure-sre", "developer-on-rotation"]
KEY = "playbook-onboarding:onboarding/"


def content(name: str) -> dict:
    return yaml.safe_load((ROOT / "content" / "onboarding" / f"{name}.yaml").read_text(encoding="utf-8"))


def total(name: str) -> int:
    """How many checklist items a path has: its readings, practices and done-when criteria."""
    return sum(len(s.get("read", [])) + len(s["practices"]) + 1 for s in content(name)["stages"])


def open_checklist(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".pb-check-app .pb-count")).to_have_text(re.compile(r"\d+ of \d+ "))


def item(page: Page, iid: str):
    return page.locator(f'[id="pb-i-{iid}"]')


def saved(page: Page, name: str) -> dict:
    return json.loads(page.evaluate(f"() => localStorage.getItem('{KEY}{name}')") or "null")


# --- the walk-through ----------------------------------------------------------------------------

READINESS = {"practised": "weeks", "years": "one-to-three", "scope": "none", "junior-work": "some",
             "senior-work": "none", "principal-work": "none", "technical-skills": ["software-engineering", "debugging"],
             "human-skills": ["driven"], "transition-criteria": ["none"]}


def test_a_new_sres_first_weeks_from_home_to_readiness_result_and_back_to_the_reading(page: Page, site_url):
    page.goto(site_url + "/")
    page.locator(".tabbed-labels > label", has_text="New SREs").click()
    page.locator(".tabbed-block:visible").get_by_role("link", name="Onboarding new SREs: start here").click()
    expect(page.locator("h1")).to_contain_text("Onboarding new SREs: start here")
    page.get_by_role("table").first.get_by_role("link", name="Application SRE path").click()
    expect(page.locator("h1")).to_contain_text("Application SRE path")

    # The first stage: read the role, try something, tick both.
    expect(page.locator(".pb-count")).to_have_text(f"0 of {total('application-sre')} done")
    item(page, "orient--read--onboarding--start-here").check()
    item(page, "orient--map-services").check()
    expect(page.locator(".pb-count")).to_have_text(f"2 of {total('application-sre')} done")
    expect(page.locator('.pb-group-progress[data-group="orient"]')).to_have_text("Progress: 2 of 4 done.")

    # The readiness self-check, linked from the path.
    page.get_by_role("link", name="SRE role readiness").first.click()
    expect(page.locator("h1")).to_contain_text("SRE role readiness")
    expect(page.locator(".pb-form")).to_be_visible()
    for q, a in READINESS.items():
        for option in [a] if isinstance(a, str) else a:
            page.locator(f"#pb-q-{q}--{option}").check()
    result = page.locator(".pb-result")
    expect(result.locator('[data-candidate="practise-first"]')).to_have_attribute("data-rank", "1")
    for gap in ("practise-on-real-products", "technical-gap", "human-gap", "core-gap"):
        expect(result.locator(f'[data-advice="{gap}"]')).to_be_visible()

    # The gap links back to the onboarding start page, whose table names the stage that closes it…
    result.locator('[data-advice="practise-on-real-products"]').get_by_role("link", name="Onboarding new SREs: start here").click()
    expect(page.locator("h1")).to_contain_text("Onboarding new SREs: start here")
    row = page.get_by_role("row").filter(has_text="Practise SRE on real products")
    row.get_by_role("link", name="Application SRE").click()
    expect(page.locator("h1")).to_contain_text("2. Practise SRE with the team")
    expect(page.locator(".pb-count")).to_contain_text(f"2 of {total('application-sre')} done on the whole path · this stage: 0 of 3")
    item(page, "practise--on-call-business-hours").check()

    # …and the stage points to the practices it shares with the platform path, written once; they open.
    page.locator('[data-item="practise--read--onboarding--start-here"]').get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Onboarding new SREs: start here")
    expect(page.locator('[data-item="practise-with-developers--incident-with-engineers"]')).to_be_visible()
    page.go_back()
    expect(item(page, "practise--on-call-business-hours")).to_be_checked()
    page.get_by_role("link", name="Application SRE path").first.click()
    for iid in ("orient--read--onboarding--start-here", "orient--map-services", "practise--on-call-business-hours"):
        expect(item(page, iid)).to_be_checked()
    expect(page.locator(".pb-count")).to_have_text(f"3 of {total('application-sre')} done")


# --- saving: reload, stage pages, tabs, changes, files, reset -------------------------------------

@pytest.mark.parametrize("name", PATHS)
def test_ticks_survive_a_reload_and_are_shared_with_the_stage_pages(page: Page, site_url, name):
    data = content(name)
    first, last = data["stages"][0], data["stages"][-1]
    ids = [f"{first['id']}--{first['practices'][0]['id']}", f"{last['id']}--done",
           f"{first['id']}--read--{first['read'][0]['ref'].replace('/', '--')}"]
    open_checklist(page, f"{site_url}/onboarding/{name}/")
    for iid in ids:
        item(page, iid).check()
    page.reload()
    for iid in ids:
        expect(item(page, iid)).to_be_checked()
    record = saved(page, name)
    assert set(record["items"]) == set(ids) and all(v["state"] == "done" for v in record["items"].values())
    assert record["checklist_hash"] == page.locator(".pb-checklist-app").get_attribute("data-hash")
    open_checklist(page, f"{site_url}/onboarding/{name}/{last['id']}/")
    expect(item(page, f"{last['id']}--done")).to_be_checked()
    item(page, f"{last['id']}--done").uncheck()
    page.reload()
    expect(item(page, f"{last['id']}--done")).not_to_be_checked()
    assert set(saved(page, name)["items"]) == set(ids[::2])  # the other stages' ticks were left alone


def test_a_path_and_its_stage_page_in_two_tabs_see_each_others_ticks(browser, site_url):
    context = browser.new_context()
    whole, stage = context.new_page(), context.new_page()
    open_checklist(whole, f"{site_url}/onboarding/platform-sre/")
    open_checklist(stage, f"{site_url}/onboarding/platform-sre/practise/")
    stage.locator('[id="pb-i-practise--on-call-business-hours"]').check()
    expect(whole.locator('[id="pb-i-practise--on-call-business-hours"]')).to_be_checked()
    whole.locator('[id="pb-i-practise--read--onboarding--start-here"]').check()
    expect(stage.locator('[id="pb-i-practise--read--onboarding--start-here"]')).to_be_checked()
    expect(whole.locator(".pb-count")).to_have_text(f"2 of {total('platform-sre')} done")
    context.close()


def test_a_changed_path_keeps_and_flags_saved_ticks_and_drops_nothing(page: Page, site_url):
    open_checklist(page, f"{site_url}/onboarding/application-sre/")
    record = {"format": 1, "checklist": "onboarding/application-sre", "checklist_hash": "sha256:0000000000000000",
              "items": {"orient--map-services": {"state": "done", "h": "00000000", "text": "List the services (old wording)"},
                        "orient--read--onboarding--start-here": {"state": "done", "h": item_hash(page, "orient--read--onboarding--start-here")},
                        "orient--gone": {"state": "done", "h": "12345678", "text": "A practice since removed"},
                        "own--done": {"state": "maybe"}}}
    page.evaluate("(r) => localStorage.setItem('playbook-onboarding:onboarding/application-sre', JSON.stringify(r))", record)
    page.reload()
    expect(item(page, "orient--map-services")).to_be_checked()
    expect(item(page, "orient--read--onboarding--start-here")).to_be_checked()
    expect(page.locator('[data-item="orient--map-services"] .pb-flag')).to_contain_text("List the services (old wording)")
    kept = page.locator('[data-notice="kept"]')
    expect(kept).to_contain_text("2 saved marks no longer fit this checklist")
    expect(kept).to_contain_text("A practice since removed")
    expect(kept).to_contain_text("item 'own--done' has no option 'maybe'")
    expect(page.locator('[data-notice="changed"]')).to_contain_text("1 item was reworded")
    # Kept in storage (and in downloads) across reloads until discarded.
    page.reload()
    assert [k["id"] for k in saved(page, "application-sre")["kept"]] == ["orient--gone", "own--done"]
    kept.get_by_role("button", name="Discard them").click()
    page.locator('[data-notice="changed"]').get_by_role("button", name="They still apply").click()
    expect(page.locator('[data-item="orient--map-services"] .pb-flag')).to_be_hidden()
    record = saved(page, "application-sre")
    assert record["kept"] == [] and record["items"]["orient--map-services"]["h"] == item_hash(page, "orient--map-services")


def item_hash(page: Page, iid: str) -> str:
    return page.locator(f'[data-item="{iid}"]').get_attribute("data-h")


def test_progress_downloads_and_imports_into_another_browser(browser, site_url, tmp_path):
    one = browser.new_context()
    page = one.new_page()
    open_checklist(page, f"{site_url}/onboarding/career-ladder/")
    page.locator("#pb-person").fill("Ana Example")
    page.locator("#pb-level--junior-sre").check()
    page.locator('[id="pb-i-junior-to-senior--six-months--met"]').check()
    page.locator('[id="pb-i-junior-to-senior--influence--not-yet"]').check()
    page.locator('[id="pb-i-junior-to-senior--influence-note"]').fill("Lead the CoP session in May")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download progress (JSON)").click()
    assert re.fullmatch(r"career-ladder-ana-example-\d{4}-\d{2}-\d{2}\.json", info.value.suggested_filename)
    path = tmp_path / "progress.json"
    info.value.save_as(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["checklist"] == "onboarding/career-ladder" and doc["person"] == "Ana Example"
    assert doc["level"] == "junior-sre" and doc["notes"] == {"junior-to-senior--influence": "Lead the CoP session in May"}
    assert {k: v["state"] for k, v in doc["items"].items()} == {"junior-to-senior--six-months": "met",
                                                                "junior-to-senior--influence": "not-yet"}
    one.close()

    two = browser.new_context()
    page = two.new_page()
    open_checklist(page, f"{site_url}/onboarding/career-ladder/")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import a progress file…").click()
    chooser.value.set_files(str(path))
    expect(page.locator('[data-notice="import"]')).to_contain_text("Progress from the file applied: 2 marks.")
    expect(page.locator('[id="pb-i-junior-to-senior--six-months--met"]')).to_be_checked()
    expect(page.locator('[id="pb-i-junior-to-senior--influence-note"]')).to_have_value("Lead the CoP session in May")
    expect(page.locator("#pb-person")).to_have_value("Ana Example")
    expect(page.locator('.pb-group-progress[data-group="junior-to-senior"]')).to_have_text(
        "Not yet at this level: 1 of 6 criteria met, 1 not yet, 4 still to discuss.")
    expect(page.locator('.pb-group-progress[data-group="to-junior"]')).to_have_text("You are at this level.")

    # A file for another checklist, or one with markup in it, changes nothing and injects nothing.
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"checklist": "onboarding/platform-sre", "items": {}}), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import a progress file…").click()
    chooser.value.set_files(str(other))
    expect(page.locator('[data-notice="import"]')).to_contain_text("this file holds progress for 'onboarding/platform-sre'")
    expect(page.locator('[id="pb-i-junior-to-senior--six-months--met"]')).to_be_checked()
    evil = tmp_path / "evil.json"
    evil.write_text(json.dumps({"checklist": "onboarding/career-ladder",
                                "items": {"<img src=x onerror=window.pwned=1>": {"state": "met"}}}), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import a progress file…").click()
    chooser.value.set_files(str(evil))
    expect(page.locator('[data-notice="kept"]')).to_contain_text("<img src=x onerror=window.pwned=1>")
    assert page.locator(".pb-notices img").count() == 0 and page.evaluate("() => window.pwned") is None
    # The progress from before the import is kept and comes back.
    page.locator('[data-notice="previous"]').get_by_role("button", name="Bring it back").click()
    expect(page.locator('[id="pb-i-junior-to-senior--six-months--met"]')).to_be_checked()
    two.close()


def test_reset_asks_first_and_can_be_undone(page: Page, site_url):
    open_checklist(page, f"{site_url}/onboarding/developer-on-rotation/")
    item(page, "practise--first-shift").check()
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Reset…").click()
    expect(item(page, "practise--first-shift")).to_be_checked()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Reset…").click()
    expect(item(page, "practise--first-shift")).not_to_be_checked()
    page.reload()
    page.locator('[data-notice="previous"]').get_by_role("button", name="Bring it back").click()
    expect(item(page, "practise--first-shift")).to_be_checked()


# --- keyboard, print, no JavaScript ---------------------------------------------------------------

FOCUSED = "() => ({id: document.activeElement.id, type: document.activeElement.type || ''})"


def tab_to(page: Page, element_id: str, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["id"] == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id}")


def test_the_checklists_work_by_keyboard_alone(page: Page, site_url):
    open_checklist(page, f"{site_url}/onboarding/infrastructure-sre/")
    page.locator("h1").click()
    tab_to(page, "pb-i-orient--read--concepts--sre-role-names")
    page.keyboard.press("Space")
    tab_to(page, "pb-i-orient--map-users")
    page.keyboard.press("Space")
    expect(page.locator(".pb-count")).to_have_text(f"2 of {total('infrastructure-sre')} done")
    page.reload()
    expect(item(page, "orient--map-users")).to_be_checked()

    open_checklist(page, f"{site_url}/onboarding/career-ladder/")
    page.locator("h1").click()
    tab_to(page, "pb-level--not-yet")
    page.keyboard.press("ArrowDown")                        # radios: arrows move and select
    expect(page.locator("#pb-level--junior-sre")).to_be_checked()
    tab_to(page, "pb-i-junior-to-senior--six-months--met")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.locator('[id="pb-i-junior-to-senior--six-months--not-yet"]')).to_be_checked()
    tab_to(page, "pb-i-junior-to-senior--six-months-note")
    page.keyboard.type("Review of the checkout domain in Q3")
    page.reload()
    expect(page.locator("#pb-level--junior-sre")).to_be_checked()
    expect(page.locator('[id="pb-i-junior-to-senior--six-months-note"]')).to_have_value("Review of the checkout domain in Q3")


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("name", PATHS + ["career-ladder"])
def test_the_printed_page_holds_the_whole_path(browser, site_url, name, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{site_url}/onboarding/{name}/")
    if javascript:
        expect(page.locator(".pb-count")).to_be_visible()
        page.locator("li[data-item] input").first.check()
    page.emulate_media(media="print")
    data = content(name)
    groups = data.get("stages") or data.get("transitions")
    for n, g in enumerate(groups, 1):
        expect(page.get_by_role("heading", name=f"{n}. {g['title']}")).to_be_visible()
    items = page.locator("li[data-item]")
    expected = sum(len(s.get("read", [])) + len(s["practices"]) + 1 for s in data.get("stages", [])) + \
        sum(len(t["criteria"]) for t in data.get("transitions", []))
    expect(items).to_have_count(expected)
    for i in range(expected):
        li = items.nth(i)
        expect(li.locator(".pb-text")).to_be_visible()
        expect(li.locator(".pb-box, .pb-states")).to_be_visible()
    for hidden in (".md-sidebar--primary", ".md-header", ".pb-check-app .pb-actions", "li[data-item] input[type=checkbox]"):
        if page.locator(hidden).count():
            expect(page.locator(hidden).first).to_be_hidden()
    if javascript:
        expect(page.locator(".pb-printed")).to_contain_text("Progress as saved in this browser")
        first = items.first.locator(".pb-box, .pb-states")
        expect(first).to_contain_text("☑")
    context.close()


def test_without_javascript_the_checklists_read_as_plain_lists(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/onboarding/application-sre/orient/")
    # (Playwright turns scripts off after parsing starts, so <noscript> holds its source as text.)
    notice = page.locator(".pb-checklist-app noscript, .pb-checklist-app p").filter(has_text="only with JavaScript")
    expect(notice.first).to_be_visible()
    expect(page.locator("li[data-item] .pb-box").first).to_have_text("☐")
    expect(page.locator("li[data-item] input")).to_have_count(0)
    # The checklist styles come with the page itself (not a script): glyph column, no bullets.
    assert page.locator("ul.pb-checklist").first.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    assert page.locator("ul.pb-checklist > li").first.evaluate("e => getComputedStyle(e).display") == "grid"
    context.close()


def test_a_checklist_page_loads_its_own_styles_and_code_but_not_the_assessment_forms(page: Page, site_url):
    seen: list[str] = []
    own = re.compile(r"/assets/(?!javascripts/|stylesheets/)(.+\.(?:js|css))$")
    page.on("request", lambda r: (m := own.search(r.url)) and seen.append(m.group(1)))
    open_checklist(page, f"{site_url}/onboarding/application-sre/")
    page.wait_for_load_state("networkidle")
    assert {"assessment/ui.css", "onboarding/onboarding.css", "onboarding/checklist.js", "onboarding/state.js"} <= set(seen)
    assert not {"assessment/assessment.css", "assessment/form.js", "assessment/engine.js", "assessment/result.js",
                "assessment/keep.js", "report.css"} & set(seen), seen
    # The shared controls are styled (ui.css): the progress bar is a flex row.
    assert page.locator(".pb-check-app .pb-bar").evaluate("e => getComputedStyle(e).display") == "flex"


# --- accessibility and screenshots ---------------------------------------------------------------

PAGES = ["onboarding/", "onboarding/start-here/", "onboarding/application-sre/", "onboarding/application-sre/practise/",
         "onboarding/developer-on-rotation/", "onboarding/career-ladder/"]


def with_state(page: Page, url: str) -> None:
    """Open a page with some progress, a flagged item and kept marks, so every piece of UI shows."""
    page.goto(url)
    if not page.locator(".pb-checklist-app").count():
        return
    expect(page.locator(".pb-count")).to_be_visible()
    boxes = page.locator("li[data-item] input[type=checkbox], li[data-item] input[type=radio]")
    for i in range(0, min(6, boxes.count()), 2):  # every other box, up to three, however short the stage
        boxes.nth(i).check()
    name = page.locator(".pb-checklist-app").get_attribute("data-checklist")
    page.evaluate("""(key) => { const r = JSON.parse(localStorage.getItem(key));
        r.kept = [{id: 'gone', state: 'done', reason: 'no longer in this checklist', text: 'A removed item'}];
        const first = Object.keys(r.items)[0]; r.items[first].h = '00000000';
        localStorage.setItem(key, JSON.stringify(r)); }""", "playbook-onboarding:" + name)
    page.reload()
    expect(page.locator('[data-notice="kept"]')).to_be_visible()
    # The reload restores the scroll, and Material fades its tabs out and in as the page scrolls:
    # check the page at rest at its top, not in the middle of a fade.
    page.evaluate("scrollTo(0, 0)")
    page.evaluate(SCROLLED)
    page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})))")


@pytest.mark.parametrize("options", [{"color_scheme": "light"}, {"color_scheme": "dark"},
                                     {"viewport": {"width": 390, "height": 844}}], ids=["light", "dark", "390px"])
def test_onboarding_pages_pass_axe(browser, site_url, options):
    context = browser.new_context(**options)
    page = context.new_page()
    found = {}
    for path in PAGES:
        with_state(page, f"{site_url}/{path}")
        if problems := serious_violations(page):
            found[path] = problems
    context.close()
    assert not found, json.dumps(found, indent=1)


@pytest.mark.skipif(not os.environ.get("PLAYBOOK_SCREENSHOTS"), reason="set PLAYBOOK_SCREENSHOTS=<dir> to write screenshots")
def test_screenshots(browser, site_url):
    out = Path(os.environ["PLAYBOOK_SCREENSHOTS"])
    out.mkdir(parents=True, exist_ok=True)
    for name, options in {"light": {"color_scheme": "light"}, "dark": {"color_scheme": "dark"},
                          "390px": {"viewport": {"width": 390, "height": 844}}}.items():
        context = browser.new_context(**options)
        page = context.new_page()
        for path in PAGES[1:]:
            with_state(page, f"{site_url}/{path}")
            slug = path.strip("/").replace("/", "-")
            page.screenshot(path=out / f"{slug}-{name}.png", full_page=name == "390px")
            if name == "light":
                page.emulate_media(media="print")
                page.screenshot(path=out / f"{slug}-print.png", full_page=True)
                page.emulate_media(media="screen")
        context.close()
