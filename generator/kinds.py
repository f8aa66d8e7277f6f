"""Schemas of the content kinds: one pydantic model per `content/<kind>/` folder.

Also the KINDS registry: each kind's template, section title and default topic (a nav section;
an entity may override it). How topics, tags and tooltips are built lives in generator/topics.py.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Callable, Literal, Optional, Union

from pydantic import (BaseModel, ConfigDict, Field, PlainSerializer, PlainValidator, computed_field,
                      field_validator, model_validator)

from .problems import suggest
from .refs import Ref, ref_to

SourceRef = ref_to("sources")
ModelRef = ref_to("models")
PhaseRef = ref_to("phases")
ComparisonRef = ref_to("comparisons")
RoleRef = ref_to("roles")
Markdown = str

TopicId = Literal["principles", "spectrum", "placement", "cost", "topologies", "choosing", "product",
                  "practices", "careers", "reference"]
Audience = Literal["leaders", "teams", "new-sres"]
AUDIENCES: dict[str, str] = {"leaders": "leaders", "teams": "development teams", "new-sres": "new SREs"}
AUDIENCE_LABELS: dict[str, str] = {"leaders": "Leaders", "teams": "Development teams", "new-sres": "New SREs"}


class Strict(BaseModel):
    """Rejects unknown keys, so a misspelt field is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class Citation(Strict):
    """A source and the section of it that a claim comes from (checked by generator/citations.py)."""

    ref: SourceRef = Field(description="The sources/ entry")
    section: str = Field(min_length=1, description="A section the source lists: its number ('12.4.8'), its "
                                                   "title, or both ('12.4.8 SRE Team KPIs'); for articles "
                                                   "and write-ups, the heading")
    table: str = Field("", description="The table of that section the claim comes from, if any")


def _cite(value):
    """A string is a plain reference, anything else a {ref, section} citation: each form reports its
    own errors at its own place, rather than a union reporting both forms' errors."""
    return SourceRef._check(value) if isinstance(value, str) else Citation.model_validate(value)


# A citation: a plain `sources/…` reference is accepted only for a source that lists no sections.
Cite = Annotated[Union[Citation, SourceRef],
                 PlainValidator(_cite, json_schema_input_type=Union[Citation, SourceRef]),
                 PlainSerializer(lambda v: v.model_dump(mode="json") if isinstance(v, BaseModel) else str(v))]


class Section(Strict):
    """A titled block of prose and/or bullet items on an entity page."""

    title: str
    text: Markdown = ""
    items: list[Markdown] = []
    sources: list[Cite] = []
    reading: bool = Field(False, description="The section is the playbook's reading, beyond the sources: "
                                             "shown in a 'Playbook reading' callout")
    concerns: list[Ref] = Field([], description="Pages this section is about; each links back to it")
    see: list[Ref] = Field([], description="Pages that prove or explain the section, linked under it")
    assess: list[str] = Field([], description="Questionnaires (assessments/<id>) that answer the section for "
                                              "your organisation, linked under it")


AssessmentId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Pointer(Strict):
    """A pointer from a page to the self-assessment that answers the reader's question about it."""

    id: AssessmentId = Field(description="The questionnaire (assessments/<id>)")
    ask: str = Field(min_length=1, description="The reader's question, e.g. 'Not sure which model fits your teams?'")
    tells: Markdown = Field(min_length=1, description="What the assessment gives the reader for that question, "
                                                      "completing 'The self-assessment …', e.g. 'ranks the models'")


class Base(Strict):
    """Fields every entity has."""

    title: str = Field(description="Page title")
    summary: Markdown = Field(description="One or two sentences shown at the top and in index pages")
    order: Optional[int] = Field(None, description="Position in its navigation section; entities without one follow, by title")
    body: Markdown = ""
    sections: list[Section] = []
    includes: list[ComparisonRef] = Field([], description="Comparison tables shown on this page")
    diagram: str = Field("", description="Mermaid source of a diagram drawn on the page (without the ``` fence)")
    diagram_caption: Markdown = Field("", description="One line under the diagram saying what it shows")
    related: list[Ref] = Field([], description="Related entities, linked both ways")
    tags: list[str] = Field([], description="Free tags; audience, phase and model tags come from those fields")
    assessments: list[Pointer] = Field([], description="Self-assessments that answer this page's question, shown "
                                                       "near its top; none: the kind's default pointer, if any")


