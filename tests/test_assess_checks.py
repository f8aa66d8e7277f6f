"""Questionnaire validation: one test per kind of problem, each naming file, line and field."""
from __future__ import annotations

import textwrap

import pytest

from sre_org_playbook.assessments import check_assessments

KNOWN = {"sources/book", "models/build-run", "patterns/grassroots"}

BASE = """\
# yaml-language-server: $schema=../schemas/assessment.schema.json
id: quiz
title: Quiz
version: 1
summary: A small questionnaire.
audience: Testers
intro:
  text: Why.
  scope: What.
  in_between: Lower.
  not_answering: Leave it.
dimensions:
  - {id: slo, title: SLOs}
  - {id: oncall, title: On-call, weight: 2}
sections:
  - id: one
    title: One
    questions:
      - id: slos
        text: SLOs?
        options:
          - {id: none, label: None, points: {slo: 0}, candidates: {ops: 2}}
          - {id: some, label: Some, points: {slo: 2}, candidates: {yb: 1}}
      - id: policy
        text: Policy?
        show_if: {answer: slos, in: [some]}
        options:
          - {id: "no", label: "No", points: {slo: 0}}
          - {id: "yes", label: "Yes", points: {slo: 2}, candidates: {yb: 2}}
      - id: who
        text: Who?
        type: multiple
        options:
          - {id: devs, label: Devs, points: {oncall: 2}, candidates: {yb: 1}}
          - {id: ops, label: Ops, points: {oncall: 1}, candidates: {ops: 1}}
          - {id: nobody, label: Nobody, exclusive: true}
outcomes:
  phases:
    - {id: start, title: Start, summary: s, threshold: 0}
    - id: practice
      title: Practice
      summary: s
      threshold: 50
      gates:
        - id: slo-strong
          when: {dimension: slo, at_least: 50}
          text: SLOs strong.
  rankings:
    - id: model
      title: Model
      candidates:
        - {id: yb, title: You build it, ref: models/build-run}
        - id: ops
          title: Ops
          exclude_if:
            - id: devs-on-call
              when: {answer: who, in: [devs]}
              text: Developers are on call.
  advice_groups:
    - {id: next, title: Next}
  advice:
    - id: start-slos
      group: next
      when: {answer: slos, in: [none]}
      title: Start SLOs
      text: Do it.
      links: [patterns/grassroots]
sources: [sources/book]
"""


