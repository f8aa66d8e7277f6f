"""`playbook report --format csv`: one long table, the same figures as the JSON report, opened
cleanly by LibreOffice (converted headless and read back: every cell survives — HTML, quotes,
commas, line breaks, a leading =, non-ASCII — and none becomes a formula).

The byte-for-byte equality with the browser's csv.js is tests/test_rollup_parity.py's.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from sre_org_playbook.assessments.answers import KEYS
from sre_org_playbook.assessments.engine import questions_of
from sre_org_playbook.report.command import load_specs
from sre_org_playbook.report.csv_export import COLUMNS, FORMULA, cell, to_table

ROOT = Path(__file__).resolve().parent.parent
SPECS = load_specs(ROOT)
OM = "organisational-maturity"
HOSTILE = ["<img src=x onerror=alert(1)>", 'Comma, "Quote"', "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
           "Straße 团队 ü", "Ana; Ben"]


def folder_of_results(tmp: Path) -> Path:
    """Two workshops, a history and teams with hostile names, over two questionnaires."""
    spec = SPECS[OM]
    questions = questions_of(spec)
    folder = tmp / "results"
    folder.mkdir()

    def write(name: str, respondent: str, date: str, pick: int, qid: str = OM):
        s = SPECS[qid]
        answers = {}
        for q in questions_of(s):
            ids = [o["id"] for o in q["options"] if not o["exclusive"]] or [q["options"][0]["id"]]
            answers[q["id"]] = ids[pick % len(ids)] if q["type"] == "single" else ids[: 1 + pick % len(ids)]
        doc = {"questionnaire": qid, "version": s["version"], "respondent": respondent, "date": date, "answers": answers}
        if "evidence" in KEYS and qid == OM:  # notes (once answers files carry them): line breaks and all
            doc["evidence"] = {questions_of(s)[0]["id"]: f"Proof of {respondent}:\nsee \"the wiki\", page 3\r\n=cmd"}
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")

    for i, team in enumerate(HOSTILE):
        write(f"h{i}.json", team, "2024-05-01", i)
    write("w1.json", "Blue / Ana", "2024-05-02", 0)
    write("w2.json", "Blue / Ben", "2024-05-02", 3)
    write("w3.json", "blue", "2024-04-02", 1)
    write("m1.json", "Blue", "2024-05-02", 2, "model-fit")
    assert questions
    return folder


def defused(text: str) -> str:
    """How a cell reads back: text that looks like a formula starts with an apostrophe."""
    return "'" + text if text.startswith(FORMULA) else text


def parse(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The CLI's CSV (written by --out x.csv, which picks the format) and JSON of one folder."""
    tmp = tmp_path_factory.mktemp("csv")
    folder = folder_of_results(tmp)
    done = run_cli("report", str(folder), "--out", str(tmp / "report.csv"))
    assert done.returncode == 0, done.stdout + done.stderr
    as_json = run_cli("report", str(folder), "--format", "json")
    raw = (tmp / "report.csv").read_bytes()
    return tmp, raw, json.loads(as_json.stdout)


def test_layout_is_one_row_per_figure(report):
    _, raw, _ = report
    assert raw.startswith(b"\xef\xbb\xbfquestionnaire,version,team,respondent,date,source,kind,id,title,value,label\r\n")
    assert raw.endswith(b"\r\n")
    rows = parse(raw.decode("utf-8"))
    assert rows[0] == list(COLUMNS) and all(len(r) == len(COLUMNS) for r in rows)
    kinds = {r[6] for r in rows[1:]}
    assert {"phase", "overall", "dimension", "ranking", "answer"} <= kinds, kinds
    assert {r[5] for r in rows[1:]} == {"file", "workshop"}
    if "evidence" in KEYS:   # a note's line breaks stay in its cell, as LF
        notes = [r for r in rows if r[6] == "evidence"]
        assert notes and all(r[9].startswith("Proof of ") and "\nsee" in r[9] and "\r" not in r[9] for r in notes)


def test_figures_equal_the_json_report(report):
    """Every view's phase, overall, dimensions, top candidates and answers, as the JSON says."""
    _, raw, data = report
    rows = [dict(zip(COLUMNS, r)) for r in parse(raw.decode("utf-8"))[1:]]
    expected = []
    for s in data["questionnaires"]:
        spec = SPECS[s["id"]]
        for t in s["teams"]:
            for e in t["entries"]:
                key = (s["id"], defused(t["team"]), e["date"] or "")
                if s["phases"]:
                    expected.append((*key, "phase", "", e["phase"] or ""))
                if s["dimensions"]:
                    expected.append((*key, "overall", "", str(e["overall"])))
                    expected += [(*key, "dimension", d["id"], str(e["dimensions"][d["id"]])) for d in s["dimensions"]]
                expected += [(*key, "ranking", r["id"], e["top"][r["id"]] or "") for r in s["rankings"]]
                for q in questions_of(spec):
                    answer = e["answers"].get(q["id"])
                    expected += [(*key, "answer", q["id"], o) for o in ([answer] if isinstance(answer, str) else answer or [])]
                expected += [(*key, "evidence", n["question"], n["text"].replace("\r\n", "\n").replace("\r", "\n"))
                             for n in e.get("evidence", [])]
    got = [(r["questionnaire"], r["team"], r["date"], r["kind"], r["id"], r["value"]) for r in rows]
    assert got == expected
    workshop = [r for r in rows if r["source"] == "workshop"]
    assert workshop and {r["respondent"] for r in workshop if r["kind"] != "evidence"} == {"Ana; Ben"}
    assert {r["respondent"] for r in workshop if r["kind"] == "evidence"} <= {"Ana", "Ben"}  # who wrote the note


def test_cells_are_defused_and_quoted():
    assert [cell(v) for v in ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "a,b", 'say "hi"', "a\nb", None, 50, "plain"]] == [
        "'=1+1", "'+1", "'-1", "'@A1", "'\tx", "\"'\nx\"", '"a,b"', '"say ""hi"""', '"a\nb"', "", "50", "plain"]


def soffice_round_trip(tmp: Path, files: list[Path]) -> dict[str, list[list[str]]]:
    """Each CSV opened by LibreOffice (as UTF-8, no formula or number guessing) and saved as CSV again."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.fail("LibreOffice is needed for this test: `make browser` installs libreoffice-calc-nogui")
    out = tmp / "lo-out"
    done = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={(tmp / 'lo-profile').as_uri()}",
         "--infilter=CSV:44,34,76,1,,0,false,true,false", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true", "--outdir", str(out), *map(str, files)],
        capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    return {f.name: parse((out / f.name).read_text(encoding="utf-8")) for f in files}


def test_libreoffice_keeps_every_cell(report):
    tmp, raw, _ = report
    base = {c: "x" for c in COLUMNS}
    crafted = [{**base, "team": t, "value": v} for t, v in
               [("line\nbreak", "tab\there"), ("cr\rhere", "=1+1"), ('"quoted"', "semi;colon"), ("€ ü 团队 😀", "")]]
    (tmp / "crafted.csv").write_text(to_table(crafted), encoding="utf-8", newline="")
    back = soffice_round_trip(tmp, [tmp / "report.csv", tmp / "crafted.csv"])
    original = parse(raw.decode("utf-8"))
    assert back["report.csv"] == original
    assert back["crafted.csv"] == parse(to_table(crafted))
    teams = {r[2] for r in back["report.csv"][1:]}
    assert {"<img src=x onerror=alert(1)>", 'Comma, "Quote"', "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)",
            "Straße 团队 ü"} <= teams, teams
