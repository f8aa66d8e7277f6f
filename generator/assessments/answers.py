"""Answers files: read (YAML or JSON), check against a spec, normalise, and write results.

An answers file is the same format `playbook score --format json` writes (and the browser
downloads): questionnaire id, version, optional spec hash, respondent, date, answers, and —
ignored on input — the result computed from them. Optional: evidence notes per question (why this
answer, a link to proof) and milestones (dated snapshots of earlier answers, kept by the browser).

    questionnaire: organisational-maturity
    version: 1
    spec_hash: sha256:0123456789abcdef   # optional
    respondent: Team Checkout            # a person or team name, optional
    date: 2020-06-01                     # optional
    answers:
      slo-coverage: critical             # single choice: one option id
      lifecycle: [design, deployment]    # multiple choice: a list of option ids
      oncall-hours: ~                    # null or [] = not answered
    evidence:                            # optional: a note per question, text, at most 1,000 characters
      slo-coverage: "SLO dashboard: https://wiki.example/slo"
    milestones:                          # optional: earlier answers kept as dated snapshots (at most 50)
      - {date: 2020-01-15, label: Baseline, answers: {slo-coverage: none}}

Errors (no result): unreadable file, unknown keys, unknown or mismatched questionnaire, unknown
question or option ids, wrong answer types, an exclusive option combined with others, a note that
is not text, too long, or for an unknown question.
Warnings (scored anyway): another version or spec hash than the current questionnaire's; a
milestone that cannot be used (it is dropped, never fails the file).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..inputfile import ANSWERS, read_input
from ..problems import Problem, suggest
from ..yamlsource import YamlDoc
from .engine import questions_of

KEYS = ("questionnaire", "version", "spec_hash", "respondent", "date", "answers", "evidence", "milestones", "result")
MAX_EVIDENCE = 1000     # characters in one note (the browser's limit too)
MAX_MILESTONES = 50
MILESTONE_KEYS = ("date", "label", "answers", "evidence")
MAX_LABEL = 200


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
    evidence: dict = field(default_factory=dict)        # question id → note, declared question order
    milestones: list = field(default_factory=list)      # the usable milestones, normalised


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
    evidence = check_evidence(data.get("evidence"), spec, err)
    milestones = check_milestones(data.get("milestones"), spec, warn)
    if "answers" not in data:
        err((), "required key 'answers' is missing (a mapping of question id to option id or list of option ids)")
    if errors:
        return None, errors
    return AnswerSheet(qid, version, given_hash, None if respondent is None else str(respondent), date,
                       answers, warnings, evidence, milestones), []


def check_evidence(raw, spec: dict, err, path: tuple = ("evidence",)) -> dict:
    """Validate and normalise the evidence notes: question id → text, trimmed, non-empty, at
    most MAX_EVIDENCE characters, in declared question order. Always text, never markup."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        err(path, f"must be a mapping of question id to a note (text), got {type(raw).__name__}")
        return {}
    order = [q["id"] for q in questions_of(spec)]
    notes: dict = {}
    for qid, note in raw.items():
        where = path + (qid,)
        if not isinstance(qid, str) or qid not in order:
            err(where, f"unknown question '{clip(qid)}'{suggest(str(qid), order)}")
        elif note is None:
            continue
        elif not isinstance(note, str):
            err(where, f"a note must be text, got {type(note).__name__} {short(note)}")
        elif len(note.strip()) > MAX_EVIDENCE:
            err(where, f"note too long ({len(note.strip())} characters, at most {MAX_EVIDENCE})")
        elif note.strip():
            notes[qid] = note.strip()
    return {qid: notes[qid] for qid in order if qid in notes}


def check_milestones(raw, spec: dict, warn) -> list[dict]:
    """The usable milestones, each {date, label?, answers, evidence?}; one that is not is a warning
    and dropped (a milestone is history kept by the browser: it never fails the file)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        warn(("milestones",), f"must be a list of milestones, got {type(raw).__name__}; ignored")
        return []
    kept: list[dict] = []
    for i, item in enumerate(raw):
        path = ("milestones", i)
        problems: list[str] = []
        err = lambda p, msg: problems.append(f"{dotted(p)}: {msg}")  # noqa: E731
        if i >= MAX_MILESTONES:
            warn(("milestones",), f"more than {MAX_MILESTONES} milestones; the {len(raw) - MAX_MILESTONES} after "
                                  f"the first {MAX_MILESTONES} are dropped")
            break
        if not isinstance(item, dict):
            warn(path, f"a milestone must be a mapping with date and answers, got {type(item).__name__}; dropped")
            continue
        day = item.get("date")
        if isinstance(day, (datetime.date, datetime.datetime)):
            day = day.isoformat()[:10]
        if not isinstance(day, str) or not valid_day(day):
            problems.append(f"date: must be a date like 2024-05-01, got {short(day)}")
        label = item.get("label")
        if label is not None and (not isinstance(label, str) or len(label) > MAX_LABEL):
            problems.append(f"label: must be text of at most {MAX_LABEL} characters")
        unknown = [k for k in item if k not in MILESTONE_KEYS]
        if unknown:
            problems.append(f"unknown key '{clip(unknown[0])}'; a milestone has {', '.join(MILESTONE_KEYS)}")
        answers = check_answer_map(item.get("answers"), spec, err)
        evidence = check_evidence(item.get("evidence"), spec, err)
        if problems:
            warn(path, f"milestone dropped: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
            continue
        milestone = {"date": day, "answers": answers}
        if evidence:
            milestone["evidence"] = evidence
        if label and label.strip():
            milestone["label"] = label.strip()
        kept.append(milestone)
    return kept


def valid_day(text: str) -> bool:
    """Whether text is a calendar day written YYYY-MM-DD."""
    try:
        return len(text) == 10 and datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


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
    and the result (the browser's download has the same shape). Evidence and milestones are
    written when the file has them."""
    document = {
        "questionnaire": spec["id"],
        "version": spec["version"],
        "spec_hash": spec["spec_hash"],
        "respondent": sheet.respondent,
        "date": sheet.date,
        "answers": sheet.answers,
    }
    if sheet.evidence:
        document["evidence"] = sheet.evidence
    if sheet.milestones:
        document["milestones"] = sheet.milestones
    document["result"] = result
    return document


def clip(value, limit: int = 80) -> str:
    """Untrusted text for a message, shortened."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short(value, limit: int = 60) -> str:
    """An untrusted value's repr for a message, shortened."""
    return clip(repr(value), limit)


def dotted(path) -> str:
    return ".".join(str(p) for p in path) or "(file)"
