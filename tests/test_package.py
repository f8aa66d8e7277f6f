"""The package as a new user gets it: the wheel built from the sdist, installed into a fresh venv
outside the repository, a playbook started with `init`, validated, extended, built on both
engines, scored and its site fetched over HTTP."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from conftest import ROOT, serve_folder
from test_lock import uv

ANSWERS = """\
questionnaire: team-readiness
version: 1
answers:
  slos: none
  pager: team
"""


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """An sdist and the wheel built from it (uv build: PEP 517, as `python -m build` does)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([uv(), "build", "--out-dir", str(out), str(ROOT)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def venv(dist, tmp_path_factory) -> Path:
    """A fresh venv outside the repository with the wheel and both engines, at the locked versions."""
    where = tmp_path_factory.mktemp("fresh")
    assert ROOT not in where.parents
    pins = subprocess.run([uv(), "export", "--frozen", "--all-extras", "--no-hashes", "--no-emit-project",
                           "--project", str(ROOT)], capture_output=True, text=True, timeout=300)
    assert pins.returncode == 0, pins.stderr
    (where / "pins.txt").write_text(pins.stdout, encoding="utf-8")
    made = subprocess.run([uv(), "venv", "--python", sys.executable, str(where / "venv")],
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    wheel = next(dist.glob("*.whl"))
    done = subprocess.run([uv(), "pip", "install", "--python", str(where / "venv" / "bin" / "python"),
                           "-c", str(where / "pins.txt"), f"{wheel}[zensical]"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return where / "venv"


def playbook(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed `playbook` command, with nothing of the repository on its path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(NO_COLOR="1", PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return subprocess.run([str(venv / "bin" / "playbook"), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=900)


def test_the_wheel_carries_templates_config_starter_and_the_shipped_playbook(dist):
    wheel = zipfile.ZipFile(next(dist.glob("*.whl")))
    names = set(wheel.namelist())
    package = "sre_org_playbook"  # the import package (its source folder is generator/)
    for required in ("site_templates/config.yml", "site_templates/pages/home.md.j2",
                     "site_templates/overrides/main.html", "site_templates/assets/assessment/engine.js",
                     "starter/mkdocs.yml", "starter/assessments/team-readiness.yaml",
                     "playbook/assessments/organisational-maturity.yaml", "playbook/content/tags/all.yaml"):
        assert f"{package}/{required}" in names, required
    shipped = sum(1 for n in names if n.startswith(f"{package}/playbook/content/") and n.endswith(".yaml"))
    assert shipped == sum(1 for _ in (ROOT / "content").rglob("*.yaml"))
    drawings = {n.rsplit("/", 1)[1] for n in names if n.startswith(f"{package}/playbook/content/diagrams/")}
    assert drawings == {p.name for p in (ROOT / "content" / "diagrams").glob("*.svg")}  # `playbook diagrams`
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/")) or "/__pycache__/" in n]
    meta = Parser().parsestr(wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode())
    assert meta["Name"] == "sre-org-playbook" and meta["Version"]
    assert any(r.startswith("mkdocs-material") for r in meta.get_all("Requires-Dist"))
    assert "zensical" in meta.get_all("Provides-Extra")
    assert next(dist.glob("*.tar.gz")).stat().st_size > 0


def test_a_new_user_starts_validates_extends_builds_and_scores_a_playbook(venv, tmp_path):
    started = playbook(venv, "init", "mine", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    mine = tmp_path / "mine"
    assert (mine / "mkdocs.yml").is_file() and (mine / "overrides" / "theme").is_dir()

    # From a folder inside the playbook: found upward.
    checked = playbook(venv, "validate", cwd=mine / "content" / "models")
    assert checked.returncode == 0 and "1 questionnaires" in checked.stderr, checked.stderr
    added = playbook(venv, "new", "patterns", "weekly-review", cwd=mine)
    assert added.returncode == 0, added.stderr
    assert playbook(venv, "validate", cwd=mine).returncode == 0

    before = snapshot(mine)
    built = playbook(venv, "build", cwd=mine)
    assert built.returncode == 0, built.stderr
    assert snapshot(mine) == before  # a build writes build/ and site/ only
    assert "# Written by `playbook build`" in (mine / "build" / "mkdocs.yml").read_text(encoding="utf-8")
    zensical = playbook(venv, "build", "--engine", "zensical", "--site-dir", "site-z", cwd=mine)
    assert zensical.returncode == 0, zensical.stderr

    for site, search in (("site", "search/search_index.json"), ("site-z", "search.json")):
        with serve_folder(mine / site) as url:
            home = fetch(url + "/")
            assert "<title>Our SRE Playbook" in home and "Team reliability check" in home
            assert "Weekly review" in fetch(url + "/patterns/weekly-review/")
            assert "Team reliability check" in fetch(url + "/assessments/team-readiness/")
            assert "Weekly review" in fetch(url + "/" + search)
            assert fetch(url + "/assets/assessment/engine.js")

    (tmp_path / "answers.yaml").write_text(ANSWERS, encoding="utf-8")
    scored = playbook(venv, "score", str(tmp_path / "answers.yaml"), cwd=mine)
    assert scored.returncode == 0 and "Starting" in scored.stdout, scored.stdout + scored.stderr


def test_outside_any_playbook_score_uses_the_shipped_questionnaires_and_build_says_there_is_none(venv, tmp_path):
    answers = tmp_path / "answers.yaml"
    shutil.copy(ROOT / "tests" / "scenarios" / "greenfield-highest-targets.yaml", answers)
    scored = playbook(venv, "score", str(answers), cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    assert scored.stdout.strip()
    built = playbook(venv, "build", cwd=tmp_path)
    assert built.returncode == 1 and "Traceback" not in built.stderr
    assert "no playbook here" in built.stderr and "playbook init" in built.stderr


def test_init_full_starts_from_the_complete_playbook(venv, tmp_path):
    started = playbook(venv, "init", "--full", "org", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    assert {p.name for p in (tmp_path / "org" / "assessments").glob("*.yaml")} == \
        {p.name for p in (ROOT / "assessments").glob("*.yaml")}
    checked = playbook(venv, "validate", cwd=tmp_path / "org")
    assert checked.returncode == 0 and "4 questionnaires" in checked.stderr, checked.stderr


def test_reinstalling_the_package_leaves_a_playbook_alone(venv, dist, tmp_path):
    assert playbook(venv, "init", "mine", cwd=tmp_path).returncode == 0
    edited = tmp_path / "mine" / "overrides" / "pages" / "home.md.j2"
    edited.write_text("# Our own home page\n", encoding="utf-8")
    before = snapshot(tmp_path / "mine")
    again = subprocess.run([uv(), "pip", "install", "--python", str(venv / "bin" / "python"), "--reinstall",
                            "--no-deps", str(next(dist.glob("*.whl")))], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert snapshot(tmp_path / "mine") == before
    assert playbook(venv, "build", cwd=tmp_path / "mine").returncode == 0
    assert "Our own home page" in (tmp_path / "mine" / "site" / "index.html").read_text(encoding="utf-8")


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a playbook outside its outputs, by content hash."""
    outputs = {"build", "site", "site-z"}
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] not in outputs}


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")
