"""The playbook keeps the facts of its sources: table cells, lists and figures, checked in the
generated Markdown. A fact dropped or changed in content/ fails here, naming the page and row."""
from __future__ import annotations

import re

import pytest


@pytest.fixture(scope="module")
def files(shipped_playbook) -> dict[str, str]:
    return {path: text for path, text in shipped_playbook.rendered.files.items() if path.endswith(".md")}


def page(files, path: str) -> str:
    assert path in files, f"page {path} is missing"
    return files[path]


def plain(cell: str) -> str:
    """A Markdown table cell as text: links, emphasis and line breaks removed."""
    cell = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell)
    cell = cell.replace("<br>", " / ").replace("\\|", "|").replace("**", "").replace("*", "")
    return " ".join(cell.split())


def tables(md: str) -> list[list[list[str]]]:
    """Every Markdown table on a page, as rows of plain cells (header row first)."""
    found, current = [], []
    for line in md.splitlines():
        if line.startswith("|") and line.rstrip().endswith("|"):
            if re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", line.strip()):
                continue
            cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
            current.append([plain(c) for c in cells])
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def row(md: str, label: str) -> list[str]:
    """The cells after the first cell of the one table row whose first cell is `label`."""
    rows = [r[1:] for t in tables(md) for r in t if r and r[0] == label]
    assert rows, f"no table row '{label}'"
    assert len(rows) == 1 or all(r == rows[0] for r in rows), f"row '{label}' differs between tables: {rows}"
    return rows[0]


def header(md: str, first: str) -> list[str]:
    heads = [t[0][1:] for t in tables(md) if t[0] and t[0][0] == first]
    assert heads, f"no table headed '{first}'"
    return heads[0]


def test_model_comparison_has_nine_criteria_and_the_sources_cells(files):
    md = page(files, "comparisons/model-comparison.md")
    assert header(md, "Criterion") == ["You build it, you run it", "You build it, you and SRE run it",
                                       "You build it, SRE run it", "You build it, ops run it"]
    assert row(md, "Cost") == ["High", "High", "High", "Low"]
    assert row(md, "Funding") == ["CAPEX"] * 4
    assert row(md, "Incident resolution times") == ["Minimal", "Short", "Short", "Maximal"]
    assert row(md, "Involvement of the development teams in on-call work") == [
        "Maximal", "Continuous", "None while services stay within their error budgets", "None"]
    assert row(md, "Knowledge synchronisation between teams") == [
        "None needed", "Partially required", "Required", "Not practical"]
    assert row(md, "Service handover for operations")[1:] == ["Partially required", "Required", "Required"]
    assert row(md, "Establishment of a distinct SRE organisation") == [
        "Not applicable", "May be an option", "May be an option", "Not applicable"]
    assert row(md, "Ownership of the SRE infrastructure")[0] == "Operations organisation"
    assert row(md, "Availability targets and product demand")[3] == "Lower targets and demand"
    assert len(tables(md)[0]) == 1 + 9


def test_ops_run_it_issues_keep_seven_rows_and_drop_the_duplicate(files):
    md = page(files, "comparisons/ops-run-it-issues.md")
    issues = [r[0] for r in tables(md)[0][1:]]
    assert issues == ["Long incident resolution times", "Large number of workarounds",
                      "Lack of knowledge synchronisation", "Limited adaptive capacity in the architecture",
                      "Limited telemetry", "Limited understanding of how infrastructure and services interact",
                      "Collaboration issues during incident response"]
    assert "blast radius" in row(md, "Limited adaptive capacity in the architecture")[0]
    assert "twice" in md  # the page says the source repeats a row
    assert "| **Limited telemetry** |" in page(files, "models/you-build-it-ops-run-it.md")


def test_three_ways_of_running_you_build_it_you_run_it(files):
    md = page(files, "comparisons/ways-of-running-ybiyri.md")
    assert row(md, "Who operates the services within the development team?") == [
        "The developers", "The SRE", "The SRE and the developers"]
    assert row(md, "Are SREs full development team members?") == ["Not applicable", "Yes", "Yes"]
    assert row(md, "What is the reporting line of SREs?")[1] == "Development manager → head of development"
    assert row(md, "How does it scale?")[2].endswith("each team gets a dedicated SRE")


