"""The complete engine config: the packaged defaults, the playbook's mkdocs.yml, the paths and the nav."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..problems import Problem, ProblemsFound
from ..resources import site_templates

CONFIG_FILE = "mkdocs.yml"     # a playbook's own settings; also the marker of a playbook folder
ENGINE_FILE = "mkdocs.yml"       # the complete config written beside the generated Markdown; both engines read it
THEME_DIR = ".theme"             # the layered theme overrides, inside the docs (engines skip dot-folders)
HEADER = "# Written by `playbook build` from mkdocs.yml and the packaged defaults; do not edit.\n"
OWNED = ("docs_dir", "site_dir", "nav", "hooks", "INHERIT")  # written by playbook, never by a user
HINTS = {"theme.custom_dir": " (theme overrides go in overrides/theme/)",
         "nav": " (the nav follows the content: each kind's section, ordered by `order` and title)",
         "docs_dir": " (choose the folders with `playbook build --docs-dir/--site-dir`)",
         "site_dir": " (choose the folders with `playbook build --docs-dir/--site-dir`)"}


class PythonName(str):
    """A `!!python/name:module.attr` value (Markdown extension callables), kept as written."""


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: PythonName(suffix))
_Dumper.add_representer(PythonName, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:python/name:" + value, ""))


def read_yaml(path: Path, where: str) -> dict:
    """A YAML mapping from `path`; a syntax error or any other top level is a problem at its line."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProblemsFound([Problem(where, mark.line + 1 if mark else 1, "config",
                                     f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemsFound([Problem(where, 1, "config", f"cannot read: {exc}")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProblemsFound([Problem(where, 1, "config", "must be a mapping of settings (site_name: …)")])
    return data


def merged(base: dict, over: dict) -> dict:
    """`over` on top of `base`: mappings merge key by key, any other value replaces."""
    out = dict(base)
    for key, value in over.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def playbook_settings(config_file: Path) -> dict:
    """The playbook's own settings; the keys playbook writes itself are problems."""
    if not config_file.is_file():
        return {}
    data = read_yaml(config_file, config_file.name)
    text = config_file.read_text(encoding="utf-8").splitlines()
    owned = [key for key in OWNED if key in data]
    owned += ["theme.custom_dir"] if isinstance(data.get("theme"), dict) and "custom_dir" in data["theme"] else []
    if owned:
        raise ProblemsFound([Problem(config_file.name, line_of(text, key.split(".")[-1]), key,
                                     "written by playbook itself; remove it" + HINTS.get(key, ""))
                             for key in owned])
    return data


def line_of(lines: list[str], key: str) -> int:
    """The first line that sets `key` (1 when not found)."""
    return next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith(f"{key}:")), 1)


def engine_config(config_file: Path, nav: list, docs: str = "docs") -> dict:
    """The complete, engine-neutral config for the docs in folder `docs` beside it, built into
    `site` beside it (Zensical wants both inside the config's folder)."""
    config = merged(read_yaml(site_templates() / "config.yml", "site_templates/config.yml"),
                    playbook_settings(config_file))
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {"name": config.get("theme")}
    config.update(docs_dir=docs, site_dir=site_folder(docs), nav=nav,
                  theme={**theme, "custom_dir": f"{docs}/{THEME_DIR}"})
    return config


def site_folder(docs: str) -> str:
    """The site's folder beside docs folder `docs`."""
    return "site" if docs != "site" else "site-built"


def dump(config: dict) -> str:
    """The config as mkdocs.yml text, headed by a note that it is generated."""
    return HEADER + yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
