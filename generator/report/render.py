"""Render: the report's plain data → Markdown (a site page or a standalone file), text or JSON.

Everything that came from a result file (team, respondent and file names, dates) is escaped
here: `md()` for Markdown text and table cells, `h()` for the heatmap's HTML. Nothing from a
file reaches the page as markup.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

from ..assessments.pages import in_full_page
from ..render import make_env
from .inputs import clean_text

TEMPLATE = "report.md.j2"
PAGE = "assessments/report.md"
BANDS = 5                       # colour bands of 20 percentage points
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
GAP_MARK = "▼"
INCOMPLETE_MARK = "*"


def md(value, limit: int = 400) -> str:
    """Untrusted text as literal Markdown: one line, entities for & and <, every Markdown
    punctuation character backslash-escaped (also safe in a table cell)."""
    text = clean_text("" if value is None else value, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return MD_SPECIAL.sub(r"\\\1", text) or "—"


def h(value) -> str:
    """Untrusted text inside HTML."""
    return html.escape(clean_text("" if value is None else value, 400), quote=True)


def pct(value) -> str:
    return "—" if value is None else str(value)


def band(value) -> int:
    return 0 if value is None else min(value * BANDS // 100, BANDS - 1)


def signed(delta) -> str:
    if delta is None:
        return ""
    return f"▲ +{delta}" if delta > 0 else f"▼ −{-delta}" if delta < 0 else "= 0"


class Links:
    """Links from the report to playbook pages: relative inside the site, or under a base URL."""

    def __init__(self, current: str | None = PAGE, base_url: str = ""):
        self.current, self.base = current, base_url.rstrip("/") + "/" if base_url else ""

    def href(self, target: str) -> str:
        path, _, anchor = target.partition("#")
        if self.current is not None:
            url = posixpath.relpath(path, posixpath.dirname(self.current))
        else:
            url = self.base + (path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/")
        return url + (f"#{anchor}" if anchor else "")

    def __call__(self, target: str | None, text: str) -> str:
        return md(text) if not target else f"[{md(text)}]({self.href(target)})"


def names(items: list[str], limit: int = 6) -> str:
    """An escaped, comma-separated list, shortened with 'and N more'."""
    shown = ", ".join(md(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "") if items else "—"


def to_markdown(report: dict, links: Links, templates: Path) -> str:
    """The report page (site_templates/pages/report.md.j2)."""
    env = make_env(templates)
    return env.get_template(TEMPLATE).render(
        r=report, md=md, h=h, pct=pct, band=band, signed=signed, link=links, names=names,
        GAP=GAP_MARK, INCOMPLETE=INCOMPLETE_MARK, qpage=qpage)


def qpage(qid: str, anchor: str = "") -> str:
    """A questionnaire's page; a question's or advice's anchor is on the questionnaire in full."""
    return f"{in_full_page(qid)}#{anchor}" if anchor else f"assessments/{qid}.md"


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


# --- text -----------------------------------------------------------------------------------

