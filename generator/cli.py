"""The `playbook` command: init, build, serve, validate, diagrams, new, schema, score and report."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .engines import DEFAULT as DEFAULT_ENGINE, NAMES as ENGINES, EngineFailed
from .output import UnsafeOutput
from .problems import ProblemsFound


class Console:
    """Messages on stderr: coloured on a terminal, plain in CI or when NO_COLOR is set."""

    CODES = {"red": "31", "green": "32", "yellow": "33", "cyan": "36", "bold": "1", "dim": "2"}

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr  # resolved now, so tests that swap sys.stderr see the output
        self.colour = self.stream.isatty() and not os.environ.get("NO_COLOR") and not os.environ.get("CI")

    def paint(self, text: str, style: str) -> str:
        return f"\033[{self.CODES[style]}m{text}\033[0m" if self.colour else text

    def say(self, text: str = "") -> None:
        print(text, file=self.stream, flush=True)

    def progress(self, text: str) -> None:
        self.say(self.paint(f"playbook: {text}…", "dim"))

    def problems(self, problems) -> None:
        for p in problems:
            self.say(f"{self.paint(f'{p.path}:{p.line}:', 'bold')} {self.paint(p.field + ':', 'cyan')} {p.message}")
        files = len({p.path for p in problems})
        self.say(self.paint(f"✗ {len(problems)} problem(s) in {files} file(s)", "red"))

    def warnings(self, warnings) -> None:
        for w in warnings:
            self.say(f"{self.paint(f'{w.path}:{w.line}:', 'bold')} {self.paint('warning:', 'yellow')} "
                     f"{self.paint(w.field + ':', 'cyan')} {w.message}")


def project_from(args):
    from .pipeline import Project

    return Project.at(Path(args.root), Path(args.docs_dir) if getattr(args, "docs_dir", None) else None,
                      Path(args.site_dir) if getattr(args, "site_dir", None) else None,
                      getattr(args, "engine", None) or DEFAULT_ENGINE)


def find_root(given: str | None) -> Path:
    """The playbook folder: --root (a folder with mkdocs.yml, or at least content/), else the
    nearest folder with mkdocs.yml from the current one upward."""
    from .pipeline import NoPlaybook, Project

    if given is None:
        return Project.find(Path.cwd()).root
    root = Path(given)
    if (root / "mkdocs.yml").is_file() or (root / "content").is_dir():
        return root
    raise NoPlaybook(f"{root} is not a playbook: it has no mkdocs.yml (nor content/); "
                     f"run `playbook init {given}` to start one there")


def cmd_init(args, console: Console) -> int:
    from .init import InitError, init

    try:
        written = init(Path(args.dir), full=args.full)
    except InitError as exc:
        console.say(console.paint(f"✗ {exc}", "red"))
        return 1
    kind = "the complete SRE playbook" if args.full else "one example of each kind"
    console.say(console.paint(f"✓ started a playbook in {args.dir} ({len(written)} files: {kind})", "green"))
    console.say(f"  next: cd {args.dir} && playbook serve    (or: playbook build, then open site/index.html)")
    return 0


def cmd_validate(args, console: Console) -> int:
    from .pipeline import generate

    rendered = generate(project_from(args))
    console.warnings(rendered.warnings)
    pages = sum(1 for f in rendered.files if f.endswith(".md"))
    questionnaires = sum(1 for f in rendered.files if f.startswith("assessments/") and f.endswith(".json"))
    console.say(console.paint(f"✓ content, {questionnaires} questionnaires and templates valid ({pages} pages)",
                              "green"))
    return 0


def cmd_build(args, console: Console) -> int:
    from .pipeline import build

    started = time.perf_counter()
    project = project_from(args)
    report = None
    if args.results:
        from .report.command import report_for_build
        report = report_for_build(args, console)
    elif args.targets:
        console.say(console.paint("✗ --targets needs --results DIR", "red"))
        return 1
    rendered = build(project, console.progress, report=report)
    console.warnings(rendered.warnings)
    pages = sum(1 for f in rendered.files if f.endswith(".md"))
    console.say(console.paint(f"✓ built {pages} pages into {project.site_dir} in {time.perf_counter() - started:.1f} s",
                              "green"))
    return 0


def cmd_serve(args, console: Console) -> int:
    from .serve import serve

    serve(project_from(args), args.dev_addr, console)
    return 0


def cmd_schema(args, console: Console) -> int:
    from .schema_export import write_schemas

    out = Path(args.out) if args.out else Path(args.root) / "schemas"
    try:
        written = write_schemas(out)
    except OSError as exc:
        console.say(console.paint(f"✗ cannot write the schemas into {out}: {exc.strerror}", "red"))
        return 1
    for path in written:
        console.say(f"wrote {path}")
    return 0


def cmd_new(args, console: Console) -> int:
    from .scaffold import ScaffoldError, new_entity

    try:
        paths = new_entity(Path(args.root), args.kind, args.id)
    except ScaffoldError as exc:
        console.say(console.paint(f"✗ {exc}", "red"))
        return 1
    console.say(console.paint(f"✓ created {paths[0]} — replace the TODOs, then run `playbook validate`", "green"))
    for path in paths[1:]:
        console.say(f"  and {path}, which it references — fill it in, or point the reference at another")
    return 0


def cmd_diagrams(args, console: Console) -> int:
    from .diagrams import FOLDER, CannotDraw, draw, unrendered
    from .pipeline import check_all

    project = project_from(args)
    catalog, _ = check_all(project)
    if args.check:
        missing = unrendered(catalog, project.root)
        console.warnings(missing)
        if missing:
            console.say(console.paint(f"✗ {len(missing)} diagram(s) without a stored drawing; run `playbook diagrams`",
                                      "red"))
            return 1
        console.say(console.paint("✓ every diagram has a stored drawing", "green"))
        return 0
    try:
        drawn = draw(catalog, project.root, project.templates.assets(), args.all, args.chromium, console.progress)
    except CannotDraw as exc:
        console.say(console.paint(f"✗ {exc}", "red"))
        return 1
    for path in drawn.written:
        console.say(f"wrote {path.relative_to(project.root).as_posix()}")
    for path in drawn.removed:
        console.say(f"removed {path.relative_to(project.root).as_posix()} (no diagram draws it any more)")
    if drawn.problems:
        console.problems(drawn.problems)
        return 1
    console.say(console.paint(f"✓ {len(drawn.written)} diagram(s) drawn, {drawn.kept} already stored, "
                              f"in {FOLDER.as_posix()}/", "green"))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="playbook", description="Build an SRE playbook site from YAML; "
                                                          "start one with `playbook init DIR`.")
    ap.add_argument("--root", help="the playbook folder, holding mkdocs.yml and content/ "
                                   "(default: the current folder or the nearest one above it with a mkdocs.yml)")
    ap.add_argument("--debug", action="store_true", help="show the Python traceback of an internal error")
    ap.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    ap.set_defaults(playbook="required")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="start a new playbook in DIR: config, content, questionnaires, overrides")
    p.add_argument("dir", metavar="DIR", help="folder for the new playbook (new, or empty)")
    p.add_argument("--full", action="store_true",
                   help="start from the complete SRE playbook instead of one example of each kind")
    p.set_defaults(func=cmd_init, playbook="none")

    p = sub.add_parser("build", help="validate, generate Markdown and build the site in strict mode")
    p.add_argument("--docs-dir", help="generated Markdown folder (default: build/docs)")
    p.add_argument("--site-dir", help="built site folder (default: site)")
    p.add_argument("--results", metavar="DIR", action="append",
                   help="add the organisation report of these result files/folders as a page (repeatable)")
    p.add_argument("--targets", metavar="FILE", help="targets file for the organisation report")
    add_engine_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("serve", help="build and serve with live reload on YAML or template changes")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port (default: 127.0.0.1:8000)")
    add_engine_option(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("validate", help="check all content and report every problem")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("diagrams", help="draw each diagram to SVG (Mermaid in Chromium; needs Playwright), stored "
                                        "in content/diagrams/ for the build to inline")
    p.add_argument("--all", action="store_true", help="redraw every diagram, not only those without a stored drawing")
    p.add_argument("--check", action="store_true",
                   help="only list the diagrams without a stored drawing; exit 1 if there are any (no browser)")
    p.add_argument("--chromium", metavar="PATH",
                   help="the Chromium to draw with (default: $PLAYBOOK_CHROMIUM, else chromium on the PATH, "
                        "else Playwright's own)")
    p.set_defaults(func=cmd_diagrams)

    p = sub.add_parser("new", help="scaffold a content file with every required field")
    p.add_argument("kind", help="content kind, e.g. patterns")
    p.add_argument("id", help="the new entity's id (its file name)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="write the JSON Schemas used by editors")
    p.add_argument("--out", help="folder for the schema files (default: schemas)")
    p.set_defaults(func=cmd_schema, playbook="optional")

    from .assessments.command import add_parser as add_score_parser
    add_score_parser(sub)
    sub.choices["score"].set_defaults(playbook="optional")  # without one, the shipped questionnaires
    from .report.command import add_parser as add_report_parser
    add_report_parser(sub)
    return ap


def add_engine_option(p) -> None:
    p.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help=f"the site engine: {' or '.join(ENGINES)} (default: {DEFAULT_ENGINE})")


def version() -> str:
    """The installed package's version."""
    from importlib.metadata import PackageNotFoundError, version as installed

    try:
        return installed("sre-org-playbook")
    except PackageNotFoundError:
        return "(not installed)"


