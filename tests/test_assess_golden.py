"""Golden scoring results (tests/golden/<questionnaire>.json) still match the engine.

Regenerate them — after reviewing why they changed — with ONE command:

    python -m sre_org_playbook.assessments.golden --update

Each file holds a questionnaire's spec and its cases (the scenarios, an answer set reaching each
outcome, and extremes) with the engine's results; the JavaScript engine can replay them.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sre_org_playbook.assessments import golden
from sre_org_playbook.assessments.engine import score

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "tests" / "golden").glob("*.json"))


def test_golden_files_are_current():
    assert golden.differences() == [], "run: python -m sre_org_playbook.assessments.golden --update"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_golden_cases_replay_from_the_stored_spec(path):
    body = json.loads(path.read_text(encoding="utf-8"))
    kinds = {case["name"].split(" ")[0] for case in body["cases"]}
    assert {"scenario", "reaches", "nothing"} <= kinds
    for case in body["cases"]:
        assert score(body["spec"], case["answers"]) == case["result"], case["name"]


def test_every_outcome_has_a_golden_case():
    for path in FILES:
        body = json.loads(path.read_text(encoding="utf-8"))
        names = {case["name"] for case in body["cases"]}
        out = body["spec"]["outcomes"]
        for phase in out["phases"]:
            assert f"reaches phase {phase['id']}" in names
        for ranking in out["rankings"]:
            for cand in ranking["candidates"]:
                assert f"reaches candidate {cand['id']}" in names
        for advice in out["advice"]:
            assert f"reaches advice {advice['id']}" in names
        for case in body["cases"]:
            if case["name"].startswith("reaches "):
                _, kind, oid = case["name"].split(" ")
                assert golden.reaches(body["spec"], case["result"], kind, oid), case["name"]
