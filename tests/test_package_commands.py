"""Starting and finding a playbook, `new` files that validate as written, and the engine config
the generator writes (merged settings, the nav, per-engine adjustments, clean errors)."""
from __future__ import annotations

import os

import pytest
import yaml

from conftest import ROOT
from sre_org_playbook import cli
from sre_org_playbook.engines import mkdocs as mkdocs_engine, zensical
from sre_org_playbook.engines.config import _Loader, engine_config
from sre_org_playbook.kinds import KINDS
from sre_org_playbook.pipeline import Project, engine_files, generate


def run(*args: str, cwd=None, capsys) -> tuple[int, str]:
    """`playbook ARGS` in this process, from `cwd`; its exit status and messages."""
    here = os.getcwd()
    os.chdir(cwd or here)
    try:
        code = cli.main(list(args))
    finally:
        os.chdir(here)
    captured = capsys.readouterr()
    return code, captured.err + captured.out


@pytest.fixture
def started(tmp_path, capsys):
    """A playbook started with `playbook init`."""
    code, out = run("init", str(tmp_path / "mine"), capsys=capsys)
    assert code == 0, out
    return tmp_path / "mine"


def test_init_writes_config_examples_overrides_and_schemas_that_validate(started, capsys):
    kinds = {p.name for p in (started / "content").iterdir()} - {"diagrams"}
    assert kinds == set(KINDS), "one example of each kind"
    # The example diagram comes with its stored drawing (`playbook diagrams`), so no warning.
    assert [p.suffix for p in (started / "content" / "diagrams").iterdir()] == [".svg"]
    assert (started / "mkdocs.yml").is_file() and (started / "assessments" / "team-readiness.yaml").is_file()
    assert {p.name for p in (started / "overrides").iterdir()} >= {"pages", "assets", "theme", "README.md"}
    assert (started / "schemas" / "models.schema.json").is_file()  # the files' modelines name these
    code, out = run("validate", cwd=started, capsys=capsys)
    assert code == 0 and "1 questionnaires" in out, out


