"""`playbook init DIR [--full]`: a new playbook that builds and serves at once."""
from __future__ import annotations

import shutil
from pathlib import Path

from .resources import shipped_playbook, starter
from .schema_export import write_schemas

GITIGNORE = "/build/\n/site/\n"


class InitError(Exception):
    """A folder `init` will not write into."""


def init(dest: Path, full: bool = False) -> list[Path]:
    """Write mkdocs.yml, content/, assessments/, overrides/ and schemas/ into `dest` (new or empty):
    one example of each kind, or with `full` the complete SRE playbook. Returns the files written."""
    if dest.exists() and (not dest.is_dir() or next(dest.iterdir(), None) is not None):
        raise InitError(f"{dest} {'is not a folder' if not dest.is_dir() else 'is not empty'}; "
                        "init writes only into a new or empty folder")
    source = shipped_playbook() if full else starter()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy(starter() / "mkdocs.yml", dest / "mkdocs.yml")
        for name in ("content", "assessments"):
            shutil.copytree(source / name, dest / name, ignore=shutil.ignore_patterns("__pycache__", "__init__.py"))
        # The starter's own home page is for the starter's content; the full playbook keeps the packaged one.
        shutil.copytree(starter() / "overrides", dest / "overrides",
                        ignore=shutil.ignore_patterns("home.md.j2") if full else None)
        for part in ("pages", "assets", "theme"):
            (dest / "overrides" / part).mkdir(exist_ok=True)
        (dest / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        write_schemas(dest / "schemas")  # the files' modelines point editors at these
    except OSError as exc:
        raise InitError(f"cannot write into {dest}: {exc.strerror or exc}") from None
    return sorted(p for p in dest.rglob("*") if p.is_file())
