"""Golden scoring results for the shipped questionnaires, kept in tests/golden/<id>.json.

Each file holds the questionnaire's spec (as both engines read it) and a list of cases — every
scenario answers file in tests/scenarios/, an answer set that reaches each phase, ranks each
candidate first and fires each advice rule (found by the reachability checker), and a few
extremes (nothing answered, everything answered high, everything low) — each with the result
the engine gives. tests/test_assess_golden.py compares them; the JavaScript engine can replay
the same cases.

    python -m generator.assessments.golden            # check: exit 1 and list what differs
    python -m generator.assessments.golden --update   # rewrite tests/golden/*.json
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..yamlsource import parse_yaml
from .answers import check_answers
from .engine import score
from .load import load_questionnaires
from .reach import extremes, witnesses
from .spec import build_spec

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
SCENARIOS = ROOT / "tests" / "scenarios"


def golden_files(root: Path = ROOT) -> dict[str, str]:
    """File name → JSON text of every golden file, computed now."""
    loaded, problems = load_questionnaires(root)
    if problems:
        raise SystemExit("questionnaires have problems; run `playbook validate` first")
    specs = {one.id: build_spec(one.questionnaire) for one in loaded}
    cases: dict[str, list] = {qid: [] for qid in specs}

    for path in sorted((root / "tests" / "scenarios").glob("*.yaml")):
        doc = parse_yaml(path.read_text(encoding="utf-8"))
        sheet, errors = check_answers(doc, path.name, specs)
        if errors:
            raise SystemExit("\n".join(map(str, errors)))
        cases[sheet.questionnaire].append({"name": f"scenario {path.stem}", "answers": sheet.answers})

    for qid, spec in specs.items():
        high, low = extremes(spec)[1:3]
        cases[qid] += [{"name": "nothing answered", "answers": {}},
                       {"name": "highest-scoring options", "answers": high},
                       {"name": "lowest-scoring options", "answers": low}]
        for (kind, oid), answers in witnesses(spec).items():
            if answers is not None:
                cases[qid].append({"name": f"reaches {kind} {oid}", "answers": normalise(spec, answers)})

    out = {}
    for qid, spec in specs.items():
        for case in cases[qid]:
            case["result"] = score(spec, case["answers"])
        body = {"questionnaire": qid, "spec_hash": spec["spec_hash"], "spec": spec, "cases": cases[qid]}
        out[f"{qid}.json"] = json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    return out


def normalise(spec: dict, answers: dict) -> dict:
    """Answers in declared question order, multiple choice options in declared order."""
    from .engine import questions_of

    out = {}
    for question in questions_of(spec):
        answer = answers.get(question["id"])
        if answer is None or answer == []:
            continue
        if isinstance(answer, list):
            answer = [o["id"] for o in question["options"] if o["id"] in answer]
        out[question["id"]] = answer
    return out


def differences(root: Path = ROOT) -> list[str]:
    """Golden files that are missing, stale or no longer produced."""
    want = golden_files(root)
    folder = root / "tests" / "golden"
    have = {p.name for p in folder.glob("*.json")} if folder.is_dir() else set()
    diffs = [f"tests/golden/{name}: missing" for name in sorted(set(want) - have)]
    diffs += [f"tests/golden/{name}: no questionnaire produces it any more" for name in sorted(have - set(want))]
    for name in sorted(set(want) & have):
        if (folder / name).read_text(encoding="utf-8") != want[name]:
            diffs.append(f"tests/golden/{name}: differs from what the engine gives now")
    return diffs


def update(root: Path = ROOT) -> list[Path]:
    folder = root / "tests" / "golden"
    folder.mkdir(parents=True, exist_ok=True)
    want = golden_files(root)
    for stale in folder.glob("*.json"):
        if stale.name not in want:
            stale.unlink()
    written = []
    for name, text in want.items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.assessments.golden", description=__doc__.split("\n\n")[0])
    ap.add_argument("--update", action="store_true", help="rewrite tests/golden/*.json from the engine")
    args = ap.parse_args(argv)
    if args.update:
        for path in update():
            print(f"wrote {path.relative_to(ROOT)}")
        return 0
    diffs = differences()
    for line in diffs:
        print(line)
    if diffs:
        print("review the change, then run: python -m generator.assessments.golden --update")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
