"""A result's CSV download, in real headless Chromium, is the row set `playbook report --format csv`
gives for the same result file: one column layout for the browser and the CLI (#19 point 5)."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from conftest import run_cli

OM = "organisational-maturity"


def downloaded(page: Page, button: str, path):
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    info.value.save_as(path)
    return info.value.suggested_filename


def test_the_result_csv_equals_the_report_csv_of_its_file(browser, site_url, tmp_path):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{site_url}/assessments/{OM}/")
    expect(page.locator(".pb-count")).to_have_text(re.compile(r"\d+ of \d+ answered"))
    page.locator("#pb-who").fill('Checkout / =cmd|"A, B"')     # a team, a person, a formula-like name
    page.locator("#pb-q-slo-coverage--critical").check()
    page.locator("#pb-q-slo-coverage-note").evaluate("e => e.closest('details').open = true")
    page.locator("#pb-q-slo-coverage-note").fill("runbook: https://wiki.example/a,b\nsecond line")
    page.locator("#pb-q-slo-coverage-note").blur()
    folder = tmp_path / "results"
    folder.mkdir()
    json_name = downloaded(page, "Download result (JSON)", folder / "result.json")
    csv_name = downloaded(page, "Download CSV", tmp_path / "result.csv")
    assert json_name.endswith(".json") and csv_name.endswith(".csv") and csv_name[:-4] == json_name[:-5]
    browser_csv = (tmp_path / "result.csv").read_bytes()
    cli = run_cli("report", str(folder), "--out", str(tmp_path / "cli.csv"))
    assert cli.returncode == 0, cli.stderr
    assert browser_csv == (tmp_path / "cli.csv").read_bytes()
    text = browser_csv.decode("utf-8-sig")
    assert "'=cmd" in text and "evidence" in text and "slo-coverage" in text
    context.close()
