"""A result as readable text, for `playbook score --format text` and the scoring page."""
from __future__ import annotations

import re
import textwrap

from .describe import Words, signed

BAR = 20
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")  # not for a terminal


def format_result(spec: dict, document: dict, titles: dict[str, str] | None = None, colour: bool = False) -> str:
    """The result document (`answers.result_document`) in words."""
    result = document["result"]
    words = Words(spec, markdown=False)
    bold = (lambda s: f"\033[1m{s}\033[0m") if colour else (lambda s: s)
    out: list[str] = []
    add = out.append

    add(bold(spec["title"]))
    add(f"questionnaire {spec['id']} · version {spec['version']} · spec {spec['spec_hash']}")
    who = " · ".join(x for x in (document.get("respondent"), document.get("date")) if x)
    if who:
        add(f"for {who}")
    counts = result["questions"]
    line = f"answered {counts['answered']} of {counts['visible']} questions shown"
    if counts["total"] != counts["visible"]:
        line += f" ({counts['total'] - counts['visible']} hidden by earlier answers)"
    add(line)
    if not result["complete"]:
        add(f"INCOMPLETE — unanswered: {', '.join(words.question_ref(q) for q in result['unanswered'])}")
    if result["ignored"]:
        add(f"ignored (answered, but hidden by other answers): {', '.join(result['ignored'])}")

    if not spec["scored"]:
        tally: dict[str, int] = {}
        hidden = set(result["hidden"])
        for qid, answer in document["answers"].items():
            if qid in hidden:
                continue
            for oid in ([answer] if isinstance(answer, str) else answer):
                label = words.option_label(qid, oid)
                tally[label] = tally.get(label, 0) + 1
        if tally:
            add("answers: " + " · ".join(f"{label} {count}" for label, count in tally.items()))

    phases = spec["outcomes"]["phases"]
    if phases:
        add("")
        reached = [i for i, p in enumerate(result["phases"]) if p["reached"]]
        index = reached[-1] if reached else None
        if index is None:
            add(bold("Phase: none reached"))
        else:
            add(bold(f"Phase {index + 1} of {len(phases)}: {phases[index]['title']}"))
            add(indent(phases[index]["summary"], 2))
            add(indent("The phases and their thresholds are the playbook's reading of the sources, not the "
                       "sources' own scale; see how this questionnaire is calibrated.", 2))
            for step in phases[index]["next_steps"]:
                add(indent(f"→ {step}", 2))
        following = index + 1 if index is not None else 0
        if following < len(phases):
            state, item = result["phases"][following], phases[following]
            overall = result["overall"]["percent"]
            if state["threshold_met"] and state["failed_gates"]:
                add(f"  next: {item['title']} — overall {overall} % meets its {item['threshold']} %, "
                    "but it is held back by:")
            elif not state["threshold_met"]:
                add(f"  next: {item['title']} — needs an overall score of {item['threshold']} % "
                    f"(now {overall if overall is not None else '—'} %)"
                    + (", and:" if state["failed_gates"] else ""))
            gates = {g["id"]: g for g in item["gates"]}
            percents = {d["id"]: d["percent"] for d in result["dimensions"]}
            for unmet in state["unmet"]:
                add(indent(f"✗ {gates[unmet['gate']]['text']}", 4))
                for part in unmet["missing"]:
                    add(indent(f"– {words.shortfall(part, percents)}", 6))

    if spec["dimensions"]:
        add("")
        add(bold("Dimensions"))
        width = max(len(d["title"]) for d in spec["dimensions"])
        titles_by_id = {d["id"]: d["title"] for d in spec["dimensions"]}
        for dim in result["dimensions"]:
            add(f"  {titles_by_id[dim['id']]:<{width}}  {pct_text(dim['percent'])}  {bar(dim['percent'])}  "
                f"{dim['raw']} of {dim['max']}")
        overall = result["overall"]
        add(f"  {'Overall (weighted)':<{width}}  {pct_text(overall['percent'])}  {bar(overall['percent'])}  "
            f"{overall['raw']} of {overall['max']}")

    for ranking, spec_ranking in zip(result["rankings"], spec["outcomes"]["rankings"]):
        add("")
        add(bold(spec_ranking["title"]) + "  (ranked by points)")
        if not ranking["applies"]:
            add(indent(spec_ranking["not_applicable"] or "Not applicable to these answers.", 2))
            continue
        cands = {c["id"]: c for c in spec_ranking["candidates"]}
        if ranking["top"] is None:
            add("  no candidate fits: every one is ruled out")
        for entry in ranking["candidates"]:
            cand = cands[entry["id"]]
            if entry["rank"] is None:
                rules = {r["id"]: r for r in cand["exclude_if"]}
                add(f"  –  {cand['title']}: ruled out — "
                    + "; ".join(" ".join(rules[r]["text"].split()).rstrip(".") for r in entry["excluded_by"]) + ".")
                continue
            tied = f", tied with {', '.join(cands[t]['title'] for t in entry['tied_with'])}" if entry["tied_with"] else ""
            add(f"  {entry['rank']}. {cand['title']}  ({points(entry['score'])}{tied})")
            if entry["rank"] == 1:
                for line in lead_lines(ranking, spec_ranking, words):
                    add(indent(line, 7))
            for key, label in (("reasons", "because"), ("against", "against")):
                if entry[key]:
                    add(f"       {label}: " + "; ".join(
                        f"{words.question_ref(r['question'])} {words.option_label(r['question'], r['option'])} "
                        f"({signed(r['points'])})" for r in entry[key]))
            if entry["rank"] == 1 and cand["facts"]:
                for fact in cand["facts"]:
                    add(indent(f"{fact['label']}: {fact['text']}", 7))

    if result["advice"]:
        add("")
        add(bold("Advice"))
        advice = {a["id"]: a for a in spec["outcomes"]["advice"]}
        group_titles = {g["id"]: g["title"] for g in spec["outcomes"]["advice_groups"]}
        groups: list = [g["id"] for g in spec["outcomes"]["advice_groups"]] + [None]
        for group in groups:
            items = [advice[a] for a in result["advice"] if advice[a]["group"] == group]
            if not items:
                continue
            if group is not None:
                add(f"  {group_titles[group]}")
            for item in items:
                add(indent(f"• {item['title']}", 4))
                add(indent(item["text"], 6))
                if item["links"]:
                    add(indent("see: " + ", ".join(
                        f"{(titles or {}).get(ref) or spec['links'].get(ref, {}).get('title', ref)} ({ref})"
                        for ref in item["links"]), 6))

    if document.get("evidence"):
        add("")
        add(bold("Evidence") + "  (notes given with the answers)")
        for qid, note in document["evidence"].items():
            answer = document["answers"].get(qid)
            given = ", ".join(words.option_label(qid, o) for o in ([answer] if isinstance(answer, str) else answer or []))
            add(f"  {words.question_ref(qid)} — {given or 'not answered'}")
            add(indent(CONTROL.sub(" ", note), 6))
    return "\n".join(out) + "\n"


