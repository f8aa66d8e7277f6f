"""Evidence notes and milestones in answers files: checked by `check_answers`, carried by
`playbook score` (JSON and text) and `playbook report` (JSON and Markdown), always as text.

A note is optional per question: text, trimmed, non-empty, at most 1,000 characters; a note that
is not text, too long, or for an unknown question fails the file like a bad answer. A milestone
(a dated snapshot of earlier answers) is checked leniently: a bad one is a warning and dropped.
"""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from unittest import mock

import markdown
import pytest

from sre_org_playbook.assessments.answers import MAX_EVIDENCE, MAX_MILESTONES, check_answers
from sre_org_playbook.assessments.engine import questions_of
from sre_org_playbook.cli import Console, main
from sre_org_playbook.report import Links, ReportRequest, make_report, to_markdown
from sre_org_playbook.report.command import load_specs
from sre_org_playbook.yamlsource import YamlDoc

from test_report import Tags

ROOT = Path(__file__).resolve().parent.parent
OM = "organisational-maturity"
EVIL = '<img src=x onerror=alert(1)> | **x** [l](javascript:alert(1)) `c` {: #y }'


@pytest.fixture(scope="module")
def specs() -> dict:
    return load_specs(ROOT)


def qids(spec: dict) -> list[str]:
    return [q["id"] for q in questions_of(spec)]


def first_option(spec: dict, qid: str):
    q = next(q for q in questions_of(spec) if q["id"] == qid)
    return q["options"][0]["id"] if q["type"] == "single" else [q["options"][0]["id"]]


def doc(spec: dict, **extra) -> dict:
    first = qids(spec)[0]
    return {"questionnaire": spec["id"], "version": spec["version"], "spec_hash": spec["spec_hash"],
            "respondent": "Team A", "date": "2024-05-01", "answers": {first: first_option(spec, first)}, **extra}


def check(data: dict, specs: dict):
    return check_answers(YamlDoc(data, {(): 1}), "a.json", specs, yaml_booleans=False)


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch.object(Console.__init__, "__defaults__", (err,)):
        code = main(["--root", str(ROOT), *argv])
    return code, out.getvalue(), err.getvalue()


# --- check_answers ------------------------------------------------------------------------------

def test_valid_notes_are_trimmed_in_declared_order_and_empty_ones_dropped(specs):
    spec = specs[OM]
    a, b, c = qids(spec)[:3]
    sheet, errors = check(doc(spec, evidence={c: "  third\n", a: "first: https://wiki/x", b: "   "}), specs)
    assert errors == []
    assert sheet.evidence == {a: "first: https://wiki/x", c: "third"}
    assert list(sheet.evidence) == [a, c]
    exact, errors = check(doc(spec, evidence={a: " " + "x" * MAX_EVIDENCE + " "}), specs)
    assert errors == [] and len(exact.evidence[a]) == MAX_EVIDENCE


@pytest.mark.parametrize("evidence, field, message", [
    ({"nope": "x"}, "evidence.nope", "unknown question 'nope'"),
    ({"slo-coverage": "x" * (MAX_EVIDENCE + 1)}, "evidence.slo-coverage", "note too long (1001 characters, at most 1000)"),
    ({"slo-coverage": 5}, "evidence.slo-coverage", "a note must be text, got int"),
    ({"slo-coverage": ["a"]}, "evidence.slo-coverage", "a note must be text, got list"),
    (["slo-coverage"], "evidence", "must be a mapping of question id to a note (text), got list"),
])
def test_bad_notes_fail_the_file_with_their_path(specs, evidence, field, message):
    sheet, errors = check(doc(specs[OM], evidence=evidence), specs)
    assert sheet is None
    assert [e.field for e in errors] == [field]
    assert message in errors[0].message


def test_every_bad_note_and_answer_in_one_run(specs):
    data = doc(specs[OM], evidence={"nope": "x", "slo-coverage": 3})
    data["answers"]["postmortems"] = "nope"
    _, errors = check(data, specs)
    assert sorted(e.field for e in errors) == ["answers.postmortems", "evidence.nope", "evidence.slo-coverage"]


