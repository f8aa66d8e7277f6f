"""A problem found in the input, reported as `path:line: field: message`."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

# Characters that would break a problem over lines, move the terminal's cursor, or fail to print
# (line breaks, other controls, lone surrogates): shown escaped, so one problem stays one line.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
MAX_FIELD = 200         # characters of a field path, and of a message, shown
MAX_MESSAGE = 1000


def one_line(text: str) -> str:
    """`text` with every line break, control character and lone surrogate written as an escape."""
    return UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One actionable error in one input file."""

    path: str
    line: int
    field: str
    message: str

    def __post_init__(self):
        for name in ("path", "field", "message"):
            value = getattr(self, name)
            if not isinstance(value, str) or UNPRINTABLE.search(value):
                object.__setattr__(self, name, one_line(str(value)))
        # A field path through a very long key, or a message quoting one, is shortened.
        for name, limit in (("field", MAX_FIELD), ("message", MAX_MESSAGE)):
            if len(getattr(self, name)) > limit:
                object.__setattr__(self, name, getattr(self, name)[:limit - 1] + "…")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class ProblemsFound(Exception):
    """Raised with every problem of a run, so all are reported at once."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) found")
        self.problems = sorted(problems)


def suggest(word: str, candidates) -> str:
    """Return ' (did you mean 'x'?)' for the closest candidate, or ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def rel(path: Path, root: Path) -> str:
    """A path relative to the project root, for messages."""
    path = Path(path)
    # Most paths come from globbing the root: no file-system lookups needed for those.
    if path.is_relative_to(root) and ".." not in path.parts:
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
