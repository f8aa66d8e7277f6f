"""Answers files: read (YAML or JSON), check against a spec, normalise, and write results.

An answers file is the same format `playbook score --format json` writes (and the browser
downloads): questionnaire id, version, optional spec hash, respondent, date, answers, and —
ignored on input — the result computed from them.

    questionnaire: organisational-maturity
    version: 1
    spec_hash: sha256:0123456789abcdef   # optional
    respondent: Team Checkout            # a person or team name, optional
    date: 2020-06-01                     # optional
    answers:
      slo-coverage: critical             # single choice: one option id
      lifecycle: [design, deployment]    # multiple choice: a list of option ids
      oncall-hours: ~                    # null or [] = not answered

Errors (no result): unreadable file, unknown keys, unknown or mismatched questionnaire, unknown
question or option ids, wrong answer types, an exclusive option combined with others.
Warnings (scored anyway): another version or spec hash than the current questionnaire's.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..inputfile import ANSWERS, read_input
from ..problems import Problem, suggest
from ..yamlsource import YamlDoc
from .engine import questions_of

KEYS = ("questionnaire", "version", "spec_hash", "respondent", "date", "answers", "result")


@dataclass
class AnswerSheet:
    """A checked answers file: whose answers, to what, and the answers themselves (normalised)."""

    questionnaire: str
    version: int | None
    spec_hash: str | None
    respondent: str | None
    date: str | None
    answers: dict
    warnings: list[Problem] = field(default_factory=list)


def read_answers_file(path: Path, where: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse an answers file, YAML or JSON, through the safe entry point (errors carry lines for both)."""
    return read_input(path, where, ANSWERS)


def check_answers(doc: YamlDoc, where: str, specs: dict[str, dict], forced: str | None = None,
                  yaml_booleans: bool = True) -> tuple[AnswerSheet | None, list[Problem]]:
    """Check an answers document against the questionnaires; return the sheet or the errors.

    With `yaml_booleans` (a file read as YAML), an unquoted yes/no/on/off/true/false that YAML
    turned into a boolean is taken as the option id it spells, where the question has one.
    """
    data: dict = doc.data  # read_input guarantees a mapping
    errors: list[Problem] = []
    warnings: list[Problem] = []
    err = lambda path, msg: errors.append(Problem(where, doc.line_of(path), dotted(path), msg))  # noqa: E731
    warn = lambda path, msg: warnings.append(Problem(where, doc.line_of(path), dotted(path), msg))  # noqa: E731

    for key in data:
        if key not in KEYS:
            err((key,), f"unknown key '{clip(key)}'{suggest(key, KEYS)}; an answers file has {', '.join(KEYS)}")

    named = data.get("questionnaire")
    if named is not None and not isinstance(named, str):
        err(("questionnaire",), f"must be a questionnaire id (text), got {type(named).__name__}")
        named = None
    known = sorted(specs)
    if forced is not None and forced not in specs:
        err(("questionnaire",), f"unknown questionnaire '{forced}' (from --questionnaire){suggest(forced, known)}; "
                                f"known: {', '.join(known)}")
        return None, errors
    if forced is not None and named is not None and named != forced:
        err(("questionnaire",), f"wrong questionnaire: the file answers '{clip(named)}' but --questionnaire is '{forced}'")
        return None, errors
    qid = forced or named
    if qid is None:
        err(("questionnaire",), f"which questionnaire? add 'questionnaire: <id>' or pass --questionnaire; "
                                f"known: {', '.join(known)}")
        return None, errors
    if qid not in specs:
        err(("questionnaire",), f"unknown questionnaire '{clip(qid)}'{suggest(qid, known)}; known: {', '.join(known)}")
        return None, errors
    spec = specs[qid]

    version = data.get("version")
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
        err(("version",), f"must be a whole number, got {type(version).__name__} {short(version)}")
        version = None
    elif version is not None and version != spec["version"]:
        warn(("version",), f"answers were given to version {version} of '{qid}', which is now version "
                           f"{spec['version']}; scored against the current version")
    elif version is None:
        warn(("version",) if "version" in data else (), f"no version given; scored against version {spec['version']} of '{qid}'")
    given_hash = data.get("spec_hash")
    if given_hash is not None and not isinstance(given_hash, str):
        err(("spec_hash",), f"must be text like {spec['spec_hash']}, got {type(given_hash).__name__}")
        given_hash = None
    elif given_hash is not None and given_hash != spec["spec_hash"] and version == spec["version"]:
        warn(("spec_hash",), f"the questionnaire has changed since these answers were given (spec hash "
                             f"{given_hash}, now {spec['spec_hash']}) although its version is the same; "
                             "scored against the current questionnaire")

    respondent = data.get("respondent")
    if respondent is not None and not isinstance(respondent, (str, int)):
        err(("respondent",), f"must be a name (text), got {type(respondent).__name__}")
        respondent = None
    date = data.get("date")
    if isinstance(date, (datetime.date, datetime.datetime)):
        date = date.isoformat()
    elif date is not None and not isinstance(date, str):
        err(("date",), f"must be a date like 2024-05-01, got {type(date).__name__} {short(date)}")
        date = None

    raw = data.get("answers")
    if yaml_booleans and isinstance(raw, dict):
        options = {q["id"]: [o["id"] for o in q["options"]] for q in questions_of(spec)}
        raw = {k: unbool(v, options[k]) if k in options else v for k, v in raw.items()}
    answers = check_answer_map(raw, spec, err)
    if "answers" not in data:
        err((), "required key 'answers' is missing (a mapping of question id to option id or list of option ids)")
    if errors:
        return None, errors
    return AnswerSheet(qid, version, given_hash, None if respondent is None else str(respondent), date,
                       answers, warnings), []


