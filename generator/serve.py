"""`playbook serve`: on a YAML or template save, rewrite only changed Markdown, rebuild only those pages."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .engine import EngineFailed, Site
from .pipeline import Project, generate
from .output import check_output_path, marked, sync_tree
from .problems import ProblemsFound


class Rebuilder:
    """Keeps the last nav and mkdocs config: a full build when the nav changes, a dirty one otherwise."""

    def __init__(self, project: Project, site_dir: Path, console):
        self.project, self.site_dir, self.console = project, site_dir, console
        self.site: Site | None = None
        self.nav = None
        self.theme_key = None
        check_output_path(project.root, project.docs_dir)

    def __call__(self) -> None:
        # A broken save is reported and the last good site keeps being served.
        started = time.perf_counter()
        try:
            rendered = generate(self.project)
        except ProblemsFound as exc:
            self.console.problems(exc.problems)
            return
        written, deleted = sync_tree(marked(rendered.files), self.project.docs_dir)
        theme_key = theme_fingerprint(self.project)
        full = self.site is None or deleted or rendered.nav != self.nav or theme_key != self.theme_key
        if not (written or deleted or full):
            return
        try:
            if full:
                self.close()
                self.site = Site(self.project.config_file, self.project.docs_dir, self.site_dir, strict=False,
                                 command="serve")
            warnings = self.site.build(dirty=not full)
        except EngineFailed as exc:
            warnings, self.site = exc.messages, None
        self.nav, self.theme_key = rendered.nav, theme_key
        for message in warnings:
            self.console.say(f"mkdocs: {message}")
        self.console.progress(f"{len(written)} file(s) rewritten, {len(deleted)} removed; "
                              f"{'full' if full else 'incremental'} rebuild in {time.perf_counter() - started:.2f} s")

    def close(self) -> None:
        if self.site:
            self.site.close()
            self.site = None


def theme_fingerprint(project: Project) -> tuple:
    """Modification times of mkdocs.yml and the theme overrides: a change needs a full build."""
    files = [project.config_file, *sorted((project.templates / "overrides").rglob("*"))]
    return tuple(f.stat().st_mtime_ns for f in files if f.is_file())


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


def serve(project: Project, dev_addr: str, console) -> None:
    """Serve the playbook with live reload until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    site_dir = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    rebuild = Rebuilder(project, site_dir, console)
    server = LiveReloadServer(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(site_dir))
    try:
        rebuild()
        watch(server, [project.root / name for name in ("content", "assessments", "site_templates", "mkdocs.yml")])
        console.say(f"Serving on http://{host}:{port}/ — save a YAML file or template and the page reloads")
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        rebuild.close()
        shutil.rmtree(site_dir, ignore_errors=True)
