"""The benchmark's synthetic playbooks are valid playbooks of the size asked for."""
from __future__ import annotations

import sys

from conftest import ROOT
from generator.pipeline import Project, check_all

sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import make_playbook, shipped_entities  # noqa: E402


def test_synthetic_playbook_is_valid_and_as_large_as_asked(tmp_path):
    shipped = len(shipped_entities())
    project = make_playbook(tmp_path / "p", shipped + 50)
    catalog, assessments = check_all(Project.at(project))  # raises on any problem
    assert len(catalog.entities) >= shipped + 50
    # Two replicas of the questionnaires, each linking into its own replica of the content.
    assert len(assessments.specs) == 2 * len(list((ROOT / "assessments").glob("*.yaml")))
    linked = {ref for spec in assessments.specs.values() if spec["id"].endswith("-r1") for ref in spec["links"]}
    once = {e.ref for e in catalog.entities.values() if e.kind == "tags" or e.data.get("type") == "overview"}
    assert linked and all(ref.endswith("-r1") or ref in once for ref in linked), linked - once
    # Whole-playbook listings stay single: a clone of them would list every replica.
    assert not catalog.of_kind("tags") or all(not e.id.endswith("-r1") for e in catalog.of_kind("tags"))
    terms = [e.data["term"] for e in catalog.of_kind("glossary")]
    assert len(terms) == len(set(terms))