class Cited(Base):
    """An entity whose facts come from the source documents."""

    topic: Optional[TopicId] = Field(None, description="Navigation section; defaults to the kind's topic")
    audience: list[Audience] = Field([], description="Who should read it: leaders, teams (development teams), new-sres")
    phases: list[PhaseRef] = Field([], description="Phases of SRE organisational evolution it applies to")
    models: list[ModelRef] = Field([], description="Models of the spectrum it applies to")
    key_points: list[Markdown] = Field([], description="The page in a few bullets, shown first")
    insights: list[Markdown] = Field([], description="The source's highlighted insights, shown as call-outs")
    sources: list[Cite] = Field(min_length=1, description="The sources/ entries (and sections) the facts come from")
    reading: list[Markdown] = Field([], description="What on this page goes beyond the sources — a classification, "
                                                    "a recommendation: shown in a 'Playbook reading' callout")


class ModelEntity(Cited):
    """A model of the 'who builds it, who runs it?' spectrum, or a hybrid of two."""

    short_name: str = Field(description="The model's phrase, e.g. 'You build it, you run it'")
    abbreviation: str = ""
    builds: str = Field(description="Who builds the services")
    runs: str = Field(description="Who runs them in production and goes on call")
    hybrid_of: list[ModelRef] = []
    characteristics: list[Markdown] = []


class Placement(Cited):
    """Where an SRE team sits in the product delivery organisation."""

    organisation: str = Field(description="The organisation the SRE team belongs to")
    reporting_line: str = Field(description="Whom the SRE team reports to")
    characteristics: list[Markdown] = []


class Column(Strict):
    """A column of a comparison table."""

    id: str
    title: str
    ref: Optional[Ref] = None


class Row(Strict):
    """A row of a comparison table: one criterion, one cell per column."""

    criterion: str
    cells: list[Markdown]
    ref: Optional[Ref] = None


class Comparison(Cited):
    """A criteria × columns table from the sources, kept as data."""

    row_header: str = "Criterion"
    columns: list[Column] = Field(min_length=1)
    rows: list[Row] = Field(min_length=1)
    notes: list[Markdown] = Field([], description="What the source table leaves out or gets wrong")


class Step(Strict):
    """One step of a pattern's shape."""

    title: str
    text: Markdown = ""


class Case(Strict):
    """A known case where a pattern was applied."""

    title: str
    outcome: Literal["success", "failure", "example"]
    text: Markdown
    source: Cite


class Pattern(Cited):
    """An organisational pattern or anti-pattern."""

    type: Literal["pattern", "anti-pattern"] = "pattern"
    problem: Markdown
    shape: list[Step] = Field(min_length=1)
    why_it_works: list[Markdown] = []
    when_it_works: list[Markdown] = []
    when_it_fails: list[Markdown] = []
    preconditions: list[Markdown] = []
    caveats: list[Markdown] = []
    remedies: list[Markdown] = Field([], description="For an anti-pattern: what the sources advise instead")
    cases: list[Case] = []


class Role(Cited):
    """A role in the realm of SRE, or a level of the SRE career path."""

    level: Optional[int] = Field(None, ge=1, description="Career level (1 = junior) for roles on the SRE career path")
    builds_on: Optional[RoleRef] = Field(None, description="The role whose responsibilities this one includes")
    next_level: Optional[RoleRef] = None
    responsibilities: list[Markdown] = []
    skills: list[Markdown] = []
    scope: Markdown = ""
    accountability: Markdown = ""
    experience: Markdown = ""
    remuneration: Markdown = ""
    head_count: Markdown = Field("", description="How many people hold the role")


class Phase(Cited):
    """A phase of SRE organisational evolution."""

    number: int = Field(ge=1)
    characteristics: list[Markdown] = []
    next_steps: list[Markdown] = Field([], description="What moves an organisation on to the next phase")


class Concept(Cited):
    """A principle, policy or idea explained on its own page."""


