"""The benchmark's synthetic playbooks are valid playbooks of the size asked for."""
from __future__ import annotations

import sys

from conftest import ROOT
from sre_org_playbook.pipeline import Project, check_all

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


def test_listings_of_a_large_playbook_come_in_named_groups(tmp_path):
    # Zensical refuses a search-index section of more than 32,768 token positions, and a reader
    # cannot scan a 1,000-row table: index and tag pages list at most 100 entities per heading.
    from sre_org_playbook.pipeline import generate

    shipped = len(shipped_entities())
    rendered = generate(Project.at(make_playbook(tmp_path / "p", 3 * shipped))).files
    concepts = rendered["concepts/index.md"]
    groups = concepts.split("\n## ")[1:]
    assert len(groups) >= 2, "132 concepts should come in groups"
    for group in groups:
        assert " – " in group.splitlines()[0]
        assert 0 < group.count("\n| [") <= 100
    total = sum(group.count("\n| [") for group in groups)
    assert total == sum(1 for path in rendered if path.startswith("concepts/") and path != "concepts/index.md")
    audience = rendered["tags/audience.md"]
    assert "\n### " in audience
    assert all(section.count("\n- [") <= 100 for section in audience.split("\n### ")[1:])
