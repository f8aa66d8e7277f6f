"""`playbook new`: scaffolds that validate as written, for every kind."""
from __future__ import annotations

import pytest

from conftest import run_cli
from sre_org_playbook.kinds import KINDS
from sre_org_playbook.loader import load_content
from sre_org_playbook.schema_export import modeline
from sre_org_playbook.validate import validate_content


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_scaffold_of_every_kind_validates(make_project, kind):
    root = make_project()
    result = run_cli("--root", str(root), "new", kind, "fresh-one")
    assert result.returncode == 0, result.stderr
    path = root / "content" / kind / "fresh-one.yaml"
    assert path.read_text().splitlines()[0] == modeline(kind)
    raws, problems = load_content(root)
    _, more = validate_content(raws)
    assert problems + more == []
    assert "TODO" in path.read_text() or kind in ("tags",)


def test_scaffold_refuses_to_overwrite_and_suggests_kinds(make_project):
    root = make_project()
    before = (root / "content" / "models" / "build-run.yaml").read_text()
    result = run_cli("--root", str(root), "new", "models", "build-run")
    assert result.returncode == 1 and "already exists; not overwritten" in result.stderr
    assert (root / "content" / "models" / "build-run.yaml").read_text() == before
    result = run_cli("--root", str(root), "new", "modles", "x")
    assert result.returncode == 1 and "did you mean 'models'?" in result.stderr
    result = run_cli("--root", str(root), "new", "models", "Bad_Id")
    assert result.returncode == 1 and "not a valid id" in result.stderr
