"""The assessment form in real headless Chromium (Debian's, through pytest-playwright).

Every shipped questionnaire is filled in by keyboard alone (Tab, Space, arrow keys), and what
the page shows is compared with `playbook score` on the same answers; answers survive a reload;
a share link opened in a fresh browser context and an exported JSON file (scored by the CLI,
then imported elsewhere) reproduce the result; tampered links and files give a visible notice
and never reach the page as HTML; a changed questionnaire keeps and flags saved answers; reset
asks first; answers given the moment the form appears are kept; an assessment page loads at most
39 KB of its own code and styles, and the rest (the result, sharing and files) when it is needed;
and the pages pass axe-core with no serious or critical violation.

Screenshots (light, dark, 390 px wide, print) are written to $PLAYBOOK_SCREENSHOTS when set.
"""
from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from conftest import SCROLLED, run_cli, serious_violations

QUESTIONNAIRES = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "assessments").glob("*.yaml"))

# Reads the result the page shows: the visible texts, keyed by the data-* hooks of result.js.
SHOWN = """() => {
  const r = document.querySelector('.pb-result');
  const text = (e) => e ? e.textContent.replace(/\\s+/g, ' ').trim() : null;
  return {
    count: text(document.querySelector('.pb-count')).split(' · ')[0],
    complete: r.querySelector('.pb-status').dataset.complete === 'true',
    phase: r.querySelector('[data-phase]')?.dataset.phase ?? null,
    phaseText: text(r.querySelector('[data-phase]')),
    dimensions: [...r.querySelectorAll('.pb-dims tr[data-dimension]')].map(tr =>
      [tr.dataset.dimension, text(tr.cells[1]), text(tr.cells[3])]),
    bars: [...r.querySelectorAll('.pb-chart text.pb-v')].map(text),
    rankings: [...r.querySelectorAll('[data-ranking]')].map(s => ({id: s.dataset.ranking,
      candidates: [...s.querySelectorAll('[data-candidate]')].map(li => ({id: li.dataset.candidate,
        rank: li.dataset.rank, line: (() => { const p = li.querySelector('p')?.cloneNode(true); if (!p) return null;
          p.querySelectorAll('a').forEach(a => a.remove()); return text(p); })(),
        reasons: [...li.querySelectorAll('.pb-why')].map(w => [...w.querySelectorAll('li > a')].map(text))}))})),
    advice: [...r.querySelectorAll('[data-advice]')].map(a => a.dataset.advice),
  };
}"""


def spec_of(built_site: Path, qid: str) -> dict:
    return json.loads((built_site / "assessments" / f"{qid}.json").read_text(encoding="utf-8"))


def questions(spec: dict) -> dict[str, dict]:
    return {q["id"]: q for s in spec["sections"] for q in s["questions"]}


def expected_view(spec: dict, result: dict) -> dict:
    """What the page must show for a result computed by `playbook score`."""
    number = {qid: i for i, qid in enumerate(questions(spec), start=1)}
    pc = lambda p: "—" if p is None else f"{p} %"  # noqa: E731
    titles = {c["id"]: c["title"] for r in spec["outcomes"]["rankings"] for c in r["candidates"]}
    rankings = []
    for ranking in result["rankings"]:
        cands = []
        for c in ranking["candidates"] if ranking["applies"] else []:
            if c["rank"] is None:
                cands.append({"id": c["id"], "rank": "", "line": None, "reasons": None})
                continue
            score = f"−{-c['score']}" if c["score"] < 0 else str(c["score"])   # one minus sign: U+2212
            line = f"{titles[c['id']]} — {score} point{'' if abs(c['score']) == 1 else 's'}"
            line += f", tied with {', '.join(titles[t] for t in c['tied_with'])}" if c["tied_with"] else ""
            reasons = [[f"Q{number[x['question']]}" for x in c[key]] for key in ("reasons", "against") if c[key]]
            cands.append({"id": c["id"], "rank": str(c["rank"]), "line": line, "reasons": reasons})
        rankings.append({"id": ranking["id"], "candidates": cands})
    group = {a["id"]: a["group"] for a in spec["outcomes"]["advice"]}
    group_order = [g["id"] for g in spec["outcomes"]["advice_groups"]] + [None]
    phases = spec["outcomes"]["phases"]
    index = next((i for i, p in enumerate(phases) if p["id"] == result["phase"]), None)
    return {
        "count": f"{result['questions']['answered']} of {result['questions']['visible']} answered",
        "complete": result["complete"],
        "phase": result["phase"],
        "phaseText": None if index is None else f"Phase {index + 1} of {len(phases)}: {phases[index]['title']}",
        "dimensions": [[d["id"], f"{d['raw']} of {d['max']}", pc(d["percent"])] for d in result["dimensions"]]
                      + ([["overall", f"{result['overall']['raw']} of {result['overall']['max']}",
                           pc(result["overall"]["percent"])]] if result["dimensions"] else []),
        "bars": [pc(d["percent"]) for d in result["dimensions"]],
        "rankings": rankings,
        # Shown under their group headings, in the groups' order, as the CLI's text does.
        "advice": sorted(result["advice"], key=lambda a: group_order.index(group[a])),
    }


