"""Where entities appear: topics (nested nav sections with index pages), tags and tooltips.

Kinds say what an entity is (generator/kinds.py); this module says where readers find it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .kinds import AUDIENCES, AUDIENCE_LABELS, KINDS


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
          "Organisational moves the sources describe, and the traps they warn about. Few are proven: the "
          "Zalando cases are single, recent data points, and several moves are the chapter's suggestions "
          "with no reported case — each page says which.", "patterns", nav_title="Patterns"),
    Topic("careers", "Roles & careers",
          "The SRE role, its names, how it is assigned and fulfilled, on-call compensation, and the "
          "junior → senior → principal career path, and onboarding paths for new SREs.", "roles",
          nav_title="Careers"),
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


# --- Glossary: abbreviation definitions appended to the pages that use the terms. ---

WORD = re.compile(r"\w+")


def abbreviations(catalog) -> dict[str, list[tuple[int, frozenset[str], str]]]:
    """Every glossary term shown as a tooltip, as (position, words of the term, `*[SLO]: Service
    level objective`), filed under the term's longest word."""
    lines: dict[str, str] = {}
    for e in catalog.of_kind("glossary"):
        d = e.data
        if not d.get("tooltip", True):
            continue
        text = " ".join(str(d["expansion"]).split())
        lines.setdefault(d["term"], f"*[{d['term']}]: {text}")
        if d.get("plural"):
            lines.setdefault(d["plural"], f"*[{d['plural']}]: {d.get('plural_expansion') or text + 's'}")
    index: dict[str, list[tuple[int, frozenset[str], str]]] = {}
    for position, (term, line) in enumerate(lines.items()):
        words = frozenset(WORD.findall(term))
        index.setdefault(max(words, key=lambda w: (len(w), w), default=""), []).append((position, words, line))
    return index


def abbreviations_used(definitions: dict[str, list[tuple[int, frozenset[str], str]]], text: str) -> str:
    """The definitions whose term may occur in `text`, in glossary order, as a block to append to it.

    Each definition is a Markdown block that the parser tests against every block processor, so
    a page carries only the terms whose words it contains (a superset of what the `abbr`
    extension will match). Looking terms up by the page's words keeps the cost per page flat
    however large the glossary grows.
    """
    words = set(WORD.findall(text))
    found = sorted(d for word in words | {""} for d in definitions.get(word, ()) if d[1] <= words)
    return ("\n\n" + "\n".join(line for _, _, line in found) + "\n") if found else ""


TEMPLATE_HELPERS = {"entity_tags": entity_tags, "tag_index": tag_index, "topic_members": topic_members,
                    "topic_of": topic_of, "TOPICS": TOPICS, "TOPIC_BY_ID": TOPIC_BY_ID,
                    "KINDS": KINDS, "AUDIENCES": AUDIENCES,
                    "AUDIENCE_LABELS": AUDIENCE_LABELS}
