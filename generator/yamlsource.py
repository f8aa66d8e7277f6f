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


STR, SEQ, MAP = ("tag:yaml.org,2002:" + t for t in ("str", "seq", "map"))


class _FastLoader(Loader):
    """The safe loader with its scalar-tag resolution done by a plain table lookup.

    The C parser asks Python to resolve the tag of every scalar; skipping the stock resolver's
    generic path (path and wildcard resolvers, list concatenation) takes about a tenth off
    composing a large playbook. It gives the same tags as the safe loader's implicit resolvers.
    """

    _by_first_char = {first: tuple(resolvers) for first, resolvers in Loader.yaml_implicit_resolvers.items()}

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in self._by_first_char.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return STR
        return SEQ if kind is yaml.SequenceNode else MAP


# The table lookup stands in for the stock resolver only while the loader has no resolvers
# it would skip (wildcard or path resolvers); otherwise use the stock one.
if None in Loader.yaml_implicit_resolvers or Loader.yaml_path_resolvers:
    _FastLoader = Loader  # noqa: F811


def parse_yaml(text: str) -> YamlDoc:
    """Parse YAML text (one document) and record where each field stands."""
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDoc(data=None, lines={(): 1})
        if node is not None:
            doc.data = _walk(node, (), doc, loader, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(f"{exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], 1, 1) from None
    finally:
        loader.dispose()
    return doc


def _walk(node, path, doc: YamlDoc, loader, open_nodes: set, build: bool = True):
    """The data of `node`, as the safe constructor builds it, recording the line of every field
    below it in the same walk (with `build` false, only the lines)."""
    if isinstance(node, yaml.ScalarNode):
        if build:
            return node.value if node.tag == STR else loader.construct_object(node, deep=True)
        return None
    if id(node) in open_nodes:
        raise YamlSyntaxError("an alias refers to a node that contains it", node.start_mark.line + 1,
                              node.start_mark.column + 1)
    open_nodes.add(id(node))
    # Plain lists and dicts are built here; any other collection (merge keys, !!set, !!omap, date
    # keys) by the loader's own constructor, and then walked for its lines only.
    result = None
    if build and not _plain_collection(node):
        result, build = loader.construct_object(node, deep=True), False
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            sub = path + (index,)
            doc.lines[sub] = item.start_mark.line + 1
            items.append(_walk(item, sub, doc, loader, open_nodes, build))
        result = items if build else result
    else:
        mapping = {}
        for key_node, value_node in node.value:
            sub = path + (key_node.value,)
            if sub in doc.lines:
                doc.duplicate_keys.append((sub, key_node.start_mark.line + 1))
            doc.lines[sub] = key_node.start_mark.line + 1
            value = _walk(value_node, sub, doc, loader, open_nodes, build)
            if build:
                mapping[_walk(key_node, path, doc, loader, open_nodes)] = value
        result = mapping if build else result
    open_nodes.discard(id(node))
    return result


def _plain_collection(node) -> bool:
    """A sequence, or a mapping whose keys all construct to plain hashable scalars."""
    if node.tag == SEQ:
        return True
    return node.tag == MAP and all(isinstance(key, yaml.ScalarNode) and key.tag in _PLAIN_KEY_TAGS
                                   for key, _ in node.value)


# Key tags whose safe construction is a plain hashable scalar (merge `<<` and value `=` keys are not).
_PLAIN_KEY_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "bool", "null", "float"))
