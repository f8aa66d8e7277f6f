"""Every kind of input file, every class of malformed input: exit 1 with `path:line: field: message`.

Each cause class the fuzzing found is tried on every input kind it applies to — content and
questionnaires (`validate`), answers files (`score`), result files and targets files (`report`)
— through the real CLI on real files, asserting the exit status, the problem's line and field,
and that no traceback escapes.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from pathlib import Path
from unittest import mock

import pytest

from conftest import MINIMAL, ROOT, run_cli, write_project
from sre_org_playbook import inputfile
from sre_org_playbook.cli import Console, main

# The shipped questionnaire's current version: a good file must be answerable as it stands.
MATURITY_VERSION = __import__("yaml").safe_load(
    (ROOT / "assessments" / "organisational-maturity.yaml").read_text(encoding="utf-8"))["version"]
GOOD_ANSWERS = (f"questionnaire: organisational-maturity\nversion: {MATURITY_VERSION}\nrespondent: Team A\n"
                "date: 2024-05-01\nanswers:\n  slo-coverage: critical\n")
# The first line of a file of each kind: the bad part of each case follows it, from line 2.
HEAD = {
    "content": "title: A model\n",
    "questionnaire": "id: bad\n",
    "answers": "questionnaire: organisational-maturity\n",
    "result": "questionnaire: organisational-maturity\n",
    "targets": "default: {}\n",
}
KIND_OF = {"content": inputfile.CONTENT, "questionnaire": inputfile.QUESTIONNAIRE, "answers": inputfile.ANSWERS,
           "result": inputfile.RESULT, "targets": inputfile.TARGETS}
YAML_KINDS = list(HEAD)
SMALL_KINDS = ["answers", "result", "targets"]     # the ones read from JSON too


def cli(argv: list[str]) -> tuple[int, str]:
    """`playbook ARGV` in this process: exit status and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch.object(Console.__init__, "__defaults__", (err,)):
        code = main(argv)
    return code, err.getvalue() + out.getvalue()


def place(kind: str, tmp_path: Path, body: str | bytes, suffix: str = ".yaml") -> tuple[list[str], str]:
    """Write `body` as a file of `kind`; return the CLI arguments that read it and the path its
    problems name."""
    if kind in ("content", "questionnaire"):
        root = tmp_path / "project"
        if not root.exists():
            write_project(root, MINIMAL)
        rel = "content/models/bad.yaml" if kind == "content" else "assessments/bad.yaml"
        target, argv = root / rel, ["--root", str(root), "validate"]
        shown = rel
    else:
        target = tmp_path / f"{kind}{suffix}"
        shown = target.as_posix()
        if kind == "answers":
            argv = ["--root", str(ROOT), "score", shown]
        elif kind == "result":
            target = tmp_path / "results" / f"bad{suffix}"
            shown = target.as_posix()
            argv = ["--root", str(ROOT), "report", (tmp_path / "results").as_posix()]
        else:
            good = tmp_path / "good.yaml"
            good.write_text(GOOD_ANSWERS, encoding="utf-8")
            argv = ["--root", str(ROOT), "report", good.as_posix(), "--targets", shown]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return argv, shown


def assert_problem(argv: list[str], shown: str, line: int, field: str, words: str) -> str:
    """The command exits 1, names the problem at its line and field, and shows no traceback."""
    code, printed = cli(argv)
    assert code == 1, printed
    assert "Traceback" not in printed
    pattern = rf"^{re.escape(shown)}:{line}: {re.escape(field)}: .*{re.escape(words)}"
    assert re.search(pattern, printed, re.M), f"no line like {pattern!r} in:\n{printed}"
    return printed


# --- 1. values PyYAML's constructors reject with errors other than YAMLError --------------------

VALUES = {
    "2024-02-30": "day is out of range",
    "2023-13-01": "month must be in 1..12",
    "!!int abc": "not a valid whole number",
    "!!float x": "not a valid number",
    "!!timestamp nope": "not a valid date",
    "!!bool maybe": "not a valid true/false value",
    "!!map [1]": "expected a mapping node",
    "9" * 5000: "Exceeds the limit (4300 digits)",
    # Built without Python's digit limit, then impossible to print (fuzz finding 1):
    "0x" + "f" * 4400: "more than 1,000 digits",
    "0b" + "1" * 9000: "more than 1,000 digits",
    ":".join(["59"] * 3000): "more than 1,000 digits",
}


