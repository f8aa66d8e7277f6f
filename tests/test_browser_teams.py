"""Compare teams in the browser (assessments/teams/): forty teams' real result files dropped as a
folder give exactly the report `playbook report --format json` prints for the same folder; the
heatmap shows those numbers; hostile files are left out as text, with the CLI's reasons; keyboard,
390 px, print and axe in light and dark."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import ROOT, SCROLLED, run_cli, serious_violations
from test_report import EVIL, MF, OM, cli, leaning_answers

URL = "/assessments/teams/"
TEAMS = 40
SEED = 1919


def scored(folder: Path, name: str, doc: dict) -> Path:
    """A result file exactly as `playbook score --format json` writes it for these answers."""
    answers = folder.parent / "answers" / (name + ".json")
    answers.parent.mkdir(parents=True, exist_ok=True)
    answers.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = cli(["score", str(answers), "--format", "json"])
    assert code == 0, err
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out, encoding="utf-8")
    return path


def answers_doc(spec: dict, respondent: str, date: str | None, answers: dict) -> dict:
    return {"questionnaire": spec["id"], "version": spec["version"], "spec_hash": spec["spec_hash"],
            "respondent": respondent, "date": date, "answers": answers}


def make_teams(folder: Path, specs: dict) -> dict:
    """Forty teams (some with history, some as workshops), five of another questionnaire, and
    hostile files; returns {'good': [paths], 'bad': {name: words of the reason}}."""
    rng = random.Random(SEED)
    om, good = specs[OM], []
    for i in range(1, TEAMS + 1):
        team = EVIL if i == 7 else f"Team {i:02d}"
        days = ["2024-05-01", "2023-05-01", "2022-05-01"][: 1 + (i % 3 if i <= 12 else 0)]
        for day in days:
            level = rng.random()
            people = ["Ana", "Bo", "Cy"] if 13 <= i <= 16 else [None]
            for who in people:
                name = f"om/team-{i:02d}-{day}{'-' + who.lower() if who else ''}.json"
                respondent = f"{team} / {who}" if who else team
                good.append(scored(folder, name, answers_doc(om, respondent, day, leaning_answers(om, rng, level))))
    for i in range(1, 6):
        good.append(scored(folder, f"fit/team-{i:02d}.json",
                           answers_doc(specs[MF], f"Team {i:02d}", "2024-04-01", leaning_answers(specs[MF], rng, 0.5))))
    sample = json.loads(good[0].read_text(encoding="utf-8"))
    bad = {
        "not-json.json": ("<b>not JSON</b>", "syntax"),
        "image.json": (b"\x89PNG\r\n\x1a\n\x00\x00binary", "UTF-8"),
        "list.json": ("[1, 2, 3]", "expected"),
        "huge.json": (json.dumps({**sample, "respondent": "Huge", "pad": "x" * 300_000}), "too large"),
        "unknown.json": (json.dumps({**sample, "questionnaire": "<script>alert(1)</script>"}), "questionnaire"),
        "older.json": (json.dumps({**sample, "respondent": "Older", "version": 0}), "--include-older"),
        "copy.json": (json.dumps(sample), "duplicate of"),
    }
    for name, (content, _) in bad.items():
        path = folder / "zz-bad" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    (folder / "zz-bad" / "readme.txt").write_text("not a result file", encoding="utf-8")  # skipped, as by the CLI
    return {"good": good, "bad": {k: v[1] for k, v in bad.items()}}


@pytest.fixture(scope="module")
def teams(tmp_path_factory):
    from sre_org_playbook.report.command import load_specs

    base = tmp_path_factory.mktemp("teams")
    made = make_teams(base / "results", load_specs(ROOT))
    targets = base / "targets.json"   # the browser reads targets written as JSON; the CLI reads them too
    targets.write_text(json.dumps({"default": {OM: "practice-without-reorganisation"},
                                   "teams": {"Team 01": {OM: "partner-enabler"}, "Nobody": {OM: "grassroots-experiments"}}},
                                  indent=1), encoding="utf-8")
    # Run from the folder's parent, so that the CLI names files as the browser does: results/…
    done = run_cli("--root", str(ROOT), "report", "results", "--format", "json", cwd=base)
    assert done.returncode == 1, done.stderr   # some files are left out
    with_targets = run_cli("--root", str(ROOT), "report", "results", "--targets", "targets.json", "--format", "json", cwd=base)
    return {"base": base, "folder": base / "results", "targets": targets, **made,
            "report": json.loads(done.stdout), "report_targets": json.loads(with_targets.stdout)}


def difference(a, b, at: str = "report") -> str | None:
    """Where two JSON values first differ, for a readable failure; None when equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{at}: keys {list(a)} != {list(b)}"
        return next((d for k in a if (d := difference(a[k], b[k], f"{at}.{k}"))), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{at}: {len(a)} items != {len(b)}"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := difference(x, y, f"{at}[{i}]"))), None)
    return None if a == b and type(a) is type(b) else f"{at}: {a!r} != {b!r}"


def same_report(browser_text: str, cli: dict) -> str | None:
    return difference(json.loads(browser_text), cli)


def open_page(page: Page, site_url: str) -> None:
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url + URL)
    expect(page.locator(".pb-rollup-app")).to_be_visible()
    page.errors = errors


