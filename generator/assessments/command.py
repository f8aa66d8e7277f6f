"""`playbook score ANSWERS [--questionnaire ID] [--format text|json]`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..loader import load_content
from ..problems import Problem, ProblemsFound
from ..resources import shipped_playbook
from ..validate import validate_content
from . import check_assessments
from .answers import check_answers, read_answers_file, result_document
from .engine import score
from .text import format_result


def add_parser(sub) -> None:
    """Register the `score` subcommand."""
    p = sub.add_parser("score", help="score an answers file (YAML or JSON) against its questionnaire")
    p.add_argument("answers", help="answers file: questionnaire, version, answers (as written by --format json)")
    p.add_argument("--questionnaire", metavar="ID", help="questionnaire id, if the file does not name one")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (readable, default) or json (the answers file plus the result)")
    p.set_defaults(func=cmd_score)


def cmd_score(args, console) -> int:
    root = Path(args.root)
    if not any((root / "assessments").glob("*.y*ml")):  # no questionnaires of its own: the shipped ones
        root = shipped_playbook()
    path = Path(args.answers)
    where = path.as_posix()
    doc, problems = read_answers_file(path, where)
    if problems:
        raise ProblemsFound(problems)

    raws, _ = load_content(root)
    catalog, _ = validate_content(raws)
    titles = {e.ref: e.title for e in catalog.entities.values()}
    assessments, questionnaire_problems = check_assessments(root, {raw.ref for raw in raws}, titles, reach=False)
    broken = {p.path.rsplit("/", 1)[-1].rsplit(".", 1)[0] for p in questionnaire_problems}
    wanted = args.questionnaire or (doc.data.get("questionnaire") if isinstance(doc.data.get("questionnaire"), str)
                                    else None)
    if wanted in broken and wanted not in assessments.specs:
        raise ProblemsFound([p for p in questionnaire_problems if p.path.endswith(f"/{wanted}.yaml")]
                            + [Problem(where, doc.line_of(("questionnaire",)), "questionnaire",
                                       f"questionnaire '{wanted}' has problems (above); fix them to score")])

    if not assessments.specs and not questionnaire_problems:
        raise ProblemsFound([Problem(where, 1, "questionnaire", f"no questionnaires found in "
                                     f"{(root / 'assessments').as_posix()}/; run from the playbook folder "
                                     "or pass --root")])
    sheet, errors = check_answers(doc, where, assessments.specs, args.questionnaire,
                                  yaml_booleans=path.suffix.lower() != ".json")
    if errors:
        raise ProblemsFound(errors)
    for warning in sheet.warnings:
        console.say(f"{console.paint(f'{warning.path}:{warning.line}:', 'bold')} "
                    f"{console.paint('warning:', 'yellow')} {warning.field}: {warning.message}")
    spec = assessments.specs[sheet.questionnaire]
    document = result_document(sheet, spec, score(spec, sheet.answers))
    if args.format == "json":
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_result(spec, document, titles, colour=sys.stdout.isatty() and console.colour))
    return 0
