"""Page templates, assets and theme overrides as layers: a playbook's own files over the packaged ones."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import rel
from .resources import site_templates


@dataclass(frozen=True)
class Layer:
    """One folder of templates: page templates, assets copied into the site, theme overrides."""

    pages: Path
    assets: Path
    theme: Path


@dataclass(frozen=True)
class Templates:
    """The layers of a playbook, first wins; `root` names the files in problems and holds the cache."""

    layers: tuple[Layer, ...]
    root: Path

    @classmethod
    def at(cls, root: Path) -> "Templates":
        """A playbook's overrides/ (pages/, assets/, theme/) over its own site_templates/ (a
        checkout or fork of this playbook) or else the packaged one."""
        root = root.resolve()
        base = root / "site_templates" if (root / "site_templates" / "pages").is_dir() else site_templates()
        own = root / "overrides"
        return cls((Layer(own / "pages", own / "assets", own / "theme"), folder_layer(base)), root)

    @classmethod
    def of(cls, templates: "Templates | Path") -> "Templates":
        """`templates` as layers; a plain folder laid out like site_templates/ is one layer."""
        if isinstance(templates, Templates):
            return templates
        folder = Path(templates).resolve()
        return cls((folder_layer(folder),), folder.parent)

    @property
    def page_folders(self) -> list[Path]:
        return [layer.pages for layer in self.layers if layer.pages.is_dir()]

    @property
    def cache(self) -> Path:
        return self.root / "build" / ".cache" / "jinja"

    def assets(self) -> dict[str, Path]:
        """Site path (under assets/) → file, the first layer's file winning."""
        return self._merged("assets")

    def theme(self) -> dict[str, Path]:
        """Theme override path → file, the first layer's file winning."""
        return self._merged("theme")

    def _merged(self, part: str) -> dict[str, Path]:
        files: dict[str, Path] = {}
        for layer in reversed(self.layers):
            folder = getattr(layer, part)
            if folder.is_dir():
                files.update({f.relative_to(folder).as_posix(): f for f in sorted(folder.rglob("*")) if f.is_file()})
        return dict(sorted(files.items()))

    def fingerprint(self) -> tuple:
        """Name, modification time and size of every page template: rendered pages stay valid while
        this is unchanged."""
        return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                     for folder in self.page_folders for f in sorted(folder.iterdir()))

    def where(self, path: Path) -> str:
        """A template file's name in a problem: relative to the playbook, else to the package."""
        path = Path(path).resolve()
        if path.is_relative_to(self.root):
            return rel(path, self.root)
        base = self.layers[-1].pages.parent
        return rel(path, base.parent) if path.is_relative_to(base) else path.as_posix()


def folder_layer(folder: Path) -> Layer:
    """A folder laid out like site_templates/: pages/, assets/, overrides/ (the theme)."""
    return Layer(folder / "pages", folder / "assets", folder / "overrides")
