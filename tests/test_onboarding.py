"""Onboarding as data: every reference of the paths resolves, every stage has its own page in the
nested nav, every self-check gap is closed by a stage (and links back), the checklist hash keys
saved progress, bad onboarding files are reported by file and field, and the browser's progress
logic (assets/onboarding/state.js) is lossless — run under node."""
from __future__ import annotations

import itertools
import json
import posixpath
import shutil
import subprocess
import textwrap

import pytest

from conftest import ROOT
from sre_org_playbook.kinds import KINDS, Onboarding
from sre_org_playbook.pipeline import Project, generate
from sre_org_playbook.problems import ProblemsFound
from sre_org_playbook.schema_export import modeline, schemas

PATHS = ["application-sre", "platform-sre", "infrastructure-sre", "developer-on-rotation"]


@pytest.fixture(scope="module")
def shipped(shipped_playbook):
    return shipped_playbook.catalog, shipped_playbook.assessments, shipped_playbook.rendered


def onboarding(catalog, kind=None):
    return [e for e in catalog.of_kind("onboarding") if kind is None or e.data["type"] == kind]


def test_a_path_per_flavour_the_ladder_and_the_start_page(shipped):
    catalog, _, _ = shipped
    paths = onboarding(catalog, "path")
    assert sorted(e.id for e in paths) == sorted(PATHS)
    assert {e.data["flavour"] for e in paths} == {"application", "platform", "infrastructure", "developer-on-rotation"}
    assert [e.id for e in onboarding(catalog, "ladder")] == ["career-ladder"]
    assert [e.id for e in onboarding(catalog, "overview")] == ["start-here"]
    for e in paths:
        assert len(e.data["stages"]) >= 3, e.id
        for s in e.data["stages"]:
            assert s["goals"] and s["practices"] and s["done_when"].strip(), (e.id, s["id"])
            for pr in s["practices"]:
                assert pr["sources"], (e.id, s["id"], pr["id"])


def test_every_reference_resolves_and_every_practice_cites_a_source(shipped):
    catalog, _, rendered = shipped
    for e in onboarding(catalog):
        refs = set(e.refs)
        assert refs, e.ref
        assert refs <= set(catalog.entities), (e.ref, refs - set(catalog.entities))
        for s in e.data.get("stages") or []:
            for r in s["read"]:
                assert r["ref"] in catalog.entities
            for pr in s["practices"]:
                # Each practice cites a source by section (a {ref, section} citation).
                assert all(src["ref"].startswith("sources/") and src["ref"] in catalog.entities and src["section"]
                           for src in pr["sources"])
                assert all(ref in catalog.entities for ref in pr["see"])
    # The rendered pages link every reading and cited source (strict mkdocs checks the links).
    md = rendered.files["onboarding/application-sre.md"]
    for s in catalog.entities["onboarding/application-sre"].data["stages"]:
        for r in s["read"]:
            assert f"]({posixpath.relpath(r['ref'] + '.md', 'onboarding')})" in md, r["ref"]


def nav_pages(nav, trail=()):
    """(trail of section titles, page path) for every page in the nav."""
    for item in nav:
        if isinstance(item, str):
            yield trail, item
            continue
        (title, value), = item.items()
        if isinstance(value, list):
            yield from nav_pages(value, trail + (title,))
        else:
            yield trail + (title,), value


def test_every_stage_has_a_page_reachable_in_the_nested_nav(shipped):
    catalog, _, rendered = shipped
    found = {path: trail for trail, path in nav_pages(rendered.nav)}
    for e in onboarding(catalog, "path"):
        whole = f"onboarding/{e.id}.md"
        assert found[whole][:3] == ("Careers", "Onboarding", e.title), found[whole]
        for n, s in enumerate(e.data["stages"], 1):
            page = f"onboarding/{e.id}/{s['id']}.md"
            assert page in rendered.files, page
            assert found[page] == ("Careers", "Onboarding", e.title, f"{n}. {s['title']}"), found.get(page)
            assert f"# {n}. {s['title']}" in rendered.files[page]
            assert f'data-group="{s["id"]}"' in rendered.files[page]
            # The whole path's page holds the stage too, with a link to the stage's own page.
            assert f"## {n}. {s['title']} {{: #{s['id']} }}" in rendered.files[whole]
            assert f"]({e.id}/{s['id']}.md)" in rendered.files[whole]
    for ref in ("onboarding/start-here.md", "onboarding/career-ladder.md"):
        assert found[ref][:2] == ("Careers", "Onboarding")
    # Nested, not flat: no nav level lists more than the generator's bound.
    assert ".nav.json" in rendered.files and json.loads(rendered.files[".nav.json"]) == rendered.nav


