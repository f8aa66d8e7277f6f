"""Assessment pages, spec JSON, answers templates, nav, schema and validate wiring."""
from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path
from unittest import mock

import pytest
import yaml

from sre_org_playbook.assessments.describe import Words
from sre_org_playbook.assessments.engine import percent, questions_of, score
from sre_org_playbook.assessments.load import load_questionnaires
from sre_org_playbook.assessments.spec import build_spec
from sre_org_playbook.cli import Console, main
from sre_org_playbook.schema_export import schemas

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ["organisational-maturity", "model-fit", "sre-role-readiness", "structure-discussion-guide"]


@pytest.fixture(scope="module")
def rendered(shipped_playbook):
    return shipped_playbook.rendered


def test_every_questionnaire_has_page_spec_and_answers_template(rendered):
    for qid in SHIPPED:
        for suffix in (".md", ".json", ".answers.yaml"):
            assert f"assessments/{qid}{suffix}" in rendered.files
    assert "assessments/index.md" in rendered.files and "assessments/scoring.md" in rendered.files


def test_nav_section_is_nested_and_ordered(rendered):
    section = next(item["Assessments"] for item in rendered.nav if isinstance(item, dict) and "Assessments" in item)
    assert section[0] == "assessments/index.md"
    titles = [list(entry)[0] for entry in section[1:1 + len(SHIPPED)]]
    assert [list(entry.values())[0] for entry in section[1:]] == [f"assessments/{q}.md" for q in SHIPPED] + \
        [[{title: f"assessments/{q}-workshop.md"} for title, q in zip(titles, SHIPPED)], "assessments/teams.md",
         [{title: f"assessments/{q}-in-full.md"} for title, q in zip(titles, SHIPPED)], "assessments/scoring.md"]
    assert json.loads(rendered.files[".nav.json"]) == rendered.nav


def test_spec_json_is_the_spec_the_engine_reads(rendered):
    loaded, _ = load_questionnaires(ROOT)
    for one in loaded:
        published = json.loads(rendered.files[f"assessments/{one.id}.json"])
        plain = build_spec(one.questionnaire)
        assert {k: v for k, v in published.items() if k != "links"} == {k: v for k, v in plain.items() if k != "links"}
        assert published["links"], "links resolved against the content"
        for ref, link in published["links"].items():
            assert link["page"] == f"{ref}.md" and link["url"] == f"{ref}/" and link["page"] in rendered.files
        assert score(published, {}) == score(plain, {})


def test_printable_page_lists_every_question_option_and_measure(rendered):
    for qid in SHIPPED:
        page = rendered.files[f"assessments/{qid}-in-full.md"]
        spec = json.loads(rendered.files[f"assessments/{qid}.json"])
        assert "(scoring.md)" in page and "<script" not in page
        assert f"[the form]({qid}.md#answer)" in page and f"[the questionnaire in full]({qid}-in-full.md)" \
            in rendered.files[f"assessments/{qid}.md"]
        for number, question in enumerate(questions_of(spec), start=1):
            assert f"**Q{number}. {question['text'].strip()}**" in page
            assert f"{{: #q-{question['id']} .pb-question }}" in page
            for option in question["options"]:
                assert f"— `{option['id']}`" in page
        if spec["scored"]:
            assert "measures " in page or "ranks " in page
        else:
            assert "Notes: ____" in page


def test_conditions_are_shown_in_words(rendered):
    page = rendered.files["assessments/organisational-maturity-in-full.md"]
    assert "*Shown only if [Q1](#q-slo-coverage) is answered *A few pilots* or *Most critical services* or " in page
    assert "*Product partnership* is at least 50 %" in page


def test_answers_template_is_an_answers_file(rendered, tmp_path, capsys):
    for qid in SHIPPED:
        template = rendered.files[f"assessments/{qid}.answers.yaml"]
        data = yaml.safe_load(template)
        spec = json.loads(rendered.files[f"assessments/{qid}.json"])
        assert data["questionnaire"] == qid and data["spec_hash"] == spec["spec_hash"]
        assert list(data["answers"]) == [q["id"] for q in questions_of(spec)]
        path = tmp_path / f"{qid}.yaml"
        path.write_text(template, encoding="utf-8")
        with mock.patch.object(Console.__init__, "__defaults__", (sys.stderr,)):
            code = main(["--root", str(ROOT), "score", str(path), "--format", "json"])
        out, err = capsys.readouterr()
        assert code == 0 and "warning" not in err
        assert json.loads(out)["result"]["questions"]["answered"] == 0


def test_scoring_page_is_computed_by_the_engine(rendered):
    page = rendered.files["assessments/scoring.md"]
    assert "(200 × raw + max) div (2 × max)" in page
    example = re.search(r"For \*SLOs and error budgets with consequences\* the engine counts (\d+) points out of\s+"
                        r"(\d+): `\(200 × \d+ \+ \d+\) div \(2 × \d+\)` =\s+(\d+) %", page)
    raw, max_, shown = map(int, example.groups())
    assert percent(raw, max_) == shown
    for qid in SHIPPED:
        spec = json.loads(rendered.files[f"assessments/{qid}.json"])
        assert f"`{spec['spec_hash']}`" in page