def problems_for(tmp_path, text: str, name: str = "quiz", known=KNOWN) -> list[str]:
    (tmp_path / "assessments").mkdir(exist_ok=True)
    (tmp_path / "assessments" / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    _, problems = check_assessments(tmp_path, known)
    return [str(p) for p in problems]


def edit(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_base_questionnaire_is_valid(tmp_path):
    assert problems_for(tmp_path, BASE) == []


def test_yaml_syntax_error_names_line(tmp_path):
    text = edit("title: Quiz", "title: [Quiz")
    (msg,) = problems_for(tmp_path, text)
    assert msg.startswith("assessments/quiz.yaml:") and ": yaml: syntax error" in msg


def test_unknown_key_with_suggestion(tmp_path):
    text = edit("        text: Policy?", "        txt: Policy?")
    msgs = problems_for(tmp_path, text)
    line = line_of(text, "txt: Policy?")
    assert f"assessments/quiz.yaml:{line}: sections.0.questions.1.txt: unknown key 'txt' (did you mean 'text'?)" in msgs


def test_unknown_key_inside_a_condition_is_suggested_from_that_form(tmp_path):
    text = edit("when: {dimension: slo, at_least: 50}", "when: {dimension: slo, at_lest: 50}")
    msgs = problems_for(tmp_path, text)
    assert any("outcomes.phases.1.gates.0.when.at_lest: unknown key 'at_lest' (did you mean 'at_least'?)" in m
               for m in msgs), msgs


def test_malformed_condition_lists_the_forms(tmp_path):
    text = edit("show_if: {answer: slos, in: [some]}", "show_if: {question: slos, in: [some]}")
    (msg,) = problems_for(tmp_path, text)
    assert f":{line_of(text, 'show_if:')}: sections.0.questions.1.show_if: a condition is one of" in msg


def test_missing_required_field(tmp_path):
    text = edit("audience: Testers\n", "")
    assert problems_for(tmp_path, text) == ["assessments/quiz.yaml:1: audience: required field is missing"]


def test_wrong_type(tmp_path):
    text = edit("version: 1", "version: one")
    (msg,) = problems_for(tmp_path, text)
    assert msg.startswith(f"assessments/quiz.yaml:{line_of(text, 'version:')}: version: ") and "got str" in msg


def test_negative_dimension_points_rejected(tmp_path):
    text = edit("points: {slo: 2}, candidates: {yb: 1}", "points: {slo: -2}, candidates: {yb: 1}")
    (msg,) = problems_for(tmp_path, text)
    assert "sections.0.questions.0.options.1.points.slo" in msg and "greater than or equal to 0" in msg


def test_id_must_match_file_name(tmp_path):
    (msg,) = problems_for(tmp_path, BASE, name="other")
    assert msg == "assessments/other.yaml:2: id: id 'quiz' must equal the file name 'other'"


def test_duplicate_key(tmp_path):
    text = edit("title: Quiz\n", "title: Quiz\ntitle: Again\n")
    assert any("title: key given twice" in m for m in problems_for(tmp_path, text))


@pytest.mark.parametrize("old,new,needle,expected", [
    ("points: {slo: 2}, candidates: {yb: 1}", "points: {sloo: 2}, candidates: {yb: 1}", "sloo",
     "sections.0.questions.0.options.1.points.sloo: unknown dimension 'sloo' (did you mean 'slo'?)"),
    ("candidates: {yb: 1}}", "candidates: {ybb: 1}}", "ybb: 1",
     "sections.0.questions.0.options.1.candidates.ybb: unknown candidate 'ybb' (did you mean 'yb'?)"),
    ("show_if: {answer: slos, in: [some]}", "show_if: {answer: sloss, in: [some]}", "show_if",
     "sections.0.questions.1.show_if.answer: unknown question 'sloss' (did you mean 'slos'?)"),
    ("show_if: {answer: slos, in: [some]}", "show_if: {answer: slos, in: [sme]}", "show_if",
     "sections.0.questions.1.show_if.in.0: question 'slos' has no option 'sme' (did you mean 'some'?)"),
    ("show_if: {answer: slos, in: [some]}", "show_if: {answer: who, in: [devs]}", "show_if",
     "sections.0.questions.1.show_if.answer: show_if of 'policy' refers to 'who', which does not come before it"),
    ("show_if: {answer: slos, in: [some]}", "show_if: {dimension: slo, at_least: 10}", "show_if",
     "sections.0.questions.1.show_if.dimension: show_if may only look at answers"),
    ("when: {dimension: slo, at_least: 50}", "when: {dimension: sl, at_least: 50}", "at_least: 50",
     "outcomes.phases.1.gates.0.when.dimension: unknown dimension 'sl' (did you mean 'slo'?)"),
    ("{id: nobody, label: Nobody, exclusive: true}", "{id: devs, label: Nobody, exclusive: true}", "id: devs, label: Nobody",
     "sections.0.questions.2.options.2.id: duplicate option of question 'who' id 'devs'"),
    ("{id: \"no\", label: \"No\", points: {slo: 0}}", "{id: \"no\", label: \"No\", points: {slo: 0}, exclusive: true}",
     "exclusive: true}", "sections.0.questions.1.options.0.exclusive: only options of multiple choice questions"),
    ("          - {id: none, label: None, points: {slo: 0}, candidates: {ops: 2}}\n", "", "options:",
     "sections.0.questions.0.options: a single choice question needs at least two options"),
    ("group: next", "group: nxt", "group: nxt",
     "outcomes.advice.0.group: unknown advice group 'nxt' (did you mean 'next'?)"),
    ("links: [patterns/grassroots]", "links: [patterns/grasroots]", "links:",
     "outcomes.advice.0.links.0: unknown reference 'patterns/grasroots' (did you mean 'patterns/grassroots'?)"),
    ("ref: models/build-run}", "ref: models/build-runs}", "ref: models",
     "outcomes.rankings.0.candidates.0.ref: unknown reference 'models/build-runs' (did you mean 'models/build-run'?)"),
    ("sources: [sources/book]\n", "sources: [sources/bok]\n", "sources: [sources/bok]",
     "sources.0: unknown reference 'sources/bok' (did you mean 'sources/book'?)"),
    ("    - {id: start, title: Start, summary: s, threshold: 0}", "    - {id: start, title: Start, summary: s, threshold: 5}",
     "id: start", "outcomes.phases.0.threshold: the first phase must have threshold 0 and no gates"),
    ("show_if: {answer: slos, in: [some]}", "show_if: {top: model, in: [yb]}", "show_if",
     "sections.0.questions.1.show_if.top: a {top} condition may only be used in advice, gates and a ranking's "
     "applies_if"),
    ("when: {answer: slos, in: [none]}", "when: {top: modl, in: [yb]}", "top: modl",
     "outcomes.advice.0.when.top: 'modl' is not a ranking decided before this condition (did you mean 'model'?)"),
    ("when: {answer: slos, in: [none]}", "when: {top: model, in: [ybb]}", "top: model",
     "outcomes.advice.0.when.in.0: ranking 'model' has no candidate 'ybb' (did you mean 'yb'?)"),
    ("    - id: model\n      title: Model\n", "    - id: model\n      title: Model\n      tie_breaks:\n"
     "        - {id: cheap, prefer: [opss], text: t}\n", "prefer: [opss]",
     "outcomes.rankings.0.tie_breaks.0.prefer.0: ranking 'model' has no candidate 'opss' (did you mean 'ops'?)"),
    ("    - id: model\n      title: Model\n", "    - id: model\n      title: Model\n      applies_if: {top: model, in: [yb]}\n",
     "applies_if", "outcomes.rankings.0.applies_if.top: 'model' is not a ranking decided before this condition"),
])
def test_static_checks(tmp_path, old, new, needle, expected):
    text = edit(old, new)
    msgs = problems_for(tmp_path, text)
    line = line_of(text, needle)
    assert any(m.startswith(f"assessments/quiz.yaml:{line}: ") and expected in m for m in msgs), (line, msgs)


def test_duplicate_question_id(tmp_path):
    text = edit("      - id: who\n", "      - id: slos\n")
    msgs = problems_for(tmp_path, text)
    line = line_of(text, "text: Who?") - 1
    assert f"assessments/quiz.yaml:{line}: sections.0.questions.2.id: duplicate question id 'slos'" in msgs


def test_phase_thresholds_must_not_decrease(tmp_path):
    text = edit("  rankings:\n", "    - {id: later, title: Later, summary: s, threshold: 40}\n  rankings:\n")
    msgs = problems_for(tmp_path, text)
    assert any(f":{line_of(text, 'id: later')}: outcomes.phases.2.threshold: threshold 40 is below the previous "
               "phase's 50" in m for m in msgs), msgs


def test_dimension_nothing_scores(tmp_path):
    text = edit("  - {id: oncall, title: On-call, weight: 2}", "  - {id: oncall, title: On-call, weight: 2}\n"
                "  - {id: ghost, title: Ghost}")
    msgs = problems_for(tmp_path, text)
    assert any(f":{line_of(text, 'ghost')}: dimensions.2.id: no option gives points to dimension 'ghost'" in m
               for m in msgs), msgs


def test_question_that_measures_nothing(tmp_path):
    text = edit("      - id: who\n", """      - id: idle
        text: Idle?
        options:
          - {id: a, label: A}
          - {id: b, label: B}
      - id: who
""")
    msgs = problems_for(tmp_path, text)
    assert any(f":{line_of(text, 'id: idle')}: sections.0.questions.2.id: question 'idle' measures nothing" in m
               for m in msgs), msgs


def test_worksheet_gives_no_points(tmp_path):
    text = edit("audience: Testers\n", "audience: Testers\nscored: false\n")
    msgs = problems_for(tmp_path, text)
    assert any("dimensions: a worksheet (scored: false) has no dimensions" in m for m in msgs)
    assert any("sections.0.questions.0.options.0.points: a worksheet (scored: false) gives no points" in m for m in msgs)


def test_unreachable_phase(tmp_path):
    # Practice needs SLOs ≥ 50 %, but a gate now also needs them below 50 %.
    text = edit("          text: SLOs strong.", """          text: SLOs strong.
        - id: contradiction
          when: {not: {dimension: slo, at_least: 50}}
          text: SLOs weak.""")
    msgs = problems_for(tmp_path, text)
    assert msgs == [f"assessments/quiz.yaml:{line_of(text, 'id: practice')}: outcomes.phases.1.id: phase 'practice' "
                    "is never reached: no answer set meets its threshold and gates together with those of every "
                    "earlier phase"]


def test_candidate_that_never_ranks_first(tmp_path):
    # "ops" only gets points where "yb" gets more, and is excluded whenever developers are on call.
    text = edit("{id: none, label: None, points: {slo: 0}, candidates: {ops: 2}}",
                "{id: none, label: None, points: {slo: 0}, candidates: {yb: 3}}")
    text = edit("{id: ops, label: Ops, points: {oncall: 1}, candidates: {ops: 1}}",
                "{id: ops, label: Ops, points: {oncall: 1}, candidates: {yb: 1}}", text)
    msgs = problems_for(tmp_path, text)
    assert msgs == [f"assessments/quiz.yaml:{line_of(text, '- id: ops')}: outcomes.rankings.0.candidates.1.id: "
                    "candidate 'ops' never ranks first: no answer set gives it the most points without an exclusion"]


def test_advice_that_never_applies(tmp_path):
    text = edit("when: {answer: slos, in: [none]}",
                "when: {all: [{answer: slos, in: [none]}, {answer: policy, in: [\"yes\"]}]}")
    msgs = problems_for(tmp_path, text)
    assert msgs == [f"assessments/quiz.yaml:{line_of(text, 'id: start-slos')}: outcomes.advice.0.id: advice "
                    "'start-slos' never applies: no answer set makes its condition hold"]


def test_all_problems_in_one_run(tmp_path):
    text = edit("        text: Policy?", "        txt: Policy?")
    text = edit("version: 1", "version: one", text)
    (tmp_path / "assessments").mkdir()
    (tmp_path / "assessments" / "second.yaml").write_text(BASE.replace("id: quiz", "id: second").replace(
        "links: [patterns/grassroots]", "links: [patterns/nowhere]"), encoding="utf-8")
    msgs = problems_for(tmp_path, text)
    assert [m.split(": ", 2)[1] for m in msgs] == ["version", "sections.0.questions.1.text",
                                                   "sections.0.questions.1.txt", "outcomes.advice.0.links.0"]
    assert {m.split(":")[0] for m in msgs} == {"assessments/quiz.yaml", "assessments/second.yaml"}


def test_links_to_other_questionnaires_resolve(tmp_path):
    (tmp_path / "assessments").mkdir()
    (tmp_path / "assessments" / "second.yaml").write_text(BASE.replace("id: quiz", "id: second"), encoding="utf-8")
    text = edit("links: [patterns/grassroots]", "links: [patterns/grassroots, assessments/second]")
    assert problems_for(tmp_path, text) == []
    text = edit("links: [patterns/grassroots]", "links: [assessments/secnd]")
    assert any("unknown reference 'assessments/secnd' (did you mean 'assessments/second'?)" in m
               for m in problems_for(tmp_path, text))


def test_yaml_boolean_ids_get_a_hint(tmp_path):
    text = edit('{id: "no", label: "No", points: {slo: 0}}', '{id: no, label: "No", points: {slo: 0}}')
    msgs = problems_for(tmp_path, text)
    assert any("sections.0.questions.1.options.0.id: Input should be a valid string (got bool False); YAML reads "
               "yes/no/on/off/true/false as booleans — put the text in quotes" in m for m in msgs), msgs
