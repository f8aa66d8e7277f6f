"""Run the site engine (mkdocs-material): a strict build, and a live-reloading server."""
from __future__ import annotations

import logging
from pathlib import Path


class EngineFailed(Exception):
    """mkdocs stopped, with the warnings and errors it logged."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages) or "mkdocs build failed")
        self.messages = messages


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def mkdocs_build(config_file: Path, docs_dir: Path, site_dir: Path, strict: bool = True) -> None:
    """Build `docs_dir` into `site_dir` with mkdocs, failing on any warning when strict."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=strict)
        build(config)
    except MkDocsException as exc:
        raise EngineFailed(collect.messages + [str(exc)]) from None
    finally:
        logger.removeHandler(collect)