@pytest.mark.parametrize("kind", YAML_KINDS)
@pytest.mark.parametrize("value", VALUES, ids=lambda v: v[:16])
def test_a_value_yaml_cannot_construct_names_its_field_and_line(tmp_path, kind, value):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "when:\n  seen:\n    - fine\n    - " + value + "\n")
    assert_problem(argv, shown, 5, "when.seen.1", VALUES[value])


@pytest.mark.parametrize("kind", YAML_KINDS)
def test_a_bad_date_as_a_key_is_reported_at_the_key(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "seen:\n  2024-02-30: x\n")
    assert_problem(argv, shown, 3, "seen.2024-02-30", "day is out of range")


@pytest.mark.parametrize("kind", YAML_KINDS)
@pytest.mark.parametrize("end", ["", "\n"])
def test_an_error_at_the_end_of_the_text_is_on_its_last_line(tmp_path, kind, end):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "b: {c: 1" + end)
    assert_problem(argv, shown, 2, "yaml", "syntax error")


# --- 2. nesting: deeper than the kind allows, and deeper than PyYAML's own limit ----------------

@pytest.mark.parametrize("kind", YAML_KINDS)
@pytest.mark.parametrize("levels", [300, 990, 50_000])  # past every kind's limit
def test_deep_flow_nesting_is_refused_by_our_limit(tmp_path, kind, levels):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "deep: " + "[" * levels + "]" * levels + "\n")
    assert_problem(argv, shown, 2, "yaml", f"nested too deeply (at most {KIND_OF[kind].max_depth} levels)")


@pytest.mark.parametrize("kind", YAML_KINDS)
def test_deep_block_nesting_names_the_line_past_the_limit(tmp_path, kind):
    levels = 300  # past every depth limit, within every size limit
    body = HEAD[kind] + "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "end\n"
    # The top mapping is level 1 on line 1; level L starts on line L + 1.
    limit = KIND_OF[kind].max_depth
    assert_problem(*place(kind, tmp_path, body), limit + 2, "yaml", f"nested too deeply (at most {limit} levels)")


@pytest.mark.parametrize("kind", SMALL_KINDS)
@pytest.mark.parametrize("levels", [40, 5_000, 50_000])
def test_deep_json_is_refused_at_its_line(tmp_path, kind, levels):
    body = '{"questionnaire": "organisational-maturity",\n "answers":\n ' + "[" * levels + "]" * levels + "}"
    argv, shown = place(kind, tmp_path, body, ".json")
    assert_problem(argv, shown, 3, "json", "nested too deeply")


@pytest.mark.parametrize("kind", SMALL_KINDS)
def test_a_json_number_of_5000_digits_is_refused_at_its_line(tmp_path, kind):
    body = '{"questionnaire": "organisational-maturity",\n\n "version": ' + "7" * 5000 + "}"
    argv, shown = place(kind, tmp_path, body, ".json")
    assert_problem(argv, shown, 3, "json", "a number of 5,000 digits")


# --- 3. aliases: a budget where they are allowed, refused where no tool writes them -------------

BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n")


@pytest.mark.parametrize("kind", ["content", "questionnaire"])
def test_an_alias_bomb_stops_at_the_value_budget(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + BOMB)
    budget = KIND_OF[kind].max_values
    # Values walked: the file, its first key, then per key its own entry and what it expands to.
    walked, expands, line = 2, 0, None
    for number in range(2, 10):
        expands = 9 + 9 * expands
        walked += 1 + expands
        if walked > budget:
            line = number
            break
    printed = assert_problem(argv, shown, line, "yaml", f"more than {budget:,} values")
    assert "alias" in printed


@pytest.mark.parametrize("kind", YAML_KINDS)
def test_a_long_flat_list_counts_against_the_value_budget(tmp_path, kind):
    budget = KIND_OF[kind].max_values
    argv, shown = place(kind, tmp_path, HEAD[kind] + "\nitems: [" + ",".join(["a"] * (budget + 1)) + "]\n")
    assert_problem(argv, shown, 3, "yaml", f"more than {budget:,} values")


