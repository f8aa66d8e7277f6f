"""Schemas of the content kinds: one pydantic model per `content/<kind>/` folder.

Also the KINDS registry: each kind's template, section title and default topic (a nav section;
an entity may override it). How topics, tags and tooltips are built lives in generator/topics.py.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

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


class Section(Strict):
    """A titled block of prose and/or bullet items on an entity page."""

    title: str
    text: Markdown = ""
    items: list[Markdown] = []
    sources: list[SourceRef] = []


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


class Cited(Base):
    """An entity whose facts come from the source documents."""

    topic: Optional[TopicId] = Field(None, description="Navigation section; defaults to the kind's topic")
    audience: list[Audience] = Field([], description="Who should read it: leaders, teams (development teams), new-sres")
    phases: list[PhaseRef] = Field([], description="Phases of SRE organisational evolution it applies to")
    models: list[ModelRef] = Field([], description="Models of the spectrum it applies to")
    key_points: list[Markdown] = Field([], description="The page in a few bullets, shown first")
    insights: list[Markdown] = Field([], description="The source's highlighted insights, shown as call-outs")
    sources: list[SourceRef] = Field(min_length=1, description="The sources/ entries the facts come from")


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
    source: SourceRef


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


class PathStep(Strict):
    """One stop on a reading path."""

    ref: Ref
    why: Markdown = Field(description="What the reader takes away from this page")


class ReadingPath(Base):
    """An ordered reading path through the playbook for one audience."""

    audience: Audience
    steps: list[PathStep] = Field(min_length=1)


class TagIndex(Base):
    """A page listing the playbook's pages by one tag dimension."""

    dimension: Literal["all", "audience", "phase", "model"]


class Source(Base):
    """A source document the playbook's facts come from."""

    author: str
    published: str = Field(description="Year or date of publication")
    form: Literal["book chapter", "article", "pattern write-up"]
    document: str = Field(description="The seed file the text was taken from")
    gaps: list[Markdown] = Field([], description="Broken or missing parts of the source, said plainly")


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


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind("concepts", Concept, "concept.md.j2", "All concepts", 10, "principles"),
        Kind("questions", QuestionList, "questions.md.j2", "Question lists", 12, "principles"),
        Kind("phases", Phase, "phase.md.j2", "Phases of evolution", 15, "principles"),
        Kind("models", ModelEntity, "model.md.j2", "Who builds it, who runs it?", 20, "spectrum"),
        Kind("placements", Placement, "placement.md.j2", "SRE-team placement", 25, "placement"),
        Kind("comparisons", Comparison, "comparison.md.j2", "All tables", 30, "reference"),
        Kind("patterns", Pattern, "pattern.md.j2", "Patterns & anti-patterns", 40, "practices"),
        Kind("roles", Role, "role.md.j2", "Roles & careers", 50, "careers"),
        Kind("paths", ReadingPath, "path.md.j2", "Reading paths", 80, "reference", subsection=True),
        Kind("glossary", Term, "term.md.j2", "Glossary", 85, "reference", subsection=True),
        Kind("tags", TagIndex, "tags.md.j2", "Tags", 88, "reference", subsection=True),
        Kind("sources", Source, "source.md.j2", "Sources", 90, "reference", subsection=True),
    ]
}
