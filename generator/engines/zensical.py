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


def require() -> None:
    """EngineFailed, saying how to install it, unless Zensical is installed."""
    try:
        import zensical  # noqa: F401  (installed as the `zensical` extra)
    except ImportError:
        raise EngineFailed(["Zensical is not installed: pip install 'sre-org-playbook[zensical]'"], NAME) from None


def build(config_file: Path, strict: bool = True) -> list[str]:
    """One full build as `config_file` says; its warnings, or EngineFailed with its problems."""
    require()
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


def serve(config_file: Path, dev_addr: str) -> subprocess.Popen:
    """Zensical's own server with live reload on `dev_addr` (host:port), running until terminated."""
    require()
    return subprocess.Popen(command(config_file, "serve", "-a", dev_addr), cwd=config_file.parent)


FRAME = re.compile(r"^([│─╰╭·┬]|\d+ issues? found$)")  # the frame around a quoted source line, and the count


def problem_lines(output: str) -> list[str]:
    """Zensical's report as one line per problem, `page.md:line:column: message: source text`,
    without its progress lines, the frames around quoted source or a Python traceback."""
    lines: list[str] = []
    in_traceback = False
    for raw in _ANSI.sub("", output).splitlines():
        line = raw.strip()
        if raw.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback:
            if line and not raw.startswith((" ", "\t")):  # the exception line ends the traceback
                in_traceback = False
                message = re.sub(r"^[\w.]+(Error|Exception): ", "", line)
                if message and not any(message in seen for seen in lines):
                    lines.append(message)
        elif found := re.match(r"^(?:Warning|Error): (.*)", line):
            lines.append(found[1])
        elif lines and (found := re.match(r"^╭─\[ (.+?) \]$", line)):
            lines[-1] = f"{found[1]}: {lines[-1]}"  # where the problem just reported is
        elif lines and (found := re.match(r"^\d+ │ (.*)$", line)):
            lines[-1] += f": {found[1].strip()}"  # the source line it quotes
        elif line and not FRAME.match(line) and not is_progress(line):
            lines.append(line)
    return list(dict.fromkeys(lines))


def is_progress(line: str) -> bool:
    """Zensical's own progress report, not a problem."""
    return bool(re.match(r"^(Build started|Build finished|No issues found|Serving|Watching|Cleaning)", line))
