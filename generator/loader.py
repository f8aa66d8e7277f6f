"""Load every content file into plain records, collecting problems instead of stopping."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .inputfile import CONTENT, Kind, read_input
from .kinds import KINDS
from .problems import Problem, rel, suggest
from .refs import ID_RE
from .yamlsource import YamlDoc

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class RawEntity:
    """One content file: its kind, id, location and data with line numbers (empty, and `loaded`
    false, for a file that could not be parsed: references to it are then not 'unknown')."""

    kind: str
    id: str
    path: str
    doc: YamlDoc
    loaded: bool = True

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"


def load_content(root: Path) -> tuple[list[RawEntity], list[Problem]]:
    """Parse `content/<kind>/<id>.yaml` under `root`; return entities and problems."""
    content = root / "content"
    entities: list[RawEntity] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    if not content.is_dir():
        return entities, [Problem("content", 1, "content", "folder not found")]
    for path in sorted(content.rglob("*")):
        if path.suffix not in YAML_SUFFIXES or not path.is_file():
            continue
        where = rel(path, root)
        parts = path.relative_to(content).parts
        if len(parts) != 2:
            problems.append(Problem(where, 1, "kind", "content files live in content/<kind>/<id>.yaml"
                                    f"; kinds: {', '.join(KINDS)}"))
            continue
        kind, entity_id = parts[0], path.stem
        if kind not in KINDS:
            problems.append(Problem(where, 1, "kind", f"unknown kind '{kind}'{suggest(kind, KINDS)}; "
                                    f"known kinds: {', '.join(KINDS)}"))
            continue
        if not ID_RE.match(entity_id):
            problems.append(Problem(where, 1, "id", f"file name '{entity_id}' is not a valid id "
                                    "(lower-case letters, digits and hyphens)"))
            continue
        if (kind, entity_id) in seen:
            problems.append(Problem(where, 1, "id", f"duplicate id '{kind}/{entity_id}': "
                                    f"also defined in {seen[(kind, entity_id)]}"))
            continue
        seen[(kind, entity_id)] = where
        doc, problem = read_yaml_cached(path, where)
        if problem:
            problems.append(problem)
            entities.append(RawEntity(kind, entity_id, where, YamlDoc(data={}), loaded=False))
            continue
        problems += duplicate_key_problems(doc, where)
        entities.append(RawEntity(kind, entity_id, where, doc))
    return entities, problems


_PARSED: dict[Path, tuple[tuple, YamlDoc]] = {}  # path → ((mtime, size, inode, kind), parse)


def read_yaml_cached(path: Path, where: str, kind: Kind = CONTENT) -> tuple[YamlDoc | None, Problem | None]:
    """read_yaml, reusing the parse of a file whose modification time and size are unchanged.

    `playbook serve` reloads every file on each save; only the saved one needs parsing again.
    """
    try:
        stat = path.stat()
    except OSError:
        return read_yaml(path, where, kind)
    key = (stat.st_mtime_ns, stat.st_size, stat.st_ino, kind)
    cached = _PARSED.get(path)
    if cached and cached[0] == key:
        return cached[1], None
    doc, problem = read_yaml(path, where, kind)
    if doc is not None:
        _PARSED[path] = (key, doc)
    return doc, problem


def read_yaml(path: Path, where: str, kind: Kind = CONTENT) -> tuple[YamlDoc | None, Problem | None]:
    """Parse one YAML file through the safe entry point; its first problem, if any."""
    doc, problems = read_input(path, where, kind)
    return doc, (problems[0] if problems else None)


def duplicate_key_problems(doc: YamlDoc, where: str) -> list[Problem]:
    """A key given twice in one mapping silently loses a value in YAML: report it."""
    return [Problem(where, line, ".".join(map(str, path)), "key given twice; the later value would win")
            for path, line in doc.duplicate_keys]
