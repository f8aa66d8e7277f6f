"""`playbook serve`: on a YAML or template save, rewrite only changed Markdown, rebuild only those pages."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .engines import EngineFailed
from .engines.config import THEME_DIR
from .engines.mkdocs import Site
from .pipeline import Project, engine_files, generate, write_engine_file
from .output import check_output_path, sync_tree
from .problems import ProblemsFound


class Rebuilder:
    """Keeps the last engine config: a full build when it (the nav, say) or the theme changes, a
    dirty one otherwise."""

    def __init__(self, project: Project, site_dir: Path, console):
        self.project, self.site_dir, self.console = project, site_dir, console
        self.site: Site | None = None
        self.config = None
        check_output_path(project.root, project.docs_dir)

    def __call__(self) -> None:
        # A broken save is reported and the last good site keeps being served.
        started = time.perf_counter()
        try:
            rendered = generate(self.project)
        except ProblemsFound as exc:
            self.console.problems(exc.problems)
            return
        try:
            files, config = engine_files(self.project, rendered)
        except ProblemsFound as exc:
            self.console.problems(exc.problems)
            return
        written, deleted = sync_tree(files, self.project.docs_dir)
        theme_changed = any(name.startswith(THEME_DIR + "/") for name in written)
        full = self.site is None or deleted or config != self.config or theme_changed
        if not (written or deleted or full):
            return
        try:
            if full:
                self.close()
                write_engine_file(self.project, config)
                self.site = Site(self.project.engine_file, self.site_dir, strict=False, command="serve")
            warnings = self.site.build(dirty=not full)
        except EngineFailed as exc:
            warnings, self.site = exc.messages, None
        self.config = config
        for message in warnings:
            self.console.say(f"mkdocs: {message}")
        self.console.progress(f"{len(written)} file(s) rewritten, {len(deleted)} removed; "
                              f"{'full' if full else 'incremental'} rebuild in {time.perf_counter() - started:.2f} s")

    def close(self) -> None:
        if self.site:
            self.site.close()
            self.site = None


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
        watch(server, [project.root / name for name in
                       ("content", "assessments", "overrides", "site_templates", "playbook.yml")])
        console.say(f"Serving on http://{host}:{port}/ — save a YAML file or template and the page reloads")
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        rebuild.close()
        shutil.rmtree(site_dir, ignore_errors=True)
