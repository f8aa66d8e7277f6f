"""`playbook serve`: a real server that regenerates and rebuilds when a YAML file is saved."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("condition not met in time")


def test_serve_rebuilds_after_yaml_edit_and_survives_a_broken_one(make_project):
    root = make_project()
    port = free_port()
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "sre_org_playbook", "--root", str(root), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], env=env, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/models/build-run/"
    try:
        assert "Developers run what they build." in wait_for(lambda: fetch(url))
        model = root / "content" / "models" / "build-run.yaml"

        # A broken save is reported; the last good page keeps being served.
        model.write_text(model.read_text().replace("runs: Developers", "runz: Developers"))
        time.sleep(1.5)
        assert "Developers run what they build." in fetch(url)

        model.write_text(model.read_text().replace("runz: Developers", "runs: Developers")
                         .replace("Developers run what they build.", "Edited while serving."))
        assert wait_for(lambda: "Edited while serving." in fetch(url))

        # The incremental rebuild keeps the whole search index, not just the rebuilt pages.
        index = fetch(f"http://127.0.0.1:{port}/search/search_index.json")
        assert "Edited while serving." in index and "Operations runs what developers build." in index
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert "runz: unknown key 'runz' (did you mean 'runs'?)" in stderr
    rebuilds = re.findall(r"(\d+) file\(s\) rewritten, (\d+) removed; (full|incremental) rebuild", stderr)
    assert rebuilds[0][2] == "full"
    # The edit touches the page itself, the index listing its summary and the page relating to it.
    assert rebuilds[-1] == ("3", "0", "incremental"), rebuilds


def copy_playbook(dest):
    """The shipped playbook (content, questionnaires, templates, config) in a folder of its own."""
    import shutil

    for name in ("content", "assessments", "site_templates"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def test_generating_again_after_edits_equals_a_fresh_generate(tmp_path):
    # `playbook serve` keeps parses, validations and rendered pages between saves; after any
    # edit, what it generates must be what a fresh process would.
    from sre_org_playbook.pipeline import Project, forget_memos, generate

    root = copy_playbook(tmp_path / "p")
    project = Project.at(root)
    generate(project)
    edits = [
        # (file, text, replacement, what the pages then show)
        ("content/patterns/thin-triage-layer.yaml", "thin layer", "slim layer", "slim layer"),
        ("content/glossary/slo.yaml", '"Service level objective"', '"Service-level target"', "Service-level target"),
        ("assessments/model-fit.yaml", "title: Which model", "title: Which operating model", "Which operating model"),
        ("content/concepts/sre-myths.yaml", "title: Two myths", "title: Two old myths", "Two old myths"),
        ("site_templates/pages/assessment.md.j2", "\n", "\n<!-- edited template -->\n", "edited template"),
    ]
    for path, old, new, shown in edits:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        again = generate(project).files
        forget_memos()
        fresh = generate(project).files
        changed = [p for p in fresh if again.get(p) != fresh[p]]
        assert again.keys() == fresh.keys() and not changed, (path, changed[:5])
        assert any(shown in str(text) for text in fresh.values()), path
