"""Check loaded content against its schema and resolve every reference."""
from __future__ import annotations

import typing
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

from .catalog import Catalog, Entity
from .kinds import KINDS, Comparison
from .loader import RawEntity
from .problems import Problem, suggest
from .refs import Ref


# id(parsed doc) → (doc, kind, plain data, refs with paths, kind-check problems). The loader
# reuses the parse of an unchanged file, so `playbook serve` re-validates only what was saved.
_VALIDATED: dict[int, tuple] = {}


def validate_content(raws: list[RawEntity]) -> tuple[Catalog, list[Problem]]:
    """Validate every entity; return the catalog of the valid ones and all problems."""
    problems: list[Problem] = []
    validated = []
    for raw in raws:
        if not raw.loaded:  # its parse problem is already reported
            continue
        cached = _VALIDATED.get(id(raw.doc))
        if not (cached and cached[0] is raw.doc and cached[1] == raw.kind):
            schema = KINDS[raw.kind].schema
            try:
                obj = schema.model_validate(raw.doc.data)
            except ValidationError as exc:
                problems += schema_problems(exc, schema, raw)
                continue
            cached = (raw.doc, raw.kind, obj.model_dump(mode="json"), list(find_refs(obj)),
                      CHECKS.get(raw.kind, lambda o, r: [])(obj, raw))
            _VALIDATED[id(raw.doc)] = cached
        problems += cached[4]
        validated.append((raw, cached))
    for stale in _VALIDATED.keys() - {id(raw.doc) for raw in raws}:
        del _VALIDATED[stale]

    known = {raw.ref for raw in raws if raw.loaded}
    unloaded = {raw.ref: raw.path for raw in raws if not raw.loaded}
    entities = []
    for raw, (_, _, data, found, _) in validated:
        refs = []
        for path, ref in found:
            refs.append(str(ref))
            if ref in unloaded:
                problems.append(Problem(raw.path, raw.doc.line_of(path), dotted(path),
                                        f"reference '{ref}': its file did not load (see {unloaded[ref]})"))
            elif ref not in known:
                same_kind = [k for k in known if k.startswith(ref.kind + "/")] or known
                problems.append(Problem(raw.path, raw.doc.line_of(path), dotted(path),
                                        f"unknown reference '{ref}'{suggest(ref, sorted(same_kind))}"))
        entities.append(Entity(raw.kind, raw.id, raw.path, data, refs, raw.doc.lines))
    return Catalog.of(entities), problems + duplicate_terms(validated)


def duplicate_terms(validated) -> list[Problem]:
    """A glossary term (or plural) defined twice would give one word two tooltips."""
    problems, seen = [], {}
    for raw, (_, kind, data, _, _) in validated:
        if kind != "glossary":
            continue
        for field in ("term", "plural"):
            word = data.get(field)
            if word and word in seen:
                problems.append(Problem(raw.path, raw.doc.line_of((field,)), field,
                                        f"'{word}' is already defined by {seen[word]}"))
            elif word:
                seen[word] = raw.ref
    return problems


def schema_problems(exc: ValidationError, schema: type[BaseModel], raw: RawEntity) -> list[Problem]:
    """Turn pydantic's errors into `path:line: field: message` problems."""
    problems = []
    for err in exc.errors(include_url=False):
        loc, kind = tuple(err["loc"]), err["type"]
        if kind == "extra_forbidden":
            allowed = model_at(schema, loc[:-1])
            hint = suggest(loc[-1], allowed.model_fields) if allowed else ""
            message = f"unknown key '{loc[-1]}'{hint}"
        elif kind == "missing":
            message = "required field is missing"
        else:
            message = err["msg"].removeprefix("Value error, ")
            if kind.endswith("_type"):
                message += f" (got {type(err['input']).__name__} {short(err['input'])})"
        problems.append(Problem(raw.path, raw.doc.line_of(loc), dotted(loc) or "(file)", message))
    return problems


def model_at(schema: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The nested model class that a field path points into, if any."""
    current = schema
    for part in loc:
        current = unwrap(current)
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = current.model_fields[part].annotation
    current = unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def unwrap(annotation):
    """Strip list[...] and Optional[...] down to the item type."""
    while typing.get_origin(annotation) in (list, typing.Union):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def find_refs(value, path=()) -> Iterator[tuple[tuple, Ref]]:
    """Every Ref inside a validated object, with its field path."""
    if isinstance(value, Ref):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from find_refs(getattr(value, name), path + (name,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from find_refs(item, path + (index,))


def check_comparison(obj: Comparison, raw: RawEntity) -> list[Problem]:
    """Every row has one cell per column; column ids are unique."""
    problems = []
    seen = set()
    for i, column in enumerate(obj.columns):
        if column.id in seen:
            problems.append(Problem(raw.path, raw.doc.line_of(("columns", i, "id")), f"columns.{i}.id",
                                    f"duplicate id '{column.id}'"))
        seen.add(column.id)
    for i, row in enumerate(obj.rows):
        if len(row.cells) != len(obj.columns):
            problems.append(Problem(raw.path, raw.doc.line_of(("rows", i, "cells")), f"rows.{i}.cells",
                                    f"{len(row.cells)} cells for {len(obj.columns)} columns"))
    return problems


CHECKS = {"comparisons": check_comparison}


def dotted(path) -> str:
    return ".".join(str(p) for p in path)


def short(value, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
