"""The workshop page in the browser (assessments/<id>-workshop/): five participants' share links
and result files combine to exactly the answers `playbook report` combines for the same files
(same team and day); the downloaded combined answers score as the report says; participants can
be removed; hostile inputs are listed as text; keyboard only, 390 px, print and axe."""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT, SCROLLED, run_cli, serious_violations
from test_browser_teams import answers_doc, scored
from test_report import EVIL, OM, cli, leaning_answers

URL = f"/assessments/{OM}-workshop/"
DAY = "2024-06-03"
PEOPLE = ["Ana", "Bo", "Cy", "Di", "Ed"]


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    """Five participants of team Blue on one day, as real result files, and the CLI's report of them."""
    from sre_org_playbook.report.command import load_specs

    base = tmp_path_factory.mktemp("workshop")
    specs = load_specs(ROOT)
    rng = random.Random(5)
    files = [scored(base / "results", f"blue-{who.lower()}.json",
                    answers_doc(specs[OM], f"Blue / {who}", DAY, leaning_answers(specs[OM], rng, rng.random())))
             for who in PEOPLE]

    def latest(paths):
        done = run_cli("--root", str(ROOT), "report", *map(str, paths), "--format", "json", cwd=base)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["questionnaires"][0]["teams"][0]["latest"]

    return {"base": base, "files": files, "spec": specs[OM], "all": latest(files), "four": latest(files[1:])}


def open_page(page: Page, site_url: str) -> list:
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + URL)
    expect(page.locator(".pb-rollup-app")).to_be_visible()
    return errors


def share_links(page: Page, site_url: str, docs: list[dict]) -> list[str]:
    """Share links made by the questionnaire page's own encoder (assets/assessment/answers.js)."""
    return page.evaluate("""async ([base, docs]) => {
      const { encodeShare } = await import(base + "/assets/assessment/answers.js");
      const spec = await (await fetch(base + "/assessments/organisational-maturity.json")).json();
      return docs.map((d) => base + "/assessments/organisational-maturity/#" + encodeShare(spec, d.answers, d.respondent, d.date));
    }""", [site_url, docs])


def combined_download(page: Page, tmp_path: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the combined answers").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_five_participants_combine_as_the_report_does(page: Page, site_url, workshop, tmp_path):
    errors = open_page(page, site_url)
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in workshop["files"]]
    # Three by share link, two as files.
    page.fill("#pb-links", "\n".join(share_links(page, site_url, docs[:3])))
    page.get_by_role("button", name="Add links").click()
    page.set_input_files("#pb-files", [str(p) for p in workshop["files"][3:]])
    expect(page.locator(".pb-status")).to_have_text("5 participants.")
    expect(page.locator(".pb-people > ul > li")).to_have_count(5)
    expected = workshop["all"]
    path = combined_download(page, tmp_path)
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept["answers"] == expected["answers"]
    assert kept["respondent"] == "Blue" and kept["date"] == DAY
    # `playbook score` reads the file back, and its result is the report's for the workshop.
    code, out, err = cli(["score", str(path), "--format", "json"])
    assert code == 0, err
    result = json.loads(out)["result"]
    assert result["phase"] == expected["phase"] and result["overall"]["percent"] == expected["overall"]
    assert {d["id"]: d["percent"] for d in result["dimensions"]} == expected["dimensions"]
    # The questions far apart are the report's disagreements.
    far = page.locator(".pb-wq.pb-disputed")
    assert sorted(far.evaluate_all("els => els.map((e) => e.dataset.question)")) == \
        sorted(d["question"] for d in expected["disagreements"])
    # Who chose what, for a disputed question: the names are the report's.
    if expected["disagreements"]:
        d = expected["disagreements"][0]
        block = page.locator(f".pb-wq[data-question='{d['question']}']")
        for a in d["answers"]:
            expect(block.locator("tr", has_text=a["options"][0]).first).to_contain_text(a["respondent"])
    # The combined phase and scores shown are the report's.
    expect(page.locator(".pb-summary")).to_contain_text(expected["phase_title"])
    scores = page.locator("table.pb-scores tbody td").all_inner_texts()
    assert [s.replace("▼", "").replace("(gap)", "").strip() for s in scores] == \
        [str(v) for v in expected["dimensions"].values()] + [str(expected["overall"])]
    assert not errors


def test_removing_a_participant_recombines(page: Page, site_url, workshop, tmp_path):
    open_page(page, site_url)
    page.set_input_files("#pb-files", [str(p) for p in workshop["files"]])
    expect(page.locator(".pb-people > ul > li")).to_have_count(5)
    page.get_by_role("button", name="Remove Ana").click()
    expect(page.locator(".pb-people > ul > li")).to_have_count(4)
    kept = json.loads(combined_download(page, tmp_path).read_text(encoding="utf-8"))
    assert kept["answers"] == workshop["four"]["answers"]


