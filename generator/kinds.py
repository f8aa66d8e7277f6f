"""Schemas of the content kinds: one pydantic model per `content/<kind>/` folder."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .refs import Ref, ref_to

SourceRef = ref_to("sources")
ModelRef = ref_to("models")
PhaseRef = ref_to("phases")
ComparisonRef = ref_to("comparisons")
Markdown = str


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
    order: Optional[int] = Field(None, description="Position in the navigation; entities without one follow, by title")
    body: Markdown = ""
    sections: list[Section] = []
    includes: list[ComparisonRef] = Field([], description="Comparison tables shown on this page")
    related: list[Ref] = Field([], description="Related entities, linked both ways")
    tags: list[str] = []


class Cited(Base):
    """An entity whose facts come from the source documents."""

    sources: list[SourceRef] = Field(min_length=1, description="The sources/ entries the facts come from")


class ModelEntity(Cited):
    """A model of the 'who builds it, who runs it?' spectrum, or a hybrid of two."""

    short_name: str = Field(description="The model's phrase, e.g. 'You build it, you run it'")
    abbreviation: str = ""
    builds: str = Field(description="Who builds the services")
    runs: str = Field(description="Who runs them in production and goes on call")
    hybrid_of: list[ModelRef] = []
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
    cases: list[Case] = []
    phases: list[PhaseRef] = []
    models: list[ModelRef] = []


class Role(Cited):
    """A role in the realm of SRE."""

    responsibilities: list[Markdown] = []
    skills: list[Markdown] = []
    scope: Markdown = ""
    accountability: Markdown = ""
    experience: Markdown = ""


class Phase(Cited):
    """A phase of SRE organisational evolution."""

    number: int = Field(ge=1)
    characteristics: list[Markdown] = []


class Concept(Cited):
    """A principle, policy or idea explained on its own page."""


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


KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind("concepts", Concept, "concept.md.j2", "Principles & concepts", 10),
        Kind("phases", Phase, "phase.md.j2", "Phases of evolution", 15),
        Kind("models", ModelEntity, "model.md.j2", "Who builds it, who runs it?", 20),
        Kind("comparisons", Comparison, "comparison.md.j2", "Comparisons", 30),
        Kind("patterns", Pattern, "pattern.md.j2", "Patterns", 40),
        Kind("roles", Role, "role.md.j2", "Roles & careers", 50),
        Kind("sources", Source, "source.md.j2", "Sources", 90),
    ]
}