def points(n: int) -> str:
    return f"{n} point{'' if n in (1, -1) else 's'}"


def lead_lines(ranking: dict, spec_ranking: dict, words: Words) -> list[str]:
    """Why #1 is ahead of #2: by points and the answers behind them, by a tie-break rule, or a tie."""
    lead = ranking["lead"]
    if lead is None:
        return []
    cands = {c["id"]: c for c in spec_ranking["candidates"]}
    other = cands[lead["over"]]["title"]
    if lead["by"] == "points":
        why = "; ".join(f"{words.question_ref(a['question'])} {words.option_label(a['question'], a['option'])} "
                        f"({signed(a['points'])} more)" for a in lead["answers"])
        return [f"ahead of #2 ({other}) by {points(lead['points'])}, because of: {why}"]
    if lead["by"] is not None:
        rule = next(t for t in spec_ranking["tie_breaks"] if t["id"] == lead["by"])
        return [f"ahead of #2 ({other}) on equal points, by the rule: {' '.join(rule['text'].split())}"]
    names = ", ".join(cands[c]["title"] for c in ranking["tied"])
    return [f"TIE: {names} have equal points and no rule from the sources separates them; they are listed "
            "in the questionnaire's order, which decides nothing — weigh them yourself."]


def pct_text(value) -> str:
    return f"{value:>3} %" if value is not None else "  — "


def bar(value) -> str:
    filled = 0 if value is None else (value * BAR + 50) // 100
    return "█" * filled + "·" * (BAR - filled)


def indent(text: str, spaces: int) -> str:
    return textwrap.fill(" ".join(str(text).split()), width=100, initial_indent=" " * spaces,
                         subsequent_indent=" " * spaces)