def main(argv=None) -> int:
    # Text from untrusted files (a lone surrogate, say) is escaped on output, never a crash.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    console = Console()
    try:
        return run(args, console)
    except KeyboardInterrupt:
        console.say(console.paint("✗ interrupted", "red"))
        return 130
    except Exception as exc:  # a bug of ours: one line, the traceback only when asked for
        if args.debug:
            raise
        name = type(exc).__name__
        console.say(console.paint(f"playbook: internal error: {name}: {one_line(str(exc))}", "red"))
        console.say("  This is a bug in playbook. Re-run with --debug for the traceback and report it.")
        return 2


def one_line(text: str, limit: int = 300) -> str:
    """`text` on one line, cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run(args, console: Console) -> int:
    """Run the chosen command; the problems it reports are exit status 1."""
    from .pipeline import NoPlaybook

    try:
        if args.playbook != "none":
            try:
                args.root = str(find_root(args.root))
            except NoPlaybook:
                if args.playbook == "required":
                    raise
                args.root = args.root or "."
        return args.func(args, console)
    except ProblemsFound as exc:
        console.problems(exc.problems)
    except EngineFailed as exc:
        for message in exc.messages:
            console.say(f"{console.paint(exc.engine + ':', 'bold')} {message}")
        console.say(console.paint("✗ site build failed; the previous site is unchanged", "red"))
    except (UnsafeOutput, NoPlaybook) as exc:
        console.say(console.paint(f"✗ {exc}", "red"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
