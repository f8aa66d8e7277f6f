"""The browser's roll-up (site_templates/assets/rollup/) makes the same report as `playbook report`.

Hypothesis generates folders of result files — several teams (names that differ only in case and
spacing, "Team / Person", HTML, non-ASCII, numbers), histories over days, workshops (several
respondents of one team on one day, answering hidden questions and multiple choice), undated
files, older and newer versions, changed spec hashes, tampered embedded results, duplicates and
hostile files (syntax errors, wrong types, unknown ids, deep nesting, files over the size limit,
bytes that are not UTF-8, unpaired surrogates, keys given twice, NaN) and sometimes a targets
file. The files are written to a folder; Python's make_report reads the folder (as `playbook
report --format json` does) and the JavaScript port, in one long-lived node process
(tests/js/rollup_worker.mjs), reads the same files; the whole JSON must be equal, and the CSV
export (`--format csv`, csv.js `toCsv`) byte for byte.

Every message is compared, the reasons for left-out files included. The documented differences
(README "Organisation report", "In the browser") have tests of their own: YAML files are read by the
CLI only (test_yaml_is_left_out_with_its_reason); JSON that YAML reads otherwise keeps its real
lines in the browser (test_json_that_yaml_reads_otherwise_has_its_real_line_in_the_browser).
Evidence notes are compared once the Python report carries them (the h-evidence branch).
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import unicodedata
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import NodeWorker, run_cli
from sre_org_playbook.assessments.answers import KEYS
from sre_org_playbook.assessments.engine import questions_of, score
from sre_org_playbook.report import ReportRequest, Settings, make_report
from sre_org_playbook.report.command import load_specs
from sre_org_playbook.report.csv_export import to_csv
from sre_org_playbook.report.inputs import Sheet, clean_text, team_key
from sre_org_playbook.problems import ProblemsFound

ROOT = Path(__file__).resolve().parent.parent
WORKER = ROOT / "tests" / "js" / "rollup_worker.mjs"
EXAMPLES = int(os.environ.get("ROLLUP_EXAMPLES", "300"))
SPECS = load_specs(ROOT)
OM = "organisational-maturity"
# Evidence notes (BRIEF contract): compared once the Python report carries them.
EVIDENCE = "evidence" in {f.name for f in fields(Sheet)} and "evidence" in KEYS
MILESTONES = "milestones" in KEYS


@pytest.fixture(scope="module")
def js():
    node = NodeWorker(WORKER)
    node.ask(op="specs", specs=SPECS)
    yield node
    node.close()


# --- generated folders ------------------------------------------------------------------------

TEAMS = ["Checkout", "checkout ", "CHECKOUT", "Payments", "Search & Discovery", "Straße", "STRASSE",
         '<img src=x onerror=alert(1)>', "Ünïcødé 团队", "Team / Alice", "Team / Bob", "Team / ",
         "Ops / Ana / Ben",
         "a\u202eb", "  spaced   out  ", "=SUM(A1)", 'Comma, "Quote"', "", None, 42, True]
DAYS = ["2024-05-01", "2024-05-01T10:30:00Z", "2024-05-02", "2023-11-30", "2024-02-29", None, "",
        "2024-02-30", "last tuesday", " 2024-05-02 "]


def answers_from(spec: dict, data: bytes) -> dict:
    """Two bytes per question: leave out, null, [], or an answer (hidden questions answered too)."""
    answers: dict = {}
    for i, q in enumerate(questions_of(spec)):
        how, which = data[2 * i], data[2 * i + 1]
        ids = [o["id"] for o in q["options"]]
        if how % 9 == 7:
            continue
        if how % 9 == 8:
            answers[q["id"]] = None if which % 2 else []
        elif q["type"] == "single":
            answers[q["id"]] = ids[which % len(ids)]
        else:
            exclusive = [o["id"] for o in q["options"] if o["exclusive"]]
            if exclusive and which % 5 == 0:
                answers[q["id"]] = [exclusive[0]]
            else:
                answers[q["id"]] = [o for bit, o in enumerate(ids) if which >> (bit % 8) & 1
                                    and o not in exclusive] or [ids[-1]]
    return answers


@st.composite
def good_doc(draw, qid: str, teams: list, days: list) -> dict:
    spec = SPECS[qid]
    n = 2 * len(questions_of(spec))
    answers = answers_from(spec, draw(st.binary(min_size=n, max_size=n)))
    team = draw(st.sampled_from(teams))
    person = draw(st.sampled_from([None, "Ana", "Ben", "Chen", "Dee", "ana"]))
    respondent = f"{team} / {person}" if person and isinstance(team, str) and team else team
    doc = {"questionnaire": qid, "version": spec["version"], "spec_hash": spec["spec_hash"],
           "respondent": respondent, "date": draw(st.sampled_from(days)), "answers": answers}
    twist = draw(st.integers(0, 19))
    if twist == 0:
        doc["version"] = spec["version"] - 1
    elif twist == 1:
        doc["version"] = spec["version"] + 1
    elif twist == 2:
        del doc["version"]
    elif twist == 3:
        doc["spec_hash"] = "sha256:0000000000000000"
    elif twist == 4:
        del doc["respondent"]
    if EVIDENCE and draw(st.integers(0, 3)) == 0:
        doc["evidence"] = {q["id"]: draw(st.sampled_from(["Dashboard: https://x.example/slo", "<b>see</b>",
                                                          "  trimmed  ", "=1+1"]))
                           for q in questions_of(spec)[:3]}
    if MILESTONES and draw(st.integers(0, 4)) == 0:  # a usable milestone and one that is dropped with a warning
        doc["milestones"] = [{"date": "2024-01-15", "label": "Baseline", "answers": {}},
                             {"date": "someday", "answers": []}]
    embedded = draw(st.integers(0, 5))
    if embedded < 3:
        doc["result"] = score(spec, doc["answers"])
        if embedded == 1 and doc["result"]["dimensions"]:
            doc["result"]["dimensions"][0]["percent"] = 101
            doc["result"]["phase"] = "made-up"
    elif embedded == 3:
        doc["result"] = "not a result"
    return doc


def hostile(draw_one: int, sample: dict) -> str | bytes:
    """Files that are left out, each for its own reason."""
    undated = {k: v for k, v in sample.items() if k not in ("version", "date")}
    cases = [
        '{"questionnaire": "organisational-maturity",\n "answers": {',
        "[1, 2, 3]",
        "",
        "   \n",
        json.dumps({**sample, "questionnaire": "organisational-maturty"}, indent=1),
        json.dumps({**sample, "questionnaire": 7}, indent=1),
        json.dumps({k: v for k, v in sample.items() if k != "questionnaire"}, indent=1),
        json.dumps({**sample, "version": "one", "answers": "all of them"}, indent=1),
        json.dumps({**sample, "version": 1.0}, indent=1),
        json.dumps({**sample, "respondent": ["a", "b"], "date": 20240501}, indent=1),
        json.dumps({**sample, "respondent": 1.5}, indent=1),
        json.dumps({**sample, "answers": {"slo-coverag": "all", "oncall-owner": "builder", "lifecycle": "design"}},
                   indent=1),
        json.dumps({**sample, "answers": {"lifecycle": ["design", "design", 3]}}, indent=1),
        json.dumps({**sample, "extra": 1, "Answers": {}}, indent=1),
        json.dumps({**sample, "pad": "x" * 270_000}),
        "[" * 40 + "]" * 40,
        '{"a": ' + "[" * 40 + "]" * 40 + "}",
        '{"questionnaire": "organisational-maturity", "version": 1,\n "answers": {}, "answers": {"x": 1}}',
        '{"questionnaire": "organisational-maturity", "version": 1, "respondent": "\\ud800", "answers": {}}',
        '{"questionnaire": "organisational-maturity", "version": NaN, "answers": {}}',
        '{"questionnaire": "organisational-maturity", "version": 1, "answers": {}}   x',
        json.dumps({**sample, "respondent": "N" * 201}, indent=1),
        json.dumps({**sample, "respondent": "N  " * 70}, indent=1),
        json.dumps({**sample, "version": 12345678901234567890123}, indent=1),
        '{"questionnaire": "organisational-maturity", "version": 1, "answers": {}, "n": ' + "9" * 1001 + "}",
        b'{"respondent": "M\xfcller", "answers": {}}',
        "\ufeff" + json.dumps(sample, indent=1),
        json.dumps(sample),   # no indentation: one line
        json.dumps({**sample, "respondent": True}),
        json.dumps({**sample, "respondent": -0}).replace('"respondent": 0', '"respondent": -0'),
        json.dumps({**sample, "respondent": None, "date": None, "answers": None}),
        json.dumps({**sample, "date": "2024-05-01T00:00:00." + "0" * 40}),
        json.dumps({**sample, "result": {"phase": 1, "dimensions": {}, "rankings": [{"id": "model", "top": True}],
                                         "advice": None}}),
        json.dumps({**sample, "result": []}),
        json.dumps({**sample, "Respondent": "x", "answers": {"slo-coverage": ["x"], "lifecycle": "a", "nope": 1}}),
        json.dumps({**sample, "respondent": "a\u0000b\u200fc\u2028d  e"}),
        json.dumps({**sample, "respondent": "😀" * 199 + " x"}, ensure_ascii=False),
        json.dumps({**sample, "respondent": "😀" * 201}),
        json.dumps({**sample, "answers": {f"q{i}": 1 for i in range(15)}}, indent=1),
        json.dumps({**sample, "answers": {**{f"q{i:04}": "x" for i in range(1500)}, "slo-coverage": "none"}}, indent=1),
        json.dumps({**sample, "x": ["ok", {"\udc00": 1}]}),
        json.dumps(sample) + " {}",
        json.dumps(sample)[:-1] + ', "x": "abc',
        json.dumps(sample)[:-1] + ",}",
        json.dumps(sample, indent="\t"),
        json.dumps({**sample, "respondent": "a/b"}).replace("a/b", "a\\/b"),
        '{"questionnaire": 5, "foo": 1, "answers": {}}',
        json.dumps({**sample, "answers": {"slo-coverage": True, "oncall-owner": {"a": [1, 2.5, None]},
                                          "lifecycle": ["desing", 1.0, False, "it's", 'say "x"\u200b\x07'],
                                          "postmortems": "blameless-trackd", "Slo-coverage": "x", "drivers": "x" * 90}},
                   indent=1),
        json.dumps({**sample, "answers": ["slo-coverage"], "spec_hash": 12}, indent=1),
        json.dumps({k: v for k, v in sample.items() if k != "answers"}, indent=1),
        '{"respondent": "😀😀 x",\n "a": "😀", }', '{"a": [1, 2,]}', '{"a": "\\q"}', "{'a': 1}", '{"a": 01}',
        json.dumps(undated)[:-1] + ', "version": 1e5, "date": -0.0}',   # one line: the CLI's lines are 1 too
        json.dumps(undated)[:-1] + ', "version": 1.5e-7, "date": 1E+300}',
        json.dumps({**sample, "answers": {"slo-coverage": "none"}})[:-1] + ',\n "answers": {}}',
    ]
    if EVIDENCE:  # notes for unknown questions, not text, too long
        cases += [json.dumps({**sample, "evidence": {"nope": "x", "slo-coverag": 3, "slo-coverage": [1.5, "it's"],
                                                  "lifecycle": True, "drivers": None}}, indent=1),
                  json.dumps({**sample, "evidence": {"slo-coverage": "x" * 1001}}),
                  json.dumps({**sample, "evidence": []})]
    return cases[draw_one % len(cases)]


@st.composite
def folders(draw):
    """{relative path: text or bytes} and an optional targets document."""
    files: dict[str, str | bytes] = {}
    qids = draw(st.lists(st.sampled_from(sorted(SPECS)), min_size=1, max_size=3, unique=True))
    # A few teams and days per folder, so that workshops and histories are common.
    teams = draw(st.lists(st.sampled_from(TEAMS), min_size=1, max_size=4, unique=True))
    days = draw(st.lists(st.sampled_from(DAYS[:6]), min_size=1, max_size=3, unique=True))
    days += draw(st.lists(st.sampled_from(DAYS), max_size=1))
    docs = []
    for i in range(draw(st.integers(1, 16))):
        qid = draw(st.sampled_from(qids))
        doc = draw(good_doc(qid, teams, days))
        docs.append(doc)
        folder = draw(st.sampled_from(["", "a/", "a/b/", "Z/", "é/"]))
        name = draw(st.sampled_from(["r", "R", "team", "<b>x</b>", "ß", "Team 1", "z"])) + f"-{i}.json"
        files[folder + name] = json.dumps(doc, ensure_ascii=draw(st.booleans()),
                                          indent=draw(st.sampled_from([1, 2, None])))
    for j in range(draw(st.integers(0, 3))):  # duplicates of earlier files
        files[f"copies/dup-{j}.json"] = json.dumps(draw(st.sampled_from(docs)))
    sample = {**docs[0], "questionnaire": OM, "version": SPECS[OM]["version"], "answers": {}}
    sample.pop("result", None)
    for k in range(draw(st.integers(0, 4))):
        files[f"bad/h{k}.json"] = hostile(draw(st.integers(0, 200)), sample)
    targets = None
    if draw(st.booleans()):
        phased = [q for q in qids if SPECS[q]["outcomes"]["phases"]]
        targeted = {}
        named = [t.upper() for t in teams if isinstance(t, str) and t.strip()] + ["Nobody", "Straße", "Chekout"]
        for team in draw(st.lists(st.sampled_from(named), min_size=1, max_size=4, unique=True)):
            targeted[team] = {q: draw(st.sampled_from([p["id"] for p in SPECS[q]["outcomes"]["phases"]][::-1]))
                              for q in phased}
        targets = {"teams": targeted}
        if phased and draw(st.booleans()):
            targets["default"] = {phased[0]: SPECS[phased[0]]["outcomes"]["phases"][0]["id"]}
        mistake = draw(st.integers(0, 30))  # now and then a targets file with mistakes in it
        if mistake < len(BAD_TARGETS):
            targets.update(BAD_TARGETS[mistake])
    return files, targets


def covering_folder() -> tuple[dict, dict]:
    """A fixed folder with a 3-respondent workshop, a 3-day history, both target states and every left-out kind.

    Run as an explicit example, so the coverage check below never depends on the random draw.
    """
    spec = SPECS[OM]
    phases = [p["id"] for p in spec["outcomes"]["phases"]]
    n = 2 * len(questions_of(spec))

    def doc(respondent, day, seed, **extra):
        answers = answers_from(spec, bytes((seed * 7 + i) % 251 for i in range(n)))
        return {"questionnaire": OM, "version": spec["version"], "spec_hash": spec["spec_hash"],
                "respondent": respondent, "date": day, "answers": answers, **extra}

    noted = {"evidence": {questions_of(spec)[0]["id"]: "Dashboard: https://x.example/slo"}} if EVIDENCE else {}
    docs = [doc("Checkout / Ana", "2024-05-01", 1, **noted), doc("Checkout / Ben", "2024-05-01", 2, **noted),
            doc("Checkout / Chen", "2024-05-01", 3), doc("Checkout", "2024-05-02", 4),
            doc("Checkout", "2023-11-30", 5), doc("Payments", "2024-05-01", 6),
            doc("Payments", "2024-05-02", 7, version=spec["version"] - 1)]
    files = {f"r-{i}.json": json.dumps(d, indent=1) for i, d in enumerate(docs)}
    files["copies/dup-0.json"] = json.dumps(docs[0])
    other = sorted(q for q in SPECS if q != OM)[0]
    files["other.json"] = json.dumps({**docs[5], "questionnaire": other, "version": SPECS[other]["version"]})
    files["bad/h0.json"] = b'{"respondent": "M\xfcller", "answers": {}}'
    files["bad/h1.json"] = '{"a": [1, 2,]}'
    files["bad/h2.json"] = json.dumps({**docs[0], "answers": {"nope": 1}}, indent=1)
    return files, {"teams": {"Checkout": {OM: phases[0]}, "Payments": {OM: phases[-1]}}}


BAD_TARGETS = [
    {"teems": {}},
    {"default": {"organisational-maturty": "x", "model-fit": "y"}},
    {"default": {OM: "explicit-structur"}},
    {"default": {OM: 3}},
    {"default": []},
    {"teams": {"Checkout": {OM: "nope"}, "checkout ": {}, "": {}, "B": "x"}},
    {"teams": ["Checkout"]},
]


# --- running both -----------------------------------------------------------------------------

def walk_order(paths: list[str]) -> list[str]:
    """The order inputs.find_files walks a folder in: a folder's files before its subfolders'."""
    def key(path: str):
        parts = path.split("/")
        return [(0, p) if i == len(parts) - 1 else (1, p) for i, p in enumerate(parts)]
    return sorted(paths, key=key)


def write(tmp: Path, files: dict, targets: dict | None) -> tuple[Path, Path | None]:
    if tmp.exists():
        shutil.rmtree(tmp)
    folder = tmp / "results"
    for rel, content in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    target_path = None
    if targets is not None:
        target_path = tmp / "targets.json"
        target_path.write_text(json.dumps(targets, indent=1), encoding="utf-8")
    return folder, target_path


def python_report(folder: Path, target_path: Path | None, settings_: Settings, only=None, include_older=False):
    request = ReportRequest([folder], target_path, settings_, include_older, only, relative=True)
    report, _ = make_report(request, SPECS)
    return report


def js_report(js, folder: Path, target_path: Path | None, settings_: Settings, only=None, include_older=False):
    files = []
    for rel in walk_order([p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]):
        raw = (folder / rel).read_bytes()
        entry = {"path": f"results/{rel}"}
        try:
            entry["text"] = raw.decode("utf-8")
        except UnicodeDecodeError:
            entry["bytes"] = base64.b64encode(raw).decode("ascii")
        files.append(entry)
    targets = None if target_path is None else {"path": target_path.name, "text": target_path.read_text("utf-8")}
    return js.ask(op="report", files=files, targets=targets, only=only, includeOlder=include_older,
                  settings={"gap_threshold": settings_.gap_threshold, "spread": settings_.spread})


def comparable(report: dict, evidence: bool) -> dict:
    """The report, without evidence notes while the Python report has none (module docstring)."""
    report = json.loads(json.dumps(report))
    if not evidence:
        for u in report["used"]:
            u.pop("evidence", None)
        for s in report["questionnaires"]:
            for entry in [*(e for t in s["teams"] for e in t["entries"]), *(t["latest"] for t in s["teams"]),
                          *s["workshops"]]:
                entry.pop("evidence", None)
    return report


def first_difference(a, b, path="") -> str:
    if type(a) is not type(b):
        return f"{path}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'python' if k in a else 'javascript'}"
            found = first_difference(a[k], b[k], f"{path}.{k}")
            if found:
                return found
        return ""
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return f"{path}: {len(a)} items != {len(b)}" if len(a) != len(b) else ""
    return "" if a == b else f"{path}: {json.dumps(a)[:300]} != {json.dumps(b)[:300]}"


def assert_same(expected: dict, got: dict):
    python, javascript = comparable(expected, EVIDENCE), comparable(got, EVIDENCE)
    assert json.dumps(python) == json.dumps(javascript), first_difference(python, javascript)


def settled(n: int):
    return settings(max_examples=n, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])


SEEN: dict[str, set] = {"kinds": set(), "workshops": set(), "history": set(), "targets": set(), "evidence": set()}


@settled(EXAMPLES)
@example(case=covering_folder(), settings_=Settings(), include_older=False, only=OM)
@example(case=(covering_folder()[0], BAD_TARGETS[2]), settings_=Settings(), include_older=False, only=None)
@given(folders(), st.sampled_from([Settings(), Settings(70, 0), Settings(30, 2)]), st.booleans(),
       st.sampled_from([None, None, None, OM]))
def test_reports_agree_on_generated_folders(js, tmp_path, case, settings_, include_older, only):
    files, targets = case
    folder, target_path = write(tmp_path / "case", files, targets)
    try:
        expected = python_report(folder, target_path, settings_, only, include_older)
    except ProblemsFound as exc:  # a bad targets file: the browser lists the same problems
        got = js.ask(op="report", files=[], targets={"path": target_path.name,
                                                      "text": target_path.read_text("utf-8")}, only=None)
        assert got["targets_problems"] == [{"path": target_path.name, "line": p.line, "field": p.field,
                                            "message": p.message} for p in exc.problems]
        SEEN["kinds"].add("bad targets")
        return
    answer = js_report(js, folder, target_path, settings_, only, include_older)
    got = answer["report"]
    # The CSV export, byte for byte (before the targets file's name is made comparable).
    assert answer["csv"] == to_csv(expected, SPECS), first_difference(to_csv(expected, SPECS).split("\r\n"),
                                                                        answer["csv"].split("\r\n"))
    # Python names the targets file by its full path; the page names it as given.
    expected["targets_file"] = expected["targets_file"] and Path(expected["targets_file"]).name
    for w in expected["targets_warnings"]:
        w["path"] = Path(w["path"]).name
    assert_same(expected, got)
    SEEN["kinds"].update(lo["kind"] for lo in expected["left_out"])
    for s in expected["questionnaires"]:
        SEEN["workshops"].update(len(w["respondents"]) for w in s["workshops"])
        SEEN["history"].update(len(t["entries"]) for t in s["teams"])
        SEEN["targets"].update(t["target"]["status"] for t in s["teams"] if t["target"])
        SEEN["evidence"].update(len(w.get("evidence", [])) for w in s["workshops"])


def test_generated_folders_covered_the_cases():
    """The random folders really held workshops, histories, targets and every left-out kind."""
    if not SEEN["kinds"]:
        pytest.fail("run with test_reports_agree_on_generated_folders (same module)")
    assert {"unreadable", "invalid", "older", "duplicate", "other-questionnaire", "bad targets"} <= SEEN["kinds"], \
        SEEN["kinds"]
    assert max(SEEN["workshops"]) >= 3 and max(SEEN["history"]) >= 3, SEEN
    assert len(SEEN["targets"]) >= 2, SEEN["targets"]
    assert not EVIDENCE or max(SEEN["evidence"]) >= 2, SEEN["evidence"]  # notes of several respondents


@pytest.mark.parametrize("options", [[], ["--include-older", "--questionnaire", OM, "--gap-threshold", "70",
                                     "--spread", "0"]])
def test_real_cli_json_equals_the_browser(js, tmp_path, options):
    """`playbook report --format json` and `--format csv` themselves (not make_report) on a fixed folder."""
    files = {f"t{i}.json": json.dumps({"questionnaire": q, "version": SPECS[q]["version"] - old, "respondent": r,
                                       "date": d, "answers": a}, indent=1)
             for i, (q, old, r, d, a) in enumerate([
                 (OM, 0, "Blue / Ana", "2024-05-01", {"slo-coverage": "none"}),
                 (OM, 0, "Blue / Ben", "2024-05-01", {"slo-coverage": "all"}),
                 (OM, 0, "blue", "2024-04-01", {"slo-coverage": "pilots"}),
                 (OM, 1, "Blue", "2023-04-01", {"slo-coverage": "pilots"}),
                 (OM, 0, "<i>Red</i>", None, {"slo-coverage": "critical"}),
                 ("model-fit", 0, "Red", "2024-05-01", {})])}
    files["bad.json"] = "{"
    top_phase = SPECS[OM]["outcomes"]["phases"][-1]["id"]
    folder, target_path = write(tmp_path / "cli", files, {"teams": {"Blue": {OM: top_phase}}})
    done = run_cli("report", str(folder), "--targets", str(target_path), "--format", "json", *options)
    assert done.returncode == 1, done.stderr   # a file was left out
    expected = json.loads(done.stdout)
    expected["targets_file"] = Path(expected["targets_file"]).name
    settings_ = Settings(70, 0) if options else Settings()
    answer = js_report(js, folder, target_path, settings_, OM if options else None, bool(options))
    run_cli("report", str(folder), "--targets", str(target_path), "--format", "csv", "--out", str(tmp_path / "r.txt"),
            *options)
    assert (tmp_path / "r.txt").read_bytes() == answer["csv"].encode("utf-8")
    # The CLI names files by the path given; the page by the folder's name on.
    got = answer["report"]
    for section in (got["used"], got["left_out"]):
        for entry in section:
            entry["path"] = entry["path"].replace("results/", f"{folder.as_posix()}/", 1)
    for s in got["questionnaires"]:
        for e in [*(e for t in s["teams"] for e in t["entries"]), *(t["latest"] for t in s["teams"]), *s["workshops"]]:
            e["files"] = [f.replace("results/", f"{folder.as_posix()}/", 1) for f in e["files"]]
    for lo in got["left_out"]:  # the duplicate's message names the file it repeats
        for p in lo["problems"]:
            p["message"] = p["message"].replace("results/", f"{folder.as_posix()}/")
    assert_same(expected, got)
    assert expected["questionnaires"][0]["workshops"][0]["respondents"] == ["Ana", "Ben"]
    blue = next(t for t in expected["questionnaires"][0]["teams"] if t["key"] == "blue")
    assert len(blue["entries"]) == (3 if options else 2)   # the older version's result only with --include-older


def test_names_are_cleaned_and_grouped_as_python_does_for_every_character(js):
    """clean_text and team_key (case folding, Python's whitespace, controls) on every character
    Python's Unicode database knows (node's may know newer ones)."""
    known = [chr(cp) for cp in range(0x110000)
             if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) != "Cn"]
    for start in range(0, len(known), 20_000):
        names = [f"Ab{c}Σ {c}x  ς{c}" for c in known[start:start + 20_000]]
        got = js.ask(op="names", names=names)
        assert got["clean"] == [clean_text(n) for n in names]
        assert got["keys"] == [team_key(clean_text(n)) for n in names]


def test_json_that_yaml_reads_otherwise_has_its_real_line_in_the_browser(js, tmp_path):
    """The documented difference: the CLI takes JSON's lines from reading it as YAML, which reads
    1e5 as text, so it gives line 1; the browser's JSON reader knows the line."""
    text = '{"questionnaire": "%s", "version": %d,\n "answers": {"nope": 1e5}}' % (OM, SPECS[OM]["version"])
    folder, _ = write(tmp_path / "exp", {"exp.json": text}, None)
    python = python_report(folder, None, Settings())["left_out"][0]["problems"][0]
    browser = js_report(js, folder, None, Settings())["report"]["left_out"][0]["problems"][0]
    assert (python["field"], python["line"]) == (browser["field"], 1) and browser["line"] == 2


def test_yaml_is_left_out_with_its_reason(js, tmp_path):
    text = f"questionnaire: {OM}\nversion: {SPECS[OM]['version']}\nanswers: {{}}\n"
    folder, _ = write(tmp_path / "yaml", {"a.yaml": text}, None)
    got = js_report(js, folder, None, Settings())["report"]
    assert got["files"] == {"read": 1, "used": 0, "left_out": 1}
    assert "playbook report" in got["left_out"][0]["problems"][0]["message"]
    assert python_report(folder, None, Settings())["files"]["used"] == 1   # the CLI reads it
