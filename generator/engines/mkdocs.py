"""MkDocs with mkdocs-material: strict builds, and incremental rebuilds for serve."""
from __future__ import annotations

import logging
from pathlib import Path

from . import EngineFailed

NAME = "mkdocs"
THEME_SKIP = ()  # every packaged theme override is for Material on MkDocs
DIRTY_NOTICE = "A 'dirty' build is being performed"


def adjust(config: dict) -> dict:
    """The engine-neutral config as MkDocs takes it (unchanged)."""
    return config


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        if not record.getMessage().startswith(DIRTY_NOTICE):
            self.messages.append(record.getMessage())


class Site:
    """One mkdocs configuration kept across builds, so dirty rebuilds reuse plugin state (search index)."""

    def __init__(self, config_file: Path, site_dir: Path | None = None, strict: bool = True, command: str = "build"):
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        overrides = {"site_dir": str(site_dir)} if site_dir else {}
        try:
            self.config = load_config(str(config_file), strict=strict, **overrides)
        except ConfigurationError as exc:
            raise EngineFailed(one_per_line(str(exc)), NAME) from None
        self.config.plugins.on_startup(command=command, dirty=command == "serve")
        self._theme_env = None

    def build(self, dirty: bool = False) -> list[str]:
        """Build the site (only pages whose Markdown changed when dirty); return mkdocs' warnings."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import MkDocsException

        collect = _Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(collect)
        theme = self.config.theme
        static_templates = theme.static_templates
        # A dirty rebuild reuses the theme's compiled templates and skips 404.html and the sitemap:
        # both depend on the nav and theme only, and a change to those gets a full build.
        theme.get_env = lambda: self._theme(dirty)
        if dirty:
            theme.static_templates = set()
        try:
            build(self.config, dirty=dirty)
        except MkDocsException as exc:
            raise EngineFailed(collect.messages + one_per_line(str(exc)), NAME) from None
        finally:
            logger.removeHandler(collect)
            theme.static_templates = static_templates
            del theme.get_env
        return collect.messages

    def _theme(self, reuse: bool):
        if self._theme_env is None or not reuse:
            env = type(self.config.theme).get_env(self.config.theme)
            # mkdocs lists every theme file on each build (Material ships thousands of icons).
            names = env.loader.list_templates()
            env.loader.list_templates = lambda: names
            self._theme_env = env
        return self._theme_env

    def close(self) -> None:
        self.config.plugins.on_shutdown()


def one_per_line(text: str) -> list[str]:
    """An engine message of several lines as separate, non-empty lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def build(config_file: Path, strict: bool = True) -> list[str]:
    """One full build as `config_file` says, failing on any warning when strict."""
    site = Site(config_file, strict=strict)
    try:
        return site.build()
    finally:
        site.close()


def live_reload_server(builder, host: str, port: int, site_dir: Path):
    """MkDocs' development server for `site_dir`, calling `builder` on every watched change."""
    from mkdocs.livereload import LiveReloadServer

    return LiveReloadServer(builder=builder, host=host, port=port, root=str(site_dir))


def watch(server, paths: list[Path]) -> None:
    """Watch with the operating system's file events (inotify), not mkdocs' default poll of every
    file each 0.5 s: a save is seen at once, and the watcher costs nothing between saves.
    Falls back to polling where file events are unavailable (e.g. the inotify watch limit)."""
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    polling = server.observer
    server.observer = Observer()
    try:
        for path in paths:
            if path.exists():
                server.watch(str(path))
    except OSError:
        for path in list(server._watched_paths):
            server.unwatch(path)
        server.observer = polling
        for path in paths:
            if path.exists():
                server.watch(str(path))
