"""Shared fixtures: small real project trees on disk, and the CLI run as a subprocess."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = {
    "sources/book.yaml": """
        title: A book
        summary: The source of everything here.
        author: Someone
        published: "2022"
        form: book chapter
        document: 002.txt
    """,
    "models/build-run.yaml": """
        title: You build it, you run it
        summary: Developers run what they build.
        short_name: You build it, you run it
        builds: Developers
        runs: Developers
        sources: [sources/book]
    """,
    "models/ops-run.yaml": """
        title: You build it, ops run it
        summary: Operations runs what developers build.
        short_name: You build it, ops run it
        builds: Developers
        runs: Operations
        related: [models/build-run]
        sources: [sources/book]
    """,
}


def write_project(dest: Path, files: dict[str, str]) -> Path:
    """A project folder with its own copy of the real templates, this playbook's mkdocs.yml and
    the given content files."""
    shutil.copytree(ROOT / "site_templates", dest / "site_templates")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "content").mkdir()
    (dest / "assessments").mkdir()
    for relpath, text in files.items():
        target = dest / "content" / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return dest


@pytest.fixture
def make_project(tmp_path):
    """Factory: make_project(extra_files, drop=()) → a minimal valid project plus changes."""

    def make(extra: dict[str, str] | None = None, drop: tuple[str, ...] = ()) -> Path:
        files = {k: v for k, v in MINIMAL.items() if k not in drop}
        files.update(extra or {})
        return write_project(tmp_path / "project", files)

    return make


def run_cli(*args: str, cwd: Path = ROOT, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `playbook ARGS` in a subprocess, as a user would, with colour off."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sre_org_playbook", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


# --- Browser tests: Debian's Chromium through Playwright, against the real built site. ---

# Focus and jumps may scroll smoothly: evaluate this to wait until the page stops moving.
SCROLLED = """() => new Promise((done) => {
  let last = null;
  const tick = () => { const now = `${scrollX},${scrollY}`; if (now === last) done(); else { last = now; setTimeout(tick, 80); } };
  tick();
})"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches Debian's Chromium: Playwright cannot download a browser here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def build_shipped(out: Path, engine: str = "mkdocs") -> Path:
    """The shipped playbook built into `out` (strict) with an engine; returns the site folder."""
    from sre_org_playbook.pipeline import Project, build

    project = Project.at(ROOT, docs_dir=out / "docs", site_dir=out / "site", engine=engine)
    build(project)
    return project.site_dir


@contextlib.contextmanager
def serve_folder(folder: Path):
    """A folder served over HTTP on a free loopback port, as its URL, for a `with` block."""
    import functools
    import http.server
    import threading

    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the current page, one line each (up to 3 places)."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_selector("html[data-pb-ready]", state="attached")  # Material and a11y.js have run
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture(scope="session")
def shipped_playbook():
    """The shipped playbook checked and generated once per test session (read it, never change it):
    `.catalog`, `.assessments` and `.rendered`."""
    from types import SimpleNamespace

    from sre_org_playbook.pipeline import Project, check_all, generate

    catalog, assessments = check_all(Project.at(ROOT))
    return SimpleNamespace(catalog=catalog, assessments=assessments, rendered=generate(Project.at(ROOT)))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped playbook built once per test session, in strict mode."""
    return build_shipped(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """The built site served over HTTP on a free loopback port."""
    with serve_folder(built_site) as url:
        yield url


class QuietHandler(__import__("http.server").server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class NodeWorker:
    """A tests/js/*_worker.mjs behind a pipe: one JSON request per line, one answer per line, so
    thousands of cases cost one node process."""

    def __init__(self, worker: Path):
        node = shutil.which("node")
        if not node:
            pytest.fail("node (20 or later) is needed for the parity tests")
        self.proc = subprocess.Popen([node, str(worker)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True, bufsize=1, cwd=ROOT)

    def ask(self, **message):
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the node worker died"
        answer = json.loads(line)
        # The worker's own failure is {"error": …} alone; an answer may carry an "error" field.
        assert set(answer) != {"error"}, answer["error"]
        return answer

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=10)