def test_self_check_gaps_close_in_a_stage_of_every_path_and_link_back(shipped):
    catalog, assessments, rendered = shipped
    spec = assessments.specs["sre-role-readiness"]
    advice = {a["id"]: a for a in spec["outcomes"]["advice"]}
    ladder = catalog.entities["onboarding/career-ladder"].data
    for e in onboarding(catalog, "path"):
        closed = {gap for s in e.data["stages"] for gap in s["closes"]}
        assert closed <= set(advice)
        assert closed == {a for a in advice if advice[a]["group"] == "gaps"}, e.id
    by_ladder = {gap for t in ladder["transitions"] for gap in t["closes"]}
    assert {a for a in advice if advice[a]["group"] == "next"} <= by_ladder
    # Each piece of advice links to the onboarding page that maps it to its stage or step.
    for a in advice.values():
        target = "onboarding/start-here" if a["group"] == "gaps" else "onboarding/career-ladder"
        assert target in a["links"], a["id"]
        assert spec["links"][target]["url"] == target + "/"
    start = rendered.files["onboarding/start-here.md"]
    for a in advice.values():
        assert f"| **{a['title']}** |" in start
    assert "Stage 2 of every path: [Application SRE](application-sre/practise.md)" in start
    assert "[From junior to senior SRE](career-ladder.md#junior-to-senior)" in start
    # The path pages link the self-check and name the gaps each stage closes.
    md = rendered.files["onboarding/application-sre.md"]
    assert "[SRE role readiness](../assessments/sre-role-readiness.md)" in md
    assert "*Practise SRE on real products*" in md


def test_career_ladder_side_by_side_with_head_count_and_transition_criteria(shipped):
    catalog, _, rendered = shipped
    md = rendered.files["onboarding/career-ladder.md"]
    table = catalog.entities["comparisons/sre-career-levels"].data
    assert [r["criterion"] for r in table["rows"]] == ["Scope", "Responsibilities", "Accountable for",
                                                       "Relevant experience", "Remuneration", "Head count"]
    assert "| **Head count** | Roughly one per development team | Roughly one per product domain | Roughly one per product line |" in md
    steps = catalog.entities["onboarding/career-ladder"].data["transitions"]
    assert [(t["after"], t["to"]) for t in steps] == [(None, "roles/junior-sre"), ("roles/junior-sre", "roles/senior-sre"),
                                                      ("roles/senior-sre", "roles/principal-sre")]
    criteria = {t["id"]: [c["id"] for c in t["criteria"]] for t in steps}
    assert "mentored" in criteria["senior-to-principal"] and "mentored" not in criteria["junior-to-senior"]
    assert all(c.count("six-months") == 1 for k, c in criteria.items() if k != "to-junior")
    assert 'data-level="not-yet"' in md and "Not yet an SRE" in md
    for t in steps:
        for c in t["criteria"]:
            assert f'data-item="{t["id"]}--{c["id"]}"' in md
    assert md.count("☐ met ☐ not yet") == sum(len(t["criteria"]) for t in steps)


def test_home_page_new_sre_route_starts_with_the_onboarding_path(shipped):
    catalog, _, rendered = shipped
    steps = catalog.entities["paths/new-sres"].data["steps"]
    assert steps[0]["ref"] == "onboarding/start-here"
    assert "onboarding/career-ladder" in [s["ref"] for s in steps]
    home = rendered.files["index.md"]
    assert "[Onboarding new SREs: start here](onboarding/start-here.md)" in home