@pytest.mark.parametrize("kind", ["content", "questionnaire"])
def test_a_few_aliases_are_fine_in_maintained_content(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "x: &x [a, b]\ny: *x\n")
    _, printed = cli(argv)
    assert "Traceback" not in printed and "alias" not in printed and "more than" not in printed


@pytest.mark.parametrize("kind", SMALL_KINDS)
def test_aliases_are_refused_where_no_tool_writes_them(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "x: &x [a, b]\n\ny: *x\n" + BOMB)
    assert_problem(argv, shown, 4, "yaml", "aliases (*name) are not allowed")


# --- 6. lone surrogates, and text that is not UTF-8 ----------------------------------------------

@pytest.mark.parametrize("kind", SMALL_KINDS)
@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "x\\ud83d"])
def test_a_lone_surrogate_in_json_is_refused_at_its_line(tmp_path, kind, escape):
    body = '{"questionnaire": "organisational-maturity",\n "version": ' + str(MATURITY_VERSION) + ',\n "respondent": "' + escape + '"}'
    argv, shown = place(kind, tmp_path, body, ".json")
    assert_problem(argv, shown, 3, "respondent", "unpaired surrogate")


@pytest.mark.parametrize("kind", SMALL_KINDS)
def test_a_surrogate_pair_in_json_is_one_character(tmp_path, kind):
    body = ('{"questionnaire": "organisational-maturity", "version": ' + str(MATURITY_VERSION) + ', "respondent": "Team \\ud83d\\ude00",'
            ' "answers": {}}')
    argv, shown = place(kind, tmp_path, body, ".json")
    _, printed = cli(argv)
    assert "unpaired surrogate" not in printed and "Traceback" not in printed


@pytest.mark.parametrize("kind", YAML_KINDS)
def test_a_surrogate_escape_in_yaml_is_a_problem_at_its_line(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "a: 1\nb: \"\\ud800\"\n")
    assert_problem(argv, shown, 3, "yaml", "")


@pytest.mark.parametrize("kind, suffix", [(kind, ".yaml") for kind in YAML_KINDS]
                         + [(kind, ".json") for kind in SMALL_KINDS])
def test_bytes_that_are_not_utf8_are_reported_at_their_line(tmp_path, kind, suffix):
    body = HEAD[kind].encode() + b"a: 1\nb: M\xfcller\n"
    if suffix == ".json":
        body = b'{"questionnaire": "organisational-maturity",\n\n "respondent": "M\xfcller"}'
    argv, shown = place(kind, tmp_path, body, suffix)
    assert_problem(argv, shown, 3, suffix[1:], "not UTF-8 text: byte 0xfc")


# --- Messages: non-string keys at their line; line breaks in keys stay on one line ---------------

@pytest.mark.parametrize("kind", YAML_KINDS)
@pytest.mark.parametrize("key, shown_key", [("1", "1"), ("~", "None"), (".nan", "nan"), ("2.5", "2.5")])
def test_a_non_string_key_is_reported_at_its_line(tmp_path, kind, key, shown_key):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "\n" + key + ": x\n")
    assert_problem(argv, shown, 3, shown_key, "")


@pytest.mark.parametrize("kind", YAML_KINDS)
def test_a_key_with_line_breaks_stays_one_problem_on_one_line(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "\n\"a\\nb\\rc\\u2028d\\x1b[31m\": x\n")
    printed = assert_problem(argv, shown, 3, "a\\nb\\rc\\u2028d\\x1b[31m", "")
    assert "\x1b" not in printed and "\u2028" not in printed


@pytest.mark.parametrize("kind", SMALL_KINDS)
def test_a_huge_key_or_value_gives_a_short_problem(tmp_path, kind):
    huge = "k" * 100_000
    argv, shown = place(kind, tmp_path, HEAD[kind] + f"version: 1\nanswers:\n  {huge[:900]}: {huge}\n{huge[:900]}: 1\n")
    code, printed = cli(argv)
    assert code == 1 and "Traceback" not in printed
    problems = [line for line in printed.splitlines() if line.startswith(shown + ":")]
    assert problems and all(len(line) < len(shown) + 700 for line in problems), problems


# --- Size, and files that are not regular -------------------------------------------------------

