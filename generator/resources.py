"""Where the shipped files are: the page templates and engine config, and the complete SRE playbook."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# A source checkout keeps them at the top of the repository; the wheel maps them into the package.
CHECKOUT = Path(__file__).resolve().parent.parent


def _packaged(name: str) -> Path | None:
    folder = files(__package__) / name
    return Path(str(folder)) if folder.is_dir() else None


def site_templates() -> Path:
    """The packaged site_templates/: pages/, assets/, overrides/ and the default engine config."""
    return _packaged("site_templates") or CHECKOUT / "site_templates"


def shipped_playbook() -> Path:
    """A folder holding the complete SRE playbook's content/ and assessments/."""
    return _packaged("playbook") or CHECKOUT


def starter() -> Path:
    """What `playbook init` writes: mkdocs.yml, one example of each kind, a questionnaire, overrides/."""
    return _packaged("starter") or CHECKOUT / "starter"
