"""JSON Schemas for editors: checked in, current, wired by modelines, and agreeing with the validator."""
from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import ROOT, run_cli
from sre_org_playbook.kinds import KINDS
from sre_org_playbook.schema_export import modeline, schemas

CONTENT_FILES = sorted((ROOT / "content").rglob("*.yaml"))


def test_checked_in_schemas_are_current():
    """Regenerate with `playbook schema` after changing generator/kinds.py."""
    for name, text in schemas().items():
        path = ROOT / "schemas" / name
        assert path.is_file(), f"{name} missing: run `playbook schema`"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run `playbook schema`"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_content_file_has_modeline_and_passes_its_json_schema(path):
    kind = path.parent.name
    assert path.read_text(encoding="utf-8").splitlines()[0] == modeline(kind)
    schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_json_schema_rejects_unknown_keys_like_the_validator():
    schema = json.loads(schemas()["models.schema.json"])
    with pytest.raises(jsonschema.ValidationError, match="runz"):
        jsonschema.validate({"title": "t", "summary": "s", "short_name": "x", "builds": "a", "runs": "b",
                             "runz": "c", "sources": ["sources/x"]}, schema)
    with pytest.raises(jsonschema.ValidationError, match="does not match"):
        jsonschema.validate({"title": "t", "summary": "s", "short_name": "x", "builds": "a", "runs": "b",
                             "sources": ["models/x"]}, schema)


def test_schema_command_writes_one_file_per_kind(tmp_path):
    result = run_cli("schema", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert set(f"{k}.schema.json" for k in KINDS) <= set(written)