@pytest.mark.parametrize("kind", YAML_KINDS)
def test_a_file_over_its_kinds_size_limit_is_refused_before_parsing(tmp_path, kind):
    limit = KIND_OF[kind].max_bytes
    argv, shown = place(kind, tmp_path, HEAD[kind] + "pad: " + "x" * limit + "\n")
    assert_problem(argv, shown, 1, "(file)", f"too large ({limit // 1024} KB; {KIND_OF[kind].a} is at most "
                                             f"{limit // 1024} KB)")


def special_files(tmp_path: Path, folder: bool = True) -> dict[str, Path]:
    """A FIFO, a link to /dev/zero and (with `folder`) a folder, all named like result files."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    if not folder:
        return {"a FIFO": fifo, "a device": zero}
    (tmp_path / "folder.json").mkdir()
    return {"a FIFO": fifo, "a device": zero, "a folder": tmp_path / "folder.json"}


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
def test_report_skips_fifos_and_devices_in_folders_with_a_reason(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    specials = special_files(folder)
    (folder / "loop.yaml").symlink_to("loop.yaml")
    (folder / "good.yaml").write_text(GOOD_ANSWERS, encoding="utf-8")
    result = run_cli("report", folder.as_posix(), timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for what, path in specials.items():
        if what != "a folder":  # a folder is searched, not read
            assert f"{path.as_posix()}:1: (file): not a regular file ({what}); only regular files are read" \
                in result.stderr
    assert f"{(folder / 'loop.yaml').as_posix()}:1: (file): cannot be read: Too many levels of symbolic links" \
        in result.stderr
    assert "report of 1 written" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("command", ["score", "report", "targets"])
def test_a_named_fifo_or_device_is_refused_not_read(tmp_path, command):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_ANSWERS, encoding="utf-8")
    # A folder named on the command line is searched by `report`, read by the others.
    for what, path in special_files(tmp_path, folder=command != "report").items():
        argv = {"score": ["score", path.as_posix()], "report": ["report", path.as_posix()],
                "targets": ["report", good.as_posix(), "--targets", path.as_posix()]}[command]
        result = run_cli(*argv, timeout=60)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"{path.as_posix()}:1: (file): not a regular file ({what})" in result.stderr
        path.rmdir() if path.is_dir() else path.unlink()


# --- 7. report --out to a folder or an unwritable path -------------------------------------------

@pytest.mark.parametrize("out", ["folder", "under-a-file", "unwritable"])
def test_report_out_that_cannot_be_written_is_a_clean_error(tmp_path, out):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_ANSWERS, encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path / "locked").mkdir()
    target = {"folder": tmp_path / "folder", "under-a-file": good / "report.md",
              "unwritable": tmp_path / "locked" / "report.md"}[out]
    if out == "unwritable":
        if os.geteuid() == 0:
            target = Path("/proc/report.md")  # root may write anywhere a mode allows; /proc refuses
        else:
            (tmp_path / "locked").chmod(0o500)
    code, printed = cli(["--root", str(ROOT), "report", good.as_posix(), "--out", target.as_posix()])
    assert code == 1 and "Traceback" not in printed
    expected = {"folder": f"--out {target.as_posix()} is a folder: give the report file's name",
                "under-a-file": f"cannot write the report to {target.as_posix()}: a part of that path is a file",
                "unwritable": f"cannot write the report to {target.as_posix()}: "}[out]
    assert f"✗ {expected}" in printed, printed


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/null are POSIX")
def test_report_out_never_replaces_a_device_or_fifo_and_writes_through_a_link(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD_ANSWERS, encoding="utf-8")
    fifo, null_link, file_link = tmp_path / "fifo.md", tmp_path / "null.md", tmp_path / "link.md"
    os.mkfifo(fifo)
    null_link.symlink_to("/dev/null")  # a regression would replace this link, never /dev/null itself
    for target in (fifo, null_link):
        code, printed = cli(["--root", str(ROOT), "report", good.as_posix(), "--out", target.as_posix()])
        assert code == 1 and "Traceback" not in printed
        assert f"✗ --out {target.as_posix()} is not a regular file" in printed
    assert fifo.is_fifo() and null_link.is_symlink()
    loop = tmp_path / "loop.md"
    loop.symlink_to("loop.md")
    code, printed = cli(["--root", str(ROOT), "report", good.as_posix(), "--out", loop.as_posix()])
    assert code == 1 and f"✗ --out {loop.as_posix()} is a link that leads to itself" in printed
    (tmp_path / "real.md").write_text("old", encoding="utf-8")
    file_link.symlink_to("real.md")
    code, printed = cli(["--root", str(ROOT), "report", good.as_posix(), "--out", file_link.as_posix()])
    assert code == 0, printed
    assert file_link.is_symlink() and "# Organisation report" in (tmp_path / "real.md").read_text(encoding="utf-8")


# --- A file that fails to parse is reported once; references to it say so ----------------------

def test_references_to_a_file_that_did_not_load_say_so_instead_of_unknown(make_project):
    broken = "title: You build it, you run it\nsummary: Developers run what they build.\n\tbuilds: Developers\n"
    root = make_project({"models/build-run.yaml": broken, "models/third.yaml": """
        title: Third
        summary: Points at the broken one twice.
        short_name: x
        builds: Developers
        runs: Developers
        related: [models/build-run, models/ops-run]
        sources: [sources/book]
    """})
    code, printed = cli(["--root", str(root), "validate"])
    assert code == 1 and "unknown reference" not in printed
    problems = [line for line in printed.splitlines() if re.match(r"^content/\S+:\d+: ", line)]
    assert [p for p in problems if "build-run.yaml:" in p.split(" ")[0]][0].startswith(
        "content/models/build-run.yaml:3: yaml: syntax error")
    assert "content/models/ops-run.yaml:6: related.0: reference 'models/build-run': its file did not load " \
           "(see content/models/build-run.yaml)" in problems
    assert "content/models/third.yaml:6: related.0: reference 'models/build-run': its file did not load " \
           "(see content/models/build-run.yaml)" in problems
    assert len(problems) == 3, printed


# --- File names are untrusted text too -------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
@pytest.mark.parametrize("fmt", ["md", "json", "text"])
def test_report_of_files_with_line_breaks_escapes_and_bad_bytes_in_their_names(tmp_path, fmt):
    folder = tmp_path / "results"
    folder.mkdir()
    odd = os.path.join(os.fsencode(folder), b"\xff\x1b[31mbad\nname.yaml")
    with open(odd, "wb") as out:
        out.write(GOOD_ANSWERS.encode() + b"extra: 1\n")
    with open(os.path.join(os.fsencode(folder), b"team\xfe.yaml"), "wb") as out:
        out.write(b"questionnaire: organisational-maturity\nversion: " + str(MATURITY_VERSION).encode() + b"\nanswers: {}\n")
    out_file = tmp_path / f"report.{fmt}"
    code, printed = cli(["--root", str(ROOT), "report", folder.as_posix(), "--format", fmt, "--out", str(out_file)])
    assert code == 1 and "Traceback" not in printed
    assert f"{folder.as_posix()}/\\udcff\\x1b[31mbad\\nname.yaml:7: extra: unknown key 'extra'" in printed
    written = out_file.read_text(encoding="utf-8")  # valid UTF-8: no surrogate reached the file
    assert "\x1b" not in written and "team\ufffd" in written


@pytest.mark.parametrize("kind", ["content", "questionnaire"])
def test_a_huge_unknown_key_in_content_gives_a_short_problem(tmp_path, kind):
    argv, shown = place(kind, tmp_path, HEAD[kind] + "\n" + "k" * 1020 + ": 1\n")  # libyaml: keys < 1024
    printed = assert_problem(argv, shown, 3, "k" * 199 + "…", "unknown key 'kkk")
    line = next(line for line in printed.splitlines() if "unknown key" in line)
    message = line.split(": ", 2)[2]
    assert len(message) == 1000 and message.endswith("…")


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limits are POSIX")
@pytest.mark.parametrize("kind", ["content", "answers"])
def test_an_alias_bomb_runs_in_bounded_memory(tmp_path, kind):
    """Eight levels of nine aliases would be 48 million values: the run stays under 1.5 GB."""
    import resource
    import subprocess

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))

    argv, shown = place(kind, tmp_path, HEAD[kind] + BOMB)
    result = subprocess.run([sys.executable, "-m", "sre_org_playbook", *argv], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, preexec_fn=limit_memory,
                            env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1 and "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert re.search(rf"^{re.escape(shown)}:\d+: yaml: (more than [\d,]+ values|aliases)", result.stderr, re.M), \
        result.stderr
