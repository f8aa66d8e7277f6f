"""Load: find result files, read them defensively, check them, and re-score them.

Every file is untrusted. A file that cannot be used is *left out* with its problems
(path:line: field: message); the others become `Sheet`s, each re-scored with the current
engine — the `result` a file carries is never trusted, only compared.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..inputfile import RESULT, parse_input, read_bounded
from ..problems import Problem, one_line
from ..assessments.answers import check_answers, dotted
from ..assessments.engine import score

SUFFIXES = (".json", ".yaml", ".yml")
MAX_NAME = 200                  # characters in a respondent name (the browser's limit)
MAX_PROBLEMS_PER_FILE = 10
MAX_MESSAGE = 300
PERSON_SEPARATOR = " / "        # "Team / Person" in the respondent field
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?$")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
SURROGATE_RE = re.compile("[\ud800-\udfff]")  # e.g. a file name's non-UTF-8 bytes: not printable


@dataclass
class Sheet:
    """One used result file: whose answers to what, when, re-scored now."""

    path: str
    questionnaire: str
    team: str                   # shown team name (cleaned)
    team_key: str               # what groups files of one team: case- and space-insensitive
    person: str | None          # the part after " / " in the respondent, if any
    respondent: str | None      # the respondent field as given (cleaned)
    date: str | None            # ISO day, YYYY-MM-DD
    answers: dict
    result: dict
    digest: str
    notes: list[str] = field(default_factory=list)
    evidence: dict = field(default_factory=dict)   # question id → note (text), declared question order


@dataclass
class LeftOut:
    """A file that is not in the report, and why."""

    path: str
    problems: list[Problem]
    kind: str                   # unreadable | invalid | older | duplicate | other-questionnaire


@dataclass
class Loaded:
    sheets: list[Sheet]
    left_out: list[LeftOut]
    files: int


def clean_text(value, limit: int = MAX_NAME) -> str:
    """Untrusted text for display: no control or direction characters, single spaces, bounded."""
    text = " ".join(CONTROL_RE.sub(" ", SURROGATE_RE.sub("\ufffd", str(value))).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def team_key(name: str) -> str:
    return " ".join(name.casefold().split())


def split_respondent(respondent: str) -> tuple[str, str | None]:
    """'Checkout / Alice' → ('Checkout', 'Alice'); 'Checkout' → ('Checkout', None)."""
    if PERSON_SEPARATOR in respondent:
        team, person = respondent.rsplit(PERSON_SEPARATOR, 1)
        if team.strip() and person.strip():
            return team.strip(), person.strip()
    return respondent, None


def find_files(paths: list[Path], skip: set[Path] = frozenset(),
               relative: bool = False) -> tuple[list[tuple[Path, str]], list[LeftOut]]:
    """Result files named directly or found under folders (recursively, sorted, no symlink loops),
    each with the name to show: as given, or (`relative`) from the given folder's name on, so a
    published report does not show the paths of the machine that built it."""
    found: list[tuple[Path, str]] = []
    missing: list[LeftOut] = []
    seen: set[Path] = set()

    def add(path: Path, shown: str) -> None:
        shown = one_line(shown)  # a file name may hold line breaks or bytes that are not UTF-8
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop: reading it will say so
            real = path.absolute()
        if real in seen or real in skip:
            return
        seen.add(real)
        found.append((path, shown))

    for given in paths:
        if given.is_dir():
            top = given.resolve().name or "results"
            for folder, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                        path = Path(folder) / name
                        add(path, f"{top}/{path.relative_to(given).as_posix()}" if relative else path.as_posix())
        elif given.exists():  # a FIFO or device too: reading it says why it is skipped
            shown = one_line(given.name if relative else given.as_posix())
            if given.suffix.lower() in SUFFIXES:
                add(given, shown)
            else:
                missing.append(LeftOut(shown, [Problem(shown, 1, "(file)",
                               "not a result file: expected .json, .yaml or .yml")], "unreadable"))
        else:
            shown = one_line(given.name if relative else given.as_posix())
            missing.append(LeftOut(shown, [Problem(shown, 1, "(file)", "no such file or folder")], "unreadable"))
    return found, missing


def load_results(paths: list[Path], specs: dict[str, dict], *, only: str | None = None,
                 include_older: bool = False, skip: set[Path] = frozenset(), relative: bool = False) -> Loaded:
    """Read, check and re-score every result file under `paths`."""
    files, missing = find_files(paths, skip, relative)
    left_out: list[LeftOut] = list(missing)
    sheets: list[Sheet] = []
    digests: dict[str, str] = {}
    for path, where in files:
        try:
            sheet, problems, kind = read_one(path, where, specs, only, include_older)
        except Exception as exc:  # noqa: BLE001 — untrusted input must never crash the report
            sheet, problems, kind = None, [Problem(where, 1, "(file)", f"could not be read ({type(exc).__name__})")], \
                "unreadable"
        if sheet is None:
            left_out.append(LeftOut(where, bounded(problems), kind))
            continue
        if sheet.digest in digests:
            left_out.append(LeftOut(where, [Problem(where, 1, "(file)", f"duplicate of {digests[sheet.digest]} "
                                            "(same questionnaire, respondent, date and answers)")], "duplicate"))
            continue
        digests[sheet.digest] = where
        sheets.append(sheet)
    return Loaded(sheets, left_out, len(files) + len(missing))


def bounded(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_FILE problems, each message cleaned and shortened."""
    out = [Problem(p.path, p.line, clean_text(p.field, 80), clean_text(p.message, MAX_MESSAGE))
           for p in sorted(problems)[:MAX_PROBLEMS_PER_FILE]]
    if len(problems) > MAX_PROBLEMS_PER_FILE:
        out.append(Problem(out[0].path, out[-1].line, "(file)",
                           f"… and {len(problems) - MAX_PROBLEMS_PER_FILE} more problem(s)"))
    return out