def test_sre_team_placements_compared_on_seven_criteria(files):
    md = page(files, "comparisons/sre-team-placements.md")
    assert row(md, "Reporting line") == ["Development manager → head of development",
                                         "Operations manager → head of operations", "Head of SRE"]
    assert row(md, "Head count")[2] == "The SRE organisation's own head count"
    assert row(md, "Budget")[1] == "Part of the operations organisation's budget"
    assert row(md, "Cost accounting")[2] == "Within the SRE organisation, cross-organisational, or by service offered"
    assert row(md, "KPIs") == ["Set by the development organisation", "Set by the operations organisation",
                               "Set by the SRE organisation"]
    assert row(md, "Scalability") == ["Scale the number of SRE teams"] * 3
    assert [r[0] for r in tables(md)[0][1:]] == ["Reporting line", "Incentives", "Head count", "Budget",
                                                 "Cost accounting", "KPIs", "Scalability"]


def test_sre_team_scaling_shows_only_the_sources_figures_and_marks_the_gaps(files):
    md = page(files, "comparisons/sre-team-scaling.md")
    assert row(md, "1") == ["1"] and row(md, "9") == ["2"] and row(md, "17") == ["3"]
    for dev_teams in ("3", "5", "7", "11", "13", "15", "19", "21", "23"):
        assert row(md, dev_teams) == ["empty in the source"], dev_teams


def test_identity_pride_and_the_triangle(files):
    md = page(files, "comparisons/identity-and-pride.md")
    assert row(md, "Team identity and pride") == [
        "Might be product-specific", "Might be incident-specific",
        "Might be specific to the user experience in terms of reliability"]
    triangle = page(files, "concepts/sre-identity-triangle.md")
    assert "Product-centric" in row(triangle, "Development")[0]
    assert row(triangle, "Operations")[1] == "Missing in the source"


def test_funding_business_case_and_the_broken_funding_table(files):
    md = page(files, "concepts/funding-the-sre-team.md")
    assert "insurance" in md and "new line of business" in md
    options = page(files, "comparisons/funding-options.md")
    cells = row(options, "SRE team head count and budget")
    assert "no budget increase" in cells[0] and "development organisation" in cells[0]
    assert "product delivery organisation" in cells[1]
    assert cells[2] == "Missing in the source"
    assert "broken in the source" in options
    assert "two juniors" in page(files, "concepts/head-count-limits.md")


def test_cost_accounting_services_and_price_models(files):
    accounting = page(files, "concepts/cost-accounting.md")
    assert "flat hourly rate" in accounting and "transfer price" in accounting
    md = page(files, "comparisons/sre-services.md")
    prices = {name: row(md, name)[1] for name in (
        "SRE advisory", "SRE consulting", "Services co-design", "SRE transformation", "Shared on-call",
        "Dedicated on-call", "SRE infrastructure")}
    assert prices == {
        "SRE advisory": "Project price",
        "SRE consulting": "Project price",
        "Services co-design": "Transfer price based on negotiated rates",
        "SRE transformation": "Project price or transfer price based on negotiated rates",
        "Shared on-call": "Transfer price based on negotiated rates",
        "Dedicated on-call": "Price based on the services supported",
        "SRE infrastructure": "Software-as-a-service recurring pricing",
    }
    assert "without formal deliverables" in row(md, "SRE advisory")[0]
    assert "entry and exit criteria" in row(md, "Dedicated on-call")[0]


