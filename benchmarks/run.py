"""Benchmark the playbook: generation, full build vs plain mkdocs, scaling, live reload, page weight,
and reader performance (Lighthouse, installed from benchmarks/package-lock.json by `npm ci`).

    make bench        (installs the locked Zensical into .venv, then runs this with defaults)
    python benchmarks/run.py [--sizes 100,1000,5000] [--serve-size 1000] [--no-baseline-serve]
                             [--rollup 1000] [--answer-sets 1000] [--zensical PATH|none] [--lighthouse-runs 3]
    Lighthouse alone: python benchmarks/run.py --sizes= --serve-size 0 --rollup 0 --out /tmp/lh.json

Prints a table and writes benchmarks/results.json. Ratios against plain mkdocs measured in the
same run are the figures that count: these machines are noisy.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from synth import make_playbook, shipped_questionnaires  # noqa: E402

from sre_org_playbook.loader import load_content  # noqa: E402
from sre_org_playbook.output import write_tree  # noqa: E402
from sre_org_playbook.assessments import add_assessment_pages, check_assessments  # noqa: E402
from sre_org_playbook.render import finish, render_site  # noqa: E402
from sre_org_playbook.validate import validate_content  # noqa: E402

ENV = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def generation(project: Path) -> dict:
    """The stages of pipeline.generate, each timed in this process, as `playbook build` runs them:
    files parsed and validated afresh, templates and the questionnaires' reachability search read
    from their on-disk caches (filled by an untimed first pass, as any earlier build would have)."""
    from sre_org_playbook.pipeline import Project, cycle_collector_paused, forget_memos, generate

    generate(Project.at(project))  # fills build/.cache
    forget_memos()
    try:
        with cycle_collector_paused():  # as generate() runs them
            return _timed_stages(project, project / "site_templates")
    finally:
        forget_memos()  # a large heap left behind would slow every later measurement in this process


def _timed_stages(project: Path, templates: Path) -> dict:
    """generation()'s stages, each timed."""
    (raws, problems), t_load = timed(load_content, project)

    def validate():
        catalog, more = validate_content(raws)
        assessments, more_assessments = check_assessments(
            project, {raw.ref for raw in raws}, {e.ref: e.title for e in catalog.entities.values()})
        return catalog, assessments, problems + more + more_assessments

    def render(catalog, assessments):
        rendered = render_site(catalog, templates, list(assessments.specs.values()))
        if assessments.specs:
            add_assessment_pages(rendered, assessments.specs, templates)
        return finish(rendered, catalog)

    (catalog, assessments, found), t_validate = timed(validate)
    if found:
        raise SystemExit("synthetic content is invalid:\n" + "\n".join(map(str, found[:20])))
    rendered, t_render = timed(render, catalog, assessments)
    with tempfile.TemporaryDirectory() as tmp:
        _, t_write = timed(write_tree, rendered.files, Path(tmp))
    pages = sum(1 for f in rendered.files if f.endswith(".md"))
    total = t_load + t_validate + t_render + t_write
    return {"entities": len(catalog.entities), "pages": pages, "load_s": t_load, "validate_s": t_validate,
            "render_s": t_render, "write_s": t_write, "generate_s": total, "generate_ms_per_page": 1000 * total / pages}


