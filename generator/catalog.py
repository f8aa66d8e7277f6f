"""The validated content as plain data: entities by reference, and who references whom."""
from __future__ import annotations

from dataclasses import dataclass, field

from .yamlsource import field_path, line_in


@dataclass
class Entity:
    """One validated entity: its fields as plain data and the references it makes."""

    kind: str
    id: str
    path: str
    data: dict
    refs: list[str] = field(default_factory=list)
    lines: dict = field(default_factory=dict, repr=False, compare=False)  # field path → line in its file

    def line_of(self, dotted: str) -> int:
        """Line of a field such as `stages.1.closes.0` in the entity's file (1 when unknown)."""
        return line_in(self.lines, field_path(dotted))

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"

    @property
    def title(self) -> str:
        return self.data["title"]


@dataclass
class Catalog:
    """All entities, with backlinks computed once."""

    entities: dict[str, Entity]
    backlinks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, entities: list[Entity]) -> "Catalog":
        by_ref = {e.ref: e for e in entities}
        backlinks: dict[str, set[str]] = {ref: set() for ref in by_ref}
        for e in entities:
            for target in e.refs:
                if target != e.ref and target in backlinks:
                    backlinks[target].add(e.ref)
        order = {ref: i for i, ref in enumerate(sorted(by_ref, key=lambda r: sort_key(by_ref[r])))}
        return cls(by_ref, {ref: sorted(refs, key=order.get) for ref, refs in backlinks.items()})

    def of_kind(self, kind: str) -> list[Entity]:
        """Entities of one kind in navigation order."""
        return sorted((e for e in self.entities.values() if e.kind == kind), key=sort_key)


def sort_key(e: Entity):
    """Declared order first, then title."""
    order = e.data.get("order")
    return (e.kind, order is None, order or 0, e.title.lower())
