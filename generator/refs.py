"""The `kind/id` reference type used between entities."""
from __future__ import annotations

import re

from pydantic_core import core_schema

ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
ID_RE = re.compile(rf"^{ID_PATTERN}$")


class Ref(str):
    """A reference to another entity, written `kind/id`; subclasses restrict the kind."""

    kinds: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.split("/", 1)[0]

    @property
    def id(self) -> str:
        return self.split("/", 1)[1]

    @classmethod
    def pattern(cls) -> str:
        kinds = "|".join(cls.kinds) if cls.kinds else "[a-z][a-z0-9-]*"
        return rf"^({kinds})/{ID_PATTERN}$"

    @classmethod
    def _check(cls, value: str) -> "Ref":
        if "/" not in value:
            raise ValueError(f"'{value}' is not a reference: write it as kind/id, e.g. {(cls.kinds or ('models',))[0]}/{value}")
        kind = value.split("/", 1)[0]
        if cls.kinds and kind not in cls.kinds:
            raise ValueError(f"'{value}' must point to {' or '.join(k + '/…' for k in cls.kinds)}")
        if not re.match(cls.pattern(), value):
            raise ValueError(f"'{value}' is not a valid kind/id (lower-case letters, digits and hyphens)")
        return cls(value)

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        return core_schema.no_info_after_validator_function(cls._check, core_schema.str_schema())

    @classmethod
    def __get_pydantic_json_schema__(cls, schema, handler):
        target = " or ".join(cls.kinds) if cls.kinds else "any kind"
        return {"type": "string", "pattern": cls.pattern(), "description": f"Reference kind/id to {target}"}


def ref_to(*kinds: str) -> type[Ref]:
    """A Ref type that only accepts the given kinds."""
    return type(f"Ref_{'_'.join(k.replace('-', '_') for k in kinds)}", (Ref,), {"kinds": kinds})
