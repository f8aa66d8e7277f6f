"""Schemas of the content kinds: one pydantic model per `content/<kind>/` folder.

Also the registry that places kinds and entities in the navigation: every entity belongs to a
topic (a nav section with an index page); the kind gives the default, an entity may override it.
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


@dataclass(frozen=True)
class Topic:
    """A section of the navigation, with an index page listing its pages."""

    id: str
    title: str
    summary: str
    index_kind: Optional[str] = None  # the kind whose collection page this topic's index replaces
    nav_title: str = ""  # a shorter title for the navigation tabs

    @property
    def index(self) -> str:
        return f"{self.index_kind or self.id}/index.md"


TOPICS: list[Topic] = [
    Topic("principles", "Principles & evolution",
          "What SRE is built on before any organisational structure: the principles, the myths, the "
          "questions that drive structure, and the phases an organisation moves through.", nav_title="Principles"),
    Topic("spectrum", "Who builds it, who runs it?",
          "The spectrum of operating models from \"you build it, you run it\" to \"you build it, ops run "
          "it\", their hybrids, and how they compare.", "models"),
    Topic("placement", "SRE-team placement",
          "Where an SRE team can sit — in the development, the operations or a dedicated SRE "
          "organisation — and what that does to its reporting line, incentives, identity and KPIs.",
          "placements", nav_title="Placement"),
    Topic("cost", "Funding & cost",
          "Who pays for SRE and how: the business case, head count, cost accounting and transfer prices, "
          "the price of each SRE service, and cheaper on-call set-ups where availability targets allow.", nav_title="Cost"),
    Topic("topologies", "Topologies & reporting lines",
          "The team topologies that follow from model × organisation, whom SREs report to in each, and "
          "what happens without reporting lines.", nav_title="Topologies"),
    Topic("choosing", "Choosing & introducing a model",
          "How to choose a model and an organisational setup, which transitions make sense, how to "
          "position an SRE organisation, and how to roll the change out to people.", nav_title="Choosing a model"),
    Topic("product", "Working with product",
          "SRE as a product concern: the Product / Engineering / SRE triumvirate, the SRE roles next to "
          "product roles, who decides to chase more nines, and how SRE engages across the lifecycle.", nav_title="Product"),
    Topic("practices", "Patterns & anti-patterns",
          "Proven organisational moves and the traps the sources warn about.", "patterns", nav_title="Patterns"),
    Topic("careers", "Roles & careers",
          "The SRE role, its names, how it is assigned and fulfilled, on-call compensation, and the "
          "junior → senior → principal career path.", "roles", nav_title="Careers"),
    Topic("reference", "Reference",
          "Glossary, sources, tags, reading paths and every table in one place."),
]
TOPIC_BY_ID = {t.id: t for t in TOPICS}


def topic_of(entity) -> Optional[str]:
    """The topic an entity is shown under: its own `topic`, else its kind's default."""
    kind = KINDS.get(entity.kind)
    topic = entity.data.get("topic") or (kind.topic if kind else None)
    return topic if topic in TOPIC_BY_ID else None


def _member_key(entity):
    kind = KINDS.get(entity.kind)
    order = entity.data.get("order")
    return (order is None, order or 0, kind.nav_order if kind else 999, entity.title.lower())


def topic_members(catalog, topic_id: str) -> list:
    """Entities shown under a topic, in navigation order (declared order, then kind, then title)."""
    return sorted((e for e in catalog.entities.values() if topic_of(e) == topic_id), key=_member_key)


def topic_pages(catalog) -> list[tuple[Topic, list]]:
    """The topics that have members, with their members."""
    return [(t, members) for t in TOPICS if (members := topic_members(catalog, t.id))]