def test_milestones_are_kept_normalised_and_bad_ones_are_warnings(specs):
    spec = specs[OM]
    a = qids(spec)[0]
    good = {"date": "2024-01-02", "label": " Baseline ", "answers": {a: first_option(spec, a)}, "evidence": {a: " why "}}
    bad = [{"date": "2024-13-01", "answers": {}}, {"date": "2024-01-03", "answers": {"nope": "x"}}, 7,
           {"date": "2024-01-04", "answers": {}, "extra": 1}, {"date": "2024-01-05", "answers": {}, "label": 5}]
    sheet, errors = check(doc(spec, milestones=[good, *bad]), specs)
    assert errors == []
    assert sheet.milestones == [{"date": "2024-01-02", "answers": {a: first_option(spec, a)},
                                 "evidence": {a: "why"}, "label": "Baseline"}]
    assert [w.field for w in sheet.warnings if w.field.startswith("milestones")] == [f"milestones.{i}" for i in range(1, 6)]
    many, errors = check(doc(spec, milestones=[{"date": "2024-01-01", "answers": {}}] * (MAX_MILESTONES + 3)), specs)
    assert errors == [] and len(many.milestones) == MAX_MILESTONES
    assert any("3 after the first 50 are dropped" in w.message for w in many.warnings)
    odd, errors = check(doc(spec, milestones="yesterday"), specs)
    assert errors == [] and odd.milestones == [] and any(w.field == "milestones" for w in odd.warnings)


# --- playbook score -------------------------------------------------------------------------------

def test_score_carries_notes_and_milestones_in_json_and_shows_notes_as_text(specs, tmp_path):
    spec = specs[OM]
    a, b = qids(spec)[:2]
    data = doc(spec, evidence={b: "no answer yet, but a plan", a: "\x1b[31m" + EVIL},
               milestones=[{"date": "2024-01-02", "answers": {}}])
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = cli(["score", str(path), "--format", "json"])
    assert code == 0, err
    written = json.loads(out)
    assert written["evidence"] == {a: "\x1b[31m" + EVIL, b: "no answer yet, but a plan"}
    assert written["milestones"] == [{"date": "2024-01-02", "answers": {}}]
    assert list(written)[-1] == "result"
    # The written file scores again to the same document.
    path.write_text(out, encoding="utf-8")
    assert json.loads(cli(["score", str(path), "--format", "json"])[1]) == written

    code, text, _ = cli(["score", str(path)])
    evidence = text.split("\nEvidence")[1]
    assert f"Q1 ({a}) — " in evidence and f"Q2 ({b}) — not answered" in evidence
    assert EVIL in " ".join(evidence.split()) and "\x1b" not in evidence   # as written, but no terminal escape


def test_score_without_notes_writes_no_evidence_key(specs, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(doc(specs[OM])), encoding="utf-8")
    code, out, _ = cli(["score", str(path), "--format", "json"])
    assert code == 0 and "evidence" not in json.loads(out) and "milestones" not in json.loads(out)


# --- playbook report ------------------------------------------------------------------------------

def test_report_carries_notes_per_file_and_per_view_and_escapes_them(specs, tmp_path):
    spec = specs[OM]
    a, b, c = qids(spec)[:3]
    files = {
        "solo.json": doc(spec, respondent="Solo", evidence={b: "b-note", a: EVIL}),
        "w/2.json": doc(spec, respondent="Crew / Zed", evidence={c: "zed c", a: "zed a"}),
        "w/1.json": doc(spec, respondent="Crew / Amy", evidence={a: "amy a"}),
        "w/3.json": doc(spec, respondent="Crew / Bob"),
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    report, _ = make_report(ReportRequest([tmp_path]), specs)
    used = {Path(u["path"]).name: u["evidence"] for u in report["used"]}
    assert used == {"solo.json": {a: EVIL, b: "b-note"}, "1.json": {a: "amy a"}, "2.json": {a: "zed a", c: "zed c"},
                    "3.json": {}}
    teams = {t["team"]: t["latest"] for t in report["questionnaires"][0]["teams"]}
    assert teams["Solo"]["evidence"] == [{"question": a, "number": 1, "respondent": "Solo", "text": EVIL},
                                         {"question": b, "number": 2, "respondent": "Solo", "text": "b-note"}]
    # By question number, then in the view's respondent order (the files' path order).
    assert teams["Crew"]["respondents"] == ["Amy", "Zed", "Bob"]
    assert [(n["question"], n["respondent"], n["text"]) for n in teams["Crew"]["evidence"]] == [
        (a, "Amy", "amy a"), (a, "Zed", "zed a"), (c, "Zed", "zed c")]
    assert report["questionnaires"][0]["workshops"][0]["evidence"] == teams["Crew"]["evidence"]

    text = to_markdown(report, Links("assessments/report.md"), ROOT / "site_templates")
    assert "<img" not in text
    rendered = markdown.markdown(text.split("---", 2)[2], extensions=[
        "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
        "pymdownx.details", "pymdownx.superfences"])
    parser = Tags()
    parser.feed(rendered)
    assert "img" not in parser.tags and not [x for x in parser.attrs if x[1].startswith("on")]
    assert not [x for x in parser.attrs if x[1] == "href" and "javascript" in (x[2] or "")]
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered
    evidence = rendered.split('id="evidence"')[1]
    assert "b-note" in evidence and "amy a" in evidence and "zed c" in evidence
    assert rendered.count("amy a") == 2   # in the workshop and in the team's latest notes
