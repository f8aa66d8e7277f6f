"""Reading leads to assessing: the decision pages point, near their top and as the reader's question,
to the self-assessment that answers it, and each assessment links back to the pages it ranks."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli
from sre_org_playbook.pipeline import Project, generate

CAREER_LEVELS = ("roles/junior-sre", "roles/senior-sre", "roles/principal-sre", "roles/sre")


@pytest.fixture(scope="module")
def files(shipped_playbook) -> dict[str, str]:
    return {p: t for p, t in shipped_playbook.rendered.files.items() if p.endswith(".md")}


def expected(files) -> dict[str, set[str]]:
    """Page → the questionnaires it must point to (issue 16, point 4)."""
    need: dict[str, set[str]] = {}
    for path in files:
        kind, _, name = path.partition("/")
        if name and name != "index.md" and "/" not in name:
            need.update({path: {"model-fit"}} if kind in ("models", "placements") else
                        {path: {"organisational-maturity"}} if kind == "phases" else {})
    need["concepts/choosing-a-model.md"] = {"model-fit"}
    need["concepts/decision-dimensions.md"] = {"model-fit", "structure-discussion-guide"}
    need.update({f"comparisons/{c}.md": {"model-fit"} for c in ("model-comparison", "model-transitions",
                                                                "sre-team-placements")})
    need["concepts/decision-brief.md"] = {"model-fit", "organisational-maturity"}
    need["paths/leaders.md"] = {"model-fit", "organisational-maturity"}
    need.update({f"{ref}.md": {"sre-role-readiness"} for ref in CAREER_LEVELS})
    return need


def pointers(md: str, prefix: str = "../") -> dict[str, str]:
    """Questionnaire id → the question its pointer asks, for every pointer callout on a page."""
    found = re.findall(r'!!! question "([^"]+)"\n\s+The self-assessment \[[^\]]+\]\('
                       + re.escape(prefix) + r'assessments/([a-z0-9-]+)\.md\)', md)
    return {qid: ask for ask, qid in found}


def test_every_decision_page_points_to_the_assessment_that_answers_it(files):
    need = expected(files)
    assert len([p for p in need if p.startswith("models/")]) == 6
    assert len([p for p in need if p.startswith("phases/")]) == 5
    assert len([p for p in need if p.startswith("placements/")]) == 3
    for path, qids in need.items():
        md = files[path]
        found = pointers(md)
        assert qids <= set(found), f"{path} points to {sorted(found)}, not {sorted(qids)}"
        for qid in qids:
            assert found[qid].endswith("?"), f"{path}: the pointer to {qid} is not phrased as the reader's question"
            assert f"assessments/{qid}.md" in files, qid
            # Near the top: before the page's first section heading.
            body = md.split("\n---\n", 1)[1]
            first_h2 = body.find("\n## ")
            at = body.find(f"](../assessments/{qid}.md)")
            assert first_h2 == -1 or at < first_h2, f"{path}: the pointer to {qid} sits below the first section"


def test_pages_outside_the_decision_carry_no_default_pointer(files):
    """The kind defaults stay on their kinds: a comparison or a pattern names its own, if any."""
    assert pointers(files["comparisons/sre-career-levels.md"]) == {}
    assert pointers(files["patterns/grassroots-sre-rollout.md"]) == {}


def test_the_leaders_path_on_the_home_page_points_to_both_assessments(files):
    home = files["index.md"]
    tab = home[home.index('=== "Leaders"'):home.index("Also as a page: [Reading path: engineering leaders")]
    assert set(pointers(tab, prefix="")) == {"model-fit", "organisational-maturity"}


def test_the_assessments_link_back_to_the_pages_they_rank(files):
    for path, qids in expected(files).items():
        if path.split("/")[0] in ("models", "placements", "phases", "roles"):
            for qid in qids:
                assert f"](../{path})" in files[f"assessments/{qid}.md"], f"assessments/{qid} never links {path}"
    assert "](../concepts/choosing-a-model.md)" in files["assessments/model-fit.md"]


def test_every_page_that_points_to_an_assessment_is_linked_back_from_it(files):
    """The assessment page's "reading it answers" lists exactly the pages whose pointer names it."""
    asking: dict[str, set[str]] = {}
    for path, md in files.items():
        if path.count("/") == 1 and not path.startswith("assessments/"):
            for qid in pointers(md):
                asking.setdefault(qid, set()).add(path)
    assert set(asking) == {"organisational-maturity", "model-fit", "sre-role-readiness", "structure-discussion-guide"}
    for qid, paths in asking.items():
        page = files[f"assessments/{qid}.md"]
        reading = page[page.index("## The reading it answers"):page.index("## Sources")]
        linked = set(re.findall(r"\]\(\.\./([a-z0-9-]+/[a-z0-9-]+\.md)\)", reading))
        assert paths <= linked, (qid, sorted(paths - linked))


def test_a_kind_default_is_left_out_where_its_questionnaire_does_not_exist(make_project):
    """The minimal project has models but no questionnaires: its model pages build, without a pointer."""
    files = generate(Project.at(make_project())).files
    assert pointers(files["models/build-run.md"]) == {} and "assessments/model-fit" not in files["models/build-run.md"]


def test_a_pointer_to_an_unknown_questionnaire_is_reported(make_project):
    root = make_project({
        "concepts/idea.yaml": """
            title: An idea
            summary: One.
            sources: [sources/book]
            assessments:
              - {id: model-fitt, ask: Which model?, tells: ranks the models}
        """,
    })
    result = run_cli("--root", str(root), "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert "content/concepts/idea.yaml:5: assessments.0.id: no questionnaire 'model-fitt' in assessments/" in err