def shown(page: Page) -> dict:
    # The result is drawn by result.js, which loads with the first answer (see below).
    expect(page.locator(".pb-result .pb-status")).to_be_attached()
    view = page.evaluate(SHOWN)
    for ranking in view["rankings"]:
        for c in ranking["candidates"]:
            if c["rank"] == "":
                c["line"] = c["reasons"] = None
    return view


def score_with_cli(tmp_path: Path, document: dict, name: str = "answers.json") -> dict:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    done = run_cli("score", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def open_form(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".pb-count")).to_have_text(re.compile(r"\d+ of \d+ answered"))


# --- filling by keyboard ----------------------------------------------------------------------

FOCUSED = """() => { const a = document.activeElement;
  return {type: a.type || a.tagName.toLowerCase(), name: a.name || '', value: a.value || '',
          inForm: !!a.closest('.pb-form')}; }"""


def fill_by_keyboard(page: Page, spec: dict, rng: random.Random, lean: float) -> dict:
    """Tab through the form and answer every question that is shown, with Space and arrows.

    `lean` (0–1) leans the choices towards the later options, which score higher in the
    shipped questionnaires, so that different seeds reach different outcomes.
    """
    qs = questions(spec)
    answers: dict = {}
    plans: dict = {}
    page.locator("#pb-who").focus()
    page.keyboard.type("Team Keyboard")
    entered = False
    for _ in range(3000):
        page.keyboard.press("Tab")
        el = page.evaluate(FOCUSED)
        if not el["inForm"]:
            if entered:
                return answers
            continue
        entered = True
        qid = el["name"][len("pb-q-"):]
        if el["type"] == "radio" and qid not in plans:
            options = qs[qid]["options"]
            plans[qid] = None if rng.random() < 0.1 else pick(rng, len(options), lean)
            if plans[qid] is not None:
                page.keyboard.press("Space")              # the first option, focused on entry
                for _ in range(plans[qid]):
                    page.keyboard.press("ArrowDown")      # moves and selects
                answers[qid] = options[plans[qid]]["id"]
        elif el["type"] == "checkbox":
            options = qs[qid]["options"]
            if qid not in plans:
                exclusive = [o["id"] for o in options if o["exclusive"]]
                if exclusive and rng.random() < 0.2:
                    plans[qid] = [rng.choice(exclusive)]
                else:
                    plans[qid] = [o["id"] for o in options if not o["exclusive"] and rng.random() < 0.3 + 0.5 * lean]
                if plans[qid]:
                    answers[qid] = plans[qid]
            if el["value"] in plans[qid]:
                page.keyboard.press("Space")
    raise AssertionError("never left the form by Tab")


def pick(rng: random.Random, n: int, lean: float) -> int:
    if rng.random() < lean:
        return n - 1 - min(int(rng.expovariate(1.5)), n - 1)
    return rng.randrange(n)


def download_json(page: Page, tmp_path: Path, name: str) -> dict:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download result (JSON)").click()
    target = tmp_path / name
    info.value.save_as(target)
    return json.loads(target.read_text(encoding="utf-8"))


# --- tests -----------------------------------------------------------------------------------

@pytest.mark.parametrize("qid", QUESTIONNAIRES)
@pytest.mark.parametrize("seed,lean", [(1, 0.0), (2, 0.7)])
def test_keyboard_answers_give_the_cli_result_and_survive_reload_share_and_export(
        browser, site_url, built_site, tmp_path, qid, seed, lean):
    spec = spec_of(built_site, qid)
    context = browser.new_context()
    page = context.new_page()
    open_form(page, f"{site_url}/assessments/{qid}/")
    answers = fill_by_keyboard(page, spec, random.Random(f"{qid}-{seed}"), lean)
    assert answers, "nothing was answered"

    # The page shows what `playbook score` says about the same answers.
    cli = score_with_cli(tmp_path, {"questionnaire": qid, "version": spec["version"],
                                    "respondent": "Team Keyboard", "answers": answers})
    want = expected_view(spec, cli["result"])
    assert shown(page) == want

    # Reload: the answers are still there, and so is the result.
    page.reload()
    expect(page.locator(".pb-count")).to_have_text(re.compile(want["count"]))
    assert shown(page) == want
    for q, a in answers.items():
        for option in ([a] if isinstance(a, str) else a):
            expect(page.locator(f"#pb-q-{q}--{option}")).to_be_checked()
    expect(page.locator("#pb-who")).to_have_value("Team Keyboard")

    # The download is the CLI's own format, and the CLI agrees with it to the last field.
    downloaded = download_json(page, tmp_path, "download.json")
    assert list(downloaded) == ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "result"]
    assert downloaded["answers"] == cli["answers"] and downloaded["respondent"] == "Team Keyboard"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", downloaded["date"])
    rescored = score_with_cli(tmp_path, downloaded, "rescored.json")
    assert rescored == downloaded
    assert downloaded["result"] == cli["result"]

    # The share link reproduces the result in a fresh browser (no storage, nothing shared).
    link = page.locator("#pb-share").input_value()
    context.close()
    fresh = browser.new_context()
    other = fresh.new_page()
    open_form(other, link)
    expect(other.locator(".pb-notice.pb-ok")).to_contain_text("share link applied")
    assert shown(other) == want
    assert "#" not in other.url, "the answers stay in storage, not in the address bar"
    expect(other.locator("#pb-who")).to_have_value("Team Keyboard")
    fresh.close()

    # The exported file, imported on yet another machine, gives the same result.
    third = browser.new_context()
    page3 = third.new_page()
    open_form(page3, f"{site_url}/assessments/{qid}/")
    with page3.expect_file_chooser() as chooser:
        page3.get_by_role("button", name="Import a result file…").click()
    chooser.value.set_files(str(tmp_path / "download.json"))
    expect(page3.locator(".pb-notice.pb-ok")).to_contain_text("file applied")
    assert shown(page3) == want
    third.close()


