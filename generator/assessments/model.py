"""Schema of a questionnaire (`assessments/<id>.yaml`): pydantic models that reject unknown keys.

The validated questionnaire, dumped to JSON, *is* the scoring spec that both engines read
(see `spec.py`); nothing in here is code that a YAML file can run. Conditions are small
structured expressions: `{answer, in}`, `{dimension, at_least}`, `{top, in}` (advice and a
ranking's `applies_if` only), `{all}`, `{any}`, `{not}`.
"""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import (BaseModel, ConfigDict, Discriminator, Field, StrictInt, StringConstraints,
                      Tag)

from ..refs import ID_PATTERN, Ref, ref_to

Id = Annotated[str, StringConstraints(pattern=rf"^{ID_PATTERN}$")]
SourceRef = ref_to("sources")
Markdown = str
Points = Annotated[StrictInt, Field(ge=0, le=1000)]
CandidatePoints = Annotated[StrictInt, Field(ge=-1000, le=1000)]
Percent = Annotated[StrictInt, Field(ge=0, le=100)]


class Strict(BaseModel):
    """Rejects unknown keys, so a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# --- conditions -------------------------------------------------------------------------------

class AnswerIn(Strict):
    """True when the question is visible and answered with one of the options (for a multiple
    choice question: when any chosen option is among them)."""

    answer: Id = Field(description="Question id")
    in_: list[Id] = Field(alias="in", min_length=1, description="Option ids of that question")


class DimensionAtLeast(Strict):
    """True when the dimension's score is at least this percentage of its maximum
    (`raw * 100 >= at_least * max`; a dimension with no visible points is never 'at least'
    anything above 0)."""

    dimension: Id = Field(description="Dimension id")
    at_least: Percent = Field(description="Percentage, 0–100")


class TopIn(Strict):
    """True when the ranking's first place (or any candidate tied for it) is one of these
    candidates. Only advice and a later ranking's `applies_if` may use it: the ranking must be
    decided before the condition is."""

    top: Id = Field(description="Ranking id")
    in_: list[Id] = Field(alias="in", min_length=1, description="Candidate ids of that ranking")


class All(Strict):
    """True when every condition in the list is true."""

    all: list["Condition"] = Field(min_length=1)


class Any_(Strict):
    """True when at least one condition in the list is true."""

    any: list["Condition"] = Field(min_length=1)


class Not(Strict):
    """True when the condition is false."""

    not_: "Condition" = Field(alias="not")


CONDITION_FORMS = "{answer: <question>, in: [<options>]}, {dimension: <dimension>, at_least: <percent>}, " \
                  "{top: <ranking>, in: [<candidates>]}, {all: [...]}, {any: [...]} or {not: <condition>}"


def condition_tag(value) -> Optional[str]:
    """Which form a condition takes, decided by its keys (so errors name the right form)."""
    if isinstance(value, dict):
        for key in ("answer", "dimension", "top", "all", "any", "not"):
            if key in value:
                return key
        return None
    return {AnswerIn: "answer", DimensionAtLeast: "dimension", TopIn: "top", All: "all", Any_: "any",
            Not: "not"}.get(type(value))


Condition = Annotated[
    Union[
        Annotated[AnswerIn, Tag("answer")],
        Annotated[DimensionAtLeast, Tag("dimension")],
        Annotated[TopIn, Tag("top")],
        Annotated[All, Tag("all")],
        Annotated[Any_, Tag("any")],
        Annotated[Not, Tag("not")],
    ],
    Discriminator(condition_tag, custom_error_type="condition",
                  custom_error_message=f"a condition is one of {CONDITION_FORMS}"),
]

All.model_rebuild()
Any_.model_rebuild()
Not.model_rebuild()


# --- questionnaire ----------------------------------------------------------------------------

class Intro(Strict):
    """What the respondent reads first: what is assessed and how to answer."""

    text: Markdown = Field(description="Why this questionnaire exists and what the result tells")
    scope: Markdown = Field(description="What to assess: which organisation, team or person, and which time")
    in_between: Markdown = Field(description="What to do when the truth lies between two options")
    not_answering: Markdown = Field(description="When to leave a question unanswered, and what that does to the result")


class Dimension(Strict):
    """Something the questionnaire measures, scored as points out of the visible maximum."""

    id: Id
    title: str
    description: Markdown = ""
    weight: StrictInt = Field(1, ge=1, le=100, description="Weight in the overall score (default 1)")
    basis: Markdown = Field("", description="The source passage this calibration rests on (document and "
                                           "section, e.g. 'Implementing Organizational Structure §12.4.1'); "
                                           "empty means the playbook's judgement")


class Option(Strict):
    """One answer to a question, with the points it gives."""

    id: Id
    label: str
    help: Markdown = ""
    points: dict[Id, Points] = Field({}, description="Points per dimension id (0 or more)")
    candidates: dict[Id, CandidatePoints] = Field({}, description="Points per ranking candidate id (may be negative)")
    exclusive: bool = Field(False, description="Multiple choice only: cannot be combined with other options "
                                               "(e.g. 'none of these')")


class Question(Strict):
    """A single or multiple choice question."""

    id: Id
    text: str
    type: Literal["single", "multiple"] = "single"
    help: Markdown = ""
    show_if: Optional[Condition] = Field(None, description="Shown (and scored) only when this condition holds; "
                                                           "it may refer to earlier questions only")
    options: list[Option] = Field(min_length=1)
    sources: list[SourceRef] = []
    basis: Markdown = Field("", description="Why its options give these points: the source passage (document "
                                            "and section), or empty for the playbook's judgement")


class SectionModel(Strict):
    """A group of questions shown together."""

    id: Id
    title: str
    text: Markdown = ""
    questions: list[Question] = Field(min_length=1)


class Gate(Strict):
    """A condition a phase needs beyond its threshold."""

    id: Id
    when: Condition
    text: Markdown = Field(description="What the gate asks for and why, in the respondent's words")
    sources: list[SourceRef] = []
    basis: Markdown = Field("", description="The source passage this calibration rests on (document and "
                                           "section, e.g. 'Implementing Organizational Structure §12.4.1'); "
                                           "empty means the playbook's judgement")


class Phase(Strict):
    """A maturity phase: reached when every earlier phase is, the overall score meets the
    threshold, and every gate holds."""

    id: Id
    title: str
    summary: Markdown
    threshold: Percent = Field(description="Overall (weighted) percentage needed, 0–100")
    gates: list[Gate] = []
    next_steps: list[Markdown] = []
    ref: Optional[Ref] = Field(None, description="Playbook page that describes the phase")
    sources: list[SourceRef] = []
    basis: Markdown = Field("", description="Where the phase and its threshold come from (document and section); "
                                            "empty means the playbook's judgement")


class Exclusion(Strict):
    """A rule that takes a candidate out of the ranking."""

    id: Id
    when: Condition
    text: Markdown = Field(description="Why the candidate does not fit, from the sources")
    sources: list[SourceRef] = []
    basis: Markdown = Field("", description="The source passage this calibration rests on (document and "
                                           "section, e.g. 'Implementing Organizational Structure §12.4.1'); "
                                           "empty means the playbook's judgement")


class Fact(Strict):
    """A labelled consequence of choosing a candidate (reporting line, KPIs, funding, …)."""

    label: str
    text: Markdown


class Candidate(Strict):
    """Something that can be recommended: a model, an SRE-team placement, a career level."""

    id: Id
    title: str
    summary: Markdown = ""
    ref: Optional[Ref] = Field(None, description="Playbook page about the candidate")
    exclude_if: list[Exclusion] = []
    facts: list[Fact] = []


class TieBreak(Strict):
    """A rule that orders candidates with equal points: when it applies, a candidate earlier in
    `prefer` goes first (one not listed comes after every listed one)."""

    id: Id
    when: Optional[Condition] = Field(None, description="Applies only when this holds (answers and "
                                                        "dimensions only); always when left out")
    prefer: list[Id] = Field(min_length=1, description="Candidate ids, most preferred first")
    text: Markdown = Field(description="Why the preferred candidate goes first, from the sources")
    sources: list[SourceRef] = []
    basis: Markdown = Field("", description="The source passage this calibration rests on (document and "
                                           "section, e.g. 'Implementing Organizational Structure §12.4.1'); "
                                           "empty means the playbook's judgement")


class Ranking(Strict):
    """Candidates ranked by points; equal points are ordered by the first tie-break rule that
    separates them, and a tie no rule separates is shown as a tie (declared order only lists it)."""

    id: Id
    title: str
    text: Markdown = ""
    applies_if: Optional[Condition] = Field(None, description="The ranking is only recommended when this holds "
                                                              "(it may look at the top of an earlier ranking)")
    not_applicable: Markdown = Field("", description="What the result says when `applies_if` does not hold")
    candidates: list[Candidate] = Field(min_length=2)
    tie_breaks: list[TieBreak] = []
    sources: list[SourceRef] = []


class AdviceGroup(Strict):
    """A heading under which advice is shown."""

    id: Id
    title: str


class Advice(Strict):
    """Shown when its condition holds; links into the playbook."""

    id: Id
    when: Condition
    title: str
    text: Markdown
    group: Optional[Id] = None
    links: list[Ref] = Field([], description="Playbook pages (kind/id) or other questionnaires (assessments/id)")
    sources: list[SourceRef] = []
    basis: Markdown = Field("", description="Where a score threshold in `when` comes from (document and section); "
                                            "empty means the playbook's judgement")


class Outcomes(Strict):
    """What the answers lead to."""

    phases: list[Phase] = []
    rankings: list[Ranking] = []
    advice_groups: list[AdviceGroup] = []
    advice: list[Advice] = []


class Questionnaire(Strict):
    """One questionnaire: `assessments/<id>.yaml`."""

    id: Id = Field(description="Must equal the file name")
    title: str
    version: StrictInt = Field(ge=1, description="Raise it whenever a change alters what an answer means")
    order: Optional[int] = Field(None, description="Position in the navigation")
    summary: Markdown
    audience: str = Field(description="Who answers it")
    scored: bool = Field(True, description="false for a worksheet: no dimensions, points or outcomes "
                                           "beyond advice")
    intro: Intro
    dimensions: list[Dimension] = []
    sections: list[SectionModel] = Field(min_length=1)
    outcomes: Outcomes = Outcomes()
    sources: list[SourceRef] = Field(min_length=1)