def nav_sections(catalog, kind_sections: dict[str, list], page_path) -> list:
    """The nested nav below Home: one section per topic, headed by its index page.

    `kind_sections` maps a kind to its old-style section ([kind/index.md, {title: page}, ...]);
    kinds without a topic keep that section as it is.
    """
    nav: list = []
    placed: set[str] = set()
    for topic, members in topic_pages(catalog):
        items: list = [topic.index]
        grouped: dict[str, list] = {}
        for e in members:
            kind = KINDS.get(e.kind)
            entry = {e.title: page_path(e.ref)}
            if kind and kind.subsection:
                if e.kind not in grouped:
                    grouped[e.kind] = [f"{e.kind}/index.md"]
                    items.append({kind.section: grouped[e.kind]})
                    placed.add(e.kind)
                grouped[e.kind].append(entry)
            else:
                items.append(entry)
        if topic.index_kind:
            placed.add(topic.index_kind)
        nav.append({topic.nav_title or topic.title: items})
    for name, section in kind_sections.items():
        if not any(topic_of(e) for e in catalog.of_kind(name)):
            nav.append({KINDS[name].section: section})
            placed.add(name)
    browse = [{KINDS[name].section: f"{name}/index.md"} for name in kind_sections if name not in placed]
    if browse:
        ref_title = TOPIC_BY_ID["reference"].nav_title or TOPIC_BY_ID["reference"].title
        reference = next((s for s in nav if ref_title in s), None)
        if reference is not None:
            reference[ref_title].append({"Browse by kind": browse})
        else:
            nav.append({"Browse by kind": [TOPIC_BY_ID["reference"].index] + browse})
    return nav


# --- Tags: derived from the structured audience / phases / models fields, plus free tags. ---

def entity_tags(catalog, entity) -> list[tuple[str, str]]:
    """(dimension, tag name) pairs of an entity, in a stable order."""
    d = entity.data
    tags: list[tuple[str, str]] = []
    audience = d.get("audience") or []
    for a in [audience] if isinstance(audience, str) else audience:
        tags.append(("audience", f"Audience: {AUDIENCES[a]}"))
    for ref in d.get("phases") or []:
        if ref in catalog.entities:
            phase = catalog.entities[ref].data
            tags.append(("phase", f"Phase {phase.get('number', '?')}: {phase['title']}"))
    models = list(d.get("models") or [])
    if entity.kind == "models":
        models.insert(0, entity.ref)
    for ref in models:
        if ref in catalog.entities:
            tags.append(("model", f"Model: {catalog.entities[ref].title}"))
    for tag in d.get("tags") or []:
        tags.append(("free", tag))
    seen: set[str] = set()
    return [(dim, t) for dim, t in tags if not (t in seen or seen.add(t))]


def tag_index(catalog, dimension: str) -> list[tuple[str, list]]:
    """Tag name → tagged entities, for one dimension ('all' for every tag), sorted sensibly."""
    index: dict[str, list] = {}
    topic_rank = {t.id: i for i, t in enumerate(TOPICS)}
    in_nav_order = sorted(catalog.entities.values(),
                          key=lambda e: (topic_rank.get(topic_of(e), len(TOPICS)), _member_key(e)))
    for e in in_nav_order:
        for dim, tag in entity_tags(catalog, e):
            if dimension in ("all", dim):
                index.setdefault(tag, []).append(e)

    def key(tag: str):
        if dimension == "audience":
            labels = [f"Audience: {v}" for v in AUDIENCES.values()]
            return (labels.index(tag) if tag in labels else 99, tag)
        if dimension == "model":
            model = next((e for e in index[tag] if e.kind == "models" and tag == f"Model: {e.title}"), None)
            return ((model.data.get("order") or 99) if model else 99, tag)
        return (0, tag)

    return [(tag, index[tag]) for tag in sorted(index, key=key)]


# --- Glossary: abbreviations appended to every page as Markdown abbreviation definitions. ---

def abbreviations(catalog) -> str:
    """`*[SLO]: Service level objective` lines for every glossary term shown as a tooltip."""
    lines = []
    for e in catalog.of_kind("glossary"):
        d = e.data
        if not d.get("tooltip", True):
            continue
        text = " ".join(str(d["expansion"]).split())
        lines.append(f"*[{d['term']}]: {text}")
        if d.get("plural"):
            lines.append(f"*[{d['plural']}]: {d.get('plural_expansion') or text + 's'}")
    return ("\n\n" + "\n".join(lines) + "\n") if lines else ""


TEMPLATE_HELPERS = {"entity_tags": entity_tags, "tag_index": tag_index, "topic_members": topic_members,
                    "topic_of": topic_of, "TOPICS": TOPICS, "TOPIC_BY_ID": TOPIC_BY_ID,
                    "KINDS": KINDS, "AUDIENCES": AUDIENCES,
                    "AUDIENCE_LABELS": AUDIENCE_LABELS}