def test_conditional_questions_appear_and_disappear(page: Page, site_url):
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    follow_up = page.locator("#pb-q-slo-consequences")
    expect(follow_up).to_be_hidden()
    total = page.locator(".pb-count")
    expect(total).to_have_text(re.compile(r"^0 of (\d+) answered"))
    before = int(re.search(r"of (\d+)", total.inner_text()).group(1))
    page.locator("#pb-q-slo-coverage--pilots").check()
    expect(follow_up).to_be_visible()
    expect(total).to_contain_text(f"1 of {before + 2} answered")
    expect(total).to_contain_text("Q2 shown")
    page.locator("#pb-q-slo-consequences--nothing").check()
    page.locator("#pb-q-slo-coverage--none").check()
    expect(follow_up).to_be_hidden()
    expect(total).to_contain_text(f"1 of {before} answered")
    # The hidden answer is kept (and ignored), and comes back with the question.
    page.locator("#pb-q-slo-coverage--pilots").check()
    expect(page.locator("#pb-q-slo-consequences--nothing")).to_be_checked()


def test_every_question_is_a_fieldset_with_a_legend_and_labelled_options(page: Page, site_url):
    for qid in QUESTIONNAIRES:
        open_form(page, f"{site_url}/assessments/{qid}/")
        problems = page.evaluate("""() => [...document.querySelectorAll('.pb-form input')].filter(i =>
            !i.closest('fieldset')?.querySelector(':scope > legend')?.textContent.trim()
            || !document.querySelector(`label[for="${i.id}"]`)?.textContent.trim()).map(i => i.id)""")
        assert problems == [], (qid, problems)


def test_multiple_choice_exclusive_option_stands_alone(page: Page, site_url):
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    page.locator("#pb-q-lifecycle--design").check()
    page.locator("#pb-q-lifecycle--deployment").check()
    page.locator("#pb-q-lifecycle--none").check()
    expect(page.locator("#pb-q-lifecycle--design")).not_to_be_checked()
    expect(page.locator("#pb-q-lifecycle--deployment")).not_to_be_checked()
    page.locator("#pb-q-lifecycle--testing").check()
    expect(page.locator("#pb-q-lifecycle--none")).not_to_be_checked()


MALICIOUS = [
    # Unknown and script-carrying ids, wrong questionnaire parts, broken encodings.
    "q=organisational-maturity&v=1&a=<img src=x onerror=window.__xss=1>:x,slo-coverage:<script>window.__xss=2</script>,nope:all",
    "q=organisational-maturity&v=1&a=" + quote("slo-coverage:\"><svg onload=window.__xss=3>,__proto__:polluted"),
    "q=organisational-maturity&v=<b>1</b>&by=" + quote("<img src=x onerror=window.__xss=4>") + "&a=lifecycle:none.design,slo-coverage:all.pilots",
    "q=organisational-maturity&a=" + "slo-coverage:all," * 800,
    "q=model-fit&v=1&a=greenfield:existing",
    "q=organisational-maturity&a=%E0%A4%A,%ZZ:%00",
]


