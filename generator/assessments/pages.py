"""Assessment pages: a page with the form and a printable page in full per questionnaire, an index,
the scoring specification, the spec JSON the browser reads, and an answers template per questionnaire."""
from __future__ import annotations

import copy
import json
import posixpath
import re
from pathlib import Path

import yaml

from ..problems import Problem, ProblemsFound
from ..render import make_env, templates_fingerprint
from . import engine, spec as specmod
from .answers import KEYS as ANSWER_KEYS
from .describe import Words
from .engine import question_max, questions_of
from .text import format_result

FOLDER = "assessments"
SECTION = "Assessments"
SCORING_PAGE = f"{FOLDER}/scoring.md"
TEAMS_PAGE = f"{FOLDER}/teams.md"
EXAMPLE = ("organisational-maturity", {
    "slo-coverage": "critical", "slo-consequences": "policy-sometimes", "slo-decisions": "occasionally",
    "oncall-owner": "builders", "postmortems": "blameless", "out-of-hours": "yes", "oncall-compensation": "none",
    "lifecycle": ["design", "deployment"], "structure": "none", "drivers": "coalition",
})


def spec_file(qid: str) -> str:
    return f"{FOLDER}/{qid}.json"


def answers_file(qid: str) -> str:
    return f"{FOLDER}/{qid}.answers.yaml"


def in_full_page(qid: str) -> str:
    """The questionnaire in full: every question, option, point and rule, for reading and printing."""
    return f"{FOLDER}/{qid}-in-full.md"


def workshop_page(qid: str) -> str:
    return f"{FOLDER}/{qid}-workshop.md"


# The last call's inputs and output: `playbook serve` rebuilds after every save, and a content
# edit seldom changes a questionnaire or the titles it links to.
_LAST: dict = {}


def render_assessments(specs: dict[str, dict], templates: Path, propose: dict | None = None,
                       asked: dict[str, list[dict]] | None = None) -> tuple[dict[str, str], list]:
    """Files (docs-relative path → text) and the nav section for every questionnaire; `asked`: the
    reading pages that point to each questionnaire, linked back from its page."""
    asked = asked or {}
    key = (templates_fingerprint(templates), [(qid, s["spec_hash"], s["links"]) for qid, s in specs.items()], propose,
           asked)
    if _LAST.get("key") != key:
        _LAST.update(key=key, out=_render_assessments(specs, templates, propose, asked))
    files, section = _LAST["out"]
    return dict(files), copy.deepcopy(section)


def _render_assessments(specs: dict[str, dict], templates: Path, propose: dict | None,
                        asked: dict[str, list[dict]]) -> tuple[dict[str, str], list]:
    env = make_env(templates)
    files: dict[str, str] = {}
    section: list = [f"{FOLDER}/index.md"]
    for qid, spec in specs.items():
        page = f"{FOLDER}/{qid}.md"
        files[page] = render_questionnaire(env, spec, page, propose, asked.get(qid, []))
        files[in_full_page(qid)] = render_in_full(env, spec, in_full_page(qid))
        # Compact: the page fetches it, and only unindented JSON gets the C encoder.
        files[spec_file(qid)] = json.dumps(spec, ensure_ascii=False, separators=(",", ":")) + "\n"
        files[answers_file(qid)] = answers_template(spec)
        section.append({spec["title"]: page})
    # The browser roll-up pages (site_templates/assets/rollup/): a workshop per questionnaire, one comparison.
    workshops = []
    for qid, spec in specs.items():
        files[workshop_page(qid)] = env.get_template("assessment_workshop.md.j2").render(
            q=spec, spec_file=spec_file(qid), page=f"{qid}.md", teams=posixpath.basename(TEAMS_PAGE))
        workshops.append({spec["title"]: workshop_page(qid)})
    files[TEAMS_PAGE] = env.get_template("assessment_teams.md.j2").render(
        specs=list(specs.values()), spec_files=[spec_file(qid) for qid in specs])
    section += [{"Workshops": workshops}, {"Compare teams": TEAMS_PAGE},
                {"In full, to print": [{spec["title"]: in_full_page(qid)} for qid, spec in specs.items()]}]
    section.append({"Scoring specification": SCORING_PAGE})
    files[f"{FOLDER}/index.md"] = env.get_template("assessment_index.md.j2").render(
        specs=list(specs.values()), scoring="scoring.md", teams=posixpath.basename(TEAMS_PAGE),
        workshop=lambda qid: posixpath.basename(workshop_page(qid)),
        in_full=lambda qid: posixpath.basename(in_full_page(qid)))
    files[SCORING_PAGE] = render_scoring(env, specs)
    return files, [{SECTION: section}]


