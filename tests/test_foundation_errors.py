"""Every kind of bad input gives `path:line: field: message`, all at once, exit status 1."""
from __future__ import annotations

import re

import pytest

from conftest import run_cli
from sre_org_playbook.loader import load_content
from sre_org_playbook.problems import rel
from sre_org_playbook.validate import validate_content


def problems_of(root):
    raws, problems = load_content(root)
    _, more = validate_content(raws)
    return [str(p) for p in problems + more]


def only(problems, pattern):
    hits = [p for p in problems if re.search(pattern, p)]
    assert hits, f"no problem matching {pattern!r} in {problems}"
    return hits[0]


def test_minimal_project_is_valid(make_project):
    assert problems_of(make_project()) == []


def test_yaml_syntax_error_names_line_and_column(make_project):
    root = make_project({"models/broken.yaml": "title: Broken\nsummary: [unclosed\nbuilds: x\n"})
    problem = only(problems_of(root), r"broken\.yaml")
    assert re.match(r"content/models/broken\.yaml:3: yaml: syntax error at column \d+", problem), problem


def test_missing_required_field(make_project):
    root = make_project({"models/no-runs.yaml": """
        title: No runs
        summary: Lacks who runs it.
        short_name: x
        builds: Developers
        sources: [sources/book]
    """})
    assert only(problems_of(root), "no-runs") == "content/models/no-runs.yaml:1: runs: required field is missing"


def test_wrong_type_names_line_and_got(make_project):
    root = make_project({"models/typed.yaml": """
        title: Typed
        summary: Wrong type below.
        short_name: x
        builds: Developers
        runs: Developers
        characteristics: 42
        sources: [sources/book]
    """})
    problem = only(problems_of(root), "typed")
    assert problem.startswith("content/models/typed.yaml:6: characteristics: Input should be a valid list")
    assert "got int 42" in problem


def test_unknown_key_with_suggestion(make_project):
    root = make_project({"models/typo.yaml": """
        title: Typo
        summary: A misspelt key.
        short_name: x
        builds: Developers
        runz: Developers
        sources: [sources/book]
    """})
    problems = problems_of(root)
    assert "content/models/typo.yaml:5: runz: unknown key 'runz' (did you mean 'runs'?)" in problems
    assert "content/models/typo.yaml:1: runs: required field is missing" in problems


def test_unknown_key_in_nested_item_suggests_its_fields(make_project):
    root = make_project({"comparisons/cmp.yaml": """
        title: Cmp
        summary: A table.
        columns:
          - {id: a, title: A}
        rows:
          - criterion: Cost
            cels: [High]
        sources: [sources/book]
    """})
    problems = problems_of(root)
    assert "content/comparisons/cmp.yaml:7: rows.0.cels: unknown key 'cels' (did you mean 'cells'?)" in problems


def test_duplicate_id(make_project):
    root = make_project({"models/build-run.yml": "title: Again\n"})
    problem = only(problems_of(root), "duplicate id")
    assert problem == ("content/models/build-run.yml:1: id: duplicate id 'models/build-run': "
                       "also defined in content/models/build-run.yaml")


def test_glossary_term_defined_twice(make_project):
    term = "title: {t}\nterm: {t}\nexpansion: Service level objective\nplural: {t}s\nsummary: S.\ndefinition: D.\nsources: [sources/book]\n"
    root = make_project({"glossary/slo.yaml": term.format(t="SLO"), "glossary/slo-again.yaml": term.format(t="SLO")})
    problems = problems_of(root)
    assert "content/glossary/slo.yaml:2: term: 'SLO' is already defined by glossary/slo-again" in problems
    assert "content/glossary/slo.yaml:4: plural: 'SLOs' is already defined by glossary/slo-again" in problems


def test_dangling_reference_suggests_the_misspelt_id(make_project):
    root = make_project({"models/ref.yaml": """
        title: Ref
        summary: Points at a misspelt model.
        short_name: x
        builds: Developers
        runs: Developers
        related:
          - models/build-runn
        sources: [sources/book]
    """})
    assert only(problems_of(root), "unknown reference") == (
        "content/models/ref.yaml:7: related.0: unknown reference 'models/build-runn' "
        "(did you mean 'models/build-run'?)")


def test_reference_to_wrong_kind(make_project):
    root = make_project({"models/bad-source.yaml": """
        title: Bad source
        summary: Cites a model as a source.
        short_name: x
        builds: Developers
        runs: Developers
        sources: [models/build-run]
    """})
    assert only(problems_of(root), "bad-source") == (
        "content/models/bad-source.yaml:6: sources.0: 'models/build-run' must point to sources/…")