class QuestionCategory(Strict):
    """One category of a question list."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    questions: list[str] = Field(min_length=1)


class QuestionList(Cited):
    """Questions grouped into categories, e.g. those that drive SRE organisational structure."""

    categories: list[QuestionCategory] = Field(min_length=1)


class Term(Cited):
    """A glossary entry; abbreviations become tooltips on every page."""

    term: str = Field(description="The abbreviation or word as it appears in text, e.g. SLO")
    expansion: str = Field(description="What it stands for; the tooltip text")
    plural: str = Field("", description="Plural form that should get the tooltip too, e.g. SLOs")
    plural_expansion: str = Field("", description="Tooltip for the plural; defaults to the expansion plus 's'")
    tooltip: bool = Field(True, description="Show the expansion as a tooltip wherever the term appears")
    definition: Markdown = ""


Anchor = Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9-]*)?$",
                              description="A place on the target page to link to: the id of one of its "
                                          "onboarding stages or career steps; checked against the target")]


class PathStep(Strict):
    """One stop on a reading path."""

    ref: Ref
    anchor: Anchor = ""
    why: Markdown = Field(description="What the reader takes away from this page")


class ReadingPath(Base):
    """An ordered reading path through the playbook for one audience."""

    audience: Audience
    steps: list[PathStep] = Field(min_length=1)


class TagIndex(Base):
    """A page listing the playbook's pages by one tag dimension."""

    dimension: Literal["all", "audience", "phase", "model"]


class SourceSection(Strict):
    """A section of a source document, as its heading reads."""

    number: str = Field("", description="The section number, e.g. '12.4.8'; empty for unnumbered headings")
    title: str = Field(description="The heading, typos fixed")
    tables: list[str] = Field([], description="Titles of the tables in the section")

    @computed_field
    @property
    def label(self) -> str:
        """How a citation shows it: '§12.4.8 SRE Team KPIs', or '§ Caveats' without a number."""
        return f"§{self.number} {self.title}" if self.number else f"§ {self.title}"


class Source(Base):
    """A source document the playbook's facts come from."""

    author: str
    published: str = Field(description="Year or date of publication")
    form: Literal["book chapter", "article", "pattern write-up"]
    document: str = Field(description="The seed file the text was taken from")
    gaps: list[Markdown] = Field([], description="Broken or missing parts of the source, said plainly")
    headings: list[SourceSection] = Field([], description="The document's sections, from its real headings; "
                                                          "when listed, every citation of it names one")

    @field_validator("headings")
    @classmethod
    def _unique_sections(cls, v):
        return _unique(v, "section", key=lambda s: s.label.lower())


# --- Onboarding: staged paths for new SREs, the career ladder, and the page that ties them together. ---

ItemId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable id: saved checklist progress is keyed by it")]
Flavour = Literal["application", "platform", "infrastructure", "developer-on-rotation"]
FLAVOURS: dict[str, str] = {"application": "Application SRE", "platform": "Platform SRE",
                            "infrastructure": "Infrastructure SRE", "developer-on-rotation": "Developer on rotation"}


def _short_hash(text: str, digits: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:digits]


def _unique(items: list, what: str, key=lambda x: x.id) -> list:
    seen: set = set()
    for item in items:
        if key(item) in seen:
            raise ValueError(f"duplicate {what} '{key(item)}': ids must be unique, saved progress is keyed by them")
        seen.add(key(item))
    return items


class Reading(Strict):
    """A playbook page to read in a stage."""

    ref: Ref
    anchor: Anchor = ""
    why: Markdown = Field(description="What the reader takes from it at this stage")


class Practice(Strict):
    """Something to do in a stage, grounded in the sources."""

    id: ItemId
    text: Markdown = Field(description="What to do, as an instruction")
    see: list[Ref] = Field([], description="Playbook pages that explain it")
    sources: list[Cite] = Field(min_length=1, description="Where the practice comes from")


class Stage(Strict):
    """One stage of an onboarding path: goals, reading, practices, and when it is done."""

    id: ItemId
    title: str
    timeframe: str = Field("", description="Your organisation's own timing, e.g. 'first month'; the sources give none")
    summary: Markdown = ""
    goals: list[Markdown] = Field(min_length=1)
    read: list[Reading] = []
    practices: list[Practice] = Field(min_length=1)
    done_when: Markdown = Field(description="The criterion that says the stage is complete")
    closes: list[str] = Field([], description="Ids of the readiness self-check's advice (gaps) this stage closes")

    @field_validator("read")
    @classmethod
    def _unique_reads(cls, v):
        return _unique(v, "reading", key=lambda r: str(r.ref))

    @field_validator("practices")
    @classmethod
    def _unique_practices(cls, v):
        return _unique(v, "practice id")


