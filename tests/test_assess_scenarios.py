"""Organisations and people described in (or implied by) the sources, scored with the CLI.

Every tests/scenarios/*.yaml is an answers file whose comments say what the sources say it
should get, and why; its `# expect …:` lines are asserted here against `playbook score
--format json`:

    # expect phase: <phase id | none>
    # expect failed gate: <phase id>/<gate id>      (that phase is held back by that gate)
    # expect top <ranking id>: <candidate id | none>   (none: the ranking recommends nothing)
    # expect excluded <ranking id>: <candidate id>
    # expect advice: <advice id>
    # expect not advice: <advice id>
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from unittest import mock

import pytest

from sre_org_playbook.cli import Console, main

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))
EXPECT = re.compile(r"^# expect (?P<what>[a-z ]+?): (?P<value>\S+)\s*$")


def expectations(path: Path) -> list[tuple[str, str]]:
    found = [(m["what"], m["value"]) for line in path.read_text(encoding="utf-8").splitlines()
             if (m := EXPECT.match(line))]
    assert found, f"{path.name} states no expectation"
    return found


def scored(path: Path, capsys) -> dict:
    with mock.patch.object(Console.__init__, "__defaults__", (sys.stderr,)):
        code = main(["--root", str(ROOT), "score", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "warning" not in err, err
    return json.loads(out)["result"]


def questionnaire_of(path: Path) -> str:
    return re.search(r"^questionnaire: (\S+)", path.read_text(encoding="utf-8"), re.M)[1]


def test_there_are_enough_scenarios_for_every_questionnaire():
    named = {questionnaire_of(p) for p in SCENARIOS}
    assert len(SCENARIOS) >= 30
    assert named == {"organisational-maturity", "model-fit", "sre-role-readiness", "structure-discussion-guide"}


def test_every_outcome_is_the_expected_outcome_of_two_scenarios():
    """Every phase, ranked candidate (model, placement, career level) and advice rule of every
    questionnaire is what at least two scenarios expect — so each is grounded in the sources twice."""
    from sre_org_playbook.assessments.load import load_questionnaires

    loaded, problems = load_questionnaires(ROOT)
    assert not problems
    expected: dict[tuple, int] = {}
    for path in SCENARIOS:
        qid = questionnaire_of(path)
        for what, value in expectations(path):
            kind = "phase" if what == "phase" else "advice" if what == "advice" else \
                what[4:] if what.startswith("top ") else None
            if kind:
                expected[(qid, kind, value)] = expected.get((qid, kind, value), 0) + 1
    short = []
    for one in loaded:
        out = one.questionnaire.outcomes
        wanted = [("phase", p.id) for p in out.phases] + [("advice", a.id) for a in out.advice]
        wanted += [(r.id, c.id) for r in out.rankings for c in r.candidates]
        short += [f"{one.id} {kind} {oid}: {expected.get((one.id, kind, oid), 0)}" for kind, oid in wanted
                  if expected.get((one.id, kind, oid), 0) < 2]
    assert not short, "outcomes expected by fewer than two scenarios:\n" + "\n".join(short)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario(path, capsys):
    result = scored(path, capsys)
    rankings = {r["id"]: r for r in result["rankings"]}
    for what, value in expectations(path):
        if what == "phase":
            assert result["phase"] == (None if value == "none" else value), what
        elif what == "failed gate":
            phase, gate = value.split("/")
            state = next(p for p in result["phases"] if p["id"] == phase)
            assert not state["reached"] and gate in state["failed_gates"], (value, state)
        elif what.startswith("top "):
            want = None if value == "none" else value
            assert rankings[what[4:]]["top"] == want, (what, rankings[what[4:]]["candidates"])
        elif what.startswith("excluded "):
            entry = next(c for c in rankings[what[9:]]["candidates"] if c["id"] == value)
            assert entry["rank"] is None and entry["excluded_by"], (what, entry)
        elif what == "advice":
            assert value in result["advice"], (value, result["advice"])
        elif what == "not advice":
            assert value not in result["advice"], (value, result["advice"])
        else:
            pytest.fail(f"{path.name}: unknown expectation '# expect {what}:'")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_states_its_reason_from_the_sources(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^# .*Reason:", text, re.M), f"{path.name}: say why, from the sources"
    assert re.search(r"^# .*sources?:", text, re.M | re.I), f"{path.name}: name the source"
