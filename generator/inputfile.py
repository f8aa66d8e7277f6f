"""The one way in for every YAML or JSON input file: read safely, parse within limits.

Each kind of input has its limits, checked before or while parsing, never after:

    kind            size     depth  values   aliases (*name)
    content file    256 KB   64     50,000   allowed (each repeat counts as values)
    questionnaire   512 KB   256    100,000  allowed (each repeat counts as values)
    answers file    256 KB   32     20,000   refused
    result file     256 KB   32     20,000   refused
    targets file    256 KB   32     20,000   refused

Today's largest content file is 10 KB; the largest questionnaire is 40 KB for 24 questions, with
1,240 values and 11 levels, so a 200-question one fits. A result file is a few KB, at most 6
levels deep. The size limit bounds the parser's own work, which comes before any of ours: 1 MB
of `[a,a,…]` takes libyaml and PyYAML's composer seconds and 170 MB. Answers, result and targets
files come from many hands and no tool writes aliases into them, so an alias there is refused;
the maintainers' content may use them. Only regular files are read (a FIFO or device is a
problem, not a hang), and at most one byte past the size limit.
"""
from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem
from .yamlsource import MAX_INT_DIGITS, YamlDoc, YamlSyntaxError, parse_yaml

KB = 1024


@dataclass(frozen=True)
class Kind:
    """What one kind of input file may hold, and how messages name it."""

    name: str
    max_bytes: int
    max_depth: int
    max_values: int
    aliases: bool
    top: str            # what the top level must be, after "expected a mapping" / "an object"

    @property
    def a(self) -> str:
        """The name with its article: 'an answers file'."""
        return ("an " if self.name[0] in "aeiou" else "a ") + self.name


CONTENT = Kind("content file", 256 * KB, 64, 50_000, True, "of fields")
QUESTIONNAIRE = Kind("questionnaire", 512 * KB, 256, 100_000, True, "of fields")  # conditions nest
ANSWERS = Kind("answers file", 256 * KB, 32, 20_000, False, "with questionnaire, version and answers")
RESULT = Kind("result file", 256 * KB, 32, 20_000, False, "with questionnaire, version and answers")
TARGETS = Kind("targets file", 256 * KB, 32, 20_000, False, "with 'teams' (and optionally 'default')")

MAX_DIGITS = MAX_INT_DIGITS  # of a JSON integer, as of a YAML one (Python's int() stops at 4,300)


class _TooManyDigits(Exception):
    pass


