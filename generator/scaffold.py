"""`playbook new KIND ID`: a content file with its modeline and every required field filled in."""
from __future__ import annotations

import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

from .kinds import KINDS
from .loader import load_content
from .problems import suggest
from .refs import ID_RE, Ref
from .schema_export import modeline


MAX_ID = 100  # well inside a file name's 255 bytes


class ScaffoldError(Exception):
    """A `new` request that cannot be carried out."""


def new_entity(root: Path, kind: str, entity_id: str) -> Path:
    """Write content/<kind>/<id>.yaml with placeholders that validate; refuse to overwrite."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}'{suggest(kind, KINDS)}; known kinds: {', '.join(KINDS)}")
    if not ID_RE.match(entity_id) or len(entity_id) > MAX_ID:
        raise ScaffoldError(f"'{entity_id[:MAX_ID]}' is not a valid id (lower-case letters, digits and hyphens, "
                            f"at most {MAX_ID} characters)")
    target = root / "content" / kind / f"{entity_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target.relative_to(root)} already exists; not overwritten")
    raws, _ = load_content(root)
    existing = [raw.ref for raw in raws]
    data = {"title": entity_id.replace("-", " ").capitalize()}
    data.update(required_fields(KINDS[kind].schema, existing, skip={"title"}))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(modeline(kind) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100),
                          encoding="utf-8")
    except OSError as exc:
        raise ScaffoldError(f"cannot write {target.relative_to(root)}: {exc.strerror}") from None
    return target


def required_fields(model: type[BaseModel], existing: list[str], skip=frozenset()) -> dict:
    """A placeholder for every required field of a model."""
    return {name: placeholder(name, field.annotation, field.description, field.metadata, existing)
            for name, field in model.model_fields.items() if field.is_required() and name not in skip}


def placeholder(name, annotation, description, metadata, existing):
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return placeholder(name, args[0], description, metadata, existing)
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return [placeholder(name, args[0], description, (), existing)]
    if origin is typing.Union and any(isinstance(a, type) and issubclass(a, Ref) for a in args):
        # e.g. a citation: the plain-reference form (a fresh project's sources list no sections)
        return placeholder(name, next(a for a in args if isinstance(a, type) and issubclass(a, Ref)), description, (), existing)
    if isinstance(annotation, type) and issubclass(annotation, Ref):
        kinds = annotation.kinds or tuple(KINDS)
        return next((ref for ref in existing if ref.split("/")[0] in kinds), f"{kinds[0]}/todo")
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return required_fields(annotation, existing)
    if annotation is int:
        return next((m.ge for m in metadata if getattr(m, "ge", None) is not None), 1)
    if any(getattr(m, "pattern", None) for m in metadata):
        return "todo"  # an id-like field: the placeholder must match its pattern
    return f"TODO: {description or name.replace('_', ' ')}"
