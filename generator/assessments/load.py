"""Read `assessments/<id>.yaml` into validated questionnaires, collecting every problem."""
from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..inputfile import QUESTIONNAIRE
from ..loader import YAML_SUFFIXES, duplicate_key_problems, read_yaml_cached
from ..problems import Problem, rel, suggest
from ..refs import ID_RE
from ..validate import dotted, short
from ..yamlsource import YamlDoc
from .model import All, AnswerIn, Any_, DimensionAtLeast, Not, Questionnaire

FOLDER = "assessments"
CONDITION_MODELS = {"answer": AnswerIn, "dimension": DimensionAtLeast, "all": All, "any": Any_, "not": Not}
CONDITION_FIELDS = ("show_if", "when")


@dataclass
class Loaded:
    """One questionnaire file: where it is, its parsed YAML (with lines) and, if valid, the model."""

    id: str
    path: str
    doc: YamlDoc
    questionnaire: Questionnaire | None = None

    def line(self, path) -> int:
        return self.doc.line_of(path)

    def problem(self, path, message: str) -> Problem:
        return Problem(self.path, self.line(path), dotted(path) or "(file)", message)


def load_questionnaires(root: Path) -> tuple[list[Loaded], list[Problem]]:
    """Parse and schema-check every `assessments/*.yaml` under `root`."""
    folder = root / FOLDER
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return loaded, problems
    for path in sorted(folder.rglob("*")):
        if path.suffix not in YAML_SUFFIXES or not path.is_file():
            continue
        where = rel(path, root)
        if path.parent != folder:
            problems.append(Problem(where, 1, "id", "questionnaires live directly in assessments/<id>.yaml"))
            continue
        one, more = load_one(path, where)
        problems += more
        if one:
            loaded.append(one)
    return loaded, problems


def load_one(path: Path, where: str) -> tuple[Loaded | None, list[Problem]]:
    """Parse one questionnaire file and validate it against the schema."""
    if not ID_RE.match(path.stem):
        return None, [Problem(where, 1, "id", f"file name '{path.stem}' is not a valid id "
                                             "(lower-case letters, digits and hyphens)")]
    doc, problem = read_yaml_cached(path, where, QUESTIONNAIRE)
    if problem:
        return None, [problem]
    one = Loaded(path.stem, where, doc)
    problems = duplicate_key_problems(doc, where)
    try:
        one.questionnaire = validated(doc)
    except ValidationError as exc:
        problems += schema_problems(exc, one)
        return one, problems
    if one.questionnaire.id != one.id:
        problems.append(one.problem(("id",), f"id '{one.questionnaire.id}' must equal the file name '{one.id}'"))
    return one, problems


# id(parsed doc) → (doc, model): an unchanged file (same parse, see loader.read_yaml_cached) is
# not validated again when `playbook serve` rebuilds after another file's save.
_VALIDATED: dict[int, tuple[YamlDoc, Questionnaire]] = {}


def validated(doc: YamlDoc) -> Questionnaire:
    """The questionnaire model of a parsed file, reused while the parse is."""
    cached = _VALIDATED.get(id(doc))
    if not (cached and cached[0] is doc):
        if len(_VALIDATED) > 4096:
            _VALIDATED.clear()
        cached = _VALIDATED[id(doc)] = (doc, Questionnaire.model_validate(doc.data))
    return cached[1]


def schema_problems(exc: ValidationError, one: Loaded) -> list[Problem]:
    """Pydantic's errors as `path:line: field: message`, with 'did you mean' for unknown keys."""
    problems = []
    for err in exc.errors(include_url=False):
        raw_loc, kind = tuple(err["loc"]), err["type"]
        loc = strip_tags(raw_loc)
        if kind == "extra_forbidden":
            allowed = allowed_keys(raw_loc[:-1])
            hint = suggest(loc[-1], allowed) if allowed else ""
            message = f"unknown key '{loc[-1]}'{hint}"
        elif kind == "missing":
            message = "required field is missing"
        else:
            message = err["msg"].removeprefix("Value error, ")
            if kind.endswith("_type") or kind == "condition":
                message += f" (got {type(err['input']).__name__} {short(err['input'])})"
            if isinstance(err.get("input"), bool):
                message += "; YAML reads yes/no/on/off/true/false as booleans — put the text in quotes"
        problems.append(one.problem(loc, message))
    return problems


def strip_tags(loc: tuple) -> tuple:
    """Drop the condition-form tags pydantic inserts into error locations (`when.all.all.0…`)."""
    out: list = []
    expect_tag = False
    for part in loc:
        if expect_tag and part in CONDITION_MODELS:
            expect_tag = False
            continue
        expect_tag = False
        out.append(part)
        if part in CONDITION_FIELDS or part == "not":
            expect_tag = True
        elif isinstance(part, int) and len(out) >= 2 and out[-2] in ("all", "any"):
            expect_tag = True
    return tuple(out)


def allowed_keys(raw_loc: tuple) -> list[str]:
    """The keys allowed at a location (given with condition tags), for suggestions."""
    current: typing.Any = Questionnaire
    expect_tag = False
    for part in raw_loc:
        if expect_tag:
            current, expect_tag = CONDITION_MODELS.get(part), False
            if current is None:
                return []
            continue
        if isinstance(part, int):
            current = item_type(current)
            expect_tag = is_condition(current)
            continue
        model = as_model(current)
        if model is None:
            return []
        field = next((f for name, f in model.model_fields.items() if (f.alias or name) == part), None)
        if field is None:
            return []
        current = field.annotation
        expect_tag = is_condition(current)
    model = as_model(current)
    return [f.alias or name for name, f in model.model_fields.items()] if model else []


def item_type(annotation):
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if args else annotation


def is_condition(annotation) -> bool:
    if typing.get_origin(annotation) is list:
        return False
    text = str(annotation)
    return "AnswerIn" in text and "DimensionAtLeast" in text


def as_model(annotation):
    while typing.get_origin(annotation) is typing.Union:
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
