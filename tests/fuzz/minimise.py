"""Shrink a failing case to a small input that fails the same way (delta debugging on lines, then bytes)."""
from __future__ import annotations

import re
import time
from dataclasses import replace

from .corpus import Case, Workspace

FRAME = re.compile(r'File "[^"]*/generator/([^"]+)", line \d+, in (\S+)')


def signature(case: Case, ws: Workspace, time_bound: float) -> str | None:
    """What kind of failure the case shows (exception and innermost generator frame, or hang), or None."""
    outcome, verdict = ws.check(case, time_bound)
    if verdict.ok:
        return None
    if outcome.error:
        frames = FRAME.findall(outcome.error)
        last = outcome.error.strip().splitlines()[-1].split(":")[0]
        return f"{last} in {frames[-1][0]}:{frames[-1][1]}" if frames else last
    return verdict.reason.split(":")[0]


def minimise(case: Case, ws: Workspace, time_bound: float = 20.0, budget: float = 180.0) -> tuple[Case, str]:
    """The smallest case found within `budget` seconds that keeps the failure's signature."""
    target = signature(case, ws, time_bound)
    if target is None:
        raise ValueError(f"{case.name} does not fail")
    if target.startswith("hang"):
        time_bound = min(time_bound, 5.0)    # shrinking a hang: "still over 5 s" is enough
    deadline = time.monotonic() + budget
    (path, data), = [(p, d) for p, d in case.files.items()][:1]
    if not isinstance(data, bytes):          # a special file: nothing to shrink
        return case, target

    def fails(candidate: bytes) -> bool:
        if time.monotonic() > deadline:
            return False
        trial = replace(case, files={**case.files, path: candidate})
        return signature(trial, ws, time_bound) == target

    for unit in (b"\n", None):               # lines first, then single bytes
        parts = data.split(b"\n") if unit else [bytes([b]) for b in data]
        if unit is None and len(parts) > 4000:
            break
        join = (lambda ps: b"\n".join(ps)) if unit else (lambda ps: b"".join(ps))
        chunk = max(1, len(parts) // 2)
        while chunk >= 1 and time.monotonic() < deadline:
            at, shrunk = 0, False
            while at < len(parts):
                trial = parts[:at] + parts[at + chunk:]
                if trial and fails(join(trial)):
                    parts, shrunk = trial, True
                else:
                    at += chunk
            if not shrunk:
                chunk //= 2
        data = join(parts)
    return replace(case, files={**case.files, path: data}), target