def check_answer_map(raw, spec: dict, err) -> dict:
    """Validate and normalise the answers mapping: declared question order, declared option
    order within a multiple choice answer, no unanswered entries."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        err(("answers",), f"must be a mapping of question id to option id(s), got {type(raw).__name__}")
        return {}
    questions = {q["id"]: q for q in questions_of(spec)}
    normal: dict = {}
    for qid, answer in raw.items():
        path = ("answers", qid)
        if not isinstance(qid, str) or qid not in questions:
            err(path, f"unknown question '{clip(qid)}'{suggest(qid, questions)}")
            continue
        question = questions[qid]
        option_ids = [o["id"] for o in question["options"]]
        if answer is None or answer == []:
            continue
        if question["type"] == "single":
            if isinstance(answer, list):
                err(path, f"question '{qid}' is single choice: give one option id, not a list")
            elif not isinstance(answer, str):
                err(path, f"question '{qid}': expected an option id, got {type(answer).__name__} {short(answer)}"
                          + (" (an unquoted yes/no in YAML is read as a boolean: quote the id)"
                             if isinstance(answer, bool) else ""))
            elif answer not in option_ids:
                err(path, f"question '{qid}' has no option '{clip(answer)}'{suggest(answer, option_ids)}; "
                          f"options: {', '.join(option_ids)}")
            else:
                normal[qid] = answer
            continue
        if not isinstance(answer, list):
            err(path, f"question '{qid}' is multiple choice: give a list of option ids, e.g. [{option_ids[0]}]")
            continue
        ok = True
        for i, option in enumerate(answer):
            if not isinstance(option, str):
                err(path + (i,), f"question '{qid}': expected an option id, got {type(option).__name__} {short(option)}")
                ok = False
            elif option not in option_ids:
                err(path + (i,), f"question '{qid}' has no option '{clip(option)}'{suggest(option, option_ids)}; "
                                 f"options: {', '.join(option_ids)}")
                ok = False
            elif answer.index(option) != i:
                err(path + (i,), f"question '{qid}': option '{option}' is given twice")
                ok = False
        if not ok:
            continue
        exclusive = [o["id"] for o in question["options"] if o["exclusive"] and o["id"] in answer]
        if exclusive and len(answer) > 1:
            err(path, f"question '{qid}': option '{exclusive[0]}' cannot be combined with other options")
            continue
        normal[qid] = [o for o in option_ids if o in answer]
    order = list(questions)
    return {qid: normal[qid] for qid in sorted(normal, key=order.index)}


YAML_BOOLEANS = {True: ("yes", "true", "on"), False: ("no", "false", "off")}


def unbool(answer, option_ids: list[str]):
    """YAML reads an unquoted yes/no/on/off/true/false as a boolean; take it as the option id
    it spells when the question has such an option."""
    def one(value):
        if isinstance(value, bool):
            return next((o for o in YAML_BOOLEANS[value] if o in option_ids), value)
        return value
    return [one(v) for v in answer] if isinstance(answer, list) else one(answer)


def result_document(sheet: AnswerSheet, spec: dict, result: dict) -> dict:
    """What `playbook score --format json` writes: the answers file, current version and hash,
    and the result (the browser's download has the same shape)."""
    return {
        "questionnaire": spec["id"],
        "version": spec["version"],
        "spec_hash": spec["spec_hash"],
        "respondent": sheet.respondent,
        "date": sheet.date,
        "answers": sheet.answers,
        "result": result,
    }


def clip(value, limit: int = 80) -> str:
    """Untrusted text for a message, shortened."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short(value, limit: int = 60) -> str:
    """An untrusted value's repr for a message, shortened."""
    return clip(repr(value), limit)


def dotted(path) -> str:
    return ".".join(str(p) for p in path) or "(file)"
