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


def new_entity(root: Path, kind: str, entity_id: str) -> list[Path]:
    """Write content/<kind>/<id>.yaml with placeholders that validate, and a stub for each entity
    it must reference that the playbook lacks (a source, say); refuse to overwrite. Returns the
    files written, the new entity first."""
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
    stubs: dict[str, None] = {}  # entities the new one must reference and the playbook lacks, in order
    entities = {f"{kind}/{entity_id}": entity_data(kind, entity_id, root, existing, stubs)}
    while missing := [ref for ref in stubs if ref not in entities]:  # a stub may need stubs of its own
        entities[missing[0]] = entity_data(*missing[0].split("/"), root, existing, stubs)
    written = []
    for ref, data in entities.items():
        path = root / "content" / f"{ref}.yaml"
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} already exists; not overwritten")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(modeline(ref.split("/")[0]) + "\n"
                            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
        except OSError as exc:
            raise ScaffoldError(f"cannot write {path.relative_to(root)}: {exc.strerror}") from None
        written.append(path)
    return written


def entity_data(kind: str, entity_id: str, root: Path, existing: list[str], stubs: dict[str, dict]) -> dict:
    """Title and a placeholder for every required field of a new `kind/entity_id`."""
    data = {"title": entity_id.replace("-", " ").capitalize()}
    data.update(required_fields(KINDS[kind].schema, existing, skip={"title"}, stubs=stubs, stub_id=entity_id))
    existing.append(f"{kind}/{entity_id}")
    check = KINDS[kind].schema.model_fields.get("self_check")
    if check and check.default and not (root / "assessments" / f"{check.default}.yaml").is_file():
        data["self_check"] = None  # the default questionnaire is not in this playbook
    return data


def required_fields(model: type[BaseModel], existing: list[str], skip=frozenset(), stubs=None,
                    stub_id: str = "todo") -> dict:
    """A placeholder for every required field of a model; a reference to a kind the playbook has
    none of names a new entity `kind/stub_id`, added to `stubs` for the caller to write."""
    stubs = {} if stubs is None else stubs
    return {name: placeholder(name, field.annotation, field.description, field.metadata, existing, stubs, stub_id)
            for name, field in model.model_fields.items() if field.is_required() and name not in skip}


def placeholder(name, annotation, description, metadata, existing, stubs, stub_id):
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return placeholder(name, args[0], description, metadata, existing, stubs, stub_id)
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return [placeholder(name, args[0], description, (), existing, stubs, stub_id)]
    if origin is typing.Union and any(isinstance(a, type) and issubclass(a, Ref) for a in args):
        # e.g. a citation: the plain-reference form (a fresh project's sources list no sections)
        ref = next(a for a in args if isinstance(a, type) and issubclass(a, Ref))
        return placeholder(name, ref, description, (), existing, stubs, stub_id)
    if isinstance(annotation, type) and issubclass(annotation, Ref):
        kinds = annotation.kinds or tuple(KINDS)
        found = next((ref for ref in existing if ref.split("/")[0] in kinds), None)
        if found is None:
            found = f"{kinds[0]}/{stub_id}"
            stubs[found] = None
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return required_fields(annotation, existing, stubs=stubs, stub_id=stub_id)
    if annotation is int:
        return next((m.ge for m in metadata if getattr(m, "ge", None) is not None), 1)
    if any(getattr(m, "pattern", None) for m in metadata):
        return "todo"  # an id-like field: the placeholder must match its pattern
    return f"TODO: {description or name.replace('_', ' ')}"