def test_example_kpis_their_critique_and_the_mttr_example(files):
    md = page(files, "comparisons/example-sre-team-kpis.md")
    assert row(md, "SRE team KPIs") == ["Rooted in the products under development", "Rooted in incidents",
                                        "Rooted in the reliability user experience"]
    kpi1, kpi2, kpi3 = row(md, "Example KPI 1"), row(md, "Example KPI 2"), row(md, "Example KPI 3")
    assert kpi1[0].startswith("97%") and "MTBF" in kpi1[1] and "two weeks" in kpi1[1] and kpi1[2].startswith("90%")
    assert "NPS of at least 75" in kpi2[0] and "less than a day" in kpi2[1] and "30%" in kpi2[2]
    assert "product C" in kpi3[0] and "quarter" in kpi3[1] and kpi3[2].startswith("95%")
    mttr = page(files, "comparisons/mttr-versus-downtime.md")
    assert row(mttr, "Period 1 (six incidents)") == ["30 minutes", "180 minutes", "Worse than in period 2"]
    assert row(mttr, "Period 2 (one incident)") == ["120 minutes", "120 minutes", "Better than in period 1"]
    critique = page(files, "concepts/incident-count-and-mttr-pitfalls.md")
    assert "6 × 30 = 180 minutes" in critique and "unique" in critique


def test_cost_optimisation_by_availability_target(files):
    md = page(files, "concepts/cost-optimisation.md")
    assert row(md, "High")[0] == "Team on-call rotation"
    assert row(md, "Medium")[0] == "Domain on-call rotation"
    assert "8/5" in md and "8/7" in md and "paragraph that introduces it" in md
    assert 'class="pb-diagram"' in md


def test_team_topologies_reporting_lines_and_their_gap(files):
    topo = page(files, "comparisons/team-topologies.md")
    assert row(topo, "Operations organisation")[0] == "SRE infrastructure team"
    assert row(topo, "SRE organisation")[0] == "Not applicable"
    assert "tool-chain procurement and administration in the operations organisation" in row(topo, "SRE organisation")[2]
    assert row(topo, "Development organisation")[0].count("Option") == 3
    lines = page(files, "comparisons/reporting-lines.md")
    assert row(lines, "Development organisation") == [
        "Developers (option 1) / SREs (options 2, 3)", "Developers / SREs (option 1)", "Missing in the source"]
    assert row(lines, "SRE organisation")[0] == "Not applicable"
    assert 'class="pb-diagram"' in lines and "Head of SRE" in lines


def test_holacracy_and_the_four_imperatives(files):
    md = page(files, "concepts/holacracy-and-radical-enterprise.md")
    for imperative in ("Team autonomy", "Managerial devolution", "Deficiency gratification", "Candid vulnerability"):
        assert imperative in md


def test_transition_matrix_and_decision_dimensions(files):
    md = page(files, "comparisons/model-transitions.md")
    assert header(md, "Transition from ↓ / to →")[0] == "Unorganised"
    assert row(md, "Unorganised") == ["—", "Possible", "Possible", "Possible", "Possible"]
    assert row(md, "You build it, ops run it") == ["No reason", "—", "Possible", "Possible", "Possible"]
    assert row(md, "You build it, SRE run it") == ["No reason", "Unlikely", "—", "Possible", "Possible"]
    assert row(md, "You build it, you and SRE run it") == ["No reason", "Unlikely", "Possible", "—", "Possible"]
    assert row(md, "You build it, you run it") == ["No reason", "Unlikely", "Possible", "Possible", "—"]
    assert 'class="pb-diagram"' in md
    dims = page(files, "concepts/decision-dimensions.md")
    assert "Who runs it?" in dims and "hard to correct" in dims


def test_new_director_reporting_options_and_organisation_types(files):
    md = page(files, "comparisons/new-director-or-vp.md")
    assert row(md, "SRE organisation") == ["—", "New director or VP", "New director or VP"]
    assert row(md, "Development organisation") == ["—", "—", "—"]
    options = page(files, "concepts/reporting-options.md")
    assert "table 12.19" in options and "left out" in options.lower()
    for exec_ in ("CTO", "CIO", "head of the product delivery organisation", "head of the product area"):
        assert exec_ in options
    types = page(files, "comparisons/sre-organisation-types.md")
    assert row(types, "Focus on") == ["Cost reduction", "Reliability asset", "Reliability business value",
                                      "Enabling business through reliability"]
    assert row(types, "Strategy") == ["Reduce cost", "Optimise the asset", "Exploit revenue", "Nurture"]
    assert "revenue protected" in page(files, "concepts/conveying-value-to-executives.md")


