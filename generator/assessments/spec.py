"""The scoring spec: a questionnaire as plain JSON data, with its hash and resolved links.

The spec is what both engines read. `spec_hash` identifies the questionnaire as written: the
SHA-256 of its canonical JSON (the validated questionnaire with fields left at their defaults
omitted, keys sorted, no whitespace, UTF-8), shown as `sha256:` and the first 16 hex digits.
Comments, key order and formatting of the YAML do not change it; any change to ids, texts,
points, conditions or outcomes does.
"""
from __future__ import annotations

import hashlib
import json

from .engine import RESULT_FORMAT
from .model import Questionnaire

HASH_PREFIX = "sha256:"
HASH_DIGITS = 16


def canonical_json(data) -> str:
    """JSON with sorted keys and no insignificant whitespace (the input of the hash)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def spec_hash(questionnaire: Questionnaire) -> str:
    """`sha256:<16 hex digits>` of the questionnaire's canonical JSON."""
    written = questionnaire.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    digest = hashlib.sha256(canonical_json(written).encode("utf-8")).hexdigest()
    return HASH_PREFIX + digest[:HASH_DIGITS]


def build_spec(questionnaire: Questionnaire, links: dict[str, dict] | None = None) -> dict:
    """The full spec (every field, defaults filled in) plus `spec_hash`, the result format and
    the titles and pages of every playbook page the questionnaire links to."""
    spec = questionnaire.model_dump(mode="json", by_alias=True)
    spec["spec_hash"] = spec_hash(questionnaire)
    spec["result_format"] = RESULT_FORMAT
    spec["links"] = dict(sorted((links or {}).items()))
    return spec


def referenced_pages(questionnaire: Questionnaire) -> list[str]:
    """Every kind/id the questionnaire points to (advice links, phase and candidate pages, sources)."""
    refs: list[str] = list(questionnaire.sources)
    for section in questionnaire.sections:
        for question in section.questions:
            refs += question.sources
    out = questionnaire.outcomes
    for phase in out.phases:
        refs += ([phase.ref] if phase.ref else []) + phase.sources
        for gate in phase.gates:
            refs += gate.sources
    for ranking in out.rankings:
        refs += ranking.sources
        for cand in ranking.candidates:
            refs += [cand.ref] if cand.ref else []
            for rule in cand.exclude_if:
                refs += rule.sources
    for advice in out.advice:
        refs += advice.links + advice.sources
    return sorted(set(map(str, refs)))


def page_of(ref: str) -> str:
    """The generated Markdown page of a `kind/id` (content and questionnaires alike)."""
    return f"{ref}.md"


def url_of(ref: str) -> str:
    """The page's address relative to the site root (directory URLs)."""
    return f"{ref}/"