def read_one(path: Path, where: str, specs: dict[str, dict], only: str | None,
             include_older: bool) -> tuple[Sheet | None, list[Problem], str]:
    """One file → (sheet, [], '') or (None, problems, kind)."""
    raw, problem = read_bounded(path, where, RESULT)  # RESULT's size limit is the browser's import limit too
    if problem:
        return None, [problem], "unreadable"
    is_json = path.suffix.lower() == ".json"
    doc, problems = parse_input(raw, where, RESULT, is_json, lines=False)
    if doc is None:
        return None, problems, "unreadable"
    if doc.duplicate_keys:
        return None, [Problem(where, line, dotted(key), "key given twice; which value counts is unclear")
                      for key, line in doc.duplicate_keys], "unreadable"
    data = doc.data
    if only is not None and isinstance(data.get("questionnaire"), str) and data["questionnaire"] != only \
            and data["questionnaire"] in specs:
        return None, [Problem(where, doc.line_of(("questionnaire",)), "questionnaire",
                              f"answers '{data['questionnaire']}', but this report is for '{only}' "
                              "(--questionnaire)")], "other-questionnaire"
    sheet, errors = check_answers(doc, where, specs, yaml_booleans=not is_json)
    if errors and is_json and doc.lines == {(): 1}:
        # The fast path read JSON without line numbers: read it again for the messages.
        lined, _ = parse_input(raw, where, RESULT, is_json, lines=True)
        if lined is not None:
            _, errors = check_answers(lined, where, specs, yaml_booleans=False)
            doc = lined
    if errors:
        return None, errors, "invalid"
    spec = specs[sheet.questionnaire]
    notes: list[str] = []
    given_version = data.get("version")
    if isinstance(given_version, int) and given_version != spec["version"]:
        newer = given_version > spec["version"]
        message = (f"made against version {given_version} of '{spec['id']}', "
                   f"{'newer than' if newer else 'but'} this playbook's is version {spec['version']}")
        if not include_older or newer:
            return None, [Problem(where, doc.line_of(("version",)), "version", message + (
                "; update the playbook" if newer else
                "; answer it again, or pass --include-older to re-score it against the current version"))], "older"
        notes.append(message + "; re-scored against the current version (--include-older)")
    elif given_version is None:
        notes.append(f"no version given; scored against version {spec['version']}")
    elif isinstance(data.get("spec_hash"), str) and data["spec_hash"] != spec["spec_hash"]:
        notes.append(f"the questionnaire changed since (spec hash {clean_text(data['spec_hash'], 40)}, now "
                     f"{spec['spec_hash']}); re-scored against the current one")

    problems = []
    respondent = None if sheet.respondent is None else clean_text(sheet.respondent, 10 * MAX_NAME)
    if respondent is not None and len(respondent) > MAX_NAME:
        problems.append(Problem(where, doc.line_of(("respondent",)), "respondent",
                                f"name too long ({len(respondent)} characters, at most {MAX_NAME})"))
    if respondent == "":
        respondent = None
    day = None
    if sheet.date not in (None, ""):
        match = DATE_RE.match(str(sheet.date).strip())
        day = match.group(1) if match else None
        if day is not None:
            try:
                datetime.date.fromisoformat(day)
            except ValueError:
                day = None
        if day is None:
            problems.append(Problem(where, doc.line_of(("date",)), "date",
                                    f"'{clean_text(sheet.date, 40)}' is not a date like 2024-05-01"))
    if problems:
        return None, problems, "invalid"
    if respondent is None:
        team, person = clean_text(path.stem, 80), None
        notes.append("no respondent: listed under its file name")
    else:
        team, person = split_respondent(respondent)
    if day is None:
        notes.append("undated: ordered before every dated result of its team")

    result = score(spec, sheet.answers)
    embedded = data.get("result", None)
    if "result" not in data or embedded is None:
        pass
    elif not isinstance(embedded, dict):
        notes.append("the embedded result is not a result object; ignored")
    elif embedded != result:
        notes.append("the embedded result disagrees with re-scoring: " + differences(embedded, result)
                     + "; the re-scored result is used")
    digest = hashlib.sha256(json.dumps(
        [sheet.questionnaire, team_key(respondent or ""), day, sheet.answers],
        sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
    return Sheet(where, sheet.questionnaire, team, team_key(team), person, respondent, day, sheet.answers,
                 result, digest, notes + [w.message for w in sheet.warnings
                                          if w.field not in ("version", "spec_hash", "(file)")
                                          and not w.field.startswith("milestones")], sheet.evidence), [], ""


def differences(embedded: dict, fresh: dict) -> str:
    """What an embedded result says differently, in a few words (bounded work on any input)."""
    said = []
    if embedded.get("phase") != fresh["phase"]:
        said.append(f"phase {show(embedded.get('phase'))} (now {show(fresh['phase'])})")
    dims = embedded.get("dimensions")
    if isinstance(dims, list):
        theirs = {d.get("id"): d.get("percent") for d in dims[:100] if isinstance(d, dict) and isinstance(d.get("id"), str)}
        wrong = [d["id"] for d in fresh["dimensions"] if theirs.get(d["id"], object()) != d["percent"]]
        if wrong:
            said.append("dimension score(s) " + ", ".join(wrong))
    elif fresh["dimensions"]:
        said.append("dimension scores missing")
    ranks = embedded.get("rankings")
    if isinstance(ranks, list):
        theirs = {r.get("id"): r.get("top") for r in ranks[:100] if isinstance(r, dict) and isinstance(r.get("id"), str)}
        wrong = [r["id"] for r in fresh["rankings"] if theirs.get(r["id"], object()) != r["top"]]
        if wrong:
            said.append("top candidate of " + ", ".join(wrong))
    if embedded.get("advice") != fresh["advice"]:
        said.append("advice")
    return ", ".join(said) or "other details"


def show(value) -> str:
    if value is None:
        return "none"
    return f"'{clean_text(value, 40)}'" if isinstance(value, str) else clean_text(type(value).__name__, 20)
