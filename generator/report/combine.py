"""Combine: re-scored sheets → teams, workshops, history, distributions, gaps and targets.

Plain data in, plain data (JSON-ready dicts and lists, every list in a defined order) out.

Grouping. Sheets are grouped by questionnaire, then by team (the respondent field, or its part
before the last " / "; compared ignoring case and spaces), then by day. One team's results on
different days are its history, newest first (undated results count as older than any dated one).

Workshop rule. Several answer sets of one team on one day are combined into the team's view:
only answers to questions each respondent was shown count (engine visibility), and a question
counts only the respondents who answered it —

- single choice: the median option in the questionnaire's declared option order; with an even
  number of answers, the lower of the two middle options;
- multiple choice: an option is kept when more than half of those who answered chose it; when
  no option reaches that, the question stays unanswered in the combined view.

The combined answers are scored by the engine like any answers file. A question is listed as a
disagreement when its spread is more than `spread` (default 1): for single choice the number of
options between the lowest and highest answer in declared order (neighbours are 1 apart), for
multiple choice the most options on which two respondents differ.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..assessments.engine import at_least, chosen, holds, questions_of, score
from ..assessments.pages import in_full_page
from .inputs import Loaded, Sheet
from .targets import Targets

REPORT_FORMAT = 1


@dataclass(frozen=True)
class Settings:
    gap_threshold: int = 50     # a dimension below this percentage is a gap
    spread: int = 1             # workshop answers further apart than this are listed


def short_title(title: str) -> str:
    """A column header: the title up to ' and ' or ',' — its first word when still long."""
    head = re.split(r" and |, | — | \(", title)[0].strip()
    return head if len(head) <= 14 else head.split()[0]


def anchor_for(key: str, used: set[str], prefix: str) -> str:
    """A safe, unique HTML id for a team's section (team names are untrusted)."""
    base = f"{prefix}--" + (re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "team")[:40]
    anchor, n = base, 2
    while anchor in used:
        anchor, n = f"{base}-{n}", n + 1
    used.add(anchor)
    return anchor


def build_report(loaded: Loaded, specs: dict[str, dict], targets: Targets | None = None,
                 settings: Settings = Settings()) -> dict:
    """The whole report as plain data."""
    by_q: dict[str, list[Sheet]] = {}
    for sheet in loaded.sheets:
        by_q.setdefault(sheet.questionnaire, []).append(sheet)
    sections = [questionnaire_section(specs[qid], by_q[qid], targets, settings) for qid in specs if qid in by_q]
    teams_with_results = {t["key"]: t["team"] for s in sections for t in s["teams"]}
    warnings = targets.unmatched(teams_with_results) if targets else []
    dates = sorted(s.date for s in loaded.sheets if s.date)
    return {
        "report_format": REPORT_FORMAT,
        "settings": {"gap_threshold": settings.gap_threshold, "spread": settings.spread},
        "teams": len({s.team_key for s in loaded.sheets}),
        "files": {"read": loaded.files, "used": len(loaded.sheets), "left_out": len(loaded.left_out)},
        "dates": {"first": dates[0] if dates else None, "last": dates[-1] if dates else None},
        "targets_file": targets.path if targets else None,
        "targets_warnings": [{"path": w.path, "line": w.line, "field": w.field, "message": w.message}
                             for w in warnings],
        "questionnaires": sections,
        "used": [{"path": s.path, "questionnaire": s.questionnaire, "team": s.team, "respondent": s.respondent,
                  "date": s.date, "phase": s.result["phase"], "overall": s.result["overall"]["percent"],
                  "dimensions": {d["id"]: d["percent"] for d in s.result["dimensions"]},
                  "top": {r["id"]: r["top"] for r in s.result["rankings"]},
                  "complete": s.result["complete"], "notes": s.notes, "evidence": s.evidence} for s in loaded.sheets],
        "left_out": [{"path": lo.path, "kind": lo.kind,
                      "problems": [{"line": p.line, "field": p.field, "message": p.message} for p in lo.problems]}
                     for lo in loaded.left_out],
    }