def run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def playbook_build(project: Path) -> tuple[float, float]:
    """`playbook build`'s wall time, and the part of it spent generating: from its "validating"
    progress line to its "building site" one (load, validate, render and write, in the build's own
    process, under the same machine noise as the rest of the build)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "sre_org_playbook", "build"], cwd=project, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stamps, lines = {}, []
    for line in proc.stderr:
        lines.append(line)
        for key in ("validating content", "building site"):
            if key in line:
                stamps[key] = time.perf_counter()
    if proc.wait() or len(stamps) < 2:
        raise SystemExit("playbook build failed:\n" + "".join(lines)[-3000:])
    return time.perf_counter() - start, stamps["building site"] - stamps["validating content"]


def builds(project: Path, zensical_exe: str | None) -> dict:
    """`playbook build` against plain `mkdocs build --strict` (and Zensical, when given) of the
    same generated Markdown."""
    t_playbook, t_generating = playbook_build(project)
    t_plain = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "build" / "mkdocs.yml"),
                   "-d", str(project / "site-plain")],
                  project)
    pages = sum(1 for _ in (project / "build" / "docs").rglob("*.md"))
    sizes = sorted(page.stat().st_size for page in (project / "site").rglob("index.html"))
    row = {"playbook_build_s": t_playbook, "generate_in_build_s": t_generating,
           "generate_in_build_ms_per_page": 1000 * t_generating / pages, "generator_share": t_generating / t_playbook,
           "plain_mkdocs_build_s": t_plain, "ratio": t_playbook / t_plain,
           "build_ms_per_page": 1000 * t_playbook / pages, "plain_ms_per_page": 1000 * t_plain / pages,
           "html_kb_per_page": sizes[len(sizes) // 2] / 1024}
    if zensical_exe:
        row.update(zensical(project, zensical_exe, t_playbook))
    return row


def zensical_config(project: Path) -> Path:
    """build/mkdocs.yml, the complete config `playbook build` wrote for the docs beside it, with
    Zensical's settings (`playbook build --engine zensical` writes the same)."""
    import yaml

    from sre_org_playbook.engines import zensical
    from sre_org_playbook.engines.config import _Dumper, _Loader

    config = project / "build" / "mkdocs.yml"
    data = zensical.adjust(yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader))
    theme = project / "build" / "zensical-theme"  # the theme overrides less the MkDocs-only ones
    shutil.rmtree(theme, ignore_errors=True)
    shutil.copytree(project / "build" / "docs" / ".theme", theme,
                    ignore=lambda folder, names: [n for n in names if any(
                        (Path(folder) / n).as_posix().endswith(skip) for skip in zensical.THEME_SKIP)])
    data["theme"]["custom_dir"] = "zensical-theme"
    out = project / "build" / "zensical.yml"
    out.write_text(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def zensical(project: Path, exe: str, t_playbook: float) -> dict:
    """Zensical on the same generated Markdown, strict as well: a clean build (cache dropped), then a
    repeat one."""
    config = zensical_config(project)
    cold = run([exe, "build", "--strict", "--clean", "-f", str(config)], project)
    warm = run([exe, "build", "--strict", "-f", str(config)], project)
    pages = sum(1 for _ in (project / "build" / "site").rglob("index.html"))
    return {"zensical_build_s": cold, "zensical_rebuild_s": warm, "zensical_pages": pages,
            "ratio_zensical": t_playbook / cold}


def random_answer_sets(spec: dict, n: int, seed: int = 7) -> list[dict]:
    """n answer sets: most questions answered with random options, some left out."""
    import random

    rng = random.Random(seed)
    sets = []
    for _ in range(n):
        answers = {}
        for q in (q for s in spec["sections"] for q in s["questions"]):
            ids = [o["id"] for o in q["options"]]
            if rng.random() < 0.1:
                continue
            answers[q["id"]] = rng.choice(ids) if q["type"] == "single" else rng.sample(ids, rng.randint(0, len(ids)))
        sets.append(answers)
    return sets


def scoring(n: int, docs: Path) -> dict:
    """Both scoring engines over the same n random answer sets per shipped questionnaire (their
    spec JSON as a build wrote it into `docs`): engine.js in node, the Python engine in this process."""
    from sre_org_playbook.assessments.engine import score

    specs = {qid: json.loads((docs / "assessments" / f"{qid}.json").read_text(encoding="utf-8"))
             for qid in shipped_questionnaires()}
    sets = {qid: {"spec": spec, "answers": random_answer_sets(spec, n)} for qid, spec in specs.items()}
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sets.json"
        path.write_text(json.dumps(sets))
        node = subprocess.run(["node", str(HERE / "score.mjs"), str(path)], capture_output=True, text=True)
        if node.returncode:
            raise SystemExit(f"node benchmarks/score.mjs failed:\n{node.stderr[-3000:]}")
        js = json.loads(node.stdout)
    for qid, item in sets.items():
        _, t_py = timed(lambda: [score(item["spec"], a) for a in item["answers"]])
        out[qid] = {"sets": n, "js_ms": js[qid]["ms"], "python_ms": 1000 * t_py}
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(predicate, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit("timed out waiting for the server")


def edit_latency(cmd, project: Path, edit_file: Path, old: str, url_path: str, timeout: float) -> tuple[float, str]:
    """Start a server, change `old` in `edit_file`, and time until the page shows it; return (seconds, log)."""
    port = free_port()
    server = subprocess.Popen(cmd + ["-a" if "mkdocs" in cmd else "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                              env=ENV, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}/{url_path}"
    try:
        wait_until(lambda: old in fetch(url), timeout)
        time.sleep(1.0)  # let the watcher settle after the first build
        marker = f"edited-{time.time_ns()}"
        edit_file.write_text(edit_file.read_text(encoding="utf-8").replace(old, marker, 1), encoding="utf-8")
        seconds = wait_until(lambda: marker in fetch(url), timeout)
        # Restore, and wait until the server has rebuilt it, so later phases start from clean output.
        edit_file.write_text(edit_file.read_text(encoding="utf-8").replace(marker, old, 1), encoding="utf-8")
        wait_until(lambda: marker not in fetch(url), timeout)
    finally:
        server.terminate()
        _, log = server.communicate(timeout=60)
    return seconds, log


def serve(project: Path, baseline: bool) -> dict:
    """Save one YAML file under `playbook serve`: seconds to the rebuilt page and files rewritten."""
    yaml_file = sorted((project / "content" / "patterns").glob("*.yaml"))[0]
    summary = re.search(r"^summary: >-\n  (\S+ \S+ \S+)", yaml_file.read_text(), re.M).group(1)
    page = f"patterns/{yaml_file.stem}/"
    seconds, log = edit_latency([sys.executable, "-m", "sre_org_playbook", "serve"], project, yaml_file, summary, page, 600)
    rewrites = [int(n) for n in re.findall(r"(\d+) file\(s\) rewritten", log)]
    rebuilds = [float(s) for s in re.findall(r"incremental rebuild in ([\d.]+) s", log)]
    result = {"serve_edit_s": seconds, "files_rewritten": rewrites[1] if len(rewrites) > 1 else None,
              "rebuild_s": rebuilds[0] if rebuilds else None,
              "generated_files": sum(1 for _ in (project / "build" / "docs").rglob("*") if _.is_file())}
    if baseline:
        md = project / "build" / "docs" / "patterns" / f"{yaml_file.stem}.md"
        plain, _ = edit_latency([sys.executable, "-m", "mkdocs", "serve"], project, md,
                                summary, page, 900)
        result.update(plain_mkdocs_serve_edit_s=plain, serve_ratio=seconds / plain)
    return result


MATERIAL_ASSETS = ("/assets/javascripts/", "/assets/stylesheets/", "/assets/images/")
WEIGHED_PAGES = {"content_page": "patterns/thin-triage-layer/",
                 "assessment_page": "assessments/organisational-maturity/",
                 "onboarding_page": "onboarding/application-sre/orient/"}


def page_weight(site: Path) -> dict:
    """Bytes (raw and gzip -9) of the site's own JS and CSS each page kind really loads, read from
    a headless Chromium's network log: on opening the page, and on the assessment page also after
    the first answer (when the result appears). Material's and the vendored Mermaid are excluded."""
    import functools
    import gzip
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = {}

    def weigh(bodies: dict) -> dict:
        return {"bytes": sum(map(len, bodies.values())),
                "gzip_bytes": sum(len(gzip.compress(b, 9)) for b in bodies.values()),
                "files": sorted(bodies)}

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"])
            for name, path in WEIGHED_PAGES.items():
                page = browser.new_page()
                bodies: dict[str, bytes] = {}

                def keep(response, bodies=bodies):
                    url = response.url.removeprefix(base).split("?")[0]
                    if (url.startswith("assets/") and url.endswith((".js", ".css")) and "mermaid" not in url
                            and not ("/" + url).startswith(MATERIAL_ASSETS)):
                        bodies[url] = response.body()

                page.on("response", keep)
                page.goto(base + path, wait_until="networkidle")
                out[name] = weigh(bodies)
                if name == "assessment_page":
                    page.locator(".pb-assessment input[type=radio]").first.check()
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(500)
                    out["assessment_page_answered"] = weigh(bodies)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    every = out["content_page"]["bytes"], out["content_page"]["gzip_bytes"]
    for name in ("assessment_page", "assessment_page_answered", "onboarding_page"):
        out[name]["adds_bytes"] = out[name]["bytes"] - every[0]
        out[name]["adds_gzip_bytes"] = out[name]["gzip_bytes"] - every[1]
    return out


LIGHTHOUSE_PAGES = {"home": "", "content_tables": "comparisons/model-comparison/",
                    "diagram_below_fold": "comparisons/model-transitions/", "diagram_first_screen": "concepts/sre-career-path/",
                    "assessment_result": "assessments/organisational-maturity/",
                    "questionnaire_in_full": "assessments/model-fit-in-full/"}  # the largest printable one


def lighthouse(runs: int) -> dict:
    """Lighthouse mobile performance and bytes of a first visit (median of `runs`) on the shipped
    playbook's page kinds, with Debian's Chromium (benchmarks/lighthouse.mjs). The assessment page
    is opened from a share link, so that it shows a result."""
    import contextlib
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    from sre_org_playbook.pipeline import Project, build

    if not (HERE / "node_modules" / "lighthouse").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True, capture_output=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    with tempfile.TemporaryDirectory(prefix="playbook-lighthouse-") as tmp, contextlib.ExitStack() as stack:
        project = Project.at(ROOT, docs_dir=Path(tmp) / "docs", site_dir=Path(tmp) / "site")
        build(project)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(project.site_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        stack.callback(server.shutdown)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = {kind: base + path for kind, path in LIGHTHOUSE_PAGES.items()}
        with sync_playwright() as pw:  # a share link with every first option chosen
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(pages["assessment_result"])
            page.locator(".pb-form fieldset").first.wait_for()  # the form mounts after the page loads
            for fieldset in page.locator(".pb-form fieldset:visible").all():
                fieldset.locator("input").first.check()
            pages["assessment_result"] = page.locator("#pb-share").input_value()
            if re.search(r"[#&]a=(&|$)", pages["assessment_result"]):
                raise SystemExit("the share link for the assessment page carries no answers")
            browser.close()
        spec = Path(tmp) / "pages.json"
        spec.write_text(json.dumps(pages))
        out = subprocess.run(["node", str(HERE / "lighthouse.mjs"), str(spec), str(runs)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    for r in result.values():
        r["url"] = r["url"].removeprefix(base).split("#")[0] + ("#<share link>" if "#" in r["url"] else "")
    return result


def machine(zensical_exe: str | None) -> dict:
    import mkdocs
    from importlib.metadata import version

    zensical_version = None
    if zensical_exe:
        zensical_version = subprocess.run([zensical_exe, "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "mkdocs": mkdocs.__version__, "mkdocs_material": version("mkdocs-material"),
            "zensical": zensical_version}


def rollup(n: int) -> dict:
    """`playbook report` over n sample result files (generator/report/sample.py): the command as a
    user runs it, and the roll-up alone (read, check, re-score, combine, render) in this process."""
    from sre_org_playbook.report import Links, ReportRequest, make_report, to_json, to_markdown, to_text
    from sre_org_playbook.report.command import load_specs
    from sre_org_playbook.report.sample import write_samples

    specs = load_specs(ROOT)
    with tempfile.TemporaryDirectory(prefix="playbook-rollup-") as tmp:
        folder = Path(tmp) / "results"
        write_samples(folder, specs["organisational-maturity"], n)
        t_cli = run([sys.executable, "-m", "sre_org_playbook", "report", str(folder), "--out", str(Path(tmp) / "r.md")], ROOT)
        start = time.perf_counter()
        data, _ = make_report(ReportRequest([folder]), specs)
        to_json(data), to_text(data), to_markdown(data, Links(None), ROOT / "site_templates")
        t_inner = time.perf_counter() - start
    return {"results": n, "teams": data["teams"], "report_cli_s": t_cli, "rollup_s": t_inner,
            "rollup_ms_per_result": 1000 * t_inner / n}


def find_zensical(given: str | None) -> str | None:
    """The Zensical executable: as given, else beside this Python or on PATH (see `make bench`)."""
    import shutil

    if given:
        return given
    local = Path(sys.executable).parent / "zensical"
    return str(local) if local.exists() else shutil.which("zensical")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,5000", help="entity counts, comma-separated (default 100,1000,5000)")
    ap.add_argument("--serve-size", type=int, default=1000, help="entities for the live-reload test (0: skip)")
    ap.add_argument("--no-baseline-serve", action="store_true", help="skip timing plain `mkdocs serve`")
    ap.add_argument("--rollup", type=int, default=1000, help="result files for the roll-up benchmark (0: skip)")
    ap.add_argument("--answer-sets", type=int, default=1000, help="random answer sets per questionnaire (0: skip)")
    ap.add_argument("--zensical", help="Zensical executable (default: beside this Python or on PATH; none: skip)")
    ap.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse first visits per page kind, median taken (0: skip)")
    ap.add_argument("--out", default=str(HERE / "results.json"))
    args = ap.parse_args()
    zensical_exe = None if args.zensical == "none" else find_zensical(args.zensical)

    results = {"machine": machine(zensical_exe), "sizes": [], "serve": None, "page_weight": None, "scoring": None}
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            project = make_playbook(Path(tmp) / f"n{n}", n)
            row = {"n": n, **generation(project), **builds(project, zensical_exe)}
            results["sizes"].append(row)
            print_row(row)
            if results["page_weight"] is None:  # the shipped pages are replica 0 of any size
                results["page_weight"] = page_weight(project / "site")
                results["scoring"] = scoring(args.answer_sets, project / "build" / "docs") if args.answer_sets else None
        if args.serve_size:
            project = make_playbook(Path(tmp) / f"serve{args.serve_size}", args.serve_size)
            run([sys.executable, "-m", "sre_org_playbook", "build"], project)
            results["serve"] = {"n": args.serve_size, **serve(project, not args.no_baseline_serve)}
    results["rollup"] = rollup(args.rollup) if args.rollup else None
    results["lighthouse"] = lighthouse(args.lighthouse_runs) if args.lighthouse_runs else None
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(report(results))


def print_row(row: dict) -> None:
    line = (f"  n={row['n']}: generate {row['generate_s']:.2f} s (in the build {row['generate_in_build_s']:.2f} s), "
            f"build {row['playbook_build_s']:.1f} s, "
            f"plain mkdocs {row['plain_mkdocs_build_s']:.1f} s")
    if "zensical_build_s" in row:
        line += f", zensical {row['zensical_build_s']:.1f} s"
    print(line, file=sys.stderr, flush=True)


def report(results: dict) -> str:
    """The Markdown table the README quotes."""
    zen = any("zensical_build_s" in r for r in results["sizes"])
    head = ["entities (pages)", "generation in the build, ms/page", "generator share of the build", "`playbook build`",
            "plain `mkdocs build --strict`", "ratio", "build, ms/page", "HTML KB/page (median)"]
    if zen:
        head[6:6] = ["Zensical, clean build", "ratio to Zensical", "Zensical, repeat build"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in results["sizes"]:
        cells = [f"{r['entities']:,} ({r['pages']:,})", f"{r['generate_in_build_ms_per_page']:.1f}",
                 f"{100 * r['generator_share']:.0f} %", f"{r['playbook_build_s']:.1f} s",
                 f"{r['plain_mkdocs_build_s']:.1f} s", f"{r['ratio']:.2f}", f"{r['build_ms_per_page']:.0f}",
                 f"{r['html_kb_per_page']:.0f}"]
        if zen:
            cells[6:6] = ([f"{r['zensical_build_s']:.1f} s", f"{r['ratio_zensical']:.1f}",
                           f"{r['zensical_rebuild_s']:.1f} s"] if "zensical_build_s" in r else ["–"] * 3)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    s = results["serve"]
    if s:
        line = (f"- Live reload at {s['n']:,} entities: one YAML save → rebuilt page in {s['serve_edit_s']:.2f} s "
                f"(the rebuild itself {s['rebuild_s'] or 0:.2f} s), {s['files_rewritten']} of "
                f"{s['generated_files']:,} generated files rewritten")
        if "plain_mkdocs_serve_edit_s" in s:
            line += f"; plain `mkdocs serve` on one Markdown edit: {s['plain_mkdocs_serve_edit_s']:.1f} s"
        lines.append(line + ".")
    sc = results.get("scoring")
    if sc:
        cells = "; ".join(f"{qid} {v['js_ms']:.0f} ms (Python {v['python_ms']:.0f} ms)" for qid, v in sc.items())
        lines.append(f"- Scoring {next(iter(sc.values()))['sets']:,} random answer sets per questionnaire with the "
                     f"browser engine in node: {cells}.")
    r = results.get("rollup")
    if r:
        lines.append(f"- Organisation report of {r['results']:,} result files ({r['teams']} teams): `playbook report` "
                     f"{r['report_cli_s']:.1f} s; the roll-up alone {r['rollup_s']:.2f} s "
                     f"({r['rollup_ms_per_result']:.2f} ms per result).")
    w = results["page_weight"]
    if w:
        a, b, o, e = (w[k] for k in ("assessment_page", "assessment_page_answered", "onboarding_page", "content_page"))
        kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
        lines.append(f"- Own JS + CSS loaded (Chromium's network log): every page {kb(e['bytes'])} "
                     f"({kb(e['gzip_bytes'])} gzipped); the assessment page adds {kb(a['adds_bytes'])} on opening "
                     f"({kb(a['adds_gzip_bytes'])} gzipped) and {kb(b['adds_bytes'])} once a result shows; "
                     f"an onboarding page adds {kb(o['adds_bytes'])}.")
    lh = results.get("lighthouse")
    if lh:
        cells = "; ".join(f"{kind.replace('_', ' ')} **{r['score']}** ({r['bytes'] / 1024:.0f} KB, LCP {r['lcp_ms'] / 1000:.1f} s, "
                          f"TBT {r['tbt_ms']:.0f} ms, CLS {r['cls']:.2f})" for kind, r in lh.items())
        lines.append(f"- Lighthouse {next(iter(lh.values()))['lighthouse']} mobile performance, first visit, median of "
                     f"{len(next(iter(lh.values()))['runs'])}, no compression: {cells}.")
    m = results["machine"]
    lines.append(f"- Machine: {m['cpus']} CPUs, Python {m['python']}, mkdocs {m['mkdocs']}, "
                 f"mkdocs-material {m['mkdocs_material']}, Zensical {m.get('zensical') or 'not run'}, {m['platform']}.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
