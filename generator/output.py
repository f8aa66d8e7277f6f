"""Write generated files without ever touching anything outside the output folders."""
from __future__ import annotations

import shutil
from pathlib import Path

PROTECTED = ("content", "assessments", "site_templates", "generator", "tests", ".git")


class UnsafeOutput(Exception):
    """An output path that would overwrite the project's own sources."""


def check_output_path(root: Path, out: Path) -> Path:
    """Refuse an output folder that is, contains, or lies inside a protected folder."""
    root, out = root.resolve(), out.resolve()
    if out == root or out in root.parents:
        raise UnsafeOutput(f"refusing to write into {out}: it contains the project itself")
    for name in PROTECTED:
        guarded = root / name
        if out == guarded or guarded in out.parents or out in guarded.parents:
            raise UnsafeOutput(f"refusing to write into {out}: it overlaps {name}/, which holds sources")
    return out


def write_tree(files: dict[str, str | bytes], dest: Path) -> None:
    """Write every file into a fresh folder."""
    for relpath, body in files.items():
        target = dest / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(body, encoding="utf-8")


def sync_tree(files: dict[str, str | bytes], dest: Path) -> tuple[list[str], list[str]]:
    """Bring `dest` to exactly `files`, rewriting only what changed; return (written, deleted)."""
    written, deleted = [], []
    for relpath, body in files.items():
        data = body.encode("utf-8") if isinstance(body, str) else body
        target = dest / relpath
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(relpath)
    if dest.is_dir():
        for existing in sorted(dest.rglob("*"), reverse=True):
            relpath = existing.relative_to(dest).as_posix()
            if existing.is_file() and relpath not in files:
                existing.unlink()
                deleted.append(relpath)
            elif existing.is_dir() and not any(existing.iterdir()):
                existing.rmdir()
    return written, deleted


def swap_into_place(staged: Path, final: Path) -> None:
    """Replace `final` with `staged` by renames, so a failure earlier leaves `final` intact."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    staged.rename(final)
    if old.exists():
        shutil.rmtree(old)
