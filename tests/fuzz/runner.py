"""Run the real CLI on one case in a forked child, bounded in time and memory, and judge the outcome."""
from __future__ import annotations

import contextlib
import io
import json
import os
import re
import resource
import select
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

# A case that uses TIME_BOUND seconds of CPU, or WALL_FACTOR times that on the clock (blocked, say on
# a FIFO), is a hang. CPU time, so that a busy shared machine does not make slow runs look like hangs.
TIME_BOUND = float(os.environ.get("FUZZ_TIME_BOUND", "20"))   # seconds: far above any sane run, below a hang
WALL_FACTOR = 4
MEMORY_BOUND = 2 * 1024 ** 3                                    # bytes of address space a case may add
KEEP = 200_000                                                  # characters of output kept per stream
KEEP_OUT = 20_000_000                                           # characters of standard output kept
LONGEST = 2_000                                                 # characters in one problem line

# `path:line: field: message`, and the same with `warning:` before the field.
PROBLEM = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): (?P<field>[^\n]*?): (?P<message>.+)$")
SUMMARY = re.compile(r"^[✓✗] .+$")
# Characters that break a message line on a terminal, or take it over.
LINE_BREAKING = re.compile(r"[\r\x0b\x0c\x1b\x85\u2028\u2029]")


@dataclass
class Outcome:
    """What one run of the CLI did."""

    status: int | None = None          # the exit status main() returned, or None
    stdout: str = ""
    stderr: str = ""
    error: str | None = None           # traceback of an exception that escaped main()
    seconds: float = 0.0
    hung: bool = False
    signal: int | None = None          # the child died of this signal
    clipped: bool = False              # stderr was longer than KEEP and cut


@dataclass
class Verdict:
    ok: bool
    reason: str = ""
    details: list[str] = field(default_factory=list)


def _child(argv: list[str], write_fd: int, fresh: bool, time_bound: float) -> None:
    """In the forked child: run main(argv) with captured streams, send the outcome, exit."""
    try:
        limit(time_bound)
        os.environ["NO_COLOR"] = "1"
        from sre_org_playbook.cli import main
        if fresh:
            from sre_org_playbook.pipeline import forget_memos
            forget_memos()

        # Streams that encode as a real process's do: text that cannot be UTF-8 fails on stdout.
        out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)
        err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace", write_through=True)
        status, error = None, None
        started = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else 2
            except BaseException:  # noqa: BLE001 — every escape is a finding
                error = traceback.format_exc(limit=-12)
        seconds = time.perf_counter() - started
        stdout, stderr = (stream.buffer.getvalue().decode("utf-8", "replace") for stream in (out, err))
        payload = json.dumps({"status": status, "stdout": stdout[:KEEP_OUT], "stderr": _clip(stderr),
                              "clipped": len(stderr) > KEEP,
                              "error": error, "seconds": seconds}, ensure_ascii=True).encode()
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view):]
    finally:
        os._exit(0)


def _clip(text: str) -> str:
    """The first KEEP characters, cut at a line end."""
    return text if len(text) <= KEEP else text[: text.rfind("\n", 0, KEEP) + 1]


def run(argv: list[str], time_bound: float = TIME_BOUND, fresh: bool = False) -> Outcome:
    """main(argv) in a forked child (with this process's warm memos, unless `fresh`), within the time bound."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(argv, write_fd, fresh, time_bound)
    os.close(write_fd)
    chunks, started = [], time.perf_counter()
    hung = False
    try:
        while True:
            left = time_bound * WALL_FACTOR - (time.perf_counter() - started)
            if left <= 0:
                hung = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if ready:
                chunk = os.read(read_fd, 1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.close(read_fd)
        if hung:
            os.kill(pid, signal.SIGKILL)
        _, wait_status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    if hung or os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) in (signal.SIGXCPU, signal.SIGKILL):
        return Outcome(hung=True, seconds=elapsed)   # over the CPU limit: SIGXCPU, then SIGKILL at the hard limit
    if os.WIFSIGNALED(wait_status) or not chunks:
        return Outcome(signal=os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else None, seconds=elapsed,
                       error="the child died without an outcome")
    data = json.loads(b"".join(chunks))
    return Outcome(status=data["status"], stdout=data["stdout"], stderr=data["stderr"], error=data["error"],
                   seconds=data["seconds"], clipped=data["clipped"])


def run_process(argv: list[str], time_bound: float = TIME_BOUND) -> Outcome:
    """`python -m sre_org_playbook ARGV` as a process of its own (slower: a fresh interpreter, cold memos)."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    start = (f"import runpy, sys; sys.path.insert(0, {str(Path(__file__).parents[1])!r}); "
             f"from fuzz.runner import limit; limit({time_bound!r}); "
             "sys.argv[0] = 'playbook'; runpy.run_module('sre_org_playbook', run_name='__main__')")
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", start, *argv], capture_output=True, env=env,
                              timeout=time_bound * WALL_FACTOR)
    except subprocess.TimeoutExpired:
        return Outcome(hung=True, seconds=time.perf_counter() - started)
    if -done.returncode in (signal.SIGXCPU, signal.SIGKILL):
        return Outcome(hung=True, seconds=time.perf_counter() - started)
    stderr = done.stderr.decode("utf-8", "replace")
    return Outcome(status=done.returncode if done.returncode >= 0 else None,
                   stdout=done.stdout.decode("utf-8", "replace"), stderr=_clip(stderr),
                   error=stderr if "Traceback (most recent call last)" in stderr else None,
                   seconds=time.perf_counter() - started, signal=-done.returncode if done.returncode < 0 else None,
                   clipped=len(stderr) > KEEP)


