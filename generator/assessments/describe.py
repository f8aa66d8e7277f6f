"""Conditions and scores in words, for pages and the CLI (one wording for both)."""
from __future__ import annotations

from .engine import questions_of


class Words:
    """Looks up titles and labels in one spec and words its conditions."""

    def __init__(self, spec: dict, markdown: bool = True):
        self.spec = spec
        self.markdown = markdown
        self.questions = {q["id"]: q for q in questions_of(spec)}
        self.number = {qid: i for i, qid in enumerate(self.questions, start=1)}
        self.dimensions = {d["id"]: d for d in spec["dimensions"]}
        self.candidates = {c["id"]: c for r in spec["outcomes"]["rankings"] for c in r["candidates"]}
        self.rankings = {r["id"]: r for r in spec["outcomes"]["rankings"]}

    def em(self, text: str) -> str:
        return f"*{text}*" if self.markdown else f"'{text}'"

    def question_ref(self, qid: str) -> str:
        label = f"Q{self.number[qid]}"
        return f"[{label}](#q-{qid})" if self.markdown else f"{label} ({qid})"

    def option_label(self, qid: str, oid: str) -> str:
        return next(o["label"] for o in self.questions[qid]["options"] if o["id"] == oid)

    def condition(self, cond: dict | None, nested: bool = False) -> str:
        """A condition in words, e.g. 'Q1 is answered *A few pilots* or *All*'."""
        if cond is None:
            return "always"
        if "answer" in cond:
            qid = cond["answer"]
            labels = " or ".join(self.em(self.option_label(qid, o)) for o in cond["in"])
            verb = "includes" if self.questions[qid]["type"] == "multiple" else "is answered"
            return f"{self.question_ref(qid)} {verb} {labels}"
        if "dimension" in cond:
            return f"{self.em(self.dimensions[cond['dimension']]['title'])} is at least {cond['at_least']} %"
        if "top" in cond:
            return self.top(cond, "is")
        if "not" in cond:
            inner = cond["not"]
            if "answer" in inner:
                qid = inner["answer"]
                labels = " or ".join(self.em(self.option_label(qid, o)) for o in inner["in"])
                verb = "does not include" if self.questions[qid]["type"] == "multiple" else "is not answered"
                return f"{self.question_ref(qid)} {verb} {labels}"
            if "dimension" in inner:
                return f"{self.em(self.dimensions[inner['dimension']]['title'])} is below {inner['at_least']} %"
            if "top" in inner:
                return self.top(inner, "is not")
            return f"not ({self.condition(inner)})"
        key = "all" if "all" in cond else "any"
        joiner = " and " if key == "all" else " or "
        text = joiner.join(self.condition(c, nested=True) for c in cond[key])
        return f"({text})" if nested else text

    def top(self, cond: dict, verb: str) -> str:
        """A {top} condition, e.g. 'the first of *Who runs it?* is *You build it, you run it*'."""
        names = " or ".join(self.em(self.candidates[c]["title"]) for c in cond["in"])
        return f"the first of {self.em(self.rankings[cond['top']]['title'])} {verb} {names}"

    def shortfall(self, cond: dict, percents: dict) -> str:
        """A missing part of a gate with its distance, e.g. '*SLOs …* is 63 % — needs at least 65 %'."""
        if "dimension" in cond:
            now = percents.get(cond["dimension"])
            return (f"{self.em(self.dimensions[cond['dimension']]['title'])} is "
                    f"{'—' if now is None else f'{now} %'} — needs at least {cond['at_least']} %")
        if "answer" in cond:
            return f"needs {self.condition(cond)}"
        if "any" in cond:
            return "needs one of: " + "; ".join(self.shortfall(c, percents).removeprefix("needs ") for c in cond["any"])
        return f"needs {self.condition(cond)}"

    def points(self, option: dict) -> str:
        """What choosing an option gives, e.g. 'SLOs … +2 · You build it, you run it −1'."""
        parts = [f"{self.dimensions[d]['title']} {signed(v)}" for d, v in option["points"].items() if v]
        parts += [f"{self.candidates[c]['title']} {signed(v)}" for c, v in option["candidates"].items() if v]
        return " · ".join(parts)

    @staticmethod
    def thresholds(cond: dict | None) -> bool:
        """Whether a condition compares a score with a threshold (a calibrated number)."""
        if cond is None:
            return False
        if "dimension" in cond:
            return True
        return any(Words.thresholds(c) for c in cond.get("all", []) + cond.get("any", [])) or \
            Words.thresholds(cond.get("not"))

    def all_points(self, question: dict) -> str:
        """Every option that gives points, one per line: '*label*: points'."""
        return "\n".join(f"{self.em(o['label'])}: {self.points(o)}" for o in question["options"] if self.points(o))

    def measures(self, question: dict) -> str:
        """The dimensions a question measures (with its maximum) and the rankings it affects."""
        from .engine import question_max

        parts = []
        for dim in self.spec["dimensions"]:
            most = question_max(question, dim["id"], "points")
            if most:
                parts.append(f"{dim['title']} (up to {most})")
        touched = [r["title"] for r in self.spec["outcomes"]["rankings"]
                   if any(o["candidates"].get(c["id"]) for o in question["options"] for c in r["candidates"])]
        text = ""
        if parts:
            text += "measures " + ", ".join(parts)
        if touched:
            text += ("; " if text else "") + "ranks " + ", ".join(touched)
        return text or "decides which questions are shown, or what advice applies"


def signed(value: int) -> str:
    return f"+{value}" if value > 0 else f"−{-value}"
