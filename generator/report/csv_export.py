"""CSV: the report (or one result, or a workshop) as one long table that every questionnaire fits.

One row per figure, in these columns (README "Spreadsheet export"):

    questionnaire  questionnaire id
    version        its version
    team           team name (the respondent, or its part before " / ")
    respondent     who answered: the person (or respondent); a workshop's respondents joined by "; "
    date           YYYY-MM-DD, empty when undated
    source         file (one result file) | workshop (several respondents combined) |
                   participant (one respondent of a workshop, in the browser's workshop export)
    kind           phase | overall | dimension | ranking | target | answer | evidence
    id             the dimension, ranking or question id (empty for phase, overall and target)
    title          its title, or the question's text
    value          phase id | percentage | top candidate id | target phase id | option id | note
    label          phase title | "below" (a dimension under the gap threshold) | candidate title |
                   target status (reached, below, beyond) | option label

A multiple choice answer is one row per chosen option; unanswered questions have no row. Rows
come in report order: questionnaire, team, newest result first. The file is UTF-8 with a byte
order mark (so spreadsheets detect UTF-8), lines end in CRLF, cells are quoted per RFC 4180, and a
cell starting with = + - @ tab or CR gets a leading apostrophe so no spreadsheet runs it as a
formula; a line break inside a cell is written as LF (LibreOffice reads a lone CR as one anyway).
site_templates/assets/rollup/csv.js writes the same bytes.
"""
from __future__ import annotations

from ..assessments.engine import questions_of

COLUMNS = ("questionnaire", "version", "team", "respondent", "date", "source", "kind", "id", "title", "value",
           "label")
BOM = "\ufeff"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    """One cell: text as given (defused, quoted when needed), numbers as digits, None empty."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA):
        text = "'" + text
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a line break in a cell is LF, as spreadsheets read it
    if any(c in text for c in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def to_table(rows: list[dict]) -> str:
    """Rows (dicts with COLUMNS keys) → the CSV text."""
    lines = [",".join(COLUMNS)] + [",".join(cell(row.get(c)) for c in COLUMNS) for row in rows]
    return BOM + "\r\n".join(lines) + "\r\n"


def view_rows(spec: dict | None, section: dict, team: str, entry: dict, source: str, respondent: str,
              target: dict | None = None) -> list[dict]:
    """The rows of one view (a team on one day: one file, a workshop, or a participant)."""
    base = {"questionnaire": section["id"], "version": section["version"], "team": team, "respondent": respondent,
            "date": entry["date"], "source": source}
    rows = []

    def add(kind, id_, title, value, label=None):
        rows.append({**base, "kind": kind, "id": id_, "title": title, "value": value, "label": label})

    if section["phases"]:
        add("phase", None, None, entry["phase"], entry["phase_title"])
    if section["dimensions"]:
        add("overall", None, None, entry["overall"])
        for d in section["dimensions"]:
            add("dimension", d["id"], d["title"], entry["dimensions"][d["id"]],
                "below" if entry["below"].get(d["id"]) else None)
    for r in section["rankings"]:
        add("ranking", r["id"], r["title"], entry["top"][r["id"]], entry["top_titles"][r["id"]])
    if target:
        add("target", None, None, target["phase"], target["status"])
    questions = questions_of(spec) if spec else []
    for q in questions:
        labels = {o["id"]: o["label"] for o in q["options"]}
        answer = entry["answers"].get(q["id"])
        for option in [answer] if isinstance(answer, str) else answer or []:
            add("answer", q["id"], q["text"], option, labels.get(option))
    if not spec:  # no questionnaire at hand: the answers by id only
        for qid, answer in entry["answers"].items():
            for option in [answer] if isinstance(answer, str) else answer:
                add("answer", qid, None, option)
    texts = {q["id"]: q["text"] for q in questions}
    for note in entry.get("evidence", []):
        rows.append({**base, "respondent": note["respondent"], "kind": "evidence", "id": note["question"],
                     "title": texts.get(note["question"]), "value": note["text"], "label": None})
    return rows


def report_rows(report: dict, specs: dict[str, dict]) -> list[dict]:
    """Every team's every result (history newest first) of every questionnaire in the report."""
    rows = []
    for section in report["questionnaires"]:
        for team in section["teams"]:
            for n, entry in enumerate(team["entries"]):
                rows += view_rows(specs.get(section["id"]), section, team["team"], entry,
                                  "workshop" if entry["workshop"] else "file", "; ".join(entry["respondents"]),
                                  team["target"] if n == 0 else None)
    return rows


def to_csv(report: dict, specs: dict[str, dict]) -> str:
    """The report as CSV (module docstring)."""
    return to_table(report_rows(report, specs))
