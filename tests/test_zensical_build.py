"""`playbook build --engine zensical` end to end on a started playbook: the site, the config it
leaves beside the docs, and a strict-mode failure reported as clean problem lines."""
from __future__ import annotations

from test_package_commands import run, started  # noqa: F401  (a fixture: a playbook from `playbook init`)


def test_a_zensical_build_publishes_the_site_and_leaves_its_config(started, capsys):
    code, out = run("build", "--engine", "zensical", cwd=started, capsys=capsys)
    assert code == 0, out
    site = started / "site"
    assert (site / "index.html").is_file() and (site / "search.json").is_file()
    assert (site / "assessments" / "team-readiness" / "index.html").is_file()
    assert not list(site.rglob(".theme")) and not (site / ".nav.json").exists()  # engine inputs stay out
    config = (started / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "variant: classic" in config and "nav:" in config


def test_a_strict_failure_is_clean_problem_lines_and_keeps_the_previous_site(started, capsys):
    assert run("build", "--engine", "zensical", cwd=started, capsys=capsys)[0] == 0
    before = (started / "site" / "index.html").read_bytes()
    concept = started / "content" / "concepts" / "error-budgets.yaml"
    concept.write_text(concept.read_text(encoding="utf-8") + "body: See [the missing page](../nope/missing.md).\n",
                       encoding="utf-8")
    code, out = run("build", "--engine", "zensical", cwd=started, capsys=capsys)
    assert code == 1 and "Traceback" not in out and "╭" not in out
    assert "zensical: concepts/error-budgets.md:" in out and "page does not exist" in out, out
    assert "previous site is unchanged" in out
    assert (started / "site" / "index.html").read_bytes() == before


def test_serve_with_zensical_regenerates_on_a_yaml_save_and_reports_a_broken_one(started):
    import os
    import subprocess
    import sys
    import time

    from conftest import ROOT
    from test_foundation_serve import fetch, free_port, wait_for

    port = free_port()
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "sre_org_playbook", "serve", "--engine", "zensical",
                               "--dev-addr", f"127.0.0.1:{port}"], cwd=started, env=env,
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}/concepts/error-budgets/"
    concept = started / "content" / "concepts" / "error-budgets.yaml"
    try:
        assert "while it lasts, teams ship" in wait_for(lambda: fetch(url), timeout=120)
        concept.write_text(concept.read_text(encoding="utf-8").replace("summary:", "summry:"), encoding="utf-8")
        time.sleep(2)
        assert "while it lasts, teams ship" in fetch(url)  # the last good page stays
        concept.write_text(concept.read_text(encoding="utf-8").replace("summry:", "summary:")
                           .replace("teams ship", "teams ship features"), encoding="utf-8")
        assert wait_for(lambda: "teams ship features" in fetch(url), timeout=120)
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "content/concepts/error-budgets.yaml:" in stderr and "summry" in stderr, stderr
    assert "Traceback" not in stderr