def limit(time_bound: float) -> None:
    """This process: at most `time_bound` seconds of CPU, and MEMORY_BOUND more address space than it has now."""
    cpu = max(1, round(time_bound))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            mapped = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        mapped = 0
    resource.setrlimit(resource.RLIMIT_AS, (mapped + MEMORY_BOUND, mapped + MEMORY_BOUND))


def judge(outcome: Outcome, time_bound: float = TIME_BOUND, argv: list[str] = (), root: Path | None = None) -> Verdict:
    """Clean: exit 0, or exit 1 with only `path:line: field: message` lines and a ✗ summary —
    within the time bound and never a traceback. Given the `argv` it ran and the project `root`,
    also: lines within their files, and JSON output that parses."""
    if outcome.hung:
        return Verdict(False, f"hang: over {time_bound:g} s of CPU or {time_bound * WALL_FACTOR:g} s in all")
    if outcome.error:
        last = outcome.error.strip().splitlines()[-1] if outcome.error.strip() else "?"
        return Verdict(False, f"traceback: {last}", outcome.error.strip().splitlines()[-8:])
    if outcome.signal:
        return Verdict(False, f"killed by signal {outcome.signal}")
    if "Traceback (most recent call last)" in outcome.stderr or "internal error" in outcome.stderr:
        return Verdict(False, "internal error", outcome.stderr.strip().splitlines()[-8:])
    if outcome.status not in (0, 1):
        return Verdict(False, f"exit status {outcome.status}", outcome.stderr.strip().splitlines()[-8:])
    lines = [line for line in outcome.stderr.split("\n") if line.strip()]
    broken = [repr(line[:300]) for line in lines if LINE_BREAKING.search(line)]
    if broken:
        return Verdict(False, "a line break or terminal control character inside a message line", broken[:3])
    long = [line[:200] + "…" for line in lines if len(line) > LONGEST]
    if long:
        return Verdict(False, f"a message line over {LONGEST:,} characters", long[:3])
    bad = [line for line in lines if not (PROBLEM.match(line) or SUMMARY.match(line)
                                          or line.startswith("playbook: "))]
    if bad:
        return Verdict(False, "a stderr line that is not `path:line: field: message`", bad[:5])
    problems = [line for line in lines if PROBLEM.match(line) and not SUMMARY.match(line)]
    zero = [line for line in problems if PROBLEM.match(line)["line"] == "0"]
    if zero:
        return Verdict(False, "a problem at line 0", zero[:5])
    past = [line for line in problems if beyond_end(PROBLEM.match(line), root)]
    if past:
        return Verdict(False, "a problem past the end of its file", past[:5])
    if "--format" in argv and argv[argv.index("--format") + 1:][:1] == ["json"] and outcome.stdout.strip():
        try:
            json.loads(outcome.stdout)
        except ValueError as exc:
            return Verdict(False, f"--format json wrote no JSON: {exc}", [outcome.stdout[:300]])
    if outcome.status == 0 and any(command in argv for command in ("score", "report")) and not outcome.stdout.strip():
        return Verdict(False, "exit 0 without output")
    if outcome.status == 1:
        if not problems and not (len(lines) == 1 and "problem(s)" not in lines[0]):
            # Without a problem line, only a one-line ✗ error (a bad command-line argument) is clean.
            return Verdict(False, "exit 1 without a problem line", lines[-5:])
        if not outcome.clipped and not lines[-1].startswith("✗"):
            return Verdict(False, "exit 1 without a ✗ summary as the last line", lines[-5:])
    return Verdict(True)


BREAKS = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


def beyond_end(problem: re.Match, root: Path | None) -> bool:
    """Whether a problem names a line after the last line of its file (any YAML line break counts)."""
    path = Path(problem["path"])
    path = path if path.is_absolute() or root is None else root / path
    if not path.is_file():
        return False
    text = path.read_bytes().decode("utf-8", "replace")
    # libyaml marks the end of a stream that lacks a final line break one line further on.
    return int(problem["line"]) > len(BREAKS.findall(text)) + 1 + (not text.endswith(("\n", "\r")))
