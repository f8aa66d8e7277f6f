"""Installs are reproducible: the lock matches pyproject.toml, and every range has a tested ceiling."""
from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

from conftest import ROOT


def uv() -> str:
    """The uv that `make` installs (hash-checked from requirements/uv.txt), else one on PATH."""
    local = ROOT / ".venv-tools" / "bin" / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    assert found, "uv is missing: `make test` installs it into .venv-tools/"
    return found


def test_the_lock_is_up_to_date_with_pyproject(tmp_path):
    # A copy, so a stale lock is reported rather than rewritten.
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    check = subprocess.run([uv(), "lock", "--check", "--python", "python3"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, f"uv.lock is stale: run `make lock`\n{check.stderr}"


def test_the_lock_notices_a_changed_dependency(tmp_path):
    text = (ROOT / "pyproject.toml").read_text().replace('"jinja2>=3.1,<4"', '"jinja2>=3.1.2,<4"')
    (tmp_path / "pyproject.toml").write_text(text)
    shutil.copy(ROOT / "uv.lock", tmp_path / "uv.lock")
    check = subprocess.run([uv(), "lock", "--check", "--python", "python3"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=300)
    assert check.returncode != 0


def test_every_dependency_has_a_tested_upper_bound():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [d for extra in project["optional-dependencies"].values() for d in extra]
    unbounded = [s for s in specs if not re.search(r"(<|==)", s)]
    assert not unbounded, unbounded


def test_every_locked_package_and_uv_itself_carry_hashes():
    lock = (ROOT / "uv.lock").read_text()
    packages = lock.count("\n[[package]]")
    assert packages > 20 and lock.count('hash = "sha256:') >= packages - 1  # all but the project itself
    bootstrap = (ROOT / "requirements" / "uv.txt").read_text()
    assert re.search(r"^uv==\d", bootstrap, re.M) and "--hash=sha256:" in bootstrap


def test_every_install_path_syncs_the_lock_exactly():
    makefile = (ROOT / "Makefile").read_text()
    assert "sync --locked" in makefile and "pip install -q -e" not in makefile
    assert "--require-hashes -r requirements/uv.txt" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()