def linker(spec: dict, current: str):
    """A `link(ref, text)` helper for templates, relative to the current page."""
    def link(ref: str, text: str | None = None) -> str:
        target = spec["links"].get(ref, {"title": ref, "page": specmod.page_of(ref)})
        url = posixpath.relpath(target["page"], posixpath.dirname(current))
        return f"[{text or target['title']}]({url})"
    return link


def render_questionnaire(env, spec: dict, page: str, propose: dict | None = None, asked: list[dict] = ()) -> str:
    """The questionnaire's page: what it is, what it measures, the form, the reading that leads to it."""
    questions = questions_of(spec)
    return env.get_template("assessment.md.j2").render(
        q=spec, questions=questions,
        hidden_count=sum(1 for question in questions if question["show_if"] is not None),
        dim_max={d["id"]: sum(question_max(question, d["id"], "points") for question in questions)
                 for d in spec["dimensions"]},
        link=linker(spec, page),
        spec_file=posixpath.basename(spec_file(spec["id"])),
        answers_template=posixpath.basename(answers_file(spec["id"])),
        in_full=posixpath.basename(in_full_page(spec["id"])),
        asked=[{**a, "url": posixpath.relpath(a["page"], posixpath.dirname(page))} for a in asked],
        propose=propose,
        workshop=posixpath.basename(workshop_page(spec["id"])), teams=posixpath.basename(TEAMS_PAGE),
    )


def render_in_full(env, spec: dict, page: str) -> str:
    """The questionnaire in full: sections, questions, phases, rankings, advice and calibration."""
    questions = questions_of(spec)
    words = Words(spec)
    groups = [{"title": g["title"], "advice": [a for a in spec["outcomes"]["advice"] if a["group"] == g["id"]]}
              for g in spec["outcomes"]["advice_groups"]]
    loose = [a for a in spec["outcomes"]["advice"] if a["group"] is None]
    if loose:
        groups.append({"title": "Other advice" if groups else "When it applies", "advice": loose})
    return env.get_template("assessment_in_full.md.j2").render(
        q=spec, w=words, questions=questions,
        advice_groups=[g for g in groups if g["advice"]],
        link=linker(spec, page),
        see=lambda refs: (" See " + ", ".join(map(linker(spec, page), refs)) + ".") if refs else "",
        page=f"{spec['id']}.md",
        answers_template=posixpath.basename(answers_file(spec["id"])),
    )


