"""Properties of the shipped questionnaires over random answer sets (Hypothesis): the rules the
sources impose hold for every organisation and person, not only for the scenarios.

- Practice before structure: with no SRE practice begun, no title, rename, structure or sponsor
  lifts an organisation out of the lowest phase (§12.9.4: "Otherwise, nothing would change").
- The highest availability targets never get "you build it, ops run it" first (§12.2.2, §12.2.5).
- No SRE-team count, placement, funding, KPI or line-manager advice, and no placement, when the
  recommended model has no SRE team (§12.3, §12.4, §12.5).
- Meeting every principal criterion ranks principal first (§12.10, §12.10.2).
- Ties are never settled silently: a lead without a reason is a tie the result shows.
"""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sre_org_playbook.assessments.engine import questions_of, score
from sre_org_playbook.assessments.load import load_questionnaires
from sre_org_playbook.assessments.spec import build_spec

ROOT = Path(__file__).resolve().parent.parent
SPECS = {one.id: build_spec(one.questionnaire) for one in load_questionnaires(ROOT)[0]}
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answers(qid: str, **fixed) -> st.SearchStrategy[dict]:
    """Random answers to every question of a questionnaire (some left out); `fixed` maps a
    question to the options it may take (a list of choices; None means unanswered)."""
    parts = {}
    for question in questions_of(SPECS[qid]):
        ids = [o["id"] for o in question["options"]]
        if question["id"] in fixed:
            parts[question["id"]] = st.sampled_from(fixed[question["id"]])
        elif question["type"] == "single":
            parts[question["id"]] = st.none() | st.sampled_from(ids)
        else:
            plain = [o["id"] for o in question["options"] if not o["exclusive"]]
            exclusive = [[o["id"]] for o in question["options"] if o["exclusive"]]
            parts[question["id"]] = st.none() | st.lists(st.sampled_from(plain), unique=True, min_size=1) \
                | (st.sampled_from(exclusive) if exclusive else st.nothing())
    return st.fixed_dictionaries(parts).map(lambda d: {k: v for k, v in d.items() if v is not None})


def ranking(result: dict, rid: str) -> dict:
    return next(r for r in result["rankings"] if r["id"] == rid)


NO_PRACTICE = {
    "slo-coverage": ["none", None],
    "drivers": ["nobody", "renamed-by-management", "managers", "executives", None],
    "postmortems": ["none", "blame", None],
    "toil-automation": ["manual", "ad-hoc", None],
    "engineering-time": ["none", "occasional", None],
}


@SETTINGS
@given(answers("organisational-maturity", **NO_PRACTICE))
def test_a_title_or_structure_without_practice_stays_in_the_lowest_phase(given_answers):
    result = score(SPECS["organisational-maturity"], given_answers)
    assert result["phase"] == "unstructured-operations", given_answers


@SETTINGS
@given(answers("organisational-maturity"))
def test_structure_is_never_reached_before_a_proven_practice(given_answers):
    result = score(SPECS["organisational-maturity"], given_answers)
    dims = {d["id"]: (d["raw"], d["max"]) for d in result["dimensions"]}
    proven = all(raw * 100 >= t * most and most for (raw, most), t in
                 ((dims["slo"], 65), (dims["oncall"], 60), (dims["toil"], 50), (dims["product"], 55)))
    if result["phase"] in ("explicit-structure", "partner-enabler"):
        assert proven, given_answers


@SETTINGS
@given(answers("model-fit", availability=["highest", "mixed"]))
def test_highest_targets_never_get_ops_run_it_first(given_answers):
    result = score(SPECS["model-fit"], given_answers)
    assert ranking(result, "model")["top"] != "ops", given_answers


SRE_TEAM_MODELS = {"ybiyasri", "ybisri"}
SRE_TEAM_ADVICE = {a["id"] for a in SPECS["model-fit"]["outcomes"]["advice"]
                   if a["group"] in ("team-count", "placement")} | {"funding-case", "line-manager-change"}


@SETTINGS
@given(answers("model-fit"))
def test_no_sre_team_advice_or_placement_when_the_model_has_no_sre_team(given_answers):
    result = score(SPECS["model-fit"], given_answers)
    top = ranking(result, "model")["top"]
    placement = ranking(result, "placement")
    assert placement["applies"] == (top in SRE_TEAM_MODELS), given_answers
    if top not in SRE_TEAM_MODELS:
        assert placement["top"] is None
        assert not SRE_TEAM_ADVICE & set(result["advice"]), (top, result["advice"])


def test_the_sre_team_advice_set_is_not_empty():
    assert {"sre-teams-1", "sre-teams-beyond-17", "new-head-of-sre", "incident-kpis", "funding-case"} <= SRE_TEAM_ADVICE


ALL_PRINCIPAL_CRITERIA = ["six-months", "influence", "communication", "feedback", "seeking", "mentored"]


@SETTINGS
@given(answers("sre-role-readiness",
               # the criteria: five years, practice, some of the principal's own work for six months
               # (and the junior's, which a principal also does), and all the transition criteria
               years=["five-plus"], practised=["months", "years"],
               **{"principal-work": ["some", "most", "all"], "junior-work": ["some", "most", "all"]},
               **{"transition-criteria": [ALL_PRINCIPAL_CRITERIA]}),
       st.lists(st.sampled_from(["software-engineering", "software-operations", "debugging", "distributed-systems",
                                 "large-scale", "infrastructure-as-code"]), unique=True, min_size=3))
def test_meeting_every_principal_criterion_ranks_principal_first(given_answers, skills):
    given_answers["technical-skills"] = skills
    result = score(SPECS["sre-role-readiness"], given_answers)
    assert ranking(result, "level")["top"] == "principal", given_answers


@SETTINGS
@given(st.sampled_from(["model-fit", "sre-role-readiness"]).flatmap(lambda qid: st.tuples(st.just(qid), answers(qid))))
def test_ties_are_shown_never_settled_silently(case):
    qid, given_answers = case
    for item in score(SPECS[qid], given_answers)["rankings"]:
        eligible = [c for c in item["candidates"] if c["rank"] is not None]
        if len(eligible) < 2:
            assert item["lead"] is None and item["tied"] == []
            continue
        lead = item["lead"]
        assert lead["over"] == eligible[1]["id"]
        if lead["by"] is None:
            assert item["tied"][:2] == [eligible[0]["id"], eligible[1]["id"]]
            assert eligible[1]["id"] in eligible[0]["tied_with"]
        else:
            assert item["tied"] == [] and eligible[0]["tied_with"] == []
            assert (lead["by"] == "points") == (eligible[0]["score"] > eligible[1]["score"])
