"""Zensical, Material's successor: it reads the same mkdocs.yml and runs in a process of its own."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from . import EngineFailed

NAME = "zensical"
# Material's search partial, overridden for MkDocs only: Zensical has a search of its own and
# our copy breaks its header.
THEME_SKIP = ("partials/search.html",)
TIMEOUT = 1800  # a hang detector, far above any real build
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def adjust(config: dict) -> dict:
    """The engine-neutral config as Zensical takes it: Material's classic look."""
    theme = dict(config.get("theme") or {})
    theme.setdefault("variant", "classic")
    return {**config, "theme": theme}


def command(config_file: Path, action: str = "build", *options: str) -> list[str]:
    """The Zensical command line for `config_file`, run by this Python."""
    return [sys.executable, "-m", "zensical", action, "-f", str(config_file), *options]


def build(config_file: Path, strict: bool = True) -> list[str]:
    """One full build as `config_file` says; its warnings, or EngineFailed with its problems."""
    try:
        import zensical  # noqa: F401  (installed as the `zensical` extra)
    except ImportError:
        raise EngineFailed(["Zensical is not installed: pip install 'sre-org-playbook[zensical]'"], NAME) from None
    env = {**os.environ, "NO_COLOR": "1"}
    try:
        done = subprocess.run(command(config_file, "build", *(["--strict"] if strict else [])), env=env,
                              cwd=config_file.parent, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise EngineFailed([f"no result after {TIMEOUT} s; stopped"], NAME) from None
    messages = problem_lines(done.stdout + "\n" + done.stderr)
    if done.returncode:
        raise EngineFailed(messages or [f"exit status {done.returncode}"], NAME)
    return [m for m in messages if m.lower().startswith(("warning", "error"))]


def problem_lines(output: str) -> list[str]:
    """Zensical's output without its progress lines and Python tracebacks: the messages only."""
    lines, in_traceback = [], False
    for raw in _ANSI.sub("", output).splitlines():
        line = raw.strip()
        if raw.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback:
            if raw.startswith((" ", "\t")) or not line:
                continue
            in_traceback = False
            line = re.sub(r"^[\w.]+(Error|Exception): ", "", line)  # the exception's own message
        if line and not is_progress(line):
            lines.append(line)
    return list(dict.fromkeys(lines))


def is_progress(line: str) -> bool:
    """Zensical's own progress report, not a problem."""
    return bool(re.match(r"^(\+|Build started|Build finished|Serving|Watching|\d+ pages?|Cleaning|Wrote)", line))