@pytest.mark.parametrize("fragment", MALICIOUS, ids=["script-ids", "proto", "types", "oversized", "other-questionnaire", "encoding"])
def test_tampered_share_links_give_a_notice_and_never_inject(page: Page, site_url, fragment):
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    page.locator("#pb-q-slo-coverage--critical").check()
    page.goto(f"{site_url}/")
    page.goto(f"{site_url}/assessments/organisational-maturity/#{fragment}")
    notice = page.locator(".pb-notice.pb-bad")
    expect(notice.first).to_be_visible()
    assert page.evaluate("() => window.__xss") is None
    assert page.evaluate("() => ({}).polluted") is None
    assert page.locator(".md-content img[src='x'], .md-content script:not([src]), .md-content svg[onload]").count() == 0
    # The hostile text is shown as text, nowhere as markup.
    html = page.locator(".pb-app").inner_html()
    assert "<img" not in html and "<script" not in html and "<svg onload" not in html
    # What was valid before is unchanged unless the link had valid answers of its own.
    if "slo-coverage:all" not in fragment and "slo-coverage:\"" not in fragment:
        expect(page.locator("#pb-q-slo-coverage--critical")).to_be_checked()


@pytest.mark.parametrize("content,expected", [
    ("not json at all {", "not a JSON answers file"),
    (json.dumps({"questionnaire": "model-fit", "answers": {}}), "wrong questionnaire"),
    (json.dumps({"questionnaire": "organisational-maturity", "version": "one", "answers": {"slo-coverage": 3,
                 "<img src=x onerror=window.__xss=5>": "x", "lifecycle": "design"}}), "unknown question"),
    (json.dumps([1, 2, 3]), "expected a mapping"),
    (json.dumps({"questionnaire": "organisational-maturity", "answers": {"slo-coverage": "all"}, "pad": "x" * 300_000}),
     "too large"),
])
def test_tampered_files_give_a_notice_and_never_inject(page: Page, site_url, tmp_path, content, expected):
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    path = tmp_path / "tampered.json"
    path.write_text(content, encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import a result file…").click()
    chooser.value.set_files(str(path))
    notice = page.locator(".pb-notice.pb-bad")
    expect(notice.first).to_contain_text(expected)
    assert page.evaluate("() => window.__xss") is None
    assert "<img" not in page.locator(".pb-app").inner_html()


def test_changed_questionnaire_keeps_and_flags_saved_answers(page: Page, site_url):
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    saved = {"questionnaire": "organisational-maturity", "version": 0, "spec_hash": "sha256:0000000000000000",
             "answers": {"slo-coverage": "critical", "postmortems": "retired-option", "gone-question": "yes",
                         "lifecycle": ["design", "old-stage"]}}
    page.evaluate("s => localStorage.setItem('playbook-assessment:organisational-maturity', JSON.stringify(s))", saved)
    page.reload()
    notice = page.locator("[data-notice=flagged]")
    expect(notice).to_contain_text("has changed since your answers were saved")
    for text in ("retired-option", "gone-question", "old-stage"):
        expect(notice).to_contain_text(text)
    expect(page.locator("#pb-q-slo-coverage--critical")).to_be_checked()
    expect(page.locator("#pb-q-lifecycle--design")).to_be_checked()
    expect(page.locator("#pb-q-postmortems .pb-flag")).to_contain_text("retired-option")
    # Still kept after another reload, until the user discards them.
    page.reload()
    expect(page.locator("[data-notice=flagged]")).to_contain_text("gone-question")
    page.get_by_role("button", name="Discard these answers").click()
    page.reload()
    expect(page.locator("[data-notice=flagged]")).to_have_count(0)
    expect(page.locator("#pb-q-slo-coverage--critical")).to_be_checked()


def test_reset_asks_first_and_can_be_undone(page: Page, site_url):
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    page.locator("#pb-q-slo-coverage--critical").check()
    page.once("dialog", lambda d: d.dismiss())
    page.get_by_role("button", name="Reset answers…").click()
    expect(page.locator("#pb-q-slo-coverage--critical")).to_be_checked()
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Reset answers…").click()
    expect(page.locator("#pb-q-slo-coverage--critical")).not_to_be_checked()
    expect(page.locator(".pb-count")).to_contain_text("0 of")
    page.reload()
    expect(page.locator("#pb-q-slo-coverage--critical")).not_to_be_checked()
    page.get_by_role("button", name="Bring them back").click()
    expect(page.locator("#pb-q-slo-coverage--critical")).to_be_checked()


def test_without_javascript_the_page_points_to_the_printable_questions_and_the_cli(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/assessments/organisational-maturity/")
    notice = page.locator(".pb-assessment noscript, .pb-assessment p").filter(has_text="needs JavaScript")
    expect(notice.first).to_be_visible()
    expect(page.get_by_role("link", name="answers template").last).to_have_attribute("href", re.compile(r"answers\.yaml$"))
    expect(page.locator(".pb-assessment code", has_text="playbook score")).to_be_visible()
    context.close()


def test_the_form_mounts_after_navigating_from_the_index(page: Page, site_url):
    page.goto(f"{site_url}/assessments/")
    page.get_by_role("link", name=re.compile("SRE role readiness")).first.click()
    expect(page.locator(".pb-count")).to_have_text(re.compile(r"0 of \d+ answered"))
    expect(page.locator(".pb-app")).to_have_count(1)


def test_assessment_pages_pass_axe_in_light_and_dark_with_results_and_notices(browser, site_url, built_site):
    found = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        for path in ("assessments/", "assessments/scoring/"):
            page.goto(f"{site_url}/{path}")
            if problems := serious_violations(page):
                found[f"{scheme} /{path}"] = problems
        for qid in QUESTIONNAIRES:
            spec = spec_of(built_site, qid)
            # Every option's first choice, plus a bad entry, so the result, notices and flags show.
            first = ",".join(f"{q}:{o['options'][0]['id']}" for q, o in questions(spec).items() if o["type"] == "single")
            open_form(page, f"{site_url}/assessments/{qid}/#q={qid}&v={spec['version']}&a={first},bogus:x")
            page.locator(".pb-how > summary").click()
            if problems := serious_violations(page):
                found[f"{scheme} /assessments/{qid}/"] = problems
            page.goto(f"{site_url}/assessments/{qid}-in-full/")
            if problems := serious_violations(page):
                found[f"{scheme} /assessments/{qid}-in-full/"] = problems
        context.close()
    assert not found, json.dumps(found, indent=1)


@pytest.mark.skipif(not os.environ.get("PLAYBOOK_SCREENSHOTS"), reason="set PLAYBOOK_SCREENSHOTS=<dir> to write screenshots")
@pytest.mark.parametrize("scenario", ["zalando-checkout-2020-model", "zalando-checkout-2020-maturity"])
def test_screenshots(browser, site_url, built_site, scenario):
    """Form and result of a scenario from the sources: light, dark, 390 px wide, and print."""
    import yaml

    out = Path(os.environ["PLAYBOOK_SCREENSHOTS"])
    out.mkdir(parents=True, exist_ok=True)
    doc = yaml.safe_load((Path(__file__).resolve().parent / "scenarios" / f"{scenario}.yaml").read_text())
    qid = doc["questionnaire"]
    spec = spec_of(built_site, qid)
    a = ",".join(f"{k}:{'.'.join(v) if isinstance(v, list) else v}" for k, v in doc["answers"].items() if v)
    link = f"{site_url}/assessments/{qid}/#q={qid}&v={spec['version']}&by={quote(doc['respondent'])}&a={a}"
    for name, options in {"light": {"color_scheme": "light"}, "dark": {"color_scheme": "dark"},
                          "390px": {"viewport": {"width": 390, "height": 844}}}.items():
        context = browser.new_context(**options)
        page = context.new_page()
        open_form(page, link)
        # A share link opens on the result; the outcome line shows in the bar over the form.
        expect(page.locator("#pb-result")).to_have_text("Result from a share link")
        page.wait_for_timeout(300)      # the scroll to the result settles (a screenshot, not an assertion)
        page.screenshot(path=out / f"{qid}-{name}-share.png")
        page.get_by_role("button", name="Review or change the answers").click()
        page.locator(".pb-q:not([hidden])").nth(5).scroll_into_view_if_needed()
        page.screenshot(path=out / f"{qid}-{name}-summary.png")
        page.locator("#answer").scroll_into_view_if_needed()
        page.evaluate("() => document.getElementById('answer').scrollIntoView()")
        page.screenshot(path=out / f"{qid}-{name}-form.png")
        box = page.locator(".pb-result").bounding_box()
        page.screenshot(path=out / f"{qid}-{name}-result.png", full_page=True,
                        clip={"x": 0, "y": box["y"], "width": page.viewport_size["width"], "height": box["height"]})
        if name == "light":
            page.emulate_media(media="print")
            page.screenshot(path=out / f"{qid}-print.png", full_page=True)
        context.close()


def test_two_tabs_share_the_saved_answers(browser, site_url):
    context = browser.new_context()
    one, two = context.new_page(), context.new_page()
    for page in (one, two):
        open_form(page, f"{site_url}/assessments/organisational-maturity/")
    one.locator("#pb-q-slo-coverage--critical").check()
    expect(two.locator("#pb-q-slo-coverage--critical")).to_be_checked()
    two.locator("#pb-q-postmortems--blameless").check()
    expect(one.locator("#pb-q-postmortems--blameless")).to_be_checked()
    one.reload()
    expect(one.locator("#pb-q-slo-coverage--critical")).to_be_checked()
    expect(one.locator("#pb-q-postmortems--blameless")).to_be_checked()
    context.close()


# --- what loads, and when ----------------------------------------------------------------------

OWN = re.compile(r"/assets/(?!javascripts/|stylesheets/)(.+\.(?:js|css))$")   # the site's own code and styles


def requested(page: Page) -> list[str]:
    """Collects the site's own assets as the page requests them (the list fills as it goes)."""
    seen: list[str] = []
    page.on("request", lambda r: (m := OWN.search(r.url.split("?")[0])) and seen.append(m.group(1)))
    return seen


OPEN = ["a11y.js", "assessment/answers.js", "assessment/assessment.css", "assessment/boot.js", "assessment/dom.js",
        "assessment/engine.js", "assessment/form.js", "assessment/ui.css", "onboarding/boot.js", "playbook.css"]
EVERY_PAGE = {"a11y.js", "playbook.css", "onboarding/boot.js"}


def test_an_assessment_page_opens_with_at_most_39_kb_of_its_own_and_loads_the_rest_on_demand(
        browser, site_url, built_site, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    seen = requested(page)
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    page.wait_for_load_state("networkidle")
    assert sorted(set(seen)) == OPEN
    own = sum((built_site / "assets" / f).stat().st_size for f in OPEN if f not in EVERY_PAGE)
    # The budget: 39 KB of the page's own code and styles on open. It was 30 KB until the engine
    # learnt tie-break rules and the form the result-first view and live summary (36.7 KB), then
    # 38 KB; a note per question and the share link's no-layout-shift start took it to 38.7 KB.
    assert own <= 39_000, own
    # The styles are in force: the shared controls (ui.css) and the form's (assessment.css).
    assert page.locator(".pb-bar").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert page.locator(".pb-q").first.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    # With nothing answered the result waits, far down the page, until it is looked at or answered.
    expect(page.locator(".pb-pending")).to_have_text("Your result shows here as you answer.")
    page.locator("#pb-q-slo-coverage--critical").check()
    expect(page.locator(".pb-result .pb-status")).to_contain_text("1 of")
    assert {"assessment/result.js", "assessment/result.css"} <= set(seen)
    assert page.locator(".pb-status").evaluate("e => getComputedStyle(e).borderLeftStyle") == "solid"   # result.css
    assert "assessment/keep.js" not in seen
    # Sharing, files and kept answers come with keep.js, on first use.
    download_json(page, tmp_path, "on-demand.json")
    assert "assessment/keep.js" in seen
    context.close()


def test_the_result_loads_when_scrolled_to_without_answers(page: Page, site_url):
    open_form(page, f"{site_url}/assessments/structure-discussion-guide/")
    expect(page.locator(".pb-pending")).to_be_attached()
    page.get_by_role("link", name="See the result").click()
    # Unanswered, the guide lists every topic as open: the same result as before any answer.
    expect(page.locator(".pb-result .pb-status")).to_contain_text("0 of")
    expect(page.locator(".pb-result [data-advice]").first).to_be_visible()


def test_a_plain_content_page_loads_none_of_the_assessment_onboarding_or_report_files(page: Page, site_url):
    seen = requested(page)
    for path in ("", "models/"):
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("networkidle")
    assert set(seen) == {"assessment/boot.js", "onboarding/boot.js", "a11y.js", "playbook.css"}, seen
    assert page.locator("link[href*='assessment/'], link[href*='onboarding/'], link[href*='report.css']").count() == 0


def test_answers_given_the_moment_the_form_appears_are_kept(browser, site_url, built_site):
    key = "playbook-assessment:organisational-maturity"
    # Nothing saved: the first clicks come while result.js is still loading.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/assessments/organisational-maturity/")
    page.locator("#pb-q-slo-coverage--critical").check()
    page.locator("#pb-q-lifecycle--design").check()
    page.reload()
    expect(page.locator("#pb-q-slo-coverage--critical")).to_be_checked()
    expect(page.locator("#pb-q-lifecycle--design")).to_be_checked()
    context.close()
    # A share link: what is answered at once is never lost — it lands on top of the shared
    # answers, or (had it come first) is kept to bring back.
    spec = spec_of(built_site, "organisational-maturity")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/assessments/organisational-maturity/#q=organisational-maturity&v={spec['version']}&a=postmortems:blameless")
    page.locator("#pb-q-slo-coverage--pilots").check()
    expect(page.locator(".pb-notice.pb-ok")).to_contain_text("share link applied")
    saved = page.evaluate(f"() => JSON.parse(localStorage.getItem('{key}'))")
    assert saved["answers"]["postmortems"] == "blameless"
    assert "pilots" in (saved["answers"].get("slo-coverage"), ((saved.get("previous") or {}).get("answers") or {}).get("slo-coverage"))
    context.close()


def test_print_puts_the_result_first_and_leaves_out_the_controls(browser, site_url, built_site):
    spec = spec_of(built_site, "organisational-maturity")
    context = browser.new_context()
    page = context.new_page()
    open_form(page, f"{site_url}/assessments/organisational-maturity/#q=organisational-maturity&v={spec['version']}&a=slo-coverage:critical")
    expect(page.locator(".pb-result .pb-status")).to_contain_text("1 of")
    page.emulate_media(media="print")
    result, form = page.locator(".pb-result").bounding_box(), page.locator(".pb-form").bounding_box()
    assert result["y"] < form["y"]
    expect(page.locator(".pb-how table").first).to_be_visible()          # folded on screen, printed
    for hidden in (".pb-bar", ".pb-keep", ".pb-how > summary", ".md-sidebar--primary", "#pb-q-slo-coverage--none"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("#pb-q-slo-coverage--critical + label")).to_be_visible()
    context.close()


# --- result first, the outcome line, and jumps that clear the sticky bar -------------------------

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}

# Where an element is on screen, and the bottom of the sticky progress bar.
BOXES = """sel => { const r = document.querySelector(sel).getBoundingClientRect(), b = document.querySelector('.pb-bar').getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, barBottom: b.bottom, barTop: b.top, height: innerHeight}; }"""


def in_view(page: Page, selector: str) -> dict:
    page.evaluate(SCROLLED)
    box = page.evaluate(BOXES, selector)
    # On screen: its top, and all of it when it fits (a whole form does not).
    assert 0 <= box["top"] < box["height"] and (box["bottom"] <= box["height"] or box["bottom"] - box["top"] > box["height"]), (selector, box)
    return box


def clear_of_the_bar(page: Page, selector: str) -> None:
    """The element is on screen and not under the sticky bar (when the bar is above it)."""
    box = in_view(page, selector)
    if box["barTop"] <= box["top"] + 1:
        return      # the bar is below it: result first, the bar follows the result
    assert box["top"] >= box["barBottom"], (selector, box)


def all_first_options(spec: dict) -> str:
    return ",".join(f"{q}:{o['options'][0]['id']}" for q, o in questions(spec).items() if o["type"] == "single")


def first_result_view(page: Page, what: str, who: str, date: str) -> None:
    """The page shows the result first: heading on screen, above the form, with who and when."""
    expect(page.locator("#pb-result")).to_have_text(f"Result from a {what}")
    expect(page.locator(".pb-result .pb-status")).to_be_attached()
    page.wait_for_function("() => Math.abs(document.getElementById('pb-result').getBoundingClientRect().top) < innerHeight")
    in_view(page, "#pb-result")
    assert page.locator(".pb-result").bounding_box()["y"] < page.locator(".pb-form").bounding_box()["y"]
    expect(page.locator(".pb-for")).to_contain_text(who)
    expect(page.locator(".pb-for time")).to_have_attribute("datetime", date)
    # The outcome itself is there, with its reasons: the phase, or the top candidate and why.
    assert page.locator(".pb-result [data-phase], .pb-result .pb-top .pb-why").count() >= 1


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("qid", ["organisational-maturity", "model-fit"])
def test_a_share_link_opens_on_the_result_with_who_and_when_and_a_way_to_the_answers(
        browser, site_url, built_site, qid, viewport):
    spec = spec_of(built_site, qid)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{site_url}/assessments/{qid}/#q={qid}&v={spec['version']}&by=Checkout%20team&d=2026-11-20&a={all_first_options(spec)}")
    first_result_view(page, "share link", "Checkout team", "2026-11-20")
    # Review or change: the form comes back after... the first question is on screen, focused.
    page.get_by_role("button", name="Review or change the answers").click()
    first = page.locator(".pb-q:not([hidden])").first
    clear_of_the_bar(page, f"#{first.get_attribute('id')}")
    assert page.evaluate("() => !!document.activeElement.closest('.pb-q')")
    assert page.locator(".pb-form").bounding_box()["y"] < page.locator(".pb-result").bounding_box()["y"]
    expect(page.locator("#pb-result")).to_have_text("Your result")
    # Changing an answer there keeps the date of the change in the next share link.
    page.keyboard.press("Space")
    assert re.search(r"&d=\d{4}-\d{2}-\d{2}&", page.locator("#pb-share").input_value())
    context.close()


def test_an_imported_file_opens_on_its_result(browser, site_url, built_site, tmp_path):
    spec = spec_of(built_site, "model-fit")
    answers = {q: o["options"][0]["id"] for q, o in questions(spec).items() if o["type"] == "single"}
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"questionnaire": "model-fit", "version": spec["version"], "respondent": "Platform group",
                                "date": "2026-10-01", "answers": answers}), encoding="utf-8")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_form(page, f"{site_url}/assessments/model-fit/")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import a result file…").click()
    chooser.value.set_files(str(path))
    first_result_view(page, "file", "Platform group", "2026-10-01")
    context.close()


