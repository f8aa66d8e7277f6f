"""A build killed at any moment leaves a complete site, and the next build clears its leftovers."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, write_project, MINIMAL
from sre_org_playbook.output import remove_stale_staging, staging_prefix, swap_into_place


def tree(folder: Path) -> dict[str, bytes]:
    """Relative path → bytes of every file under folder."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_swap_never_leaves_the_destination_missing(tmp_path):
    # Every rename or delete the swap makes is observed: the destination must exist at each one.
    final, staged = tmp_path / "site", tmp_path / "staged"
    final.mkdir()
    (final / "index.html").write_text("old")
    (final / ".playbook-output").write_text("")
    staged.mkdir()
    (staged / "index.html").write_text("new")
    seen = []

    def watch(event, args):
        if watching and event in ("os.rename", "os.replace", "shutil.rmtree", "os.rmdir"):
            seen.append((event, final.exists()))

    watching = True
    sys.addaudithook(watch)
    try:
        swap_into_place(staged, final)
    finally:
        watching = False
    assert (final / "index.html").read_text() == "new"
    assert not staged.exists()
    assert all(present for _, present in seen), seen


def test_stale_staging_of_a_dead_build_is_removed_and_a_live_ones_kept(tmp_path):
    final = tmp_path / "site"
    final.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".site.staging-{dead.pid}-abc"
    legacy = tmp_path / ".site.staging-k3j4h5"  # from before staging names carried the pid
    mine = tmp_path / (staging_prefix(final) + "xyz")
    for folder in (stale, legacy, mine):
        (folder / "site").mkdir(parents=True)
    removed = remove_stale_staging(final)
    assert set(removed) == {stale, legacy}
    assert mine.is_dir() and final.is_dir()


def test_a_half_done_fallback_swap_is_put_back(tmp_path):
    # A kill between the fallback's two renames leaves only site.old: the next build restores it.
    old = tmp_path / "site.old"
    old.mkdir()
    (old / "index.html").write_text("previous")
    remove_stale_staging(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "previous"
    assert not old.exists()


def test_builds_killed_at_many_moments_leave_a_complete_site(tmp_path):
    root = write_project(tmp_path / "project", MINIMAL)
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "sre_org_playbook", "build"]

    def build(timeout=300):
        return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout)

    assert build().returncode == 0
    site = root / "site"
    versions = [tree(site)]
    started = time.perf_counter()
    assert build().returncode == 0
    duration = time.perf_counter() - started

    # Kill -9 at moments spread over a whole build, changing the content each time so an old and
    # a new site differ; after each kill the site is exactly one complete earlier or newer site.
    moments, killed_while_staging = 12, 0
    for i in range(moments):
        page = root / "content" / "models" / "build-run.yaml"
        page.write_text(page.read_text().replace("summary: ", f"summary: v{i} ", 1))
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(duration * 1.2 * (i + 0.5) / moments)  # some land after the swap
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert (site / "index.html").is_file(), f"no site after a kill at moment {i}"
        now = tree(site)
        assert now in versions or (f"v{i} " in (site / "models" / "build-run" / "index.html").read_text()
                                   and set(now) == set(versions[-1])), f"a partial site after a kill at moment {i}"
        if now not in versions:
            versions.append(now)
        killed_while_staging += bool(list(root.glob(".site.staging-*")))

    assert killed_while_staging, "no kill landed while a build was staging"
    assert build().returncode == 0
    assert not list(root.glob(".site.staging-*")) and not list((root / "build").glob(".docs.staging-*")), leftovers
    assert not (root / "site.old").exists()


def test_git_ignores_what_a_killed_build_leaves():
    ignored = subprocess.run(["git", "check-ignore", ".site.staging-123-abc/", "build/.docs.staging-1-x/",
                              "site.old/"], cwd=ROOT, capture_output=True, text=True)
    assert ignored.stdout.split() == [".site.staging-123-abc/", "build/.docs.staging-1-x/", "site.old/"]


def test_a_build_replaces_only_its_own_earlier_output(make_project, tmp_path):
    # --site-dir pointing at a file, a link or somebody's folder must never replace it.
    root = make_project()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    documents = tmp_path / "Documents"
    (documents / "notes").mkdir(parents=True)
    (documents / "notes" / "a.txt").write_text("mine")
    link = tmp_path / "link"
    link.symlink_to(documents)
    for target in (precious, documents, link):
        result = subprocess.run([sys.executable, "-m", "sre_org_playbook", "build", "--site-dir", str(target)], cwd=root,
                                env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 1 and "refusing to replace" in result.stderr, result.stderr
    assert precious.read_text() == "keep me" and (documents / "notes" / "a.txt").read_text() == "mine"
    assert link.is_symlink()

    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run([sys.executable, "-m", "sre_org_playbook", "build", "--site-dir", str(empty)], cwd=root,
                            env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (empty / ".playbook-output").is_file() and (root / "build" / "docs" / ".playbook-output").is_file()
