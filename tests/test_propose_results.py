""""Propose this result to the organisation's results folder" (#19 point 6).

When the playbook's mkdocs.yml names its repository (`repo_url`) and a results folder
(`extra.playbook.results_folder`, branch `extra.playbook.results_branch`, default main), the
result's Share-and-keep area links to the hosting service's new-file page with the answers file
filled in (GitHub's or GitLab's query parameters); without the setting there is no such link, a bad
setting is an error that names the setting, and a file too long for a link is not proposed.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import expect

from conftest import ROOT, run_cli, serve_folder
from sre_org_playbook.assessments.pages import results_target
from sre_org_playbook.problems import ProblemsFound


def target(settings: dict, tmp_path: Path, text: str = ""):
    config = tmp_path / "mkdocs.yml"
    config.write_text(text or yaml.safe_dump(settings), encoding="utf-8")
    return results_target(settings, config)


def test_github_and_gitlab_new_file_pages(tmp_path):
    gh = target({"repo_url": "https://github.com/org/playbook/", "extra": {"playbook": {"results_folder": "results/"}}}, tmp_path)
    assert gh == {"kind": "github", "url": "https://github.com/org/playbook/new/main/results", "name": "filename",
                  "content": "value"}
    gl = target({"repo_url": "https://gitlab.example.org/sre/playbook.git",
                 "extra": {"playbook": {"results_folder": "/team/results", "results_branch": "review"}}}, tmp_path)
    assert gl == {"kind": "gitlab", "url": "https://gitlab.example.org/sre/playbook/-/new/review/team/results",
                  "name": "file_name", "content": "content"}


def test_no_results_folder_no_link(tmp_path):
    assert target({"repo_url": "https://github.com/org/playbook"}, tmp_path) is None
    assert target({"extra": {"analytics": 1}}, tmp_path) is None


@pytest.mark.parametrize("settings, field", [
    ({"extra": {"playbook": {"results_folder": "results/"}}}, "repo_url"),
    ({"repo_url": "javascript:alert(1)", "extra": {"playbook": {"results_folder": "results/"}}}, "repo_url"),
    ({"repo_url": "https://github.com/o/p", "extra": {"playbook": {"results_folder": "../x"}}}, "extra.playbook.results_folder"),
    ({"repo_url": "https://github.com/o/p", "extra": {"playbook": {"results_folder": "r\"><img"}}}, "extra.playbook.results_folder"),
    ({"repo_url": "https://github.com/o/p", "extra": {"playbook": {"results_folder": "r", "results_branch": "a b"}}},
     "extra.playbook.results_branch"),
])
def test_a_bad_setting_is_an_error_naming_it(tmp_path, settings, field):
    with pytest.raises(ProblemsFound) as caught:
        target(settings, tmp_path)
    assert [p.field for p in caught.value.problems] == [field]
    assert caught.value.problems[0].path == "mkdocs.yml"


# --- in the browser -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def proposing_site(tmp_path_factory) -> Path:
    """The starter playbook, built with a GitHub repository and a results folder."""
    from sre_org_playbook.pipeline import Project, build

    root = tmp_path_factory.mktemp("propose")
    project_root = root / "playbook"
    shutil.copytree(ROOT / "starter", project_root)
    config = project_root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: https://github.com/example-org/playbook\n"
                      "extra:\n  playbook:\n    results_folder: results/\n", encoding="utf-8")
    project = Project.at(project_root, docs_dir=root / "docs", site_dir=root / "site")
    build(project)
    return project.site_dir


def test_the_result_proposes_the_answers_file_to_the_results_folder(browser, proposing_site, tmp_path):
    spec = json.loads((proposing_site / "assessments" / "team-readiness.json").read_text(encoding="utf-8"))
    first = spec["sections"][0]["questions"][0]
    with serve_folder(proposing_site) as url:
        page = browser.new_page()
        page.goto(f"{url}/assessments/team-readiness/")
        page.locator("#pb-who").fill("Team <Checkout>")
        page.locator(f"#pb-q-{first['id']}--{first['options'][0]['id']}").check()
        note = page.locator(f"#pb-q-{first['id']}-note")
        page.locator(f"#pb-q-{first['id']} .pb-note summary").click()
        note.fill("runbook: https://wiki.example/x?a=1&b=2")
        note.dispatch_event("change")
        link = page.get_by_role("link", name="Propose this result to the organisation's results folder")
        expect(link).to_be_visible()
        href = link.get_attribute("href")
        parts = urlsplit(href)
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/example-org/playbook/new/main/results"
        query = parse_qs(parts.query)
        assert query["filename"][0].startswith("team-readiness-team-checkout-") and query["filename"][0].endswith(".json")
        doc = json.loads(query["value"][0])
        assert doc["answers"] == {first["id"]: first["options"][0]["id"]}
        assert doc["respondent"] == "Team <Checkout>"
        assert doc["evidence"] == {first["id"]: "runbook: https://wiki.example/x?a=1&b=2"}
        assert "result" not in doc
        # The proposed file is one `playbook score` reads as it is.
        (tmp_path / "proposed.json").write_text(query["value"][0], encoding="utf-8")
        done = run_cli("--root", str(proposing_site.parent / "playbook"), "score", str(tmp_path / "proposed.json"))
        assert done.returncode == 0, done.stderr
        # Too long for a link: no link, and the page says to download instead.
        note.fill("€" * 1000)                                   # nine characters each in a link
        note.dispatch_event("change")
        expect(link).to_be_hidden()
        expect(page.locator(".pb-propose .pb-long")).to_contain_text("download the result")
        page.close()


def test_without_the_setting_there_is_no_proposal(page, site_url):
    page.goto(f"{site_url}/assessments/organisational-maturity/")
    page.locator("#pb-q-slo-coverage--critical").check()
    expect(page.get_by_role("button", name="Keep as milestone")).to_be_visible()
    expect(page.locator(".pb-propose")).to_have_count(0)