def test_file_in_unknown_kind_folder(make_project):
    root = make_project({"modles/x.yaml": "title: X\n"})
    assert only(problems_of(root), "modles") == (
        "content/modles/x.yaml:1: kind: unknown kind 'modles' (did you mean 'models'?); known kinds: "
        + ", ".join(__import__("sre_org_playbook.kinds", fromlist=["KINDS"]).KINDS))


def test_file_outside_a_kind_folder(make_project):
    root = make_project({"stray.yaml": "title: X\n"})
    assert only(problems_of(root), "stray").startswith("content/stray.yaml:1: kind: content files live in")


def test_invalid_id_file_name(make_project):
    root = make_project({"models/Bad_Name.yaml": "title: X\n"})
    assert "is not a valid id" in only(problems_of(root), "Bad_Name")


def test_key_given_twice(make_project):
    root = make_project({"models/twice.yaml": """
        title: Twice
        title: Twice again
        summary: x
        short_name: x
        builds: Developers
        runs: Developers
        sources: [sources/book]
    """})
    assert only(problems_of(root), "twice") == "content/models/twice.yaml:2: title: key given twice; the later value would win"


def test_comparison_row_with_wrong_cell_count(make_project):
    root = make_project({"comparisons/cmp.yaml": """
        title: Cmp
        summary: A table.
        columns:
          - {id: a, title: A}
          - {id: b, title: B}
        rows:
          - criterion: Cost
            cells: [High]
        sources: [sources/book]
    """})
    assert only(problems_of(root), "cells") == "content/comparisons/cmp.yaml:8: rows.0.cells: 1 cells for 2 columns"


def test_all_problems_reported_in_one_run_with_nonzero_exit(make_project):
    root = make_project({
        "models/typo.yaml": "title: T\nsummary: s\nshort_name: x\nbuilds: a\nrunz: b\nsources: [sources/book]\n",
        "models/ref.yaml": "title: R\nsummary: s\nshort_name: x\nbuilds: a\nruns: b\nsources: [sources/bok]\n",
        "modles/x.yaml": "title: X\n",
        "patterns/broken.yaml": "title: [\n",
    })
    result = run_cli("--root", str(root), "validate")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if re.match(r"^content/\S+:\d+: ", line)]
    assert len(lines) == 5, result.stderr
    assert "✗ 5 problem(s) in 4 file(s)" in result.stderr
    assert "\033[" not in result.stderr  # plain text when not on a terminal
    assert "Traceback" not in result.stderr


def test_build_reports_problems_before_touching_output(make_project):
    root = make_project({"models/typo.yaml": "title: T\n"})
    result = run_cli("--root", str(root), "build")
    assert result.returncode == 1
    assert "content/models/typo.yaml:1: summary: required field is missing" in result.stderr
    assert not (root / "site").exists() and not (root / "build").exists()


@pytest.mark.parametrize("template_text, expected", [
    ("{% if %}", r"site_templates/pages/concept\.md\.j2:1: template: "),
    ("{{ d.no_such_field }}", r"site_templates/pages/concept\.md\.j2:1: template: .*no_such_field"),
])
def test_template_errors_name_template_and_line(make_project, template_text, expected):
    root = make_project({"concepts/c.yaml": "title: C\nsummary: s\nsources: [sources/book]\n"})
    (root / "site_templates" / "pages" / "concept.md.j2").write_text(template_text)
    for command in ("validate", "build"):
        result = run_cli("--root", str(root), command)
        assert result.returncode == 1
        assert re.search(expected, result.stderr), result.stderr


def test_messages_name_files_relative_to_the_project_however_the_path_is_spelt(tmp_path):
    root = tmp_path / "project"
    (root / "content" / "roles").mkdir(parents=True)
    (tmp_path / "elsewhere.yml").write_text("x: 1\n")
    link = tmp_path / "link"
    link.symlink_to(root)
    assert rel(root / "content" / "roles" / "sre.yml", root) == "content/roles/sre.yml"
    assert rel(root / "content" / ".." / "mkdocs.yml", root) == "mkdocs.yml"
    assert rel(link / "content" / "roles" / "sre.yml", root) == "content/roles/sre.yml"
    assert rel(tmp_path / "elsewhere.yml", root) == (tmp_path / "elsewhere.yml").as_posix()