def test_checklists_read_without_javascript_as_glyph_lists(shipped):
    catalog, _, rendered = shipped
    for e in onboarding(catalog, "path"):
        md = rendered.files[f"onboarding/{e.id}.md"]
        for item in e.data["checklist"]:
            assert f'data-item="{item["id"]}" data-h="{item["h"]}"' in md, item["id"]
        assert md.count('<span class="pb-box" aria-hidden="true">☐</span>') == len(e.data["checklist"])
        assert "<noscript" in md
        assert f'data-hash="{e.data["checklist_hash"]}"' in md


def test_checklist_hash_follows_item_wording_not_the_prose_around_it():
    data = (ROOT / "content/onboarding/application-sre.yaml").read_text(encoding="utf-8")
    import yaml

    doc = yaml.safe_load(data)
    base = Onboarding.model_validate(doc)
    ids = [i["id"] for i in base.checklist]
    assert len(ids) == len(set(ids))
    doc["stages"][0]["goals"].append("A new goal")
    doc["summary"] = "Reworded summary."
    assert Onboarding.model_validate(doc).checklist_hash == base.checklist_hash
    doc["stages"][0]["practices"][0]["text"] = "Reworded practice."
    changed = Onboarding.model_validate(doc)
    assert changed.checklist_hash != base.checklist_hash
    assert [i["id"] for i in changed.checklist] == ids  # same ids: saved ticks still apply, flagged
    assert [i["h"] for i in changed.checklist] != [i["h"] for i in base.checklist]


def test_content_files_have_the_modeline_and_the_schema_is_current():
    for f in sorted((ROOT / "content/onboarding").glob("*.yaml")):
        assert f.read_text(encoding="utf-8").splitlines()[0] == modeline("onboarding"), f.name
    assert (ROOT / "schemas/onboarding.schema.json").read_text(encoding="utf-8") == schemas()["onboarding.schema.json"]
    assert KINDS["onboarding"].subpages and KINDS["onboarding"].cross_check


# --- bad onboarding files: named by file and field, all at once ---------------------------------

PATH_YAML = """
    title: A path
    summary: Stages.
    type: path
    flavour: application
    self_check: null
    stages:
      - id: one
        title: First
        goals: [Learn]
        read: [{ref: models/build-run, why: The model}]
        practices:
          - {id: try, text: Do it, sources: [sources/book]}
        done_when: Done.
    sources: [sources/book]
"""


def problems_of(make_project, text):
    root = make_project({"onboarding/a-path.yaml": text})
    with pytest.raises(ProblemsFound) as exc:
        generate(Project.at(root))
    return [(p.path, p.field, p.message) for p in exc.value.problems]


def test_a_minimal_path_renders_its_stage_pages(make_project):
    root = make_project({"onboarding/a-path.yaml": PATH_YAML})
    rendered = generate(Project.at(root))
    assert "onboarding/a-path/one.md" in rendered.files
    assert "[You build it, you run it](../models/build-run.md)" in rendered.files["onboarding/a-path.md"]


@pytest.mark.parametrize("old, new, field, message", [
    ("flavour: application", "flavour: applicaton", "flavour", "Input should be"),
    ("    done_when: Done.", "    done_when: Done.\n    colour: red", "stages.0.colour", "unknown key 'colour'"),
    ("      - {id: try, text: Do it, sources: [sources/book]}",
     "      - {id: try, text: Do it, sources: [sources/book]}\n      - {id: try, text: Again, sources: [sources/book]}",
     "stages.0.practices", "duplicate practice id 'try'"),
    ("ref: models/build-run", "ref: models/bild-run", "stages.0.read.0.ref", "unknown reference 'models/bild-run'"),
    ("type: path", "type: ladder", "(file)", "a ladder needs"),
    ("{id: try, text: Do it, sources: [sources/book]}", "{id: try, text: Do it}", "stages.0.practices.0.sources",
     "required field is missing"),
])
def test_bad_onboarding_files_name_file_and_field(make_project, old, new, field, message):
    text = textwrap.dedent(PATH_YAML)
    assert old in text, old
    found = problems_of(make_project, text.replace(old, new))
    assert any(p == "content/onboarding/a-path.yaml" and f == field and message in m for p, f, m in found), found


