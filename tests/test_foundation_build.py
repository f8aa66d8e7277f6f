"""The full strict build, and the rule that a failed build loses nothing."""
from __future__ import annotations

import gc
import os

import pytest

from conftest import ROOT, run_cli, write_project
from sre_org_playbook.output import UnsafeOutput, check_output_path, sync_tree
from sre_org_playbook.pipeline import Project, build, generate
from sre_org_playbook.problems import ProblemsFound


def snapshot(folder):
    """Relative path → bytes of every file under folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_shipped_playbook_builds_in_strict_mode(tmp_path):
    result = run_cli("build", "--docs-dir", str(tmp_path / "docs"), "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "building site (strict)" in result.stderr and "✓ built" in result.stderr
    home = (tmp_path / "site" / "index.html").read_text()
    assert "SRE Org Playbook" in home
    model = (tmp_path / "site" / "models" / "you-build-it-you-run-it" / "index.html").read_text()
    assert "Referenced by" in model and "Who runs" in model
    assert (tmp_path / "site" / "search" / "search_index.json").is_file()
    assert not list(tmp_path.glob(".*staging*")), "staging folders are cleaned up"


def test_failed_build_leaves_previous_site_and_docs_untouched(make_project):
    root = make_project()
    project = Project.at(root)
    build(project)
    before_site, before_docs = snapshot(project.site_dir), snapshot(project.docs_dir)
    assert before_site and before_docs

    # A broken Markdown link passes content validation but fails mkdocs --strict.
    (root / "content" / "models" / "build-run.yaml").write_text(
        (root / "content" / "models" / "build-run.yaml").read_text().replace(
            "summary: Developers run what they build.", "summary: See [nowhere](missing-page.md)."))
    result = run_cli("--root", str(root), "build")
    assert result.returncode == 1
    assert "missing-page.md" in result.stderr and "previous site is unchanged" in result.stderr
    assert snapshot(project.site_dir) == before_site
    assert snapshot(project.docs_dir) == before_docs
    assert not [p for p in root.rglob("*staging*")], "no staging leftovers"


def test_successful_rebuild_replaces_stale_pages(make_project):
    root = make_project()
    project = Project.at(root)
    build(project)
    (root / "content" / "models" / "ops-run.yaml").unlink()
    build(project)
    assert not (project.docs_dir / "models" / "ops-run.md").exists()
    assert not (project.site_dir / "models" / "ops-run").exists()


def test_build_writes_nothing_outside_its_output_folders(make_project):
    root = make_project()
    sources = {name: snapshot(root / name) for name in ("content", "site_templates", "assessments")}
    top_level = sorted(p.name for p in root.iterdir())
    build(Project.at(root))
    assert {name: snapshot(root / name) for name in sources} == sources
    assert sorted(p.name for p in root.iterdir()) == sorted(top_level + ["build", "site"])


@pytest.mark.parametrize("bad", ["content", "content/models", "assessments/x", "site_templates", ".", ".."])
def test_output_inside_sources_is_refused(make_project, bad):
    root = make_project()
    with pytest.raises(UnsafeOutput):
        check_output_path(root, root / bad)
    result = run_cli("--root", str(root), "build", "--site-dir", str(root / bad))
    assert result.returncode == 1 and "refusing to write" in result.stderr
    assert sorted(p.name for p in (root / "content").iterdir()) == ["models", "sources"]


def test_sync_tree_rewrites_only_changed_files(tmp_path):
    dest = tmp_path / "docs"
    written, deleted = sync_tree({"a.md": "A", "b/c.md": "C"}, dest)
    assert sorted(written) == ["a.md", "b/c.md"] and deleted == []
    os.utime(dest / "a.md", (1, 1))
    written, deleted = sync_tree({"a.md": "A", "d.md": b"D"}, dest)
    assert written == ["d.md"] and deleted == ["b/c.md"]
    assert (dest / "a.md").stat().st_mtime == 1, "unchanged file not rewritten"
    assert not (dest / "b").exists()


def test_validate_passes_on_shipped_content():
    result = run_cli("validate")
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stderr


def test_generation_pauses_the_cycle_collector_and_always_resumes_it(make_project, monkeypatch):
    import sre_org_playbook.pipeline as pipeline

    seen = []  # whether the collector was on as each stage started
    for stage in ("check_all", "finish"):
        real = getattr(pipeline, stage)
        monkeypatch.setattr(pipeline, stage, lambda *a, real=real: seen.append(gc.isenabled()) or real(*a))
    root = make_project()
    generate(Project.at(root))
    assert seen == [False, False] and gc.isenabled()
    (root / "content" / "models" / "broken.yaml").write_text("title: [unclosed\n")
    with pytest.raises(ProblemsFound):
        generate(Project.at(root))
    assert seen == [False, False, False] and gc.isenabled()
