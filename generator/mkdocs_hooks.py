"""The one mkdocs-specific hook: take the nav the generator wrote next to the docs."""
from __future__ import annotations

import json
from pathlib import Path

NAV_FILE = ".nav.json"  # generator.render.NAV_FILE; dotfiles are not published by mkdocs


def on_config(config):
    """Use `<docs_dir>/.nav.json` as the navigation when mkdocs.yml declares none."""
    nav_file = Path(config["docs_dir"]) / NAV_FILE
    if not config["nav"] and nav_file.is_file():
        config["nav"] = json.loads(nav_file.read_text(encoding="utf-8"))
    return config