def test_a_self_check_or_gap_that_does_not_exist_is_named(make_project):
    text = textwrap.dedent(PATH_YAML).replace("self_check: null", "self_check: readiness")
    assert problems_of(make_project, text) == [
        ("content/onboarding/a-path.yaml", "self_check",
         "no questionnaire 'readiness' in assessments/ (known: none); name one, or write null for none")]
    from sre_org_playbook.catalog import Entity
    from sre_org_playbook.kinds import check_onboarding

    entity = Entity("onboarding", "a-path", "content/onboarding/a-path.yaml",
                    {"self_check": "q", "stages": [{"closes": ["core-gap"]}, {"closes": ["core-gapp"]}]})
    spec = {"id": "q", "outcomes": {"advice": [{"id": "core-gap"}, {"id": "human-gap"}]}}
    assert check_onboarding(entity, {"q": spec}) == [
        ("stages.1.closes.0", "'core-gapp' is not an advice id of assessments/q (did you mean 'core-gap'?); "
                              "known: core-gap, human-gap")]



def test_a_gap_the_self_check_does_not_have_is_reported_on_its_own_line(make_project):
    from test_assess_checks import BASE

    text = textwrap.dedent(PATH_YAML).replace("self_check: null", "self_check: quiz").replace(
        "    done_when: Done.", "    done_when: Done.\n    closes:\n      - start-slos\n      - start-slo")
    root = make_project({"onboarding/a-path.yaml": text})
    quiz = BASE.replace("links: [patterns/grassroots]", "links: [models/ops-run]")
    (root / "assessments" / "quiz.yaml").write_text(quiz, encoding="utf-8")
    with pytest.raises(ProblemsFound) as exc:
        generate(Project.at(root))
    [problem] = exc.value.problems
    written = (root / "content/onboarding/a-path.yaml").read_text(encoding="utf-8").splitlines()
    assert (problem.path, problem.field) == ("content/onboarding/a-path.yaml", "stages.0.closes.1")
    assert written[problem.line - 1].strip() == "- start-slo"
    assert "did you mean 'start-slos'?" in problem.message

# --- the browser's progress logic, under node ----------------------------------------------------

NODE = shutil.which("node")