def questionnaire_section(spec: dict, sheets: list[Sheet], targets: Targets | None, settings: Settings) -> dict:
    phases = spec["outcomes"]["phases"]
    phase_index = {p["id"]: i for i, p in enumerate(phases)}
    teams: dict[str, list[Sheet]] = {}
    for sheet in sheets:
        teams.setdefault(sheet.team_key, []).append(sheet)
    used_anchors: set[str] = set()
    rows = []
    for key in sorted(teams, key=lambda k: (min(s.team for s in teams[k]).casefold(), k)):
        days: dict[str | None, list[Sheet]] = {}
        for sheet in teams[key]:
            days.setdefault(sheet.date, []).append(sheet)
        order = sorted(days, key=lambda d: (d is not None, d or ""), reverse=True)
        entries = [view(spec, days[day], settings) for day in order]
        for newer, older in zip(entries, entries[1:]):
            newer["change"] = change(newer, older, phase_index)
        newest = days[order[0]]
        name = sorted(newest, key=lambda s: s.path)[0].team
        row = {"team": name, "key": key, "anchor": anchor_for(key, used_anchors, spec["id"]), "latest": entries[0],
               "entries": entries, "target": None}
        if targets is not None and phases:
            target, default = targets.target(key, spec["id"])
            if target is not None:
                row["target"] = target_status(target, default, entries[0]["phase"], phase_index)
        rows.append(row)
    latest = [(row["team"], row["latest"]) for row in rows]
    return {
        "id": spec["id"], "title": spec["title"], "version": spec["version"], "spec_hash": spec["spec_hash"],
        "scored": spec["scored"],
        "dimensions": [{"id": d["id"], "title": d["title"], "short": short_title(d["title"])}
                       for d in spec["dimensions"]],
        "phases": [{"id": p["id"], "title": p["title"], "page": page(spec, p["ref"])} for p in phases],
        "rankings": [{"id": r["id"], "title": r["title"]} for r in spec["outcomes"]["rankings"]],
        "teams": rows,
        "phase_distribution": phase_distribution(spec, latest) if phases else [],
        "ranking_distribution": ranking_distribution(spec, latest),
        "gaps": gaps(spec, latest, settings),
        "workshops": [{"team": row["team"], "anchor": row["anchor"], **entry}
                      for row in rows for entry in row["entries"] if entry["workshop"]],
        "targets": target_summary(rows) if targets is not None and phases else None,
    }


def page(spec: dict, ref: str | None) -> str | None:
    return spec["links"][ref]["page"] if ref and ref in spec["links"] else None


def respondent_names(sheets: list[Sheet]) -> list[str]:
    """Who answered: the person part, else the respondent, else the file name — unique."""
    names = [s.person or s.respondent or s.path.rsplit("/", 1)[-1] for s in sheets]
    counts = Counter(names)
    return [n if counts[n] == 1 else f"{n} ({s.path.rsplit('/', 1)[-1]})" for n, s in zip(names, sheets)]


def view(spec: dict, sheets: list[Sheet], settings: Settings) -> dict:
    """One team on one day: the single result, or the workshop combination of several."""
    sheets = sorted(sheets, key=lambda s: s.path)
    names = respondent_names(sheets)
    if len(sheets) == 1:
        result, answers, disagreements = sheets[0].result, sheets[0].answers, []
    else:
        answers, disagreements = combine(spec, [(n, s.answers) for n, s in zip(names, sheets)], settings.spread)
        result = score(spec, answers)
    phases = spec["outcomes"]["phases"]
    return {
        "date": sheets[0].date,
        "workshop": len(sheets) > 1,
        "respondents": names,
        "files": [s.path for s in sheets],
        "phase": result["phase"],
        "phase_title": next((p["title"] for p in phases if p["id"] == result["phase"]), None),
        "overall": result["overall"]["percent"],
        "dimensions": {d["id"]: d["percent"] for d in result["dimensions"]},
        "below": {d["id"]: not at_least(d["raw"], d["max"], settings.gap_threshold)
                  for d in result["dimensions"] if d["max"] > 0},
        "complete": result["complete"],
        "answered": result["questions"]["answered"], "visible": result["questions"]["visible"],
        "top": {r["id"]: r["top"] for r in result["rankings"]},
        "top_titles": {r["id"]: next((c["title"] for c in ranking["candidates"] if c["id"] == r["top"]), None)
                       for r, ranking in zip(result["rankings"], spec["outcomes"]["rankings"])},
        "blocking_gates": blocking_gates(spec, result),
        "advice": result["advice"],
        "answers": answers,
        "disagreements": disagreements,
        "notes": [n for s in sheets for n in s.notes],
        "evidence": evidence(spec, sheets, names),
        "change": None,
    }


