"""Parse a YAML file once into data plus a map from field path to line number."""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple  # a field path such as ("rows", 3, "cells")


@dataclass
class YamlDoc:
    """Parsed YAML data with the line of every mapping key and sequence item."""

    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int]] = field(default_factory=list)

    def line_of(self, path) -> int:
        """Line of the deepest known prefix of `path` (1 for the file itself)."""
        return line_in(self.lines, path)


def line_in(lines: dict[Path_, int], path) -> int:
    """Line of the deepest prefix of `path` found in `lines` (1 for the file itself)."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


def field_path(dotted: str) -> Path_:
    """`stages.1.closes.0` as the field path ("stages", 1, "closes", 0)."""
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))


class YamlSyntaxError(Exception):
    """A YAML file that cannot be parsed, with its 1-based line and column."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def parse_yaml(text: str) -> YamlDoc:
    """Parse YAML text (one document) and record where each field stands."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(f"{exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], 1, 1) from None
    finally:
        loader.dispose()
    doc = YamlDoc(data=data, lines={(): 1})
    if node is not None:
        _record_lines(node, (), doc)
    return doc


def _record_lines(node, path, doc: YamlDoc) -> None:
    # Walk the composed node tree: keys give the line of their field, items of their index.
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            sub = path + (key_node.value,)
            if sub in doc.lines:
                doc.duplicate_keys.append((sub, key_node.start_mark.line + 1))
            doc.lines[sub] = key_node.start_mark.line + 1
            _record_lines(value_node, sub, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            sub = path + (index,)
            doc.lines[sub] = item.start_mark.line + 1
            _record_lines(item, sub, doc)
