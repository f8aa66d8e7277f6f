"""`playbook report`: many teams' result files rolled up into one organisation report.

The results are generated here, from the shipped questionnaires with a seeded RNG and scored by
the engine, and written as the files `playbook score --format json` writes (JSON and YAML), next
to every kind of bad file. The report's numbers are compared with `playbook score` run on each
file; distributions, targets, history and the workshop rule are checked against values worked
out independently in this file.
"""
from __future__ import annotations

import contextlib
import html.parser
import io
import json
import random
import re
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import markdown
import pytest
import yaml

from conftest import run_cli
from sre_org_playbook.assessments.engine import evaluate, questions_of, score
from sre_org_playbook.cli import Console, main
from sre_org_playbook.report import Links, ReportRequest, make_report, to_markdown
from sre_org_playbook.report.command import load_specs
from sre_org_playbook.report.render import h, md

ROOT = Path(__file__).resolve().parent.parent
SEED = 20240501
OM = "organisational-maturity"
MF = "model-fit"
RR = "sre-role-readiness"
SG = "structure-discussion-guide"
EVIL = '<img src=x onerror=alert(1)> | **x** [l](javascript:alert(1)) `c` {: #y }'


# --- generated results ------------------------------------------------------------------------

def leaning_answers(spec: dict, rng: random.Random, level: float) -> dict:
    """Answers around `level` (0–1) of each question's declared option order; some unanswered."""
    answers: dict = {}
    for q in questions_of(spec):
        if rng.random() < 0.08:
            continue
        ids = [o["id"] for o in q["options"]]
        if q["type"] == "single":
            answers[q["id"]] = ids[min(len(ids) - 1, max(0, round(rng.gauss(level * (len(ids) - 1), 0.7))))]
        else:
            exclusive = [o["id"] for o in q["options"] if o["exclusive"]]
            if exclusive and rng.random() < 0.15:
                answers[q["id"]] = [exclusive[0]]
            else:
                picked = [o["id"] for o in q["options"] if not o["exclusive"] and rng.random() < level]
                if picked:
                    answers[q["id"]] = picked
    return answers


def result_doc(spec: dict, respondent, date, answers: dict, with_result: bool = True) -> dict:
    doc = {"questionnaire": spec["id"], "version": spec["version"], "spec_hash": spec["spec_hash"],
           "respondent": respondent, "date": date, "answers": answers}
    if with_result:
        doc["result"] = score(spec, answers)
    return doc


