"""The site engines: one module each (mkdocs, zensical); the engine-neutral config in config.py."""
from __future__ import annotations

import importlib

NAMES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"  # the one that passes every test here; Zensical is Material's successor


class EngineFailed(Exception):
    """The engine stopped, with the warnings and errors it reported."""

    def __init__(self, messages: list[str], engine: str = DEFAULT):
        super().__init__("\n".join(messages) or f"{engine} build failed")
        self.messages, self.engine = messages, engine


def engine(name: str):
    """The module driving engine `name`."""
    if name not in NAMES:
        raise ValueError(f"unknown engine {name!r}; engines: {', '.join(NAMES)}")
    return importlib.import_module(f".{name}", __name__)