def evidence(spec: dict, sheets: list[Sheet], names: list[str]) -> list[dict]:
    """The notes given with the answers, by question number, then in the respondents' order."""
    return [{"question": q["id"], "number": number, "respondent": name, "text": s.evidence[q["id"]]}
            for number, q in enumerate(questions_of(spec), start=1)
            for name, s in zip(names, sheets) if q["id"] in s.evidence]


def blocking_gates(spec: dict, result: dict) -> list[dict]:
    """The failed gates of the phase after the one reached: what holds the team back."""
    phases = result["phases"]
    reached = [i for i, p in enumerate(phases) if p["reached"]]
    nxt = (reached[-1] + 1) if reached else 0
    if nxt >= len(phases):
        return []
    return [{"phase": phases[nxt]["id"], "gate": g} for g in phases[nxt]["failed_gates"]]


def shown_answers(spec: dict, answers: dict) -> dict:
    """The answers to the questions a respondent was shown — the engine's visibility rule (its
    `evaluate` also computes every score, which the combination does not need)."""
    effective: dict = {}
    for question in questions_of(spec):
        if holds(question["show_if"], effective, None) and chosen(answers.get(question["id"])):
            effective[question["id"]] = answers[question["id"]]
    return effective


def combine(spec: dict, sets: list[tuple[str, dict]], spread: int) -> tuple[dict, list[dict]]:
    """Several respondents' answers → the combined answers and the disagreements (module doc)."""
    effective = [(name, shown_answers(spec, answers)) for name, answers in sets]
    combined: dict = {}
    disagreements = []
    for number, question in enumerate(questions_of(spec), start=1):
        qid = question["id"]
        options = [o["id"] for o in question["options"]]
        labels = {o["id"]: o["label"] for o in question["options"]}
        given = [(name, eff[qid]) for name, eff in effective if qid in eff]
        if not given:
            continue
        if question["type"] == "single":
            positions = sorted(options.index(answer) for _, answer in given)
            combined[qid] = options[positions[(len(positions) - 1) // 2]]
            distance = positions[-1] - positions[0]
            chosen = [combined[qid]]
        else:
            counts = Counter(o for _, answer in given for o in answer)
            kept = [o for o in options if 2 * counts[o] > len(given)]
            if kept:
                combined[qid] = kept
            sets_ = [set(answer) for _, answer in given]
            distance = max(len(a ^ b) for a in sets_ for b in sets_)
            chosen = kept
        if distance > spread:
            disagreements.append({
                "question": qid, "number": number, "text": question["text"], "type": question["type"],
                "spread": distance,
                "answers": [{"respondent": name, "options": [labels[o] for o in ([a] if isinstance(a, str) else a)]}
                            for name, a in given],
                "unanswered": [name for name, eff in effective if qid not in eff],
                "combined": [labels[o] for o in chosen],
            })
    disagreements.sort(key=lambda d: (-d["spread"], d["number"]))
    return combined, disagreements


def change(newer: dict, older: dict, phase_index: dict) -> dict:
    """What moved between two results of one team (newer minus older)."""
    def index(phase):
        return phase_index.get(phase, -1)
    dims = {d: newer["dimensions"][d] - older["dimensions"][d] for d in newer["dimensions"]
            if newer["dimensions"][d] is not None and older["dimensions"].get(d) is not None}
    return {
        "since": older["date"],
        "phase": index(newer["phase"]) - index(older["phase"]) if phase_index else 0,
        "phase_from": older["phase"], "phase_from_title": older["phase_title"],
        "overall": (newer["overall"] - older["overall"]) if None not in (newer["overall"], older["overall"]) else None,
        "dimensions": dims,
        "improved": [d for d, delta in dims.items() if delta > 0],
        "slipped": [d for d, delta in dims.items() if delta < 0],
        "top": {r: {"now": newer["top_titles"][r], "was": older["top_titles"][r]}
                for r in newer["top"] if newer["top"][r] != older["top"].get(r)},
    }


def target_status(target: str, default: bool, current: str | None, phase_index: dict) -> dict:
    steps = phase_index[target] - phase_index.get(current, -1)
    return {"phase": target, "default": default, "steps": steps,
            "status": "beyond" if steps < 0 else "reached" if steps == 0 else "below"}


def target_summary(rows: list[dict]) -> dict:
    with_target = [r for r in rows if r["target"]]
    return {
        "reached": sum(1 for r in with_target if r["target"]["status"] in ("reached", "beyond")),
        "below": sum(1 for r in with_target if r["target"]["status"] == "below"),
        "without": len(rows) - len(with_target),
    }


def phase_distribution(spec: dict, latest: list[tuple[str, dict]]) -> list[dict]:
    out = []
    for item in spec["outcomes"]["phases"]:
        teams = [name for name, entry in latest if entry["phase"] == item["id"]]
        out.append({"id": item["id"], "title": item["title"], "page": page(spec, item["ref"]),
                    "count": len(teams), "teams": teams})
    none = [name for name, entry in latest if entry["phase"] is None]
    if none:
        out.insert(0, {"id": None, "title": "No phase reached", "page": None, "count": len(none), "teams": none})
    return out


def ranking_distribution(spec: dict, latest: list[tuple[str, dict]]) -> list[dict]:
    out = []
    for ranking in spec["outcomes"]["rankings"]:
        candidates = []
        for cand in ranking["candidates"]:
            teams = [name for name, entry in latest if entry["top"].get(ranking["id"]) == cand["id"]]
            candidates.append({"id": cand["id"], "title": cand["title"], "page": page(spec, cand["ref"]),
                               "count": len(teams), "teams": teams})
        none = [name for name, entry in latest if entry["top"].get(ranking["id"]) is None]
        out.append({"id": ranking["id"], "title": ranking["title"],
                    "candidates": sorted(candidates, key=lambda c: -c["count"]), "none": none})
    return out


def mentions(cond, dim: str) -> bool:
    """Whether a condition looks at a dimension."""
    if not isinstance(cond, dict):
        return False
    if cond.get("dimension") == dim:
        return True
    return any(mentions(c, dim) for key in ("all", "any") for c in cond.get(key, [])) or mentions(cond.get("not"), dim)


def median(values: list[int]) -> int | None:
    values = sorted(values)
    return values[(len(values) - 1) // 2] if values else None


def gaps(spec: dict, latest: list[tuple[str, dict]], settings: Settings) -> dict:
    """Dimensions below the threshold, the gates that block the next phase, the advice that fired —
    each with the teams and links into the playbook, most teams first."""
    qpage, in_full = f"assessments/{spec['id']}.md", in_full_page(spec["id"])
    dims = []
    for d in spec["dimensions"]:
        below = [name for name, entry in latest if entry["below"].get(d["id"])]
        related = [a for a in spec["outcomes"]["advice"] if mentions(a["when"], d["id"])]
        links = []
        for a in related:
            for ref in a["links"]:
                if ref in spec["links"] and not ref.startswith("assessments/") and len(links) < 3 \
                        and spec["links"][ref]["page"] not in [x["page"] for x in links]:
                    links.append({"title": spec["links"][ref]["title"], "page": spec["links"][ref]["page"]})
        dims.append({"id": d["id"], "title": d["title"], "count": len(below), "teams": below,
                     "median": median([e["dimensions"][d["id"]] for _, e in latest
                                       if e["dimensions"][d["id"]] is not None]),
                     "links": links or [{"title": "What it measures", "page": qpage + "#what-it-measures"}]})
    gate_rows = []
    for p in spec["outcomes"]["phases"]:
        for g in p["gates"]:
            teams = [name for name, entry in latest
                     if any(b["phase"] == p["id"] and b["gate"] == g["id"] for b in entry["blocking_gates"])]
            if teams:
                links = [{"title": p["title"], "page": page(spec, p["ref"])}] if p["ref"] else []
                gate_rows.append({"phase": p["id"], "phase_title": p["title"], "gate": g["id"], "text": g["text"],
                                  "count": len(teams), "teams": teams,
                                  "links": links + [{"title": "Phases and gates", "page": in_full + "#phases"}]})
    advice_rows = []
    for a in spec["outcomes"]["advice"]:
        teams = [name for name, entry in latest if a["id"] in entry["advice"]]
        if teams:
            links = [{"title": spec["links"][r]["title"], "page": spec["links"][r]["page"]}
                     for r in a["links"] if r in spec["links"]]
            advice_rows.append({"id": a["id"], "title": a["title"], "count": len(teams), "teams": teams,
                                "links": [{"title": "The advice", "page": f"{in_full}#advice-{a['id']}"}] + links[:3]})
    return {
        "threshold": settings.gap_threshold,
        "dimensions": sorted((d for d in dims if d["count"]), key=lambda d: -d["count"]),
        "gates": sorted(gate_rows, key=lambda g: -g["count"]),
        "advice": sorted(advice_rows, key=lambda a: -a["count"]),
    }