def test_questions_principles_and_myths(files):
    md = page(files, "questions/sre-org-structure.md")
    categories = [r[0] for r in tables(md)[0][1:]]
    assert categories == ["Roles and responsibilities", "Business vision", "Leadership", "Career", "Organisational",
                          "Budget", "Planning", "Regulatory", "Decision-making"]
    assert row(md, "Organisational") == ["6"]
    assert "Is a new C-level leader needed?" in md and "Can SRE be used for audit purposes?" in md
    principles = page(files, "concepts/sre-principles.md")
    assert len(re.findall(r"^- ", principles.split("## The seven principles", 1)[1].split("##", 1)[0], re.M)) == 7
    assert "SRE teams have the ability to regulate their workload." in principles
    myths = page(files, "concepts/sre-myths.md")
    assert "only be done with a central SRE team" in myths and "dedicated SRE team is required" in myths


def test_the_sre_role_names_assignment_fulfilment_and_compensation(files):
    role = page(files, "roles/sre.md")
    assert "## Responsibilities (24)" in role and "## Skills (14)" in role
    industry = page(files, "comparisons/industry-sre-role-names.md")
    assert "Facebook" in row(industry, "Production Engineer")[0]
    assert "Google" in row(industry, "Site Reliability Engineer (SRE)")[0]
    proposed = page(files, "comparisons/proposed-sre-role-names.md")
    assert len(tables(proposed)[0]) == 1 + 4
    fulfilment = page(files, "comparisons/sre-role-fulfilment-options.md")
    assert row(fulfilment, "Operations organisation")[0] == "Dedicated SRE role (SRE infrastructure)"
    assert row(fulfilment, "SRE organisation") == ["—", "SRE role on rotation + dedicated SRE role", "Dedicated SRE role"]
    pay = page(files, "concepts/on-call-compensation.md")
    assert "Payment for keeping the services within their error budgets" in pay
    assert "time off in lieu" in pay and "single parents" in pay
    assert "small pay rise" in page(files, "concepts/sre-role-assignment.md")


def test_career_path_levels_transitions_and_head_count(files):
    levels = page(files, "comparisons/sre-career-levels.md")
    assert [c.split(" (")[0] for c in row(levels, "Relevant experience")] == [
        "At least 1 year", "At least 3 years may be required", "At least 5 years"]
    assert row(levels, "Remuneration")[0] == "Base SRE salary plus agreed on-call compensation"
    assert "12.27" in levels
    assert "single development team" in page(files, "roles/junior-sre.md")
    assert "food dispatching" in page(files, "roles/senior-sre.md")
    assert "P&L" in page(files, "roles/principal-sre.md")
    transitions = page(files, "concepts/sre-role-transitions.md")
    assert "more than six months" in transitions and "mentored at least one SRE" in transitions
    head = page(files, "comparisons/sre-head-count-by-role.md")
    assert row(head, "Number of people") == ["Roughly the number of development teams",
                                             "Roughly the number of product domains",
                                             "Roughly the number of product lines"]


def test_rollout_kick_off_and_line_manager_change(files):
    rollout = page(files, "concepts/rollout-communication.md")
    assert "very weak" in rollout and "C-level executive" in rollout
    dims = page(files, "concepts/four-dimensions-of-change.md")
    for number, dim in enumerate(("Model", "Organisation", "Reporting structure", "Roles"), 1):
        assert f"**{number}. {dim}**" in dims, dim
    agenda = page(files, "concepts/sre-organisation-kick-off.md")
    assert len(re.findall(r"^- ", agenda, re.M)) >= 22 and "workers' council" in agenda
    meetings = page(files, "concepts/changing-line-manager.md")
    assert "Meeting 1" in meetings and "Meeting 3" in meetings


def test_embedded_team_dual_kpi_and_grassroots_patterns(files):
    kpis = page(files, "comparisons/dual-kpi-contract.md")
    assert row(kpis, "Availability")[0] == "The product area (via its SLOs)"
    assert row(kpis, "On-Call Health")[0].startswith("The SRE department")
    grassroots = page(files, "patterns/grassroots-sre-rollout.md")
    assert '!!! failure "Zalando, 2016–2017 — stalled"' in grassroots
    assert "Phase 1" in page(files, "concepts/zalando-sre-evolution.md")


