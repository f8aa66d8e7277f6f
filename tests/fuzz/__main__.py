"""By hand: `PYTHONPATH=tests .venv/bin/python -m fuzz run|shrink|check …` (see --help)."""
from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

from .corpus import KINDS, ROOT, Case, Workspace, case
from .minimise import minimise
from .runner import TIME_BOUND

FAILURES = ROOT / "build" / "fuzz-failures"


def cmd_run(args, ws: Workspace) -> int:
    """Run cases; save each failing one to build/fuzz-failures/ and print a summary by cause."""
    by_cause: dict[str, list[str]] = collections.defaultdict(list)
    for kind in args.kinds:
        started, statuses, slowest = time.perf_counter(), collections.Counter(), (0.0, "")
        for index in range(args.start, args.start + args.cases):
            one = case(ws, kind, index, args.seed)
            outcome, verdict = ws.check(one, args.time_bound)
            statuses[outcome.status if verdict.ok else "failed"] += 1
            slowest = max(slowest, (outcome.seconds, one.name))
            if not verdict.ok:
                FAILURES.mkdir(parents=True, exist_ok=True)
                saved = FAILURES / f"{one.name}.json"
                saved.write_text(one.to_json(verdict.reason, "\n".join(verdict.details)), encoding="utf-8")
                by_cause[f"{kind}: {verdict.reason[:160]}"].append(saved.name)
                print(f"✗ {one.name} {one.mutations}: {verdict.reason[:200]}", flush=True)
        print(f"{kind}: {args.cases} cases in {time.perf_counter() - started:.1f} s; exit status {dict(statuses)}; "
              f"slowest {slowest[0]:.2f} s ({slowest[1]})", flush=True)
    for cause, names in sorted(by_cause.items()):
        print(f"{len(names):4d} × {cause}\n       e.g. {FAILURES.relative_to(ROOT)}/{names[0]}")
    return 1 if by_cause else 0


def cmd_shrink(args, ws: Workspace) -> int:
    """Minimise a saved failing case into a regression file."""
    source = Path(args.case)
    one = Case.from_json(source.read_text(encoding="utf-8"), source.stem)
    small, cause = minimise(one, ws, args.time_bound, args.budget)
    outcome, verdict = ws.check(small, args.time_bound)
    text = small.to_json(args.finding or cause, "\n".join([verdict.reason] + verdict.details))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)
    print(f"cause: {cause}\nargv: {' '.join(small.argv)}\n" + "\n".join(verdict.details[-4:]), file=sys.stderr)
    return 0


def cmd_check(args, ws: Workspace) -> int:
    """Run regression files (default: all of tests/fuzz/regressions/) and print each verdict."""
    paths = [Path(p) for p in args.files] or sorted((Path(__file__).parent / "regressions").glob("*.json"))
    failed = 0
    for path in paths:
        one = Case.from_json(path.read_text(encoding="utf-8"), path.stem)
        outcome, verdict = ws.check(one, args.time_bound)
        failed += not verdict.ok
        print(f"{'ok' if verdict.ok else '✗ ' + verdict.reason[:150]:<60} {path.name} ({outcome.seconds:.2f} s)")
    return 1 if failed else 0


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    ap.add_argument("--time-bound", type=float, default=TIME_BOUND)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help=cmd_run.__doc__)
    p.add_argument("--kinds", nargs="+", default=list(KINDS), choices=KINDS)
    p.add_argument("--cases", type=int, default=1000)
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("shrink", help=cmd_shrink.__doc__)
    p.add_argument("case", help="a saved case (build/fuzz-failures/*.json)")
    p.add_argument("--out", help="regression file to write (default: standard output)")
    p.add_argument("--finding", help="one line: what was found")
    p.add_argument("--budget", type=float, default=180.0, help="seconds to spend shrinking")
    p.set_defaults(func=cmd_shrink)
    p = sub.add_parser("check", help=cmd_check.__doc__)
    p.add_argument("files", nargs="*")
    p.set_defaults(func=cmd_check)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        return args.func(args, Workspace(Path(folder)))


if __name__ == "__main__":
    sys.exit(main())