GIST = {"organisational-maturity": r"^(Phase \d of \d: .+|No phase reached)$", "model-fit": r"^(Top|Tie): .+",
        "sre-role-readiness": r"^(Top|Tie): .+", "structure-discussion-guide": r"^\d+ points? to discuss$"}


@pytest.mark.parametrize("qid", QUESTIONNAIRES)
def test_the_outcome_is_on_screen_from_the_first_answer_and_jumps_clear_the_bar(browser, site_url, qid):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_form(page, f"{site_url}/assessments/{qid}/")
    expect(page.locator(".pb-gist")).to_have_text("")
    page.locator(".pb-q input").first.check()
    gist = page.locator(".pb-gist")
    expect(gist).to_have_text(re.compile(GIST[qid]))
    in_view(page, ".pb-gist")
    # Far down the form, the outcome line is still on screen, and it says what the result says.
    page.locator(".pb-q:not([hidden])").last.scroll_into_view_if_needed()
    in_view(page, ".pb-gist")
    if qid == "organisational-maturity" and page.locator("[data-phase]").count():
        assert page.locator("[data-phase]").inner_text().replace("\n", " ") in gist.inner_text()
    for top in page.locator(".pb-top > p:first-child > strong").all():      # each ranking's first, tie or not
        expect(gist).to_contain_text(top.inner_text())
    # "See the result" lands with the heading below the bar, and a question link in the result
    # lands with its question below the bar.
    page.get_by_role("link", name="See the result").click()
    page.wait_for_function("() => document.getElementById('pb-result').getBoundingClientRect().top < innerHeight / 2")
    clear_of_the_bar(page, "#pb-result")
    # From the result, the bar's link leads back to the questions, landing below the bar.
    page.locator(".pb-bar a").filter(has_text="Back to the questions").click()
    page.wait_for_function("() => Math.abs(document.getElementById('pb-questions').getBoundingClientRect().top) < innerHeight / 2")
    clear_of_the_bar(page, "#pb-questions")
    expect(page.locator(".pb-bar a")).to_have_text("See the result")
    page.locator(".pb-bar a").click()
    page.wait_for_function("() => document.getElementById('pb-result').getBoundingClientRect().top < innerHeight / 2")
    link = page.locator(".pb-status a").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("t => document.querySelector(t).getBoundingClientRect().top < innerHeight / 2", arg=target)
    clear_of_the_bar(page, target)
    context.close()