def test_product_and_engagement_model(files):
    nines = page(files, "concepts/chasing-resilience.md")
    assert row(nines, '99.99% ("four nines")') == ["1 erroneous request in every 10,000"]
    assert row(nines, '99.999% ("five nines")') == ["1 erroneous request in every 100,000"]
    triumvirate = page(files, "concepts/sre-is-a-product-concern.md")
    assert row(triumvirate, "Site Reliability") == ["How we will measure and improve experiences"]
    roles = page(files, "comparisons/product-driven-development-roles.md")
    assert row(roles, "Epic level — inward-facing")[2].startswith("SRE Lead")
    assert "Game Day" in page(files, "roles/sre-organization-lead.md")
    sdlc = page(files, "concepts/sre-checkpoints-in-the-sdlc.md")
    assert "canary releases" in row(sdlc, "Deployment")[0] and "blue-green" in row(sdlc, "Deployment")[0]
    assert "chaos engineering" in row(sdlc, "Development")[0]
    assert "Load balancers" in page(files, "concepts/resilient-architecture-and-design.md")
    assert "finger-pointing" in page(files, "concepts/incident-management-and-postmortems.md")


@pytest.mark.parametrize("name", ["lone-sre-per-team", "sre-as-a-cult", "uncompensated-out-of-hours-on-call",
                                  "slos-without-product", "structure-before-practice"])
def test_anti_patterns_the_sources_name(files, name):
    assert '!!! danger "Anti-pattern"' in page(files, f"patterns/{name}.md")


def test_source_gaps_are_said_on_the_source_page(files):
    md = page(files, "sources/implementing-organizational-structure.md")
    for gap in ("Limited adaptive capacity in the architecture", "1, 9 and 17", "funding options",
                "12.19", "12.27", "identity triangle", "thin triage layer"):
        assert gap in md, gap


def test_glossary_abbreviations_become_tooltips_where_the_term_is_used(files):
    pages = {p: t for p, t in files.items() if p.endswith(".md")}
    using = [p for p, t in pages.items() if re.search(r"\bYBIYRI\b", t.split("\n*[")[0])]
    assert len(using) >= 3
    for path in using:
        assert "*[YBIYRI]: You build it, you run it" in pages[path], path
    assert "*[SLOs]: Service level objectives" in pages["glossary/slo.md"]
    assert "*[SRE]:" not in pages["index.md"], "SRE is too frequent for a tooltip"


def test_pages_carry_only_the_definitions_of_terms_they_use(files):
    # Every definition is a Markdown block parsed on each page: one per glossary term on every
    # page made the build's cost per page grow with the glossary.
    for path, text in files.items():
        if not path.endswith(".md"):
            continue
        body, _, definitions = text.partition("\n\n*[")
        words = set(re.findall(r"\w+", body))
        for term in re.findall(r"^\*\[([^\]]+)\]:", "*[" + definitions, re.M) if definitions else []:
            assert words.issuperset(re.findall(r"\w+", term)), (path, term)
    assert "*[YBIYRI]:" not in files["glossary/slo.md"]


def test_every_cited_page_lists_its_sources(files):
    cited = [p for p in files if p.split("/")[0] in {"concepts", "models", "placements", "comparisons", "patterns",
                                                      "roles", "phases", "questions", "glossary"}
             and not p.endswith("/index.md")]
    assert len(cited) > 100
    for path in cited:
        assert "\n## Sources\n" in files[path], path


def test_audience_tags_and_tag_index_pages(files):
    assert '  - "Audience: leaders"' in files["comparisons/model-comparison.md"]
    by_audience = page(files, "tags/audience.md")
    assert "## Audience: leaders" in by_audience and "## Audience: new SREs" in by_audience
    assert "## Model: You build it, you run it" in page(files, "tags/model.md")
    assert "## Phase 4: Explicit organisational structure" in page(files, "tags/phase.md")
