"""Write generated files without ever touching anything outside the output folders."""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from pathlib import Path

PROTECTED = ("content", "assessments", "overrides", "site_templates", "generator", "tests", ".git")
MARKER = ".playbook-output"  # written into every output folder: only such a folder is ever replaced
MARKER_TEXT = "Written by `playbook`; the next build replaces this whole folder.\n"


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
    check_replaceable(out)
    return out


def check_replaceable(out: Path) -> None:
    """Refuse to replace anything but nothing, an empty folder or an earlier output of ours."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise UnsafeOutput(f"refusing to replace {out}: it is not a folder")
    if not out.exists() or (out / MARKER).is_file() or next(out.iterdir(), None) is None:
        return
    if (out / "assets" / "playbook.css").is_file():  # written before the marker existed
        return
    raise UnsafeOutput(f"refusing to replace {out}: it holds files that playbook did not write "
                       f"(no {MARKER} in it); choose a new or empty folder")


def marked(files: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """`files` plus the marker that makes their folder replaceable by the next build."""
    return {**files, MARKER: MARKER_TEXT}


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


STAGING = ".{name}.staging-{pid}-"
RENAME_EXCHANGE = 2  # linux/fs.h


def staging_prefix(final: Path) -> str:
    """Name prefix of this process's staging folders for `final` (the pid marks the owner)."""
    return STAGING.format(name=final.name, pid=os.getpid())


def remove_stale_staging(final: Path) -> list[Path]:
    """Delete staging folders for `final` left by builds that were killed; return them."""
    removed = []
    if not final.parent.is_dir():
        return removed
    for folder in final.parent.glob(f".{final.name}.staging-*"):
        owner = folder.name[len(f".{final.name}.staging-"):].split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and not _alive(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    old = final.with_name(final.name + ".old")  # left by a kill inside the two-rename fallback
    if old.is_dir() and not old.is_symlink():
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old)
        else:
            old.rename(final)
    return removed


def _alive(pid: str) -> bool:
    """Whether a process with this pid runs (a folder from before pids were recorded is stale)."""
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return int(pid) != 0


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError, TypeError):
        return False
    AT_FDCWD = -100
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_into_place(staged: Path, final: Path) -> None:
    """Replace `final` with `staged` in one atomic step, so `final` is never missing.

    Where the system cannot exchange two folders atomically, fall back to two renames; the
    `.old` folder a kill between them leaves is put back by the next build (`remove_stale_staging`)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    check_replaceable(final)
    if not final.exists():
        staged.rename(final)
        return
    if _exchange(staged, final):
        shutil.rmtree(staged)  # now holds the previous output
        return
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    final.rename(old)
    staged.rename(final)
    shutil.rmtree(old)
