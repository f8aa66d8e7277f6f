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
    """A YAML file that cannot be parsed, with its 1-based line and column, and (for a value that
    cannot be read, such as the date 2024-02-30) the field path it stands at."""

    def __init__(self, message: str, line: int, column: int, path: Path_ | None = None, syntax: bool = True):
        super().__init__(message)
        self.message, self.line, self.column, self.path = message, line, column, path
        self.syntax = syntax and path is None   # false for a value, or a limit the file goes past


# Limits of a parse: nested collections, and values (items and keys) counted with every repeat an
# alias makes, so an alias bomb stops at the budget instead of exhausting memory. The defaults
# are generous; input files get their own (see inputfile.Kind).
MAX_DEPTH = 64
MAX_VALUES = 200_000
MAX_INT_DIGITS = 1000
MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219)  # log2(10): an integer of at most this many decimal digits


STR, SEQ, MAP, INT = ("tag:yaml.org,2002:" + t for t in ("str", "seq", "map", "int"))


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


def parse_yaml(text: str, max_depth: int = MAX_DEPTH, max_values: int = MAX_VALUES) -> YamlDoc:
    """Parse YAML text (one document) and record where each field stands."""
    loader = _FastLoader(text)
    loader.limits = (max_depth, max_values)
    try:
        node = loader.get_single_node()
        doc = YamlDoc(data=None, lines={(): 1})
        if node is not None:
            doc.data = _walk(node, (), doc, loader, set())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit (1000 levels)
            raise too_deep(max_depth, line, col) from None
        raise YamlSyntaxError(f"{exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], 1, 1) from None
    except RecursionError:  # the pure-Python composer recurses once per level
        raise too_deep(max_depth, 1, 1) from None
    finally:
        loader.dispose()
    return doc


def too_deep(max_depth: int, line: int, column: int) -> YamlSyntaxError:
    return YamlSyntaxError(f"nested too deeply (at most {max_depth} levels)", line, column, syntax=False)


def _walk(node, path, doc: YamlDoc, loader, open_nodes: set, build: bool = True):
    """The data of `node`, as the safe constructor builds it, recording the line of every field
    below it in the same walk (with `build` false, only the lines). Recursion is bounded by the
    depth limit, and the work by the value budget (aliases repeat nodes)."""
    if isinstance(node, yaml.ScalarNode):
        if build:
            return node.value if node.tag == STR else _construct(node, path, loader)
        if node.tag == INT:  # built with its collection by the loader: check its size all the same
            _construct(node, path, loader)
        return None
    max_depth, max_values = loader.limits
    if len(path) >= max_depth:
        raise too_deep(max_depth, node.start_mark.line + 1, node.start_mark.column + 1)
    if len(doc.lines) + len(node.value) > max_values:  # an entry per item and key walked, repeats included
        raise YamlSyntaxError(f"more than {max_values:,} values (counting each repeat an alias (*name) makes)",
                              doc.lines.get(path[:1], 1), 1, syntax=False)  # the top-level field expanded
    if id(node) in open_nodes:
        raise YamlSyntaxError("an alias refers to a node that contains it", node.start_mark.line + 1,
                              node.start_mark.column + 1)
    open_nodes.add(id(node))
    # Plain lists and dicts are built here; any other collection (merge keys, !!set, !!omap, date
    # keys) by the loader's own constructor, and then walked for its lines only.
    result = None
    if build and not _plain_collection(node):
        result, build = _construct(node, path, loader), False
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
            key = key_node.value if key_node.tag == STR else _key(key_node, path, loader)
            sub = path + (key,)
            line = key_node.start_mark.line + 1
            if sub in doc.lines:
                doc.duplicate_keys.append((sub, line))
            doc.lines[sub] = line
            if type(key) is not str:  # also under the spelling pydantic's error locations use
                doc.lines.setdefault(path + (str(key),), line)
            value = _walk(value_node, sub, doc, loader, open_nodes, build)
            if build:
                mapping[key] = value
        result = mapping if build else result
    open_nodes.discard(id(node))
    return result


def _key(key_node, path, loader):
    """A mapping key as the safe constructor builds it, if a plain scalar; else its text."""
    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_KEY_TAGS:
        return key_node.value if isinstance(key_node, yaml.ScalarNode) else f"(key on line {key_node.start_mark.line + 1})"
    return _construct(key_node, path + (key_node.value,), loader)


def _construct(node, path, loader):
    """The loader's own construction of `node`; any failure, whatever its type, is a
    YamlSyntaxError naming the field and line (the constructors raise ValueError, KeyError,
    AttributeError… for values such as 2024-02-30, !!int abc or a 5,000-digit integer)."""
    try:
        value = loader.construct_object(node, deep=True)
        if type(value) is int and value.bit_length() > MAX_INT_BITS:
            # 0x…, 0b… and 1:2:3… sexagesimal integers are built without Python's digit limit, but
            # could then never be printed (repr and json.dumps refuse over 4,300 digits).
            raise ValueError(f"more than {MAX_INT_DIGITS:,} digits")
        return value
    except Exception as exc:  # noqa: BLE001 — a value in untrusted text
        culprit, where = _culprit(node, path, loader) if isinstance(exc, _VALUE_ERRORS) else (node, path)
        mark = getattr(exc, "problem_mark", None) or culprit.start_mark
        raise YamlSyntaxError(_cannot_read(culprit, exc), mark.line + 1, mark.column + 1, where) from None


_VALUE_ERRORS = (ValueError, KeyError, TypeError, AttributeError, OverflowError)
_TAG_NAMES = {"int": "whole number", "float": "number", "bool": "true/false value", "timestamp": "date",
              "null": "null", "binary": "base64 text", "map": "mapping", "seq": "list", "str": "text"}


def _cannot_read(node, exc: Exception) -> str:
    """'2024-02-30' is not a valid date: day is out of range for month (…)."""
    tag = node.tag.rsplit(":", 1)[-1]
    if isinstance(exc, yaml.MarkedYAMLError):
        return str(exc.problem or exc.context)
    text = node.value if isinstance(node.value, str) else ""
    shown = text if len(text) <= 40 else text[:39] + "…"
    reason = str(exc).split(";")[0] if isinstance(exc, ValueError) else ""
    return (f"'{shown}' is not a valid {_TAG_NAMES.get(tag, tag)}{': ' + reason if reason else ''} "
            "(put it in quotes if it is meant as text)")


def _culprit(node, path, loader):
    """The scalar below `node` whose construction fails, with its path (else `node` itself)."""
    stack, budget = [(node, path)], loader.limits[1]
    while stack and budget > 0:
        current, where = stack.pop()
        budget -= 1
        if isinstance(current, yaml.ScalarNode):
            try:
                value = loader.construct_object(current, deep=True)
            except Exception:  # noqa: BLE001
                return current, where
            if type(value) is int and value.bit_length() > MAX_INT_BITS:
                return current, where
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((item, where + (i,)) for i, item in reversed(list(enumerate(current.value))))
        else:
            for key, value in reversed(current.value):
                label = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.extend([(value, where + (label,)), (key, where + (label,))])
    return node, path


def _plain_collection(node) -> bool:
    """A sequence, or a mapping whose keys all construct to plain hashable scalars."""
    if node.tag == SEQ:
        return isinstance(node, yaml.SequenceNode)
    return node.tag == MAP and isinstance(node, yaml.MappingNode) and all(isinstance(key, yaml.ScalarNode) and key.tag in _PLAIN_KEY_TAGS
                                   for key, _ in node.value)


# Key tags whose safe construction is a plain hashable scalar (merge `<<` and value `=` keys are not).
_PLAIN_KEY_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "bool", "null", "float"))