def drop_folder(page: Page, teams: dict) -> None:
    page.set_input_files("#pb-folder", str(teams["folder"]))
    expect(page.locator(".pb-status")).to_contain_text("files read")


def downloaded(page: Page, tmp_path: Path, name: str) -> str:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_text(encoding="utf-8")


# --- tests -----------------------------------------------------------------------------------


def test_page_is_generated_linked_and_in_the_nav(built_site):
    page = (built_site / "assessments" / "teams" / "index.html").read_text(encoding="utf-8")
    assert 'class="pb-rollup"' in page and "assets/rollup/page.js" in page and "rollup.css" in page
    assert "Nothing leaves this browser" in page
    for qid in (OM, MF):
        assert f'href="../teams/"' in (built_site / "assessments" / qid / "index.html").read_text(encoding="utf-8")
    index = (built_site / "assessments" / "index.html").read_text(encoding="utf-8")
    assert 'href="teams/"' in index and f'href="{OM}-workshop/"' in index
    # Only these pages load the roll-up modules and styles.
    assert "assets/rollup/page.js" not in (built_site / "assessments" / OM / "index.html").read_text(encoding="utf-8")


def test_forty_teams_give_exactly_the_clis_report(page: Page, site_url, teams, tmp_path):
    open_page(page, site_url)
    drop_folder(page, teams)
    cli_report = teams["report"]
    assert cli_report["teams"] >= TEAMS and cli_report["files"]["left_out"] == len(teams["bad"])
    # Every figure: the page's report is the CLI's, key for key.
    assert same_report(downloaded(page, tmp_path, "Download as JSON"), cli_report) is None
    # … and the heatmap shows its numbers, one row per team, a number in every cell.
    om = next(s for s in cli_report["questionnaires"] if s["id"] == OM)
    table = page.locator("section[data-questionnaire='organisational-maturity'] table.pb-heatmap")
    expect(table.locator("caption")).to_contain_text("scores per team and dimension")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(om["teams"]))
    for i, team in enumerate(om["teams"]):
        cells = [t.replace("▼", "").replace("(gap)", "").strip() for t in rows.nth(i).locator("td").all_inner_texts()]
        e = team["latest"]
        assert cells == [str(e["dimensions"][d["id"]]) for d in om["dimensions"]] + [str(e["overall"]), e["phase_title"] or "none"]
        assert rows.nth(i).locator("th").inner_text().startswith(team["team"][:20])
    # Phase and top-ranked distributions.
    phases = page.locator("section[data-questionnaire='organisational-maturity'] table.pb-phases tbody tr")
    assert [r.locator("td").first.inner_text() for r in phases.all()] == [str(p["count"]) for p in om["phase_distribution"]]
    fit = next(s for s in cli_report["questionnaires"] if s["id"] == MF)
    ranking = page.locator("section[data-questionnaire='model-fit'] table.pb-ranking").first
    expected = [(c["title"], str(c["count"])) for c in fit["ranking_distribution"][0]["candidates"]]
    got = [(r.locator("th").inner_text(), r.locator("td").first.inner_text()) for r in ranking.locator("tbody tr").all()]
    assert got[: len(expected)] == expected
    # History: one row per result of every team, with its date.
    history = page.locator("section[data-questionnaire='organisational-maturity'] table.pb-history tbody tr")
    expect(history).to_have_count(sum(len(t["entries"]) for t in om["teams"]))
    assert "since 2023-05-01" in history.nth(0).inner_text()   # Team 01 has three results
    assert not page.errors