def test_shipped_questionnaires_carry_the_modeline_and_the_schema_is_current():
    for qid in SHIPPED:
        first = (ROOT / "assessments" / f"{qid}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/assessment.schema.json"
    assert (ROOT / "schemas" / "assessment.schema.json").read_text(encoding="utf-8") == schemas()["assessment.schema.json"]


def test_shipped_questionnaires_validate_against_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schemas" / "assessment.schema.json").read_text(encoding="utf-8"))
    for qid in SHIPPED:
        jsonschema.validate(yaml.safe_load((ROOT / "assessments" / f"{qid}.yaml").read_text(encoding="utf-8")), schema)


def test_validate_reports_questionnaire_problems_with_the_content_ones(make_project, capsys):
    project = make_project({"models/broken.yaml": "title: Broken\n"})
    (project / "assessments" / "quiz.yaml").write_text(textwrap.dedent("""\
        id: quiz
        title: Quiz
        version: 1
        summary: s
        audience: a
        intro: {text: t, scope: s, in_between: b, not_answering: n}
        dimensions: [{id: d, title: D}]
        sections:
          - id: s
            title: S
            questions:
              - id: q
                text: Q
                options:
                  - {id: a, label: A, points: {d: 1}}
                  - {id: b, label: B}
        outcomes:
          advice:
            - {id: x, title: X, text: x, when: {answer: q, in: [a]}, links: [models/build-rn]}
        sources: [sources/book]
        """), encoding="utf-8")
    with mock.patch.object(Console.__init__, "__defaults__", (sys.stderr,)):
        code = main(["--root", str(project), "validate"])
    err = capsys.readouterr().err
    assert code == 1
    assert "assessments/quiz.yaml:19: outcomes.advice.0.links.0: unknown reference 'models/build-rn' " \
           "(did you mean 'models/build-run'?)" in err
    assert "content/models/broken.yaml" in err


def test_built_site_has_the_assessment_pages(built_site):
    for qid in SHIPPED:
        assert (built_site / "assessments" / qid / "index.html").is_file()
        assert json.loads((built_site / "assessments" / f"{qid}.json").read_text(encoding="utf-8"))["id"] == qid
    assert (built_site / "assessments" / "scoring" / "index.html").is_file()


DOCUMENTS = ("Implementing Organizational Structure", "Grassroots SRE rollout", "Embedded SRE team from customer pull",
             "SRE and Product", "SRE Engagement Model")


def calibrated_items(spec: dict) -> list[tuple[str, str]]:
    """(row label, basis) of every weight, scored question, threshold, gate, exclusion and tie-break."""
    out = spec["outcomes"]
    items = [(f"Weight of *{d['title']}*", d["basis"]) for d in spec["dimensions"]]
    items += [(f"(#q-{q['id']})", q["basis"]) for q in questions_of(spec)
              if any(o["points"] or o["candidates"] for o in q["options"])]
    for phase in out["phases"]:
        items.append((f"Phase *{phase['title']}*: threshold | overall at least {phase['threshold']} %", phase["basis"]))
        items += [(f"Gate of *{phase['title']}*", g["basis"]) for g in phase["gates"]]
    for ranking in out["rankings"]:
        items += [(f"*{c['title']}* ruled out", e["basis"]) for c in ranking["candidates"] for e in c["exclude_if"]]
        items += [(f"Tie-break of *{ranking['title']}*", t["basis"]) for t in ranking["tie_breaks"]]
    items += [(f"Advice *{a['title']}*", a["basis"]) for a in out["advice"] if Words.thresholds(a["when"])]
    return items


def test_every_scored_questionnaire_declares_its_calibration(rendered):
    files = rendered.files
    for name in ("organisational-maturity", "model-fit", "sre-role-readiness"):
        spec = json.loads(files[f"assessments/{name}.json"])
        page = files[f"assessments/{name}-in-full.md"]
        section = page[page.index("## How this questionnaire is calibrated {: #how-this-questionnaire-is-calibrated }"):]
        for label, basis in calibrated_items(spec):
            row = next((line for line in section.splitlines() if label in line), None)
            assert row, (name, label)
            # A row rests on a named source document, or says it is the playbook's judgement.
            assert (basis and any(doc in row for doc in DOCUMENTS)) or "the playbook's judgement" in row, (name, row)
    assert "## How this questionnaire is calibrated" not in files["assessments/structure-discussion-guide-in-full.md"]


def test_a_calibration_basis_cites_a_document_and_the_chapter_by_section():
    for one in load_questionnaires(ROOT)[0]:
        spec = build_spec(one.questionnaire)
        for label, basis in calibrated_items(spec):
            if not basis:
                continue
            assert any(doc in basis for doc in DOCUMENTS), (one.id, label, basis)
            if "Implementing Organizational Structure" in basis:
                assert "§12" in basis or "chapter opening" in basis or "opening table" in basis, (one.id, label, basis)


def test_phases_say_they_are_the_playbooks_reading(rendered):
    files = rendered.files
    page = files["assessments/organisational-maturity.md"]
    assert "the playbook's reading** of the sources" in page
    assert "the playbook's reading** of the sources" in files["assessments/organisational-maturity-in-full.md"]
    # Every scored questionnaire's page says its numbers are the playbook's and links to what they rest on.
    for qid in SHIPPED:
        spec = json.loads(files[f"assessments/{qid}.json"])
        if spec["scored"]:
            assert "**the playbook's reading**" in files[f"assessments/{qid}.md"], qid
            assert f"({qid}-in-full.md#how-this-questionnaire-is-calibrated)" in files[f"assessments/{qid}.md"], qid