@pytest.mark.parametrize("qid", QUESTIONNAIRES)
def test_the_summary_has_no_empty_header_row_and_states_an_estimated_time(page: Page, site_url, built_site, qid):
    page.goto(f"{site_url}/assessments/{qid}/")
    empty = page.evaluate("""() => [...document.querySelectorAll('.md-content thead tr')]
        .filter(tr => ![...tr.cells].some(c => c.textContent.trim())).length""")
    assert empty == 0
    n = len(questions(spec_of(built_site, qid)))
    time = page.locator("dt", has_text="Time it takes").locator("xpath=following-sibling::dd[1]")
    expect(time).to_contain_text(re.compile(rf"about \d+ minutes — an estimate from its {n} questions"))
    minutes = int(re.search(r"about (\d+) minutes", time.inner_text()).group(1))
    assert n / 2 <= minutes <= max(5, n / 2 + 5), (n, minutes)


def test_ranked_scores_use_one_minus_sign(page: Page, site_url, built_site):
    spec = spec_of(built_site, "model-fit")
    # Developers fully on call counts against "You build it, SRE run it" (−1), which stays ranked.
    open_form(page, f"{site_url}/assessments/model-fit/#q=model-fit&v={spec['version']}&a=dev-on-call:fully")
    expect(page.locator(".pb-result .pb-status")).to_be_attached()
    text = page.locator(".pb-result-body").inner_text()
    assert "— −1 point" in text and "(−1)" in text
    assert not re.search(r"(^|[\s(])-\d", text, re.M), re.findall(r".{30}[\s(]-\d.{10}", text)


