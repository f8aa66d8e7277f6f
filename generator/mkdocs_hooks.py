"""The one mkdocs-specific hook: take the nav the generator wrote next to the docs."""
from __future__ import annotations

from pathlib import Path

import yaml


def on_config(config):
    """Use `<docs_dir>/.nav.yml` as the navigation when mkdocs.yml declares none."""
    nav_file = Path(config["docs_dir"]) / ".nav.yml"
    if not config["nav"] and nav_file.is_file():
        config["nav"] = yaml.safe_load(nav_file.read_text(encoding="utf-8"))
    return config