def read_input(path: Path, where: str, kind: Kind, lines: bool = True) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one input file (`.json` as JSON, else YAML) into a mapping with field lines, or problems.

    With `lines` false, JSON is parsed without field lines (faster); see `parse_input`.
    """
    raw, problem = read_bounded(path, where, kind)
    if problem:
        return None, [problem]
    return parse_input(raw, where, kind, path.suffix.lower() == ".json", lines)


def read_bounded(path: Path, where: str, kind: Kind) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most `kind.max_bytes`, reading at most one byte more."""
    try:
        # Non-blocking, so that opening a FIFO does not wait for a writer; no controlling terminal.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        return None, Problem(where, 1, "(file)", f"{kind.name} not found")
    except OSError as exc:
        return None, Problem(where, 1, "(file)", f"cannot be read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Problem(where, 1, "(file)", f"not a regular file ({_what(info.st_mode)}); only regular files are read")
        raw = _read_at_most(fd, kind.max_bytes + 1)
    except OSError as exc:
        return None, Problem(where, 1, "(file)", f"cannot be read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if len(raw) > kind.max_bytes:
        size = max(info.st_size, len(raw))
        return None, Problem(where, 1, "(file)", f"too large ({size // KB} KB; {kind.a} is at most "
                                                 f"{kind.max_bytes // KB} KB)")
    return raw, None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks, left = [], limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket or other special file"


def parse_input(raw: bytes, where: str, kind: Kind, is_json: bool,
                lines: bool = True) -> tuple[YamlDoc | None, list[Problem]]:
    """Bytes → a mapping with field lines (JSON without lines unless `lines`, or keys are given
    twice), or the problems: not UTF-8, syntax, too deep, too many values, aliases where refused,
    unreadable values, lone surrogates, not a mapping."""
    fmt = "json" if is_json else "yaml"
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        return None, [Problem(where, line, fmt, f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at column {column} "
                                                f"({exc.reason}); save the file as UTF-8")]
    doc, problems = (_json(text, where, kind, lines) if is_json else _yaml(text, where, kind))
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        shape = f"an object {kind.top}" if is_json else f"a mapping {kind.top} at the top of the file"
        return None, [Problem(where, 1, fmt, f"expected {shape}")]
    return doc, []


def _yaml(text: str, where: str, kind: Kind) -> tuple[YamlDoc | None, list[Problem]]:
    if not kind.aliases and "*" in text:
        problem = _first_alias(text, where, kind)
        if problem:
            return None, [problem]
    try:
        doc = parse_yaml(text, kind.max_depth, kind.max_values)
    except YamlSyntaxError as exc:
        # libyaml marks the end of the text one line past the last when it lacks a final line break
        exc.line = min(exc.line, max(1, text.count("\n") + (not text.endswith("\n"))))
        return None, [yaml_problem(exc, where)]
    if _SURROGATE_ESCAPE.search(text):
        found = _surrogate_path(doc.data)
        if found is not None:
            return None, [Problem(where, doc.line_of(found), _dotted(found) or "yaml", SURROGATE_MESSAGE)]
    return doc, []


def yaml_problem(exc: YamlSyntaxError, where: str) -> Problem:
    """A YAML parse failure as a problem: a value that cannot be read names its field."""
    if not exc.syntax:
        return Problem(where, exc.line, _dotted(exc.path or ()) or "yaml", exc.message)
    return Problem(where, exc.line, "yaml", f"syntax error at column {exc.column}: {exc.message}")


def _first_alias(text: str, where: str, kind: Kind) -> Problem | None:
    """The first alias in the text, as a problem (a syntax error is left to the parse)."""
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.AliasToken):
                return Problem(where, token.start_mark.line + 1, "yaml",
                               f"aliases (*name) are not allowed in {kind.a}: write the value out")
    except yaml.YAMLError:
        return None
    return None


# --- JSON --------------------------------------------------------------------------------------

_JSON_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_JSON_TOKEN = re.compile(_JSON_STRING + r"|[\[\]{}]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
SURROGATE_MESSAGE = ("text holds an unpaired surrogate escape (\\ud800-\\udfff), which is not a character: "
                     "remove it, or write the character itself")


def _json(text: str, where: str, kind: Kind, lines: bool) -> tuple[YamlDoc | None, list[Problem]]:
    deep = _json_too_deep(text, kind.max_depth)
    if deep:
        return None, [Problem(where, deep, "json", f"nested too deeply (at most {kind.max_depth} levels)")]
    duplicates = []

    def pairs(items):
        keys = [k for k, _ in items]
        duplicates.extend(k for i, k in enumerate(keys) if k in keys[:i])
        return dict(items)

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > MAX_DIGITS:
            raise _TooManyDigits(digits)
        return int(digits)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer)
    except json.JSONDecodeError as exc:
        return None, [Problem(where, exc.lineno, "json", f"syntax error at column {exc.colno}: {exc.msg}")]
    except _TooManyDigits as exc:
        digits = exc.args[0]
        return None, [Problem(where, text.count("\n", 0, max(text.find(digits), 0)) + 1, "json",
                              f"a number of {len(digits.lstrip('-')):,} digits (at most {MAX_DIGITS:,})")]
    if _SURROGATE_ESCAPE.search(text):
        found = _surrogate_path(data)
        if found is not None:
            return None, [Problem(where, _json_surrogate_line(text), _dotted(found) or "json", SURROGATE_MESSAGE)]
    doc = YamlDoc(data=data, lines={(): 1})
    if isinstance(data, dict) and (lines or duplicates):
        # Lines from reading the same text as YAML, where that reads the same data.
        try:
            lined = parse_yaml(text, kind.max_depth, kind.max_values)
            if lined.data == data:
                doc = lined
        except YamlSyntaxError:
            pass
        if duplicates and not doc.duplicate_keys:
            doc.duplicate_keys = [((key,), 1) for key in duplicates]
    return doc, []


def _json_too_deep(text: str, limit: int) -> int | None:
    """The line where JSON text nests past `limit` levels, by one scan (no recursion)."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, match.start()) + 1
        elif char in "]}":
            depth -= 1
    return None


def _json_surrogate_line(text: str) -> int:
    """The line of the first JSON string holding an unpaired surrogate."""
    for match in re.finditer(_JSON_STRING, text):
        token = match.group()
        if _SURROGATE_ESCAPE.search(token):
            try:
                if _SURROGATE.search(json.loads(token)):
                    return text.count("\n", 0, match.start()) + 1
            except ValueError:
                continue
    return 1


def _surrogate_path(data) -> tuple | None:
    """The field path of the first text (key or value) holding a surrogate, iteratively."""
    stack = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    return path + (key,)
                stack.append((path + (key,), item))
        elif isinstance(value, list):
            stack.extend((path + (i,), item) for i, item in enumerate(value))
    return None


def _dotted(path) -> str:
    return ".".join(str(p) for p in path)