class Criterion(Strict):
    """One transition criterion, walked through by a person and their manager."""

    id: ItemId
    text: Markdown
    sources: list[Cite] = Field(min_length=1)


class Transition(Strict):
    """A step on the career ladder: into a level (from `after`, or from not yet being an SRE)."""

    id: ItemId
    title: str
    after: Optional[RoleRef] = Field(None, description="The level it starts from; none: not yet an SRE")
    to: RoleRef
    text: Markdown = ""
    criteria: list[Criterion] = Field(min_length=1)
    closes: list[str] = Field([], description="Ids of the readiness self-check's advice this step addresses")

    @field_validator("criteria")
    @classmethod
    def _unique_criteria(cls, v):
        return _unique(v, "criterion id")


class Onboarding(Cited):
    """Onboarding new SREs: a staged `path` per role flavour, the career `ladder`, or the `overview`
    that helps choose a path, maps self-check gaps to the stages that close them and holds the
    stage common to every path, so that what all paths share is written once."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"allOf": [
        {"if": {"properties": {"type": {"const": "path"}}}, "then": {"required": ["flavour", "stages"]}},
        {"if": {"properties": {"type": {"const": "ladder"}}}, "then": {"required": ["ladder", "transitions"]}},
        {"if": {"properties": {"type": {"const": "overview"}}},
         "then": {"not": {"anyOf": [{"required": ["flavour"]}, {"required": ["transitions"]}]}}},
    ]})

    type: Literal["overview", "path", "ladder"] = Field(
        description="path: staged checklist for one role flavour; ladder: the career levels and the steps "
                    "between them; overview: the page that helps choose a path")
    flavour: Optional[Flavour] = Field(None, description="For a path: the role flavour it onboards into")
    role_name: str = Field("", description="The role's name as the sources give it")
    fulfilment: Markdown = Field("", description="How the role is fulfilled: dedicated, on rotation, for the SRE infrastructure")
    for_whom: Markdown = Field("", description="Who this path is for, in a sentence or two")
    differs: list[Markdown] = Field([], description="What the sources say sets this flavour apart")
    self_check: Optional[str] = Field("sre-role-readiness", pattern=r"^[a-z0-9][a-z0-9-]*$",
                                      description="The questionnaire (assessments/<id>) linked as the readiness "
                                                  "self-check; null for none")
    stages: list[Stage] = []
    ladder: Optional[ComparisonRef] = Field(None, description="For a ladder: the levels side by side")
    transitions: list[Transition] = []
    next_steps: list[Reading] = Field([], description="Where to go when the path or ladder is done")

    @field_validator("stages")
    @classmethod
    def _unique_stages(cls, v):
        return _unique(v, "stage id")

    @field_validator("transitions")
    @classmethod
    def _unique_transitions(cls, v):
        return _unique(v, "transition id")

    @model_validator(mode="after")
    def _shape(self):
        if self.type == "path" and not (self.flavour and self.stages):
            raise ValueError("a path needs a flavour and at least one stage")
        if self.type == "ladder" and not (self.ladder and self.transitions):
            raise ValueError("a ladder needs `ladder` (the comparison of levels) and at least one transition")
        if self.type != "path" and self.flavour:
            raise ValueError(f"a flavour belongs to a path, not a {self.type}")
        if self.type == "ladder" and self.stages:
            raise ValueError("stages belong to a path or the overview (the stage common to every path), not a ladder")
        if self.type != "ladder" and self.transitions:
            raise ValueError(f"transitions belong to a ladder, not a {self.type}")
        return self

    @computed_field
    @property
    def checklist(self) -> list[dict]:
        """Every checkable item: id, what it is, its stage or step, and a hash of its wording."""
        items = []
        for s in self.stages:
            for r in s.read:
                items.append({"id": f"{s.id}--read--{r.ref.kind}--{r.ref.id}", "kind": "read", "group": s.id,
                              "h": _short_hash(f"{r.ref}|{r.why}")})
            for pr in s.practices:
                items.append({"id": f"{s.id}--{pr.id}", "kind": "practice", "group": s.id, "h": _short_hash(pr.text)})
            items.append({"id": f"{s.id}--done", "kind": "done", "group": s.id, "h": _short_hash(s.done_when)})
        for t in self.transitions:
            for c in t.criteria:
                items.append({"id": f"{t.id}--{c.id}", "kind": "criterion", "group": t.id, "h": _short_hash(c.text)})
        return items

    @computed_field
    @property
    def checklist_hash(self) -> str:
        """`sha256:` + 16 hex digits over the item ids and wordings: saved progress against another
        hash is checked item by item, never silently dropped."""
        text = json.dumps([[i["id"], i["h"]] for i in self.checklist], separators=(",", ":"))
        return "sha256:" + _short_hash(text, 16)


def check_onboarding(entity, questionnaires: dict[str, dict], catalog=None) -> list[tuple[str, str]]:
    """(field, problem) pairs: the self-check must exist and every `closes` id must be one of its advice ids."""
    d = entity.data
    if d.get("self_check") is None:
        return []
    spec = questionnaires.get(d["self_check"])
    if spec is None:
        return [("self_check", f"no questionnaire '{d['self_check']}' in assessments/ (known: "
                               f"{', '.join(sorted(questionnaires)) or 'none'}); name one, or write null for none")]
    advice = [a["id"] for a in spec["outcomes"]["advice"]]
    problems = []
    for field, groups in (("stages", d.get("stages") or []), ("transitions", d.get("transitions") or [])):
        for i, g in enumerate(groups):
            for j, gap in enumerate(g.get("closes") or []):
                if gap not in advice:
                    problems.append((f"{field}.{i}.closes.{j}", f"'{gap}' is not an advice id of assessments/"
                                     f"{spec['id']}{suggest(gap, advice)}; known: {', '.join(advice)}"))
    return problems


def check_section_assessments(entity, questionnaires: dict[str, dict], catalog=None) -> list[tuple[str, str]]:
    """(field, problem) pairs: every `sections.N.assess` and `assessments.N.id` must name a questionnaire."""
    named = [(f"sections.{i}.assess.{j}", qid) for i, section in enumerate(entity.data.get("sections") or [])
             for j, qid in enumerate(section.get("assess") or [])]
    named += [(f"assessments.{i}.id", a["id"]) for i, a in enumerate(entity.data.get("assessments") or [])]
    return [(field, f"no questionnaire '{qid}' in assessments/{suggest(qid, sorted(questionnaires))}; "
                    f"known: {', '.join(sorted(questionnaires))}")
            for field, qid in named if qid not in questionnaires]


def anchors_of(target) -> dict[str, str]:
    """The places on a page that a reading item can link to: id → title (its stages or career steps)."""
    data = target.data if target else {}
    return {g["id"]: g["title"] for field in ("stages", "transitions") for g in data.get(field) or []}


def check_anchors(entity, questionnaires: dict[str, dict], catalog=None) -> list[tuple[str, str]]:
    """(field, problem) pairs: a reading item's `anchor` must be a stage or step of the page it links to."""
    if catalog is None:
        return []
    d = entity.data
    items = [(f"steps.{j}", r) for j, r in enumerate(d.get("steps") or [])]
    items += [(f"stages.{i}.read.{j}", r) for i, s in enumerate(d.get("stages") or [])
              for j, r in enumerate(s.get("read") or [])]
    items += [(f"next_steps.{j}", r) for j, r in enumerate(d.get("next_steps") or [])]
    problems = []
    for field, r in items:
        if not isinstance(r, dict) or not r.get("anchor"):  # a phase's next_steps are plain text
            continue
        known = anchors_of(catalog.entities.get(r["ref"]))
        if r["anchor"] not in known:
            problems.append((f"{field}.anchor", f"'{r['anchor']}' is not a place on {r['ref']}"
                             f"{suggest(r['anchor'], list(known))}; " + (f"its stages and steps: {', '.join(known)}"
                             if known else "it has no stages or steps to link to")))
    return problems