def run_node(script: str) -> dict:
    state = (ROOT / "site_templates/assets/onboarding/state.js").as_uri()
    out = subprocess.run([NODE, "--input-type=module", "-e", f'import * as S from "{state}";\n{script}'],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_restore_keeps_and_flags_what_no_longer_fits_and_never_drops_a_mark():
    got = run_node(r"""
const items = S.parseItems("a--read--roles--sre:11111111:r a--try:22222222:p a--done:33333333:d b--crit:44444444:c");
// As read back from localStorage: JSON, where "__proto__" is an ordinary own key.
const saved = JSON.parse(`{"format": 1, "checklist": "onboarding/x", "checklist_hash": "sha256:old", "person": "Ana",
  "level": "junior-sre", "items": {"a--try": {"state": "done", "h": "22222222", "text": "Try"},
  "a--done": {"state": "done", "h": "99999999", "text": "Old wording"},
  "gone--item": {"state": "done", "h": "55555555", "text": "Removed item"}, "b--crit": {"state": "maybe", "h": "44444444"},
  "__proto__": {"state": "done"}, "a--read--roles--sre": "done"},
  "notes": {"b--crit": "evidence", "gone--item": "a note"},
  "kept": [{"id": "older", "state": "done", "reason": "no longer in this checklist", "text": "From before"}]}`);
const r = S.restore(saved, items, ["not-yet", "junior-sre"], "sha256:new");
const again = S.restore(S.record({checklist: "onboarding/x", title: "X", hash: "sha256:new"}, r.state, r.kept, "2024-01-01"), items, ["not-yet", "junior-sre"], "sha256:new");
console.log(JSON.stringify({r, again: again.kept.length, same: JSON.stringify(again.state) === JSON.stringify(r.state),
  progress: S.progress(r.state, items), group: S.progress(r.state, items, "b"),
  doc: S.checkDoc({checklist: "onboarding/y", items: {}}, {checklist: "onboarding/x", hash: "h"}),
  doc2: S.checkDoc({checklist: "onboarding/x", items: {}, extra: 1, checklist_hash: "other"}, {checklist: "onboarding/x", hash: "h"}),
  doc3: S.checkDoc([1], {checklist: "onboarding/x", hash: "h"})}));
""")
    r = got["r"]
    assert r["state"]["items"] == {"a--try": {"state": "done", "h": "22222222", "text": "Try"},
                                   "a--done": {"state": "done", "h": "99999999", "text": "Old wording"}}
    assert r["changed"] == ["a--done"]  # reworded since ticked: kept, flagged
    assert r["state"]["notes"] == {"b--crit": "evidence"}
    assert r["state"]["level"] == "junior-sre" and r["state"]["person"] == "Ana"
    kept = {k["id"]: k for k in r["kept"]}
    assert set(kept) == {"older", "gone--item", "b--crit", "__proto__", "a--read--roles--sre"}
    assert kept["gone--item"]["reason"] == "no longer in this checklist" and kept["gone--item"]["note"] == "a note"
    assert "has no option 'maybe'" in kept["b--crit"]["reason"] and kept["b--crit"]["reason"].startswith("item")
    assert kept["a--read--roles--sre"]["reason"].startswith("not a saved mark")
    assert got["again"] == len(r["kept"]) and got["same"]  # a saved record restores to itself
    assert got["progress"] == {"total": 4, "done": 2, "met": 0, "notYet": 0}
    assert got["group"] == {"total": 1, "done": 0, "met": 0, "notYet": 0}
    assert got["doc"]["errors"] == ["this file holds progress for 'onboarding/y', this page is 'onboarding/x'"]
    assert got["doc2"]["errors"] == [] and len(got["doc2"]["warnings"]) == 2
    assert got["doc3"]["errors"]


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_restore_keeps_every_mark_when_the_whole_mapping_is_refused():
    got = run_node(r"""
const items = S.parseItems("a--x:1:p");
const many = {}; for (let i = 0; i < 1001; i++) many["i" + i] = {state: "done"};
const r = S.restore({checklist: "c", items: many}, items);
console.log(JSON.stringify({kept: r.kept.length, first: r.kept[0]}));
""")
    assert got["kept"] == 500  # capped at LIMITS.kept, each with the reason
    assert "too many" in got["first"]["reason"]


def test_what_every_path_shares_is_written_once_on_the_start_page(shipped):
    catalog, _, rendered = shipped
    paths = onboarding(catalog, "path")
    shared = catalog.entities["onboarding/start-here"].data["stages"]
    assert shared[0]["id"] == "common" and all(s["practices"] for s in shared)
    shared_ids = {pr["id"] for s in shared for pr in s["practices"]}
    shared_reads = {r["ref"] for s in shared for r in s["read"]}

    def said(e):
        """A path's practice texts and readings, leaving out its pointers to the start page."""
        return ({" ".join(pr["text"].split()) for s in e.data["stages"] for pr in s["practices"]}
                | {r["ref"] for s in e.data["stages"] for r in s["read"] if r["ref"] != "onboarding/start-here"})

    # Nothing is said by two paths: what two or more share lives on the start page, once.
    for a, b in itertools.combinations(paths, 2):
        assert said(a) & said(b) == set(), (a.id, b.id)
    for e in paths:
        assert shared_ids.isdisjoint(pr["id"] for s in e.data["stages"] for pr in s["practices"]), e.id
        assert shared_reads.isdisjoint(r["ref"] for s in e.data["stages"] for r in s["read"]), e.id
        # Each path points to the common stage, in its first stage and at the top of its page.
        assert any(r["ref"] == "onboarding/start-here" for r in e.data["stages"][0]["read"]), e.id
        assert "(start-here.md#common)" in rendered.files[f"onboarding/{e.id}.md"]
    # A stage shared by some paths is linked from the top of each path it names, and only those.
    for s in shared[1:]:
        named = [e for e in paths if e.data["flavour"].split("-")[0] in s["title"].lower()]
        assert len(named) >= 2, s["id"]
        for e in paths:
            assert (f"(start-here.md#{s['id']})" in rendered.files[f"onboarding/{e.id}.md"]) == (e in named), (s["id"], e.id)
    start = rendered.files["onboarding/start-here.md"]
    assert "## Common to every path {: #common }" in start and 'data-checklist="onboarding/start-here"' in start