def results_target(settings: dict, config_file: Path) -> dict | None:
    """Where a result page proposes its answers file: the hosting service's new-file page for
    `extra.playbook.results_folder` (and `results_branch`, default main) in `repo_url` — GitHub's,
    or GitLab's when the host is a GitLab — or None when no results folder is set."""
    extra = settings.get("extra")
    own = extra.get("playbook") if isinstance(extra, dict) else None
    if not isinstance(own, dict) or own.get("results_folder") in (None, ""):
        return None
    folder, branch, repo = own["results_folder"], own.get("results_branch", "main"), settings.get("repo_url")
    problems = []
    if not isinstance(repo, str) or not re.match(r"^https://[^\s/?#]+/[^\s?#]+$", repo.strip()):
        problems.append(("repo_url", "extra.playbook.results_folder needs repo_url: the repository's web address, "
                                     "like https://github.com/org/playbook"))
    if not isinstance(folder, str) or not re.match(r"^[\w.-]+(/[\w.-]+)*$", folder.strip("/")) or ".." in folder.split("/"):
        problems.append(("results_folder", "must be a folder in the repository, like results/ (letters, digits, "
                                           "- _ . and /; no ..)"))
    if not isinstance(branch, str) or not re.match(r"^[\w./-]+$", branch):
        problems.append(("results_branch", "must be a branch name, like main"))
    if problems:
        from ..engines.config import line_of

        lines = config_file.read_text(encoding="utf-8").splitlines() if config_file.is_file() else []
        raise ProblemsFound([Problem(config_file.name, line_of(lines, key), f"extra.playbook.{key}" if key != "repo_url"
                                     else key, message) for key, message in problems])
    repo, folder = repo.strip().rstrip("/").removesuffix(".git"), folder.strip("/")
    if "gitlab" in repo.split("/")[2]:
        return {"kind": "gitlab", "url": f"{repo}/-/new/{branch}/{folder}", "name": "file_name", "content": "content"}
    return {"kind": "github", "url": f"{repo}/new/{branch}/{folder}", "name": "filename", "content": "value"}


def answers_template(spec: dict) -> str:
    """An answers file with every question listed and unanswered, options in comments."""
    lines = [
        f"# Answers to \"{spec['title']}\" (version {spec['version']}).",
        "# Fill in option ids, then run:  playbook score this-file.yaml",
        "# Single choice: one id.  Multiple choice: a list, e.g. [a, b].  Leave ~ for no answer.",
        f"questionnaire: {spec['id']}",
        f"version: {spec['version']}",
        f"spec_hash: \"{spec['spec_hash']}\"",
        "respondent: \"\"",
        "date: \"\"",
        "answers:",
    ]
    words = Words(spec, markdown=False)
    for question in questions_of(spec):
        kind = "choose any of" if question["type"] == "multiple" else "choose one of"
        lines.append(f"  # Q{words.number[question['id']]}. {' '.join(question['text'].split())}")
        if question["show_if"]:
            lines.append(f"  #   (only if {words.condition(question['show_if'])})")
        lines.append(f"  #   {kind}: {', '.join(o['id'] for o in question['options'])}")
        lines.append(f"  {question['id']}: {'[]' if question['type'] == 'multiple' else '~'}")
    lines += ["# Optional: a note per question — why this answer, a link to proof (text, at most 1,000",
              "# characters), e.g.", "# evidence:", f"#   {questions_of(spec)[0]['id']}: \"Our runbook: https://…\""]
    return "\n".join(lines) + "\n"


def render_scoring(env, specs: dict[str, dict]) -> str:
    """The scoring specification, with a worked example scored by the engine itself."""
    example = None
    qid, answers = EXAMPLE
    if qid in specs:
        spec = specs[qid]
        valid = {k: v for k, v in answers.items() if k in Words(spec).questions}
        result = engine.score(spec, valid)
        document = {"questionnaire": qid, "version": spec["version"], "spec_hash": spec["spec_hash"],
                    "respondent": "Example team", "date": "2024-05-01", "answers": valid}
        example = {
            "spec": spec,
            "answers_yaml": yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
            "result_json": json.dumps(result, ensure_ascii=False, indent=1),
            "text": format_result(spec, {**document, "result": result}, {}, colour=False),
            "slo": next(d for d in result["dimensions"] if d["id"] == "slo"),
            "overall": result["overall"],
        }
    return env.get_template("assessment_scoring.md.j2").render(
        engine=engine, specmod=specmod, example=example, answer_keys=ANSWER_KEYS,
        specs=list(specs.values()), pct=engine.percent)