def test_bad_files_are_listed_with_the_clis_reasons_as_text(page: Page, site_url, teams):
    open_page(page, site_url)
    drop_folder(page, teams)
    rows = page.locator("table.pb-left-out tbody tr")
    expect(rows).to_have_count(len(teams["report"]["left_out"]))
    for i, lo in enumerate(teams["report"]["left_out"]):
        assert rows.nth(i).locator("th").inner_text() == lo["path"]
        assert rows.nth(i).locator("li").all_inner_texts() == [f"line {p['line']}: {p['field']}: {p['message']}"
                                                               for p in lo["problems"]]
    for name, words in teams["bad"].items():
        assert words in page.locator("table.pb-left-out tr", has_text=name).inner_text(), name
    # The hostile names and contents were shown as text: no element was made from them.
    assert page.locator("img[src='x'], script:text('alert(1)'), #y, b:text('not JSON')").count() == 0
    expect(page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first).to_be_visible()
    assert "readme.txt" not in page.locator(".pb-out").inner_text()   # not a result file: skipped in a folder


def test_dropped_files_are_read_like_chosen_ones(page: Page, site_url, teams):
    open_page(page, site_url)
    chosen = teams["good"][:3]
    files = [{"name": p.name, "text": p.read_text(encoding="utf-8")} for p in chosen]
    page.evaluate("""(files) => {
      const data = new DataTransfer();
      for (const f of files) data.items.add(new File([f.text], f.name, { type: "application/json" }));
      const zone = document.querySelector(".pb-drop");
      zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
    }""", files)
    expect(page.locator(".pb-status")).to_have_text("3 files read: 3 used, 0 left out.")
    expect(page.locator("table.pb-heatmap tbody tr")).to_have_count(len({json.loads(f["text"])["respondent"] for f in files}))


def test_targets_file_adds_each_teams_target(page: Page, site_url, teams, tmp_path):
    open_page(page, site_url)
    page.set_input_files("#pb-targets", str(teams["targets"]))
    drop_folder(page, teams)
    report = teams["report_targets"]
    assert same_report(downloaded(page, tmp_path, "Download as JSON"), report) is None
    om = next(s for s in report["questionnaires"] if s["id"] == OM)
    t = om["targets"]
    expect(page.locator(f"section[data-questionnaire='{OM}'] > p").first).to_contain_text(
        f"targets: {t['reached']} reached, {t['below']} below target, {t['without']} without a target")
    expect(page.locator(".pb-out")).to_contain_text("Nobody")   # the warning about a team without results


def test_csv_download_is_the_reports_csv(page: Page, site_url, teams, tmp_path):
    open_page(page, site_url)
    drop_folder(page, teams)
    text = downloaded(page, tmp_path, "Download as CSV")
    done = run_cli("--root", str(ROOT), "report", "results", "--format", "csv", cwd=teams["base"])
    assert text == done.stdout


def test_keyboard_only(page: Page, site_url, teams):
    open_page(page, site_url)
    # The choosers are reached with Tab (after the site's header and navigation), in order.
    active = "document.activeElement.id || document.activeElement.textContent.trim()"
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate(active) == "pb-files":
            break
    seen = ["pb-files"]
    for _ in range(2):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(active))
    assert seen == ["pb-files", "pb-folder", "pb-targets"], seen
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    drop_folder(page, teams)
    # The heatmap's scroll region is reachable by keyboard and scrolls with the arrow keys.
    region = page.locator("section[data-questionnaire='organisational-maturity'] .pb-wrap").first
    region.focus()
    assert region.evaluate("e => e === document.activeElement && e.tabIndex === 0")
    # Clear all, from the keyboard: the page is empty again and the keyboard stays on its status.
    page.get_by_role("button", name="Clear all").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".pb-status")).to_have_text("No files added yet.")
    assert page.evaluate("document.activeElement.classList.contains('pb-status')")
    expect(page.locator("table.pb-heatmap")).to_have_count(0)


def test_390px_scrolls_only_the_tables_and_prints(browser, site_url, teams):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site_url + URL)
    drop_folder(page, teams)
    page.evaluate(SCROLLED)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.locator("section[data-questionnaire='organisational-maturity'] .pb-wrap").first
    assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
    page.emulate_media(media="print")
    expect(page.locator("table.pb-heatmap").first).to_be_visible()
    expect(page.locator(".pb-drop")).to_be_hidden()
    page.close()


def test_axe_clean_in_light_and_dark(browser, site_url, teams):
    found = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(color_scheme=scheme)
        page.goto(site_url + URL)
        drop_folder(page, teams)
        if problems := serious_violations(page):
            found[scheme] = problems
        page.close()
    assert not found, found
