"""Reading items that point to a shared onboarding stage link to that stage, not just to the top of
its page; an anchor that names no stage or step of its target is reported as `path:line: field`."""
from __future__ import annotations

import re
import textwrap

import pytest

from sre_org_playbook.pipeline import Project, generate
from sre_org_playbook.problems import ProblemsFound
from test_onboarding import PATH_YAML

START = "onboarding/start-here"


@pytest.fixture(scope="module")
def shipped(shipped_playbook):
    return shipped_playbook.catalog, shipped_playbook.rendered.files


def test_every_path_reading_of_a_shared_stage_links_to_that_stage(shipped):
    catalog, files = shipped
    start_md = files[f"{START}.md"]
    stages = {s["id"]: s["title"] for s in catalog.entities[START].data["stages"]}
    checked = 0
    for e in catalog.of_kind("onboarding"):
        if e.data["type"] != "path":
            continue
        md = files[f"onboarding/{e.id}.md"]
        for s in e.data["stages"]:
            for r in s["read"]:
                if r["ref"] != START:
                    continue
                anchor = r.get("anchor")
                assert anchor in stages, f"{e.path}: stage {s['id']} reads {START} without a stage to go to"
                assert f"{{: #{anchor} }}" in start_md, f"{START} has no heading with the id {anchor}"
                link = f"[Onboarding new SREs: start here › {stages[anchor]}](start-here.md#{anchor})"
                assert link in md, f"{e.path}: stage {s['id']} does not link {link}"
                checked += 1
    # Every path reads the common stage, and the application and platform paths their two shared stages.
    assert checked == 8


def test_the_anchor_leaves_the_saved_item_id_as_it_was(shipped):
    """Progress is keyed by the item id: linking to a stage must not orphan a saved tick."""
    catalog, files = shipped
    ids = [i["id"] for i in catalog.entities["onboarding/application-sre"].data["checklist"] if i["kind"] == "read"]
    assert "practise--read--onboarding--start-here" in ids
    assert not [i for i in ids if re.search(r"start-here--", i)]


# test_onboarding's path, reading a stage of another path and a page with no stages, both by anchor.
PATH = textwrap.dedent(PATH_YAML).replace("read: [{ref: models/build-run, why: The model}]", """read:
      - {ref: onboarding/b-path, anchor: twoo, why: The shared stage}
      - {ref: models/build-run, anchor: one, why: The model}""")
assert "anchor: twoo" in PATH
SHARED = "      - {ref: onboarding/b-path, anchor: twoo, why: The shared stage}\n"


def test_an_anchor_to_no_stage_of_its_target_is_named_with_the_stages_it_could_be(make_project):
    other = PATH.replace("title: A path", "title: B path").replace("id: one", "id: two").replace(SHARED, "")
    root = make_project({"onboarding/a-path.yaml": PATH, "onboarding/b-path.yaml": other.replace("anchor: one, ", "")})
    with pytest.raises(ProblemsFound) as exc:
        generate(Project.at(root))
    found = {(p.path, p.field): (p.line, p.message) for p in exc.value.problems}
    written = (root / "content/onboarding/a-path.yaml").read_text(encoding="utf-8").splitlines()
    line, message = found[("content/onboarding/a-path.yaml", "stages.0.read.0.anchor")]
    assert "anchor: twoo" in written[line - 1]
    assert message == "'twoo' is not a place on onboarding/b-path (did you mean 'two'?); its stages and steps: two"
    line, message = found[("content/onboarding/a-path.yaml", "stages.0.read.1.anchor")]
    assert message == "'one' is not a place on models/build-run; it has no stages or steps to link to"
    assert len(exc.value.problems) == 2


def test_a_reading_path_step_can_link_to_a_stage(make_project):
    root = make_project({
        "onboarding/a-path.yaml": PATH.replace(SHARED, "").replace("anchor: one, ", ""),
        "paths/new.yaml": """
            title: New here
            summary: Read these.
            audience: new-sres
            steps:
              - {ref: onboarding/a-path, anchor: one, why: Its first stage}
        """,
    })
    files = generate(Project.at(root)).files
    assert "1. [A path › First](../onboarding/a-path.md#one) — Its first stage" in files["paths/new.md"]