@pytest.mark.parametrize("what", ["a file", "a non-empty folder"])
def test_init_writes_only_into_a_new_or_empty_folder(tmp_path, capsys, what):
    target = tmp_path / "here"
    if what == "a file":
        target.write_text("x")
    else:
        target.mkdir()
        (target / "notes.txt").write_text("mine")
    code, out = run("init", str(target), capsys=capsys)
    assert code == 1 and "init writes only into a new or empty folder" in out and "Traceback" not in out
    assert (target.read_text() == "x") if what == "a file" else [p.name for p in target.iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("base", ["empty", "starter"])
def test_new_writes_a_file_that_validates_as_written(tmp_path, capsys, kind, base):
    root = tmp_path / "p"
    if base == "empty":
        root.mkdir()
        (root / "mkdocs.yml").write_text("site_name: Mine\n")
    else:
        assert run("init", str(root), capsys=capsys)[0] == 0
    code, out = run("new", kind, "my-entry", cwd=root, capsys=capsys)
    assert code == 0, out
    written = (root / "content" / kind / "my-entry.yaml").read_text(encoding="utf-8")
    assert "/todo" not in written
    code, out = run("validate", cwd=root, capsys=capsys)
    assert code == 0, out


def test_every_command_finds_the_playbook_upward_or_says_there_is_none(started, tmp_path, capsys):
    code, out = run("validate", cwd=started / "content" / "models", capsys=capsys)
    assert code == 0, out
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for command in (["validate"], ["build"], ["serve"], ["new", "models", "x"], ["report", "r.json"]):
        code, out = run(*command, cwd=elsewhere, capsys=capsys)
        assert code == 1 and "no playbook here" in out and "playbook init" in out, (command, out)
        assert "Traceback" not in out
    code, out = run("--root", str(elsewhere), "validate", capsys=capsys)
    assert code == 1 and f"{elsewhere} is not a playbook" in out
    code, out = run("--root", str(started), "validate", cwd=elsewhere, capsys=capsys)
    assert code == 0, out


def test_score_without_questionnaires_of_ones_own_uses_the_shipped_ones(tmp_path, capsys):
    answers = ROOT / "tests" / "scenarios" / "greenfield-highest-targets.yaml"
    code, out = run("score", str(answers), "--format", "json", cwd=tmp_path, capsys=capsys)
    assert code == 0, out
    assert '"questionnaire": "' in out


def test_the_engine_config_is_the_defaults_with_the_playbooks_settings_paths_and_nav(started):
    (started / "mkdocs.yml").write_text(
        "site_name: Ours\ntheme:\n  palette: {primary: teal}\nextra:\n  team: sre\n", encoding="utf-8")
    project = Project.at(started)
    rendered = generate(project)
    files, text = engine_files(project, rendered)
    config = yaml.load(text, Loader=_Loader)
    assert text.startswith("# Written by `playbook build`")
    assert config["site_name"] == "Ours" and config["extra"] == {"team": "sre"}
    assert config["theme"]["palette"] == {"primary": "teal"}
    assert "navigation.tabs" in config["theme"]["features"]  # merged, not replaced
    assert config["nav"] == rendered.nav and "hooks" not in config
    assert (config["docs_dir"], config["site_dir"], config["theme"]["custom_dir"]) == ("docs", "site", "docs/.theme")
    assert ".theme/main.html" in files and ".theme/partials/search.html" in files
    superfences = next(e for e in config["markdown_extensions"] if isinstance(e, dict) and "pymdownx.superfences" in e)
    assert "!!python/name:pymdownx.superfences.fence_code_format" in text and superfences


def test_zensical_gets_the_classic_look_and_no_mkdocs_only_search_override(started):
    project = Project.at(started, engine="zensical")
    files, text = engine_files(project, generate(project))
    assert yaml.load(text, Loader=_Loader)["theme"]["variant"] == "classic"
    assert ".theme/main.html" in files and ".theme/partials/search.html" not in files
    assert mkdocs_engine.adjust({"theme": {"name": "material"}}) == {"theme": {"name": "material"}}


def test_the_playbooks_theme_and_template_overrides_win(started):
    (started / "overrides" / "theme" / "main.html").write_text("{% extends 'base.html' %}\n", encoding="utf-8")
    (started / "overrides" / "assets" / "playbook.css").write_text("/* ours */\n", encoding="utf-8")
    project = Project.at(started)
    files, _ = engine_files(project, generate(project))
    assert files[".theme/main.html"] == b"{% extends 'base.html' %}\n"
    assert files["assets/playbook.css"] == b"/* ours */\n"
    assert files["assets/assessment/engine.js"]  # the packaged ones beside them


@pytest.mark.parametrize("text,line,field,message", [
    ("site_name: X\nnav:\n  - Home: index.md\n", 2, "nav", "written by playbook itself"),
    ("site_name: X\ntheme:\n  custom_dir: mine\n", 3, "theme.custom_dir", "overrides/theme/"),
    ("site_name: X\nhooks: [h.py]\n", 2, "hooks", "written by playbook itself"),
    ("site_name: [unclosed\n", 2, "config", "not valid YAML"),
    ("- a list\n", 1, "config", "must be a mapping"),
])
def test_a_bad_playbook_yml_is_a_problem_line(started, capsys, text, line, field, message):
    (started / "mkdocs.yml").write_text(text, encoding="utf-8")
    code, out = run("build", cwd=started, capsys=capsys)
    assert code == 1 and "Traceback" not in out
    assert f"mkdocs.yml:{line}: {field}: " in out and message in out, out


def test_the_engine_config_reads_mkdocs_yml_format_python_names(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8")
    config = engine_config(tmp_path / "mkdocs.yml", [])
    assert config["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"] == "material.extensions.emoji.twemoji"


ZENSICAL_REPORT = """Build started
\x1b[33mWarning:\x1b[0m page does not exist
    ╭─[ concepts/error-budgets.md:17:24 ]
    │
 17 │ See [the missing page](../nope/missing.md).
    │                        ─────────┬────────
    │                                 ╰────────── page does not exist
────╯
1 issue found
Traceback (most recent call last):
  File "zensical/main.py", line 81, in execute_build
    build(os.path.abspath(config_file), kwargs)
RuntimeError: Aborted because --strict flag is set
"""


def test_zensicals_report_becomes_one_line_per_problem():
    assert zensical.problem_lines(ZENSICAL_REPORT) == [
        "concepts/error-budgets.md:17:24: page does not exist: See [the missing page](../nope/missing.md).",
        "Aborted because --strict flag is set"]


def test_a_build_never_replaces_an_engine_config_it_did_not_write(started, capsys):
    theirs = started / "build" / "mkdocs.yml"
    theirs.parent.mkdir()
    theirs.write_text("site_name: somebody else's\n", encoding="utf-8")
    code, out = run("build", cwd=started, capsys=capsys)
    assert code == 1 and "refusing to replace" in out and "playbook did not write it" in out
    assert theirs.read_text(encoding="utf-8") == "site_name: somebody else's\n"
    assert not (started / "site").exists()