def test_long_question_texts_stay_inside_their_box(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_form(page, f"{site_url}/assessments/organisational-maturity/")
    # Every question's text (two lines or more at this width) starts below its box's top border.
    out = page.evaluate("""() => [...document.querySelectorAll('.pb-q:not([hidden])')].map(f => {
        const l = f.querySelector('legend').getBoundingClientRect(), b = f.getBoundingClientRect();
        return {id: f.id, lines: Math.round(l.height / parseFloat(getComputedStyle(f.querySelector('legend')).lineHeight)),
                inside: l.top >= b.top + parseFloat(getComputedStyle(f).borderTopWidth) - 0.5 && l.bottom <= b.bottom};
      })""")
    assert any(q["lines"] >= 2 for q in out)
    assert all(q["inside"] for q in out), [q for q in out if not q["inside"]]
    context.close()


def test_the_printout_carries_the_date_and_the_page_address(page: Page, site_url, built_site):
    spec = spec_of(built_site, "organisational-maturity")
    open_form(page, f"{site_url}/assessments/organisational-maturity/#q=organisational-maturity&v={spec['version']}&a=slo-coverage:critical")
    expect(page.locator(".pb-result .pb-status")).to_be_attached()
    expect(page.locator(".pb-printed")).to_be_hidden()
    page.emulate_media(media="print")
    printed = page.locator(".pb-printed")
    expect(printed).to_be_visible()
    expect(printed).to_have_text(re.compile(rf"^Printed \d{{4}}-\d{{2}}-\d{{2}} from {re.escape(site_url)}/assessments/organisational-maturity/$"))
    expect(page.get_by_role("button", name="Review or change the answers")).to_be_hidden()