def to_text(report: dict) -> str:
    """A terminal summary: heatmap as a fixed-width table, distributions, gaps, targets, history,
    workshops and the files left out."""
    out = []
    files = report["files"]
    out.append(f"Organisation report — {files['used']} of {files['read']} result files used"
               + (f", {files['left_out']} left out" if files["left_out"] else ""))
    for s in report["questionnaires"]:
        out += ["", f"{s['title']} ({s['id']}, version {s['version']}) — {len(s['teams'])} team(s)"]
        if s["dimensions"]:
            out += ["", f"  Scores in % (latest result per team; {GAP_MARK} below {report['settings']['gap_threshold']} %, "
                        f"{INCOMPLETE_MARK} incomplete)"]
            phased, targeted = bool(s["phases"]), s["targets"] is not None
            out += ["  " + line for line in text_table(
                ["Team"] + [d["short"] for d in s["dimensions"]] + ["Overall"] + ["Phase"] * phased
                + ["Target"] * targeted,
                [[clean_text(t["team"], 28) + (INCOMPLETE_MARK if not t["latest"]["complete"] else "")]
                 + [cell(t["latest"], d["id"]) for d in s["dimensions"]] + [pct(t["latest"]["overall"])]
                 + [t["latest"]["phase"] or "—"] * phased + [target_text(t["target"])] * targeted
                 for t in s["teams"]], left=1 + len(s["dimensions"]) + 1)]
        if s["phase_distribution"]:
            out += ["", "  Phases: " + "; ".join(f"{p['title']} {p['count']}" for p in s["phase_distribution"])]
        if s["targets"]:
            t = s["targets"]
            out.append(f"  Targets: {t['reached']} reached, {t['below']} below, {t['without']} without a target")
        for rk in s["ranking_distribution"]:
            out.append(f"  {rk['title']}: " + "; ".join(f"{c['title']} {c['count']}" for c in rk["candidates"]
                                                       if c["count"]))
        g = s["gaps"]
        if g["dimensions"]:
            out.append(f"  Below {g['threshold']} %: " + "; ".join(f"{d['title']} {d['count']}" for d in g["dimensions"]))
        if g["gates"]:
            out.append("  Blocking gates: " + "; ".join(f"{x['phase']}/{x['gate']} {x['count']}" for x in g["gates"]))
        if g["advice"]:
            out.append("  Advice given: " + "; ".join(f"{a['id']} {a['count']}" for a in g["advice"][:8]))
        history = [t for t in s["teams"] if len(t["entries"]) > 1]
        if history:
            out += ["", "  History (newest first):"]
            for t in history:
                steps = " ← ".join(f"{e['date'] or 'undated'} "
                                   + (e["phase"] or (pct(e["overall"]) if s["dimensions"] else
                                                     "/".join(str(v) for v in e["top"].values()) or "—"))
                                   for e in t["entries"])
                ch = t["entries"][0]["change"]
                dims = {d["id"]: d["short"] for d in s["dimensions"]}
                moved = ", ".join([f"{dims[d]} +{ch['dimensions'][d]}" for d in ch["improved"]]
                                  + [f"{dims[d]} −{-ch['dimensions'][d]}" for d in ch["slipped"]])
                out.append(f"    {clean_text(t['team'], 40)}: {steps}" + (f" ({moved})" if moved else ""))
        if s["workshops"]:
            out += ["", "  Workshops (combined answers; disagreements):"]
            for w in s["workshops"]:
                out.append(f"    {clean_text(w['team'], 40)} {w['date'] or 'undated'}: {len(w['respondents'])} "
                           + (f"respondents, phase {w['phase'] or '—'}" if s["phases"] else
                              "respondents, first: " + ("/".join(str(v) for v in w["top"].values()) or "—"))
                           + f", {len(w['disagreements'])} disagreement(s)")
                for d in w["disagreements"]:
                    said = "; ".join(f"{clean_text(a['respondent'], 30)}: {', '.join(a['options'])}" for a in d["answers"])
                    out.append(f"      Q{d['number']} {d['question']} (spread {d['spread']}): {said}")
    for w in report["targets_warnings"]:
        out += ["", f"{w['path']}:{w['line']}: warning: {w['field']}: {w['message']}"]
    if report["left_out"]:
        out += ["", "Left out:"]
        for lo in report["left_out"]:
            for p in lo["problems"]:
                out.append(f"  {lo['path']}:{p['line']}: {p['field']}: {p['message']}")
    return "\n".join(out) + "\n"


def cell(entry: dict, dim: str) -> str:
    value = entry["dimensions"][dim]
    return pct(value) + (GAP_MARK if entry["below"].get(dim) else "")


def target_text(target: dict | None) -> str:
    if not target:
        return "—"
    return target["phase"] + (" ✓" if target["status"] != "below" else f" (+{target['steps']})")


def text_table(header: list[str], rows: list[list[str]], left: int) -> list[str]:
    """Fixed-width columns: the first and those from index `left` on are left-aligned, numbers right."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 or i >= left else str(c).rjust(w)  # noqa: E731
                                   for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(header)] + [line(r) for r in rows]
