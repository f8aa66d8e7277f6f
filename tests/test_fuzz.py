"""Fuzzing: seeded mutations of the shipped content, questionnaires, answers, result and targets
files, each run through the real CLI, must end cleanly — exit 0, or exit 1 with only
`path:line: field: message` lines — within a time bound; and so must every regression case.

`make test` runs FUZZ_CASES (default 100) cases per kind; `make fuzz` runs 1,000 per kind.
FUZZ_SEED picks another corpus. Failing cases are saved in build/fuzz-failures/; shrink one with
`PYTHONPATH=tests .venv/bin/python -m fuzz shrink CASE --out tests/fuzz/regressions/NAME.json`
and it runs here every time (a regression file: the finding, the input files, the command).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from fuzz.corpus import KINDS, ROOT, Case, Workspace, case
from fuzz.runner import Outcome, judge, run, run_process

CASES = int(os.environ.get("FUZZ_CASES", "100"))
SEED = int(os.environ.get("FUZZ_SEED", "20261130"))
REGRESSIONS = sorted((Path(__file__).parent / "fuzz" / "regressions").glob("*.json"))
FAILURES = ROOT / "build" / "fuzz-failures"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Workspace:
    return Workspace(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_inputs_end_cleanly(workspace, kind):
    failures, statuses, mentioned = [], {0: 0, 1: 0}, 0
    for index in range(CASES):
        one = case(workspace, kind, index, SEED)
        outcome, verdict = workspace.check(one)
        if not verdict.ok:
            FAILURES.mkdir(parents=True, exist_ok=True)
            saved = FAILURES / f"{one.name}.json"
            saved.write_text(one.to_json(verdict.reason, "\n".join(verdict.details)), encoding="utf-8")
            failures.append(f"{one.name} {one.mutations}: {verdict.reason} (saved as {saved.relative_to(ROOT)})")
            continue
        statuses[outcome.status] += 1
        mutated = [Path(p).name for p in one.files]
        mentioned += outcome.status == 1 and any(name in outcome.stderr for name in mutated)
    assert not failures, f"{len(failures)} of {CASES} {kind} cases did not end cleanly:\n" + "\n".join(failures)
    # The mutations bite: most cases are rejected, and rejections name the mutated file.
    assert statuses[1] >= CASES * 0.3, statuses
    assert mentioned >= statuses[1] * 0.5, (mentioned, statuses)


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.stem for p in REGRESSIONS])
def test_regression_ends_cleanly(workspace, path):
    one = Case.from_json(path.read_text(encoding="utf-8"), path.stem)
    outcome, verdict = workspace.check(one)
    assert verdict.ok, f"{verdict.reason}\n" + "\n".join(verdict.details)


def test_cases_are_the_same_for_the_same_seed(workspace):
    for kind in KINDS:
        assert case(workspace, kind, 7, SEED) == case(workspace, kind, 7, SEED)
        assert case(workspace, kind, 7, SEED).files != case(workspace, kind, 7, SEED + 1).files


# --- the judge catches what it must: checked with the real runner on a stand-in main() -----------

def outcome_of(monkeypatch, behaviour, time_bound: float = 20.0) -> Outcome:
    import sre_org_playbook.cli

    monkeypatch.setattr(sre_org_playbook.cli, "main", behaviour)
    return run(["validate"], time_bound)


def test_judge_rejects_a_traceback(monkeypatch):
    outcome = outcome_of(monkeypatch, lambda argv: {}["missing"])
    assert judge(outcome).reason == "traceback: KeyError: 'missing'"


def spin(argv):
    while True:
        pass


@pytest.mark.parametrize("behaviour", [lambda argv: time.sleep(60), spin], ids=["blocked", "busy"])
def test_judge_rejects_a_hang_at_the_time_bound(monkeypatch, behaviour):
    started = time.perf_counter()
    outcome = outcome_of(monkeypatch, behaviour, time_bound=1.0)
    assert outcome.hung and time.perf_counter() - started < 30
    assert judge(outcome, 1.0).reason.startswith("hang")


def test_a_hang_is_confirmed_by_a_process_of_its_own(tmp_path):
    outcome = run_process(["--root", str(ROOT), "score", str(tmp_path / "missing.yaml")])
    assert outcome.status == 1 and "answers file not found" in outcome.stderr and judge(outcome).ok
    assert run_process(["--root", str(ROOT), "validate"], time_bound=0.05).hung


def test_judge_rejects_unbounded_memory(monkeypatch):
    outcome = outcome_of(monkeypatch, lambda argv: bytearray(8 * 1024 ** 3))
    assert judge(outcome).reason == "traceback: MemoryError"


def fake(status: int, stderr: str):
    def main(argv):
        import sys
        sys.stderr.write(stderr)
        return status
    return main


@pytest.mark.parametrize("status, stderr, reason", [
    (1, "content/a.yaml:3: title: one\nline two\n✗ 1 problem(s) in 1 file(s)\n",
     "a stderr line that is not `path:line: field: message`"),
    (1, "content/a.yaml:0: title: at line 0\n✗ 1 problem(s) in 1 file(s)\n", "a problem at line 0"),
    (1, "✗ 0 problem(s) in 0 file(s)\n", "exit 1 without a problem line"),
    (1, "content/a.yaml:3: title: missing\n", "exit 1 without a ✗ summary as the last line"),
    (2, "playbook: internal error: KeyError 'x' (run with --debug for the traceback)\n", "internal error"),
    (3, "", "exit status 3"),
])
def test_judge_rejects_unclean_output(monkeypatch, status, stderr, reason):
    assert judge(outcome_of(monkeypatch, fake(status, stderr))).reason == reason


def test_judge_accepts_problems_and_warnings(monkeypatch):
    stderr = ("answers.yaml:2: warning: version: answers to version 1\n"
              "content/a.yaml:3: sections.0.id: unknown key 'idd' (did you mean 'id'?)\n"
              "✗ 1 problem(s) in 1 file(s)\n")
    assert judge(outcome_of(monkeypatch, fake(1, stderr))).ok
