"""`playbook report RESULTS… [--targets FILE] [--out FILE] [--format md|json|text|csv]`.

Exit status: 0 when every file was used; 1 when some were left out (the report is still
written, and each left-out file is listed with its reasons), or when no report could be made
(a results path that does not exist, a bad targets file: every problem is listed).
"""
from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from ..problems import ProblemsFound

FORMATS = ("md", "json", "text", "csv")


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="roll up many result files into an organisation report",
                       description="Roll up result files (as written by `playbook score --format json` or "
                                   "downloaded from the browser) and folders of them into one report: heatmap, "
                                   "phases against targets, recommended models, common gaps, history, workshops. "
                                   "Exits 1 when a file was left out (each is listed; the report is still written).")
    p.add_argument("results", nargs="+", help="result files (.json, .yaml) or folders searched recursively")
    p.add_argument("--targets", metavar="FILE", help="targets file: team → questionnaire → target phase id")
    p.add_argument("--out", metavar="FILE", help="write the report here (default: standard output)")
    p.add_argument("--format", choices=FORMATS,
                   help="md, json, text or csv (one row per figure, for spreadsheets; default: from --out's "
                        "suffix, else text)")
    p.add_argument("--questionnaire", metavar="ID", help="only this questionnaire; other files are left out")
    p.add_argument("--include-older", action="store_true",
                   help="re-score answers given to an older version of a questionnaire instead of leaving them out")
    p.add_argument("--gap-threshold", type=percent, default=50, metavar="PERCENT",
                   help="a dimension below this is a gap (default 50)")
    p.add_argument("--spread", type=int, default=1, metavar="N",
                   help="workshop answers more than N options apart are listed (default 1)")
    p.add_argument("--base-url", metavar="URL",
                   help="where the playbook site is published, for links in a Markdown report "
                        "(default: site_url in mkdocs.yml, else site-relative links)")
    p.set_defaults(func=cmd_report)


def percent(text: str) -> int:
    import argparse
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("must be between 0 and 100")
    return value


def load_specs(root: Path) -> dict[str, dict]:
    """The current questionnaires' specs (content problems do not matter here; broken
    questionnaires do)."""
    from ..assessments import check_assessments
    from ..loader import load_content
    from ..validate import validate_content

    raws, _ = load_content(root)
    catalog, _ = validate_content(raws)
    titles = {e.ref: e.title for e in catalog.entities.values()}
    assessments, problems = check_assessments(root, {raw.ref for raw in raws}, titles, reach=False)
    if problems:
        raise ProblemsFound(problems)
    return assessments.specs


def site_url(root: Path) -> str:
    try:
        found = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    except OSError:
        return ""
    return found.group(1) if found else ""


def out_refused(out: Path) -> str | None:
    """Why the report cannot be written at `out`, if it exists and is not a regular file: it is
    written beside and renamed over, which would replace a device such as /dev/null (as root)."""
    try:
        out.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return "is a link that leads to itself"
    if out.is_dir():
        return f"is a folder: give the report file's name, e.g. {out / 'report.md'}"
    if out.exists() and not out.is_file():
        return "is not a regular file (a device or FIFO): leave out --out to write to standard output"
    return None


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cmd_report(args, console) -> int:
    from . import Links, ReportRequest, Settings, make_report, to_json, to_markdown, to_text
    from ..templates import Templates

    root = Path(args.root)
    fmt = args.format or ({".json": "json", ".md": "md", ".csv": "csv"}.get(Path(args.out).suffix.lower(), "text")
                          if args.out else "text")
    out = Path(args.out) if args.out else None
    refused = out and out_refused(out)
    if refused:
        console.say(console.paint(f"✗ --out {out} {refused}", "red"))
        return 1
    specs = load_specs(root)
    request = ReportRequest([Path(p) for p in args.results], Path(args.targets) if args.targets else None,
                            Settings(args.gap_threshold, max(args.spread, 0)), args.include_older,
                            args.questionnaire, {out} if out else set())
    report, loaded = make_report(request, specs)
    if fmt == "json":
        text = to_json(report)
    elif fmt == "csv":
        from .csv_export import to_csv
        text = to_csv(report, specs)
    elif fmt == "md":
        text = to_markdown(report, Links(None, args.base_url if args.base_url is not None else site_url(root)),
                           Templates.at(root))
    else:
        text = to_text(report)
    if out:
        try:
            # Through a link to a file, replace the file and keep the link.
            write_atomically(out.resolve() if out.is_symlink() else out, text)
        except OSError as exc:
            # Making the folders of a path through a file raises "File exists" or "Not a directory".
            reason = ("a part of that path is a file, not a folder"
                      if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror or exc)
            console.say(console.paint(f"✗ cannot write the report to {out}: {reason}", "red"))
            return 1
    else:
        sys.stdout.write(text)
    for w in report["targets_warnings"]:
        console.say(f"{console.paint(w['path'] + ':' + str(w['line']) + ':', 'bold')} "
                    f"{console.paint('warning:', 'yellow')} {w['field']}: {w['message']}")
    for lo in loaded.left_out:
        for p in lo.problems:
            console.say(f"{console.paint(f'{p.path}:{p.line}:', 'bold')} {console.paint(p.field + ':', 'cyan')} "
                        f"{p.message}")
    files = report["files"]
    where = f" to {out}" if out else ""
    if loaded.left_out:
        console.say(console.paint(f"✗ {files['left_out']} of {files['read']} file(s) left out (listed above and in the "
                                  f"report); report of {files['used']} written{where}", "red"))
        return 1
    console.say(console.paint(f"✓ report of {files['used']} result file(s) written{where}", "green"))
    return 0


def report_for_build(args, console):
    """The ReportRequest of `playbook build --results DIR [--targets FILE]`: left-out files are
    warnings there (listed on the page too); the build goes on."""
    from . import ReportRequest

    def notify(report: dict) -> None:
        for w in report["targets_warnings"]:
            console.say(f"{w['path']}:{w['line']}: {console.paint('warning:', 'yellow')} {w['field']}: {w['message']}")
        for lo in report["left_out"]:
            for p in lo["problems"]:
                console.say(f"{lo['path']}:{p['line']}: {console.paint('warning:', 'yellow')} {p['field']}: "
                            f"{p['message']}")
        files = report["files"]
        console.progress(f"organisation report: {files['used']} of {files['read']} result file(s) used"
                         + (f", {files['left_out']} left out (listed on the page)" if files["left_out"] else ""))

    return ReportRequest([Path(p) for p in args.results], Path(args.targets) if args.targets else None,
                         notify=notify, relative=True)