def write_doc(path: Path, doc: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".json":
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


WORKSHOP_BLUE = {  # 3 respondents: medians and majorities worked out by hand below
    "Ana": {"slo-coverage": "none", "oncall-owner": "ops", "lifecycle": ["design"], "postmortems": "none"},
    "Ben": {"slo-coverage": "all", "oncall-owner": "ops", "lifecycle": ["design", "deployment"],
            "postmortems": "blameless-tracked"},
    "Chen": {"slo-coverage": "pilots", "oncall-owner": "mixed", "lifecycle": ["design"]},
}
BLUE_COMBINED = {"slo-coverage": "pilots", "oncall-owner": "ops", "postmortems": "none", "lifecycle": ["design"]}
WORKSHOP_GREEN = {  # 4 respondents: the lower median, and no majority for any lifecycle option
    "Ana": {"drivers": "nobody", "lifecycle": ["ideation", "design"]},
    "Ben": {"drivers": "coalition", "lifecycle": ["ideation"]},
    "Chen": {"drivers": "managers", "lifecycle": ["design"]},
    "Dee": {"drivers": "executives", "lifecycle": ["testing"]},
}
GREEN_COMBINED = {"drivers": "coalition"}


def make_corpus(folder: Path, specs: dict) -> SimpleNamespace:
    """≥ 50 good result files over the shipped questionnaires, and every kind of bad file.

    Returns the folder, the good files (path → document), the bad ones (path → expected reason),
    the teams by questionnaire, the history and the workshop files.
    """
    rng = random.Random(SEED)
    good: dict[str, dict] = {}
    bad: dict[str, tuple[str, str]] = {}   # path → (field, words in the reason)
    teams: dict[str, dict[str, list[str]]] = {}

    def add(rel: str, doc: dict, team: str | None = None) -> Path:
        path = write_doc(folder / rel, doc)
        good[path.as_posix()] = doc
        teams.setdefault(doc["questionnaire"], {}).setdefault(team or doc["respondent"], []).append(path.as_posix())
        return path

    om = specs[OM]
    for i in range(1, 37):  # 36 teams, one result each, JSON and YAML alternating
        level = rng.random()
        add(f"maturity/team-{i:02d}.{'json' if i % 2 else 'yaml'}",
            result_doc(om, f"Team {i:02d}", f"2024-0{1 + i % 9}-1{i % 10}", leaning_answers(om, rng, level)))
    history = {}
    for name, dates in (("Hist A", ["2024-01-10", "2022-01-10", "2023-01-10"]),
                        ("Hist B", ["2023-06-01", "2024-06-01", None])):
        files = {}
        for n, date in enumerate(dates):
            level = {None: 0.1, "2022-01-10": 0.2, "2023-01-10": 0.5, "2023-06-01": 0.6}.get(date, 0.8)
            # File names sort in another order than the dates.
            path = add(f"history/{name.lower().replace(' ', '-')}-{'zyx'[n]}.{'json' if n % 2 else 'yaml'}",
                       result_doc(om, name, date, leaning_answers(om, rng, level)))
            files[date] = path.as_posix()
        history[name] = files
    workshops = {}
    for team, people, date in (("Workshop Blue", WORKSHOP_BLUE, "2024-03-01"),
                               ("Workshop Green", WORKSHOP_GREEN, "2024-03-02")):
        workshops[team] = [add(f"workshops/{team.split()[1].lower()}-{who.lower()}.json",
                               result_doc(om, f"{team} / {who}", date, answers), team).as_posix()
                           for who, answers in people.items()]
    for i in range(1, 9):
        add(f"model-fit/team-{i:02d}.json", result_doc(specs[MF], f"Team {i:02d}", "2024-05-01",
                                                        leaning_answers(specs[MF], rng, rng.random())))
    for i, who in enumerate(["Ana Lopez", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox"]):
        add(f"people/{who.split()[0].lower()}.yaml", result_doc(specs[RR], who, "2024-04-0" + str(i + 1),
                                                                 leaning_answers(specs[RR], rng, i / 4)))
    for i in range(1, 3):
        add(f"guide/leadership-{i}.json", result_doc(specs[SG], f"Leadership {i}", "2024-02-01",
                                                      leaning_answers(specs[SG], rng, 0.5)))
    # Good files that carry something to note.
    tampered = result_doc(om, "Tampered", "2024-02-02", leaning_answers(om, rng, 0.4))
    tampered["result"]["phase"] = "partner-enabler"
    tampered["result"]["dimensions"][0]["percent"] = 99
    add("notes/tampered.json", tampered)
    old_hash = result_doc(om, "Old Hash", "2024-02-03", leaning_answers(om, rng, 0.4))
    old_hash["spec_hash"] = "sha256:0000000000000000"
    add("notes/old-hash.json", old_hash)
    add("notes/answers-only.yaml", result_doc(om, "Answers Only", "2024-02-04", leaning_answers(om, rng, 0.3),
                                              with_result=False))
    add("notes/evil.json", result_doc(om, EVIL, "2024-02-05", leaning_answers(om, rng, 0.5)), EVIL)

    # Every kind of bad file.
    def bad_file(rel: str, content, field: str, words: str, under: str = "bad") -> None:
        path = folder / under / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
        bad[path.as_posix()] = (field, words)

    sample = good[teams[OM]["Team 01"][0]]
    bad_file("syntax.json", '{"questionnaire": "organisational-maturity",\n "answers": {', "json", "syntax error")
    bad_file("syntax.yaml", "questionnaire: organisational-maturity\nanswers: [oops\n", "yaml", "syntax error")
    bad_file("latin1.json", '{"respondent": "Müller"}'.encode("latin-1"), "json", "not UTF-8")
    bad_file("list.json", "[1, 2, 3]", "json", "expected an object")
    bad_file("empty.yaml", "", "yaml", "expected a mapping")
    bad_file("questionnaire.json", json.dumps({**sample, "questionnaire": "organisational-maturty"}),
             "questionnaire", "did you mean 'organisational-maturity'")
    bad_file("older.json", json.dumps({**sample, "respondent": "Older", "version": 0}), "version",
             "--include-older")
    bad_file("newer.json", json.dumps({**sample, "respondent": "Newer", "version": sample["version"] + 1}), "version",
             "newer")
    # Duplicates: the first file read (folders and files in name order) counts, later copies do not.
    bad_file("duplicate.json", json.dumps(sample), "(file)", "duplicate of", "zz-copies")
    bad_file("duplicate-as.yaml", yaml.safe_dump({k: v for k, v in sample.items() if k != "result"}),
             "(file)", "duplicate of", "zz-copies")
    bad_file("types.json", json.dumps({**sample, "version": "one", "answers": "all of them"}),
             "version", "whole number")
    bad_file("types.yaml", "questionnaire: organisational-maturity\nversion: 1\nrespondent: [a, b]\n"
                           "answers:\n  slo-coverage: [none]\n", "answers.slo-coverage", "single choice")
    bad_file("ids.json", json.dumps({**sample, "respondent": "Ids", "answers": {"slo-coverag": "all",
                                                                             "oncall-owner": "builder"}}),
             "answers.oncall-owner", "did you mean 'builders'")
    bad_file("huge.json", json.dumps({**sample, "respondent": "Huge", "pad": "x" * 300_000}), "(file)", "too large")
    bad_file("deep.json", "[" * 50_000 + "]" * 50_000, "json", "nested too deeply")
    bad_file("deep.yaml", "answers: " + "[" * 50_000 + "]" * 50_000 + "\n", "yaml", "nested too deeply")
    bad_file("alias.yaml", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nquestionnaire: organisational-maturity\n",
             "yaml", "aliases")
    bad_file("date.json", json.dumps({**sample, "respondent": "Bad Date", "date": "last tuesday"}), "date",
             "not a date like")
    bad_file("date.yaml", "questionnaire: organisational-maturity\nversion: 1\nrespondent: Feb\ndate: 2024-02-30\n"
                          "answers: {}\n", "date", "out of range")
    bad_file("name.json", json.dumps({**sample, "respondent": "N" * 300}), "respondent", "name too long")
    bad_file("dupkeys.json", '{"questionnaire": "organisational-maturity", "version": 1, "respondent": "K",\n'
                             ' "answers": {}, "answers": {"slo-coverage": "all"}}', "answers", "given twice")
    bad_file("unknown-key.json", json.dumps({**sample, "respondent": "Key", "team": "x"}), "team", "unknown key")
    (folder / "bad" / "notes.txt").write_text("not a result file\n", encoding="utf-8")  # ignored: not .json/.yaml
    assert len(good) >= 50
    return SimpleNamespace(folder=folder, good=good, bad=bad, teams=teams, history=history, workshops=workshops)


@pytest.fixture(scope="module")
def specs() -> dict:
    return load_specs(ROOT)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, specs) -> SimpleNamespace:
    return make_corpus(tmp_path_factory.mktemp("results"), specs)


def cli(argv: list[str]) -> tuple[int, str, str]:
    """The `playbook` CLI in this process (stdout, stderr captured)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch.object(Console.__init__, "__defaults__", (err,)):
        code = main(["--root", str(ROOT), *argv])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def cli_scores(corpus) -> dict[str, dict]:
    """`playbook score FILE --format json` of every good file: its result."""
    scores = {}
    for path in corpus.good:
        code, out, err = cli(["score", path, "--format", "json"])
        assert code == 0, err
        scores[path] = json.loads(out)["result"]
    return scores


@pytest.fixture(scope="module")
def report(corpus, tmp_path_factory) -> dict:
    """The roll-up as the user runs it: `playbook report FOLDER --format json --out FILE`, a subprocess."""
    out = tmp_path_factory.mktemp("out") / "report.json"
    result = run_cli("report", str(corpus.folder), "--format", "json", "--out", str(out))
    assert result.returncode == 1, result.stderr          # some files were left out …
    assert "Traceback" not in result.stderr
    assert f"report of {len(corpus.good)} written to {out}" in result.stderr  # … and the report written anyway
    data = json.loads(out.read_text(encoding="utf-8"))
    data["stderr"] = result.stderr
    return data


def section(report: dict, qid: str) -> dict:
    return next(s for s in report["questionnaires"] if s["id"] == qid)


def dims(result: dict) -> dict:
    return {d["id"]: d["percent"] for d in result["dimensions"]}


def combined_result(spec: dict, answer_sets: list[dict]) -> dict:
    """The documented workshop rule, written out again here: median option (lower on a tie) for
    single choice, more-than-half for multiple choice, over the answers each respondent was shown."""
    shown = [evaluate(spec, a)["effective"] for a in answer_sets]
    out = {}
    for q in questions_of(spec):
        given = [s[q["id"]] for s in shown if q["id"] in s]
        ids = [o["id"] for o in q["options"]]
        if not given:
            continue
        if q["type"] == "single":
            out[q["id"]] = sorted(given, key=ids.index)[(len(given) - 1) // 2]
        else:
            kept = [o for o in ids if sum(o in g for g in given) * 2 > len(given)]
            if kept:
                out[q["id"]] = kept
    return out


# --- the roll-up against per-file CLI scores ------------------------------------------------

def test_every_good_file_is_used_and_every_bad_file_left_out_with_its_reason(report, corpus):
    assert {u["path"] for u in report["used"]} == set(corpus.good)
    left = {lo["path"]: lo for lo in report["left_out"]}
    assert set(left) == set(corpus.bad)
    assert report["files"] == {"read": len(corpus.good) + len(corpus.bad), "used": len(corpus.good),
                               "left_out": len(corpus.bad)}
    for path, (field, words) in corpus.bad.items():
        problems = left[path]["problems"]
        assert any(p["field"] == field and words in p["message"] for p in problems), (path, problems)
        # … and on stderr as path:line: field: message
        assert re.search(rf"^{re.escape(path)}:\d+: {re.escape(field)}: .*{re.escape(words)}", report["stderr"], re.M), path
    assert left[next(p for p in corpus.bad if p.endswith("/ids.json"))]["problems"][0]["line"] >= 1
    # Both problems of one file are listed, not just the first.
    types = left[next(p for p in corpus.bad if p.endswith("/types.json"))]["problems"]
    assert {p["field"] for p in types} >= {"version", "answers"}


def test_heatmap_cells_equal_the_per_file_cli_scores(report, corpus, cli_scores):
    checked = 0
    for qid in (OM, RR):
        for row in section(report, qid)["teams"]:
            latest = row["latest"]
            if latest["workshop"]:
                continue
            (path,) = latest["files"]
            expected = cli_scores[path]
            assert latest["dimensions"] == dims(expected), path
            assert latest["overall"] == expected["overall"]["percent"]
            assert latest["phase"] == expected["phase"]
            assert latest["complete"] == expected["complete"]
            checked += 1
    assert checked >= 45
    # Every used file's own re-scored result is the CLI's, too.
    for used in report["used"]:
        expected = cli_scores[used["path"]]
        assert used["dimensions"] == dims(expected) and used["phase"] == expected["phase"]
        assert used["top"] == {r["id"]: r["top"] for r in expected["rankings"]}


def latest_views(corpus, specs, cli_scores, qid: str) -> dict[str, dict]:
    """Each team's latest result worked out here: the newest file's CLI result, or the workshop rule."""
    views = {}
    for team, paths in corpus.teams[qid].items():
        if team in corpus.workshops:
            views[team] = score(specs[qid], combined_result(specs[qid], [corpus.good[p]["answers"] for p in paths]))
        else:
            newest = max(paths, key=lambda p: corpus.good[p]["date"] or "")
            views[team] = cli_scores[newest]
    return views


def test_distributions_of_phases_and_recommended_models(report, corpus, specs, cli_scores):
    views = latest_views(corpus, specs, cli_scores, OM)
    om = section(report, OM)
    assert len(om["teams"]) == len(views)
    counts = {p["id"]: p["count"] for p in om["phase_distribution"]}
    for phase in specs[OM]["outcomes"]["phases"]:
        assert counts[phase["id"]] == sum(1 for v in views.values() if v["phase"] == phase["id"]), phase["id"]
    assert sum(counts.values()) == len(views)
    mf_views = latest_views(corpus, specs, cli_scores, MF)
    for ranking in section(report, MF)["ranking_distribution"]:
        got = {c["id"]: c["count"] for c in ranking["candidates"]}
        for cid, count in got.items():
            assert count == sum(1 for v in mf_views.values()
                                for r in v["rankings"] if r["id"] == ranking["id"] and r["top"] == cid)
        assert [c["count"] for c in ranking["candidates"]] == sorted(got.values(), reverse=True)


def test_most_common_gaps_count_teams_below_the_threshold(report, corpus, specs, cli_scores):
    views = latest_views(corpus, specs, cli_scores, OM)
    gaps = section(report, OM)["gaps"]
    for d in gaps["dimensions"]:
        below = [t for t, v in views.items() for x in v["dimensions"]
                 if x["id"] == d["id"] and x["raw"] * 100 < 50 * x["max"]]
        assert d["count"] == len(below)
        assert d["links"], d
    assert [d["count"] for d in gaps["dimensions"]] == sorted((d["count"] for d in gaps["dimensions"]), reverse=True)
    for a in gaps["advice"]:
        assert a["count"] == sum(1 for v in views.values() if a["id"] in v["advice"])
        assert a["links"][0]["page"] == f"assessments/{OM}-in-full.md#advice-{a['id']}"
    for g in gaps["gates"]:
        assert g["count"] >= 1 and g["links"][0]["page"].startswith("phases/")


def test_history_is_newest_first_with_what_improved_and_slipped(report, corpus, cli_scores):
    rows = {r["team"]: r for r in section(report, OM)["teams"]}
    a = rows["Hist A"]
    assert [e["date"] for e in a["entries"]] == ["2024-01-10", "2023-01-10", "2022-01-10"]
    files = corpus.history["Hist A"]
    newest, before = cli_scores[files["2024-01-10"]], cli_scores[files["2023-01-10"]]
    change = a["entries"][0]["change"]
    assert change["since"] == "2023-01-10"
    assert change["dimensions"] == {d: dims(newest)[d] - dims(before)[d] for d in dims(newest)}
    assert change["improved"] == [d for d, v in change["dimensions"].items() if v > 0]
    assert change["slipped"] == [d for d, v in change["dimensions"].items() if v < 0]
    assert change["overall"] == newest["overall"]["percent"] - before["overall"]["percent"]
    assert a["entries"][-1]["change"] is None
    assert a["latest"]["dimensions"] == dims(newest)
    # Undated results count as older than every dated one.
    assert [e["date"] for e in rows["Hist B"]["entries"]] == ["2024-06-01", "2023-06-01", None]
    assert rows["Team 01"]["entries"][0]["change"] is None and len(rows["Team 01"]["entries"]) == 1


def test_workshop_combination_and_disagreements(report, corpus, specs):
    workshops = {w["team"]: w for w in section(report, OM)["workshops"]}
    blue, green = workshops["Workshop Blue"], workshops["Workshop Green"]
    assert blue["respondents"] == ["Ana", "Ben", "Chen"] and blue["date"] == "2024-03-01"
    assert blue["answers"] == {k: BLUE_COMBINED[k] for k in specs_order(specs[OM], BLUE_COMBINED)}
    assert blue["answers"] == combined_result(specs[OM], list(WORKSHOP_BLUE.values()))
    assert blue["phase"] == score(specs[OM], BLUE_COMBINED)["phase"]
    assert blue["dimensions"] == dims(score(specs[OM], BLUE_COMBINED))
    listed = {d["question"]: d for d in blue["disagreements"]}
    assert set(listed) == {"slo-coverage", "postmortems"}          # 3 options apart; ops/mixed (1) is not
    assert listed["slo-coverage"]["spread"] == 3
    assert listed["slo-coverage"]["combined"] == ["A few pilots"]
    assert [a["respondent"] for a in listed["postmortems"]["answers"]] == ["Ana", "Ben"]
    assert listed["postmortems"]["unanswered"] == ["Chen"]
    assert green["answers"] == GREEN_COMBINED                    # lower median; no lifecycle majority
    life = next(d for d in green["disagreements"] if d["question"] == "lifecycle")
    assert life["combined"] == [] and life["spread"] == 3
    # The heatmap row of a workshop team is the combined view.
    row = next(r for r in section(report, OM)["teams"] if r["team"] == "Workshop Blue")
    assert row["latest"]["workshop"] and len(row["latest"]["files"]) == 3


def specs_order(spec: dict, answers: dict) -> list[str]:
    return [q["id"] for q in questions_of(spec) if q["id"] in answers]


def test_spread_option_lists_closer_disagreements_too(corpus, specs):
    folder = corpus.folder / "workshops"
    data, _ = make_report(ReportRequest([folder], settings=__import__("sre_org_playbook.report", fromlist=["Settings"])
                                        .Settings(spread=0)), specs)
    blue = next(w for w in section(data, OM)["workshops"] if w["team"] == "Workshop Blue")
    assert {d["question"] for d in blue["disagreements"]} == {"slo-coverage", "postmortems", "oncall-owner",
                                                             "lifecycle"}


def test_notes_on_used_files(report):
    notes = {Path(u["path"]).name: u["notes"] for u in report["used"]}
    assert any("disagrees with re-scoring" in n and "phase 'partner-enabler'" in n for n in notes["tampered.json"])
    assert any("changed since" in n for n in notes["old-hash.json"])
    assert notes["answers-only.yaml"] == []
    assert notes["team-01.json"] == []
    tampered = next(u for u in report["used"] if u["path"].endswith("tampered.json"))
    assert tampered["phase"] != "partner-enabler" or tampered["dimensions"]["slo"] != 99


def test_include_older_rescores_older_answers_and_questionnaire_filter(corpus, specs):
    older = next(Path(p) for p in corpus.bad if p.endswith("/older.json"))
    data, loaded = make_report(ReportRequest([older], include_older=True), specs)
    assert not loaded.left_out and "re-scored against the current version" in data["used"][0]["notes"][0]
    data, loaded = make_report(ReportRequest([corpus.folder / "model-fit", corpus.folder / "people"], only=MF), specs)
    assert {s["id"] for s in data["questionnaires"]} == {MF}
    assert {lo.kind for lo in loaded.left_out} == {"other-questionnaire"} and len(loaded.left_out) == 5


# --- targets --------------------------------------------------------------------------------

def test_targets_against_current_phase(corpus, specs, cli_scores, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(textwrap.dedent("""
        default:
          organisational-maturity: practice-without-reorganisation
        teams:
          team 01:                      # case and spacing are ignored
            organisational-maturity: unstructured-operations
          "Team  02":
            organisational-maturity: partner-enabler
          Team 99:
            organisational-maturity: grassroots-experiments
    """), encoding="utf-8")
    data, _ = make_report(ReportRequest([corpus.folder / "maturity"], targets), specs)
    rows = {r["team"]: r for r in section(data, OM)["teams"]}
    order = [p["id"] for p in specs[OM]["outcomes"]["phases"]]
    for name, row in rows.items():
        current = cli_scores[corpus.teams[OM][name][0]]["phase"]
        target = {"Team 01": "unstructured-operations", "Team 02": "partner-enabler"}.get(
            name, "practice-without-reorganisation")
        steps = order.index(target) - (order.index(current) if current else -1)
        assert row["target"] == {"phase": target, "default": name not in ("Team 01", "Team 02"), "steps": steps,
                                 "status": "beyond" if steps < 0 else "reached" if steps == 0 else "below"}
    summary = section(data, OM)["targets"]
    assert summary["reached"] + summary["below"] == len(rows) and summary["without"] == 0
    (warning,) = data["targets_warnings"]
    assert warning["line"] == 9 and "no results for team 'Team 99'" in warning["message"]
    assert "did you mean" in warning["message"]


def test_bad_targets_file_lists_every_problem_and_writes_no_report(corpus, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text(textwrap.dedent("""
        defaults:
          organisational-maturity: practice-without-reorganisation
        teams:
          Checkout:
            organisational-maturty: explicit-structure
            model-fit: ybiyri
          Payments:
            organisational-maturity: explicit-structur
          payments:
            organisational-maturity: partner-enabler
          Search: explicit-structure
          Ads:
            organisational-maturity: 3
    """), encoding="utf-8")
    out = tmp_path / "report.md"
    code, _, err = cli(["report", str(corpus.folder / "maturity"), "--targets", str(targets), "--out", str(out)])
    assert code == 1 and not out.exists() and "Traceback" not in err
    t = targets.as_posix()
    for line, field, words in [
        (2, "defaults", "unknown key 'defaults' (did you mean 'default'?)"),
        (6, "teams.Checkout.organisational-maturty", "did you mean 'organisational-maturity'"),
        (7, "teams.Checkout.model-fit", "has no phases"),
        (9, "teams.Payments.organisational-maturity", "no phase 'explicit-structur' (did you mean 'explicit-structure'?)"),
        (10, "teams.payments", "listed twice"),
        (12, "teams.Search", "expected a mapping"),
        (14, "teams.Ads.organisational-maturity", "expected a phase id"),
    ]:
        assert re.search(rf"^{re.escape(t)}:{line}: {re.escape(field)}: .*{re.escape(words)}", err, re.M), (line, err)
    assert "7 problem(s) in 1 file(s)" in err


# --- output formats and safety --------------------------------------------------------------

class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]


def test_markdown_report_escapes_untrusted_names(corpus, specs):
    data, _ = make_report(ReportRequest([corpus.folder]), specs)
    text = to_markdown(data, Links("assessments/report.md"), ROOT / "site_templates")
    assert "<img" not in text  # the rendered HTML below has no link, image or handler from the name
    rendered = markdown.markdown(text.split("---", 2)[2], extensions=[
        "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
        "pymdownx.details", "pymdownx.superfences"])
    parser = Tags()
    parser.feed(rendered)
    assert "img" not in parser.tags and "script" not in parser.tags
    assert not [a for a in parser.attrs if a[1].startswith("on")]
    assert not [a for a in parser.attrs if a[1] == "href" and "javascript" in (a[2] or "")]
    assert not [a for a in parser.attrs if a[1] == "id" and a[2] == "y"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in rendered            # shown as text
    assert "table" in parser.tags and parser.tags.count("th") > 10      # heatmap and tables rendered
    assert 'class="pr-h' in rendered


def test_escape_helpers():
    assert md("a|b *c* <d> & [e](f) `g` #h") == r"a\|b \*c\* &lt;d\> &amp; \[e\]\(f\) \`g\` \#h"
    assert h('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert md("line\nbreak\u202e") == "line break"
    assert md(None) == "—"


def test_text_and_markdown_formats(corpus, tmp_path):
    code, out, err = cli(["report", str(corpus.folder / "maturity"), str(corpus.folder / "workshops")])
    assert code == 0 and "✓ report of" in err
    assert out.startswith("Organisation report — 43 of 43 result files used")
    assert re.search(r"^  Team 01\*?\s+\d+", out, re.M) and "Workshops (combined answers" in out
    target = tmp_path / "org.md"
    code, _, err = cli(["report", str(corpus.folder / "maturity"), "--out", str(target), "--base-url",
                        "https://sre.example/"])
    assert code == 0 and target.read_text(encoding="utf-8").startswith("---\ntitle: Organisation report")
    assert "](https://sre.example/phases/" in target.read_text(encoding="utf-8")


def test_missing_results_path_and_unknown_questionnaire_are_errors(tmp_path):
    code, _, err = cli(["report", str(tmp_path / "nope"), "--questionnaire", "organisational-maturty"])
    assert code == 1 and "no such file or folder" in err and "did you mean 'organisational-maturity'" in err


def test_nothing_usable_still_gives_a_report(tmp_path):
    (tmp_path / "x.json").write_text("{", encoding="utf-8")
    code, out, err = cli(["report", str(tmp_path), "--format", "md"])
    assert code == 1 and "No result file could be used" in out and "x.json:1: json: syntax error" in err


def test_report_skips_its_own_output_and_targets_file(corpus, tmp_path, specs):
    folder = tmp_path / "r"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(corpus.good[corpus.teams[OM]["Team 01"][0]]), encoding="utf-8")
    (folder / "targets.yaml").write_text("teams: {Team 01: {organisational-maturity: explicit-structure}}\n",
                                         encoding="utf-8")
    for _ in range(2):  # the second run finds the first run's report in the folder
        code, _, err = cli(["report", str(folder), "--targets", str(folder / "targets.yaml"),
                            "--out", str(folder / "report.json")])
        assert code == 0, err
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert data["files"]["read"] == 1 and section(data, OM)["teams"][0]["target"]["phase"] == "explicit-structure"


def test_build_with_bad_targets_fails_and_keeps_the_previous_site(corpus, tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    (site / ".playbook-output").write_text("", encoding="utf-8")  # an earlier build's output
    targets = tmp_path / "t.yaml"
    targets.write_text("teams:\n  Team 01:\n    organisational-maturity: nope\n", encoding="utf-8")
    code, _, err = cli(["build", "--docs-dir", str(docs), "--site-dir", str(site), "--results",
                        str(corpus.folder / "maturity"), "--targets", str(targets)])
    assert code == 1 and f"{targets.as_posix()}:3: teams.Team 01.organisational-maturity:" in err
    assert (site / "index.html").read_text(encoding="utf-8") == "previous" and not docs.exists()
