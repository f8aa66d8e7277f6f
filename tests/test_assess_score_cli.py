"""`playbook score`: answers files in, results out — and every kind of broken answers file.

Each error names the file, the line and the field, suggests the id that was probably meant,
exits non-zero, and never shows a traceback.
"""
from __future__ import annotations

import json
import sys
import textwrap
from unittest import mock
from pathlib import Path

import pytest

from sre_org_playbook.cli import Console, main

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str]) -> int:
    """The CLI in-process, its messages going to the sys.stderr of the moment (captured)."""
    with mock.patch.object(Console.__init__, "__defaults__", (sys.stderr,)):
        return main(argv)


def score(capsys, path: Path, *extra: str) -> tuple[int, str, str]:
    code = run(["--root", str(ROOT), "score", str(path), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


GOOD = textwrap.dedent("""
    questionnaire: organisational-maturity
    version: 3
    respondent: Team A
    date: 2024-05-01
    answers:
      slo-coverage: critical
      slo-consequences: policy-sometimes
      lifecycle: [design, deployment]
      drivers: coalition
""").lstrip("\n")


def test_text_result(tmp_path, capsys):
    code, out, err = score(capsys, write(tmp_path, GOOD))
    assert code == 0 and err == ""
    assert out.startswith("Organisational SRE maturity\n")
    assert "for Team A · 2024-05-01" in out and "INCOMPLETE — unanswered:" in out
    assert "Phase 2 of 5: Grassroots experiments" in out
    assert "SLOs and error budgets with consequences" in out and "Overall (weighted)" in out


def test_json_result_is_an_answers_file_that_scores_the_same(tmp_path, capsys):
    code, out, _ = score(capsys, write(tmp_path, GOOD), "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert list(document) == ["questionnaire", "version", "spec_hash", "respondent", "date", "answers", "result"]
    assert document["answers"] == {"slo-coverage": "critical", "slo-consequences": "policy-sometimes",
                                   "lifecycle": ["design", "deployment"], "drivers": "coalition"}
    assert document["date"] == "2024-05-01" and document["spec_hash"].startswith("sha256:")
    again = tmp_path / "result.json"
    again.write_text(out, encoding="utf-8")
    code, out2, err2 = score(capsys, again, "--format", "json")
    assert code == 0 and err2 == "" and json.loads(out2) == document


def test_questionnaire_option(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("questionnaire: organisational-maturity\n", ""))
    code, out, _ = score(capsys, path, "--questionnaire", "organisational-maturity")
    assert code == 0 and out.startswith("Organisational SRE maturity")


def test_multiple_choice_answer_normalised_to_declared_order(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("[design, deployment]", "[deployment, design]"))
    code, out, _ = score(capsys, path, "--format", "json")
    assert json.loads(out)["answers"]["lifecycle"] == ["design", "deployment"]


def test_null_and_empty_answers_are_unanswered(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("drivers: coalition", "drivers: ~\n  postmortems:\n  lifecycle: []")
                 .replace("  lifecycle: [design, deployment]\n", ""))
    code, out, _ = score(capsys, path, "--format", "json")
    result = json.loads(out)
    assert code == 0 and "drivers" not in result["answers"] and "postmortems" in result["result"]["unanswered"]


@pytest.mark.parametrize("change,line,message", [
    (("questionnaire: organisational-maturity", "questionnaire: organisational-maturty"), 1,
     "questionnaire: unknown questionnaire 'organisational-maturty' (did you mean 'organisational-maturity'?)"),
    (("answers:", "anwsers:"), 5, "anwsers: unknown key 'anwsers' (did you mean 'answers'?)"),
    (("slo-coverage: critical", "slo-coverge: critical"), 6,
     "answers.slo-coverge: unknown question 'slo-coverge' (did you mean 'slo-coverage'?)"),
    (("slo-coverage: critical", "slo-coverage: critcal"), 6,
     "answers.slo-coverage: question 'slo-coverage' has no option 'critcal' (did you mean 'critical'?)"),
    (("[design, deployment]", "[design, deploymnt]"), 8,
     "answers.lifecycle.1: question 'lifecycle' has no option 'deploymnt' (did you mean 'deployment'?)"),
    (("[design, deployment]", "[design, design]"), 8, "answers.lifecycle.1: question 'lifecycle': option 'design' is given twice"),
    (("[design, deployment]", "[design, none]"), 8,
     "answers.lifecycle: question 'lifecycle': option 'none' cannot be combined with other options"),
    (("[design, deployment]", "design"), 8,
     "answers.lifecycle: question 'lifecycle' is multiple choice: give a list of option ids"),
    (("slo-coverage: critical", "slo-coverage: [critical]"), 6,
     "answers.slo-coverage: question 'slo-coverage' is single choice: give one option id, not a list"),
    (("slo-coverage: critical", "slo-coverage: 3"), 6,
     "answers.slo-coverage: question 'slo-coverage': expected an option id, got int 3"),
    (("version: 3", "version: one"), 2, "version: must be a whole number, got str 'one'"),
    (("respondent: Team A", "respondent: [Team, A]"), 3, "respondent: must be a name (text), got list"),
    (("date: 2024-05-01", "date: [2024]"), 4, "date: must be a date like 2024-05-01, got list"),
])
def test_broken_answers(tmp_path, capsys, change, line, message):
    path = write(tmp_path, GOOD.replace(*change))
    code, out, err = score(capsys, path)
    assert code == 1 and out == ""
    assert f"{path.as_posix()}:{line}: {message}" in err
    assert "Traceback" not in err


def test_all_answer_errors_in_one_run(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("slo-coverage: critical", "slo-coverge: critical")
                 .replace("drivers: coalition", "drivers: coalitin"))
    code, _, err = score(capsys, path)
    assert code == 1 and "slo-coverge" in err and "coalitin" in err and "✗ 2 problem(s)" in err


def test_wrong_questionnaire(tmp_path, capsys):
    code, _, err = score(capsys, write(tmp_path, GOOD), "--questionnaire", "model-fit")
    assert code == 1
    assert "questionnaire: wrong questionnaire: the file answers 'organisational-maturity' but --questionnaire is " \
           "'model-fit'" in err


def test_unknown_questionnaire_option(tmp_path, capsys):
    code, _, err = score(capsys, write(tmp_path, GOOD), "--questionnaire", "model-fi")
    assert code == 1 and "unknown questionnaire 'model-fi' (from --questionnaire) (did you mean 'model-fit'?)" in err


def test_no_questionnaire_named(tmp_path, capsys):
    code, _, err = score(capsys, write(tmp_path, GOOD.replace("questionnaire: organisational-maturity\n", "")))
    assert code == 1 and "questionnaire: which questionnaire? add 'questionnaire: <id>' or pass --questionnaire" in err


def test_stale_version_and_hash_are_warnings(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("version: 3", "version: 0"))
    code, out, err = score(capsys, path)
    assert code == 0 and out
    assert f"{path.as_posix()}:2: warning: version: answers were given to version 0 of 'organisational-maturity', " \
           "which is now version 3; scored against the current version" in err
    path = write(tmp_path, GOOD.replace("version: 3", "version: 3\nspec_hash: sha256:0000000000000000"))
    code, out, err = score(capsys, path)
    assert code == 0 and "warning: spec_hash: the questionnaire has changed since these answers were given" in err


def test_answer_to_a_hidden_question_is_ignored_and_reported(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("slo-coverage: critical", "slo-coverage: none"))
    code, out, _ = score(capsys, path, "--format", "json")
    assert code == 0 and json.loads(out)["result"]["ignored"] == ["slo-consequences"]


@pytest.mark.parametrize("name,text,message", [
    ("missing.yaml", None, ":1: (file): answers file not found"),
    ("broken.yaml", "questionnaire: [x\n", ": yaml: syntax error"),
    ("list.yaml", "- a\n- b\n", ":1: yaml: expected a mapping with questionnaire, version and answers"),
    ("broken.json", '{"questionnaire": "model-fit",\n "answers": {]}\n', ":2: json: syntax error at column"),
    ("list.json", "[1, 2]\n", ":1: json: expected an object with questionnaire, version and answers"),
    ("binary.yaml", b"\xff\xfe\x00", ": yaml: not UTF-8 text"),
])
def test_unreadable_answers_files(tmp_path, capsys, name, text, message):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    code, out, err = score(capsys, path)
    assert code == 1 and out == "" and message in err and "Traceback" not in err


def test_json_answers_files_carry_lines(tmp_path, capsys):
    path = write(tmp_path, '{\n  "questionnaire": "model-fit",\n  "version": 1,\n  "answers": {\n'
                           '    "availabilty": "highest"\n  }\n}\n', name="a.json")
    code, _, err = score(capsys, path)
    assert code == 1 and f"{path.as_posix()}:5: answers.availabilty: unknown question 'availabilty' " \
                         "(did you mean 'availability'?)" in err


def test_a_broken_questionnaire_is_reported_when_scoring_it(tmp_path, capsys):
    import shutil

    root = tmp_path / "project"
    shutil.copytree(ROOT / "assessments", root / "assessments")
    shutil.copytree(ROOT / "content", root / "content")
    q = root / "assessments" / "model-fit.yaml"
    q.write_text(q.read_text(encoding="utf-8").replace("title: Which model", "titel: Which model"), encoding="utf-8")
    answers = write(tmp_path, "questionnaire: model-fit\nversion: 1\nanswers: {}\n")
    code = run(["--root", str(root), "score", str(answers)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "assessments/model-fit.yaml:3: titel: unknown key 'titel' (did you mean 'title'?)" in err
    assert "questionnaire 'model-fit' has problems (above); fix them to score" in err


def test_score_as_a_real_subprocess(tmp_path):
    from conftest import run_cli

    path = write(tmp_path, GOOD)
    done = run_cli("score", str(path), "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["result"]["phase"] == "grassroots-experiments"
    broken = write(tmp_path, GOOD.replace("critical", "critcal"), name="broken.yaml")
    done = run_cli("score", str(broken))
    assert done.returncode == 1 and "did you mean 'critical'" in done.stderr and "Traceback" not in done.stderr


def test_unquoted_yes_in_yaml_means_the_yes_option(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("drivers: coalition", "drivers: coalition\n  out-of-hours: yes"))
    code, out, _ = score(capsys, path, "--format", "json")
    assert code == 0 and json.loads(out)["answers"]["out-of-hours"] == "yes"
    path = write(tmp_path, GOOD.replace("slo-coverage: critical", "slo-coverage: no"))
    code, _, err = score(capsys, path)
    assert code == 1 and "expected an option id, got bool False (an unquoted yes/no in YAML is read as a " \
                         "boolean: quote the id)" in err


def test_json_booleans_are_not_option_ids(tmp_path, capsys):
    path = write(tmp_path, '{"questionnaire": "organisational-maturity", "version": 1, '
                           '"answers": {"out-of-hours": true}}', name="a.json")
    code, _, err = score(capsys, path)
    assert code == 1 and "answers.out-of-hours: question 'out-of-hours': expected an option id, got bool True" in err
