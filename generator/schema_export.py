"""JSON Schema files for editors, generated from the same models that validate."""
from __future__ import annotations

import json
from pathlib import Path

from .kinds import KINDS


def schemas() -> dict[str, str]:
    """File name → JSON Schema text for every content kind."""
    out = {}
    for kind in KINDS.values():
        schema = kind.schema.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"SRE Org Playbook — content/{kind.name}"
        out[f"{kind.name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    from .assessments.model import Questionnaire

    schema = Questionnaire.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "SRE Org Playbook — assessments/<id>.yaml (questionnaire)"
    out["assessment.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def modeline(kind: str) -> str:
    """The yaml-language-server line that wires a content file to its schema."""
    return f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"


def write_schemas(dest: Path) -> list[Path]:
    """Write the schema files into `dest`; return the paths written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        (dest / name).write_text(text, encoding="utf-8")
        written.append(dest / name)
    return written
