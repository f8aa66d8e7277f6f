"""Sample result files for demos and the roll-up benchmark: plausible teams, seeded.

Each team gets a maturity level; its answers lean towards options at that level of each
question's declared order, so the teams spread over the phases. Files are exactly what
`playbook score --format json` writes (the result is computed by the engine).
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from ..assessments.engine import questions_of, score


def random_answers(spec: dict, rng: random.Random, level: float, skip: float = 0.05) -> dict:
    """Answers leaning towards `level` (0–1) of each question's options; some left unanswered."""
    answers: dict = {}
    for question in questions_of(spec):
        if rng.random() < skip:
            continue
        options = question["options"]
        if question["type"] == "single":
            centre = level * (len(options) - 1)
            index = min(len(options) - 1, max(0, round(rng.gauss(centre, 0.8))))
            answers[question["id"]] = options[index]["id"]
        else:
            plain = [o["id"] for o in options if not o["exclusive"]]
            exclusive = [o["id"] for o in options if o["exclusive"]]
            if exclusive and rng.random() > level + 0.2:
                answers[question["id"]] = [rng.choice(exclusive)]
            else:
                picked = [o for o in plain if rng.random() < level]
                if picked:
                    answers[question["id"]] = picked
    return answers


def result_document(spec: dict, respondent: str, date: str, answers: dict) -> dict:
    return {"questionnaire": spec["id"], "version": spec["version"], "spec_hash": spec["spec_hash"],
            "respondent": respondent, "date": date, "answers": answers, "result": score(spec, answers)}


def write_samples(folder: Path, spec: dict, count: int, seed: int = 1) -> list[Path]:
    """`count` result files: teams answering once to three times, a few as workshops."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    team = 0
    while len(paths) < count:
        team += 1
        level = rng.random()
        dates = sorted({f"202{rng.randint(2, 4)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                        for _ in range(rng.choice((1, 1, 2, 3)))})
        for date in dates:
            people = ["Ana", "Ben", "Chen", "Dee"][: rng.choice((1, 1, 1, 3, 4))]
            for person in people:
                if len(paths) >= count:
                    break
                who = f"Team {team:03d}" + (f" / {person}" if len(people) > 1 else "")
                doc = result_document(spec, who, date, random_answers(spec, rng, level))
                path = folder / f"team-{team:03d}-{date}-{person.lower()}.json"
                path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
                paths.append(path)
            level = min(1.0, level + rng.uniform(-0.1, 0.25))
    return paths