# Checks every entity gets once the questionnaires and the whole catalog are known.
ENTITY_CHECKS = (check_section_assessments, check_anchors)


def onboarding_subpages(data: dict) -> list[tuple[str, str]]:
    """One page per stage of a path, so each stage has its own place in the navigation."""
    stages = (data.get("stages") or []) if data.get("type") == "path" else []
    return [("", "All stages")] * bool(stages) + [(s["id"], f"{n}. {s['title']}") for n, s in enumerate(stages, 1)]


@dataclass(frozen=True)
class Kind:
    """How one content kind is validated, rendered and placed in the navigation."""

    name: str
    schema: type[Base]
    template: str
    section: str
    nav_order: int
    topic: Optional[str] = None  # default topic of its entities; None: a nav section of its own
    subsection: bool = False  # within its topic, grouped under its own index page
    # Extra pages from one entity: (slug, title) pairs, rendered with the kind's template given
    # `sub=slug` at <kind>/<id>/<slug>.md and nested under the entity's page in the nav; the slug ""
    # names the entity's own page in that nested section.
    subpages: Optional[Callable[[dict], list[tuple[str, str]]]] = None
    # Checks against the questionnaires (id → spec) once both are loaded: (field, problem) pairs.
    cross_check: Optional[Callable[..., list[tuple[str, str]]]] = None
    # A 'Playbook reading' note shown on every page of the kind: the kind itself is the playbook's framing.
    reading: str = ""
    # The self-assessment every page of the kind points to, unless the page names its own.
    assessment: Optional[Pointer] = None


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind("concepts", Concept, "concept.md.j2", "All concepts", 10, "principles"),
        Kind("questions", QuestionList, "questions.md.j2", "Question lists", 12, "principles"),
        Kind("phases", Phase, "phase.md.j2", "Phases of evolution", 15, "principles",
             reading="The five phases are the playbook's reading: it orders the chapter's stages (practice "
                     "first, structure after) and Zalando's three-phase evolution into one sequence. Neither "
                     "source numbers five phases; the facts on the page are cited below.",
             assessment=Pointer(id="organisational-maturity", ask="Not sure which phase your organisation is in?",
                                tells="places your organisation in one of the five phases, from eight dimensions "
                                      "of practice and organisation, with advice for moving on")),
        Kind("models", ModelEntity, "model.md.j2", "Who builds it, who runs it?", 20, "spectrum",
             assessment=Pointer(id="model-fit", ask="Not sure which model fits your teams?",
                                tells="ranks the models of the spectrum, hybrids included, for your organisation, "
                                      "with the answers behind each and the transitions possible from your "
                                      "current model")),
        Kind("placements", Placement, "placement.md.j2", "SRE-team placement", 25, "placement",
             assessment=Pointer(id="model-fit", ask="Not sure where your SRE team should sit?",
                                tells="ranks the three placements whenever the model it recommends has an SRE "
                                      "team, and says what the placement means for KPIs and funding")),
        Kind("comparisons", Comparison, "comparison.md.j2", "All tables", 30, "reference"),
        Kind("patterns", Pattern, "pattern.md.j2", "Patterns & anti-patterns", 40, "practices"),
        Kind("roles", Role, "role.md.j2", "Roles & careers", 50, "careers"),
        Kind("onboarding", Onboarding, "onboarding.md.j2", "Onboarding", 55, "careers", subsection=True,
             subpages=onboarding_subpages, cross_check=check_onboarding),
        Kind("paths", ReadingPath, "path.md.j2", "Reading paths", 80, "reference", subsection=True),
        Kind("glossary", Term, "term.md.j2", "Glossary", 85, "reference", subsection=True),
        Kind("tags", TagIndex, "tags.md.j2", "Tags", 88, "reference", subsection=True),
        Kind("sources", Source, "source.md.j2", "Sources", 90, "reference", subsection=True),
    ]
}


def assessment_pointers(e, questionnaires) -> list[dict]:
    """The pointers (id, ask, tells) from an entity's page to the self-assessments that answer its
    question: its own `assessments`, else its kind's default where that questionnaire exists."""
    default = KINDS[e.kind].assessment
    return e.data.get("assessments") or ([default.model_dump()] if default and default.id in questionnaires else [])