def test_csv_of_the_workshop(page: Page, site_url, workshop, tmp_path):
    open_page(page, site_url)
    page.set_input_files("#pb-files", [str(p) for p in workshop["files"]])
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the workshop as CSV").click()
    target = tmp_path / "w.csv"
    info.value.save_as(target)
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    # The combined rows are byte for byte the CLI's report of the same files; each participant's follow the layout.
    done = run_cli("--root", str(ROOT), "report", *map(str, workshop["files"]), "--format", "csv", cwd=workshop["base"])
    expected = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"), newline="")))
    assert [r for r in rows if r["source"] == "workshop"] == expected
    assert [r["respondent"] for r in rows if r["source"] == "participant" and r["kind"] == "overall"] == PEOPLE


def test_hostile_inputs_give_a_notice_and_no_markup(page: Page, site_url, workshop, tmp_path):
    errors = open_page(page, site_url)
    doc = json.loads(workshop["files"][0].read_text(encoding="utf-8"))
    files = {
        "evil<img src=x onerror=alert(1)>.json": json.dumps({**doc, "respondent": EVIL}),
        "not-json.json": "<script>alert(1)</script>",
        "huge.json": json.dumps({**doc, "respondent": "Huge", "pad": "x" * 300_000}),
        "picture.png": "\x89PNG binary",
        "other.json": json.dumps({**doc, "questionnaire": "model-fit"}),
    }
    paths = []
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    page.set_input_files("#pb-files", paths)
    page.fill("#pb-links", "https://example.org/not-a-share-link\nhttps://x/#q=organisational-maturity&a=<b>x</b>")
    page.get_by_role("button", name="Add links").click()
    expect(page.locator(".pb-people > ul > li")).to_have_count(1)           # only the evil-named, valid file
    bad = page.locator(".pb-badlist li")
    expect(bad).to_have_count(6)
    text = page.locator(".pb-badlist").inner_text()
    for words in ("not-json.json", "too large", "picture.png", "other.json", "not a share link", "not a question id"):
        assert words in text, words
    expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first).to_be_visible()
    assert page.locator(".pb-rollup-app img, .pb-rollup-app script, .pb-rollup-app b").count() == 0
    assert not errors


def test_keyboard_only(page: Page, site_url, workshop):
    open_page(page, site_url)
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in workshop["files"]]
    links = share_links(page, site_url, docs)
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "pb-links":
            break
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.insert_text("\n".join(links))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Add links"
    page.keyboard.press("Enter")
    expect(page.locator(".pb-people > ul > li")).to_have_count(5)
    # Remove is a real button, reached and pressed from the keyboard.
    remove = page.get_by_role("button", name="Remove Bo")
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".pb-people > ul > li")).to_have_count(4)
    # The pressed button is gone; the keyboard is left on the status that says what happened.
    assert page.evaluate("document.activeElement.classList.contains('pb-status')")
    expect(page.locator(".pb-status")).to_contain_text("4 participants")


def test_390px_and_print(browser, site_url, workshop):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + URL)
    page.set_input_files("#pb-files", [str(p) for p in workshop["files"]])
    expect(page.locator(".pb-people > ul > li")).to_have_count(5)
    page.evaluate(SCROLLED)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.emulate_media(media="print")
    expect(page.locator(".pb-summary")).to_be_visible()
    expect(page.locator(".pb-paste")).to_be_hidden()
    expect(page.locator(".pb-remove").first).to_be_hidden()
    page.close()


def test_axe_clean_in_light_and_dark(browser, site_url, workshop):
    found = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(site_url + URL)
        page.set_input_files("#pb-files", [str(p) for p in workshop["files"]])
        expect(page.locator(".pb-people > ul > li")).to_have_count(5)
        if problems := serious_violations(page):
            found[scheme] = problems
        page.close()
    assert not found, found


def test_evidence_notes_are_shown_per_question_as_text(page: Page, site_url, workshop, tmp_path):
    errors = open_page(page, site_url)
    paths = []
    for n, (path, note) in enumerate(zip(workshop["files"][:2], ["<img src=x onerror=alert(1)> see the runbook",
                                                                  "**SLOs** exist for checkout only"])):
        doc = json.loads(path.read_text(encoding="utf-8"))
        qid = next(iter(doc["answers"]))
        doc["evidence"] = {qid: note}
        doc.pop("result")
        (tmp_path / path.name).write_text(json.dumps(doc), encoding="utf-8")
        paths.append(str(tmp_path / path.name))
    page.set_input_files("#pb-files", paths)
    expect(page.locator(".pb-people > ul > li")).to_have_count(2)
    notes = page.locator(".pb-notes li")
    expect(notes).to_have_count(2)
    assert notes.all_inner_texts() == ["Ana: <img src=x onerror=alert(1)> see the runbook", "Bo: **SLOs** exist for checkout only"]
    assert page.locator(".pb-notes img, .pb-notes strong + strong").count() == 0
    assert not errors
