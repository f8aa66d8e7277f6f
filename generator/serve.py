"""`playbook serve`: on a YAML or template save, rewrite only changed Markdown, rebuild only those pages."""
from __future__ import annotations

import shutil
import signal
import tempfile
import time
from pathlib import Path

from .engines import EngineFailed
from .engines.config import THEME_DIR
from .engines.mkdocs import Site, live_reload_server, watch
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


WATCHED = ("content", "assessments", "overrides", "site_templates", "mkdocs.yml")


def serve(project: Project, dev_addr: str, console) -> None:
    """Serve the playbook with live reload until interrupted: in this process with incremental
    rebuilds (MkDocs), or with the engine's own server (Zensical)."""
    if project.engine != "mkdocs":
        return serve_with_engine_process(project, dev_addr, console)
    host, _, port = dev_addr.rpartition(":")
    site_dir = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    rebuild = Rebuilder(project, site_dir, console)
    server = live_reload_server(rebuild, host or "127.0.0.1", int(port), site_dir)
    try:
        rebuild()
        watch(server, [project.root / name for name in WATCHED])
        console.say(f"Serving on http://{host}:{port}/ — save a YAML file or template and the page reloads")
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        rebuild.close()
        shutil.rmtree(site_dir, ignore_errors=True)


def write_docs(project: Project, console) -> bool:
    """Regenerate the docs and the engine config in place (changed files only); False on problems."""
    try:
        files, config = engine_files(project, generate(project))
    except ProblemsFound as exc:
        console.problems(exc.problems)
        return False
    written, deleted = sync_tree(files, project.docs_dir)
    write_engine_file(project, config)
    if written or deleted:
        console.progress(f"{len(written)} file(s) rewritten, {len(deleted)} removed")
    return True


def interrupt(signum, frame):
    raise KeyboardInterrupt


def serve_with_engine_process(project: Project, dev_addr: str, console) -> None:
    """An engine that serves on its own (Zensical): it reloads on changed docs, and a watcher here
    regenerates the docs from the YAML and templates on every save."""
    import threading

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from .engines import engine

    check_output_path(project.root, project.docs_dir)
    if not write_docs(project, console):
        console.say("fix the problems above, then run `playbook serve` again")
        return
    changed = threading.Event()

    watched = [project.root / name for name in WATCHED]

    class OnSave(FileSystemEventHandler):
        def on_any_event(self, event):
            path = Path(event.src_path)
            if not event.is_directory and any(path == w or w in path.parents for w in watched):
                changed.set()

    observer = Observer()
    for path in (project.root / name for name in WATCHED):
        if path.exists():
            observer.schedule(OnSave(), str(path if path.is_dir() else path.parent), recursive=path.is_dir())
    observer.start()
    signal.signal(signal.SIGTERM, interrupt)  # stop the engine's server too when we are told to stop
    process = engine(project.engine).serve(project.engine_file, dev_addr)
    console.say(f"Serving with {project.engine} on http://{dev_addr}/ — "
                "save a YAML file or template and the page reloads")
    try:
        while process.poll() is None:
            if changed.wait(0.5):
                time.sleep(0.2)  # a save is often several events; take them as one
                changed.clear()
                write_docs(project, console)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        process.terminate()
        try:
            process.wait(10)
        except Exception:  # noqa: BLE001  (it would not stop: end it)
            process.kill()
