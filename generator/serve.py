"""`playbook serve`: regenerate on YAML or template changes, rebuild, and reload the browser."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from .engine import EngineFailed, mkdocs_build
from .pipeline import Project, regenerate
from .problems import ProblemsFound


def serve(project: Project, dev_addr: str, console) -> None:
    """Serve the playbook with live reload until interrupted."""
    from mkdocs.livereload import LiveReloadServer

    host, _, port = dev_addr.rpartition(":")
    site_dir = Path(tempfile.mkdtemp(prefix="playbook-serve-"))

    def builder() -> None:
        # A broken edit is reported and the last good site keeps being served.
        try:
            written, deleted = regenerate(project)
            console.progress(f"{len(written)} file(s) rewritten, {len(deleted)} removed; rebuilding")
            mkdocs_build(project.config_file, project.docs_dir, site_dir, strict=False)
        except ProblemsFound as exc:
            console.problems(exc.problems)
        except EngineFailed as exc:
            for message in exc.messages:
                console.say(f"mkdocs: {message}")

    server = LiveReloadServer(builder=builder, host=host or "127.0.0.1", port=int(port), root=str(site_dir))
    try:
        builder()
        for watched in ("content", "assessments", "site_templates", "mkdocs.yml"):
            if (project.root / watched).exists():
                server.watch(str(project.root / watched))
        console.say(f"Serving on http://{host}:{port}/ — edit content/*.yaml and the page reloads")
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
