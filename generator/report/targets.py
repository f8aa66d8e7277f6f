"""The targets file: which maturity phase each team aims for, per questionnaire.

    # targets.yaml — team → questionnaire → target phase id
    default:                                   # optional: for every team without its own target
      organisational-maturity: practice-without-reorganisation
    teams:
      Checkout:                                # a team name as in the results; case and spaces ignored
        organisational-maturity: explicit-structure
      Payments:
        organisational-maturity: partner-enabler

Only questionnaires with phases take targets. Every problem is reported at once, as
`file:line: field: message` with a suggestion for a misspelt key, questionnaire or phase id,
and the report is not made. A team that has no results is a warning (with the closest team
name that has results), since a targets file may cover more teams than one roll-up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..inputfile import TARGETS, read_input
from ..problems import Problem, ProblemsFound, suggest
from .inputs import clean_text, team_key

KEYS = ("default", "teams")


@dataclass
class Targets:
    path: str
    default: dict[str, str] = field(default_factory=dict)          # questionnaire → phase
    teams: dict[str, dict[str, str]] = field(default_factory=dict)  # team key → questionnaire → phase
    names: dict[str, str] = field(default_factory=dict)             # team key → name as written
    lines: dict[str, int] = field(default_factory=dict)             # team key → line

    def target(self, key: str, questionnaire: str) -> tuple[str | None, bool]:
        """(phase id, whether it comes from `default`) for a team, or (None, False)."""
        own = self.teams.get(key, {}).get(questionnaire)
        if own is not None:
            return own, False
        return self.default.get(questionnaire), questionnaire in self.default

    def unmatched(self, teams_with_results: dict[str, str]) -> list[Problem]:
        """Warnings for targets naming a team without results (`teams_with_results`: key → name)."""
        return [Problem(self.path, self.lines[key], f"teams.{self.names[key]}",
                        f"no results for team '{self.names[key]}'"
                        f"{suggest(self.names[key], sorted(teams_with_results.values()))}; its target is unused")
                for key in self.teams if key not in teams_with_results]


def load_targets(path: Path, specs: dict[str, dict]) -> Targets:
    """Read and check a targets file; raise ProblemsFound with every problem in it."""
    where = path.as_posix()
    doc, problems = read_input(path, where, TARGETS)
    if problems:
        raise ProblemsFound(problems)
    problems = [Problem(where, line, ".".join(map(str, key)), "key given twice; the later value would win")
                for key, line in doc.duplicate_keys]
    targets = Targets(where)
    phased = {qid: [p["id"] for p in spec["outcomes"]["phases"]] for qid, spec in specs.items()
              if spec["outcomes"]["phases"]}

    def err(path_, message):
        problems.append(Problem(where, doc.line_of(path_), ".".join(map(str, path_)) or "(file)", message))

    def phases_of(value, path_) -> dict[str, str]:
        """questionnaire → phase, checked."""
        if not isinstance(value, dict):
            err(path_, f"expected a mapping of questionnaire id to target phase id, e.g. "
                       f"{{{next(iter(phased), 'organisational-maturity')}: <phase id>}}")
            return {}
        out = {}
        for qid, phase in value.items():
            sub = path_ + (qid,)
            if not isinstance(qid, str) or qid not in specs:
                err(sub, f"unknown questionnaire '{clean_text(qid, 80)}'{suggest(qid, phased)}; questionnaires with phases: "
                         f"{', '.join(phased) or 'none'}")
            elif qid not in phased:
                err(sub, f"questionnaire '{qid}' has no phases, so it takes no target; questionnaires with "
                         f"phases: {', '.join(phased) or 'none'}")
            elif not isinstance(phase, str):
                err(sub, f"expected a phase id (text), got {type(phase).__name__}; phases: {', '.join(phased[qid])}")
            elif phase not in phased[qid]:
                err(sub, f"'{qid}' has no phase '{clean_text(phase, 80)}'{suggest(phase, phased[qid])}; "
                         f"phases: {', '.join(phased[qid])}")
            else:
                out[qid] = phase
        return out

    data = doc.data
    for key in data:
        if key not in KEYS:
            err((key,), f"unknown key '{clean_text(key, 80)}'{suggest(str(key), KEYS)}; a targets file has 'teams' "
                        "(team → questionnaire → phase id) and optionally 'default'")
    if "default" in data:
        targets.default = phases_of(data["default"], ("default",))
    teams = data.get("teams")
    if "teams" not in data and "default" not in data:
        err((), "required key 'teams' is missing (team → questionnaire → target phase id)")
    elif teams is not None and not isinstance(teams, dict):
        err(("teams",), f"expected a mapping of team name to targets, got {type(teams).__name__}")
    for name, value in (teams or {}).items() if isinstance(teams, dict) else ():
        path_ = ("teams", name)
        if not isinstance(name, (str, int)) or isinstance(name, bool) or not clean_text(name):
            err(path_, "a team name must be text")
            continue
        shown = clean_text(name)
        key = team_key(shown)
        if key in targets.teams:
            err(path_, f"team '{shown}' is listed twice (also as '{targets.names[key]}' on line "
                       f"{targets.lines[key]}); names are compared ignoring case and spaces")
            continue
        targets.teams[key] = phases_of(value, path_)
        targets.names[key] = shown
        targets.lines[key] = doc.line_of(path_)
    if problems:
        raise ProblemsFound(problems)
    return targets
