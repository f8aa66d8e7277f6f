"""Cases from the shipped files: a workspace holding a copy of the project, and seeded mutations of
its content, questionnaires, answers files, result files and targets file."""
from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .mutate import mutate, near_miss
from .runner import TIME_BOUND, Outcome, Verdict, judge, run, run_process

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("content", "questionnaires", "answers", "results", "targets")
TREE = "{ws}/tree"
_SURROGATES = re.compile("[\ud800-\udfff]")


@dataclass
class Case:
    """Files to put into the workspace, and the CLI arguments to run on them."""

    kind: str
    name: str
    files: dict[str, bytes | str]      # workspace-relative path → bytes, or a special file (SPECIALS)
    argv: list[str]                    # "{ws}" stands for the workspace folder
    mutations: list[str] = field(default_factory=list)
    fresh: bool = False                # run without the warm in-process memos (so caches on disk are read)

    def args(self, ws: Path) -> list[str]:
        return [a.replace("{ws}", str(ws)) for a in self.argv]

    def to_json(self, finding: str, found: str) -> str:
        """The case as a regression file: what was found, the input and the command."""
        files = {}
        for path, data in self.files.items():
            if isinstance(data, str):
                files[path] = {"special": data}
                continue
            try:
                files[path] = {"text": data.decode("utf-8")}
            except UnicodeDecodeError:
                files[path] = {"base64": base64.b64encode(data).decode()}
        doc = {"finding": finding, "found": found, "kind": self.kind, "mutations": self.mutations, "files": files,
               "argv": self.argv, "fresh": self.fresh}
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        # Names that are not UTF-8 (surrogate escapes) only survive as \u escapes.
        return text if not _SURROGATES.search(text) else json.dumps(doc, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str, name: str) -> "Case":
        doc = json.loads(text)
        files = {path: v["special"] if "special" in v else base64.b64decode(v["base64"]) if "base64" in v
                 else v["text"].encode("utf-8") for path, v in doc["files"].items()}
        return cls(doc["kind"], name, files, doc["argv"], doc.get("mutations", []), doc.get("fresh", False))


# --- the workspace ------------------------------------------------------------------------------

class Workspace:
    """A copy of the project plus good answers and result files; cases change files and put them back."""

    def __init__(self, folder: Path):
        self.folder = folder
        tree = folder / "tree"
        for name in ("content", "assessments", "site_templates"):
            shutil.copytree(ROOT / name, tree / name)
        shutil.copy2(ROOT / "mkdocs.yml", tree / "mkdocs.yml")
        (folder / "inputs").mkdir()
        status, _, err = self.cli(["--root", str(tree), "validate"])   # warms the memos every case inherits
        assert status == 0, err
        self.answers_yaml = {p.name: p.read_bytes() for p in sorted((ROOT / "tests" / "scenarios").glob("*.yaml"))}
        self.answers_json = {}
        for name in self.answers_yaml:
            status, out, err = self.cli(["--root", str(tree), "score", str(ROOT / "tests/scenarios" / name),
                                         "--format", "json"])
            assert status == 0, err
            self.answers_json[name.replace(".yaml", ".json")] = out.encode("utf-8")
        # Good result files beside each mutated one: one per questionnaire, in both formats.
        results = folder / "results"
        results.mkdir()
        firsts: dict[str, str] = {}
        for name, data in self.answers_json.items():
            firsts.setdefault(json.loads(data)["questionnaire"], name)
        for i, (questionnaire, name) in enumerate(sorted(firsts.items())):
            doc = json.loads(self.answers_json[name])
            doc["respondent"] = f"Team {i + 1}"
            if i % 2:
                (results / f"team-{i + 1}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True),
                                                            encoding="utf-8")
            else:
                (results / f"team-{i + 1}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
        self.teams = [f"Team {i + 1}" for i in range(len(firsts))]
        status, _, err = self.cli(["--root", str(tree), "report", str(results)])
        assert status == 0, err
        self.targets = targets_seed(tree, self.teams).encode("utf-8")
        from sre_org_playbook.report.command import load_specs
        self.specs = load_specs(tree)
        self.caches = sorted(p.relative_to(folder).as_posix() for p in (tree / "build" / ".cache").glob("reach-*"))

    @staticmethod
    def cli(argv: list[str]) -> tuple[int, str, str]:
        """The CLI run in this process (for setting up; cases run in a child)."""
        from sre_org_playbook.cli import main

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        return status, out.getvalue(), err.getvalue()

    def check(self, case: Case, time_bound: float = TIME_BOUND) -> tuple[Outcome, Verdict]:
        """Run the case through the CLI and judge its outcome (with its files still in place)."""
        with self.applied(case) as argv:
            outcome = run(argv, time_bound, fresh=case.fresh)
            if outcome.hung or outcome.signal:
                # Confirmed by a process of its own, so that a lock held by some other thread of
                # this one when it forked (a test server, say) cannot pass for a hang.
                outcome = run_process(argv, time_bound)
            return outcome, judge(outcome, time_bound, argv, self.folder / "tree")

    @contextlib.contextmanager
    def applied(self, case: Case):
        """The case's files in place; afterwards the originals back, with their times (so memos still hold)."""
        saved: dict[Path, tuple[bytes, os.stat_result] | None] = {}
        made: list[Path] = []
        try:
            for rel, data in case.files.items():
                path = self.folder / rel
                saved[path] = (path.read_bytes(), path.stat()) if path.is_file() else None
                for parent in reversed(path.relative_to(self.folder).parents):
                    if not (self.folder / parent).exists():
                        (self.folder / parent).mkdir()
                        made.append(self.folder / parent)
                if isinstance(data, bytes):
                    path.unlink(missing_ok=True)
                    path.write_bytes(data)
                else:
                    make_special(path, data)
            yield case.args(self.folder)
        finally:
            for path, before in saved.items():
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
                if before is not None:
                    path.write_bytes(before[0])
                    os.utime(path, ns=(before[1].st_atime_ns, before[1].st_mtime_ns))
            for folder in reversed(made):
                shutil.rmtree(folder, ignore_errors=True)


SPECIALS = ("fifo", "folder", "link:/dev/zero", "link:/dev/urandom", "link:loop", "link:missing", "link:..")


def make_special(path: Path, what: str) -> None:
    """Not a regular file where one is expected: a FIFO, a folder, or a symbolic link."""
    path.unlink(missing_ok=True)
    if what == "fifo":
        os.mkfifo(path)
    elif what == "folder":
        (path / "inner.yaml").parent.mkdir()
        (path / "inner.yaml").write_text("a: 1\n", encoding="utf-8")
    elif what.startswith("link:"):
        target = what[5:]
        os.symlink({"loop": path.name, "missing": "no-such-file.yaml"}.get(target, target), path)
    else:
        raise ValueError(what)


def targets_seed(tree: Path, teams: list[str]) -> str:
    """The README's targets example, with the shipped questionnaire's phase ids and the results' teams."""
    spec = yaml.safe_load((tree / "assessments" / "organisational-maturity.yaml").read_text(encoding="utf-8"))
    phases = [p["id"] for p in spec["outcomes"]["phases"]]
    lines = ["# targets.yaml — team → questionnaire → target phase id",
             "default:                                   # optional: every team without its own target",
             f"  organisational-maturity: {phases[1]}", "teams:"]
    for i, team in enumerate(teams + ["Checkout", "Payments"]):
        lines += [f"  {team}:", f"    organisational-maturity: {phases[(i + 2) % len(phases)]}"]
    return "\n".join(lines) + "\n"


# --- cases --------------------------------------------------------------------------------------

def shipped(pattern: str) -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob(pattern))


CONTENT = shipped("content/*/*.yaml")
QUESTIONNAIRES = shipped("assessments/*.yaml")


def case(ws: Workspace, kind: str, index: int, seed: int) -> Case:
    """Case `index` of `kind`: the same for the same seed, on any machine."""
    rng = random.Random(f"{seed}/{kind}/{index}")
    name = f"{kind}-{seed}-{index}"
    validate = ["--root", TREE, "validate"]
    if kind in ("content", "questionnaires"):
        source = rng.choice(CONTENT if kind == "content" else QUESTIONNAIRES)
        data, applied = mutate((ROOT / source).read_bytes(), "yaml", rng)
        target = source
        if kind == "questionnaires" and rng.random() < 0.08 and ws.caches:
            # The reachability cache is an input too: read afresh, it must be checked, not trusted.
            cache = rng.choice(ws.caches)
            data, applied = mutate((ws.folder / cache).read_bytes(), "json", rng)
            return Case(kind, name, {cache: data}, validate, [cache] + applied, fresh=True)
        if kind == "content" and rng.random() < 0.05:
            # The same file in a place it does not belong.
            kind_, file = source.split("/")[1:]
            target = rng.choice([f"content/{rng.choice(['models', 'patterns', 'unknown', 'Models'])}/{file}",
                                 f"content/{kind_}/{file[:-5]}.yml", f"content/{kind_}/sub/{file}",
                                 f"content/{kind_}/{near_miss(file[:-5], rng)}.yaml", f"content/{file}",
                                 f"content/{kind_}/{rng.choice(ODD_NAMES)}.yaml"])
            applied.append("placed at " + target)
        files = {f"tree/{target}": data}
        if kind == "content" and rng.random() < 0.1:
            # Two broken files at once: problems in one must not hide, or multiply, those of the other.
            second = rng.choice(CONTENT)
            files[f"tree/{second}"], more = mutate((ROOT / second).read_bytes(), "yaml", rng)
            applied += ["and " + second] + more
        return special(Case(kind, name, files, validate, [source] + applied), rng)
    if kind == "answers":
        fmt = rng.choice(["yaml", "json"])
        pool = ws.answers_yaml if fmt == "yaml" else ws.answers_json
        source = rng.choice(sorted(pool))
        original = pool[source]
        if rng.random() < 0.15:
            original, applied = odd_answers(original, fmt, ws.specs, rng), ["odd_answers"]
        data, more = mutate(original, fmt, rng) if rng.random() < 0.7 else (original, [])
        applied = ([] if original is pool[source] else applied) + more
        suffix = fmt if rng.random() < 0.9 else {"yaml": "json", "json": "yaml"}[fmt]
        argv = ["--root", TREE, "score", f"{{ws}}/inputs/answers.{suffix}"]
        if rng.random() < 0.5:
            argv += ["--format", "json"]
        if rng.random() < 0.1:
            argv += ["--questionnaire", rng.choice(["model-fit", "organisational-maturity", "model-fitt", ""])]
        return special(Case(kind, name, {f"inputs/answers.{suffix}": data}, argv, [source] + applied), rng)
    if kind == "results":
        fmt = rng.choice(["yaml", "json"])
        source = rng.choice(sorted(ws.answers_json))
        original = ws.answers_json[source]
        if fmt == "yaml":
            original = yaml.safe_dump(json.loads(original), sort_keys=False, allow_unicode=True).encode("utf-8")
        if rng.random() < 0.15:
            original = odd_answers(original, fmt, ws.specs, rng)
        data, applied = mutate(original, fmt, rng)
        name_ = f"results/zz-mutated.{fmt}"
        if rng.random() < 0.05:
            name_ = f"results/{rng.choice(['sub/deeper/', '', '.'])}{rng.choice(ODD_NAMES)}.{fmt}"
            applied.append("named " + name_)
        argv = ["--root", TREE, "report", "{ws}/results"]
        if rng.random() < 0.5:
            argv += ["--format", rng.choice(["md", "json", "text"])]
        if rng.random() < 0.2:
            argv += ["--include-older"]
        if rng.random() < 0.05:
            argv += ["--out", rng.choice(["{ws}/results", "{ws}/results/", "{ws}/tree/mkdocs.yml/report.md", "",
                                          "{ws}/tree/content"])]
        return special(Case(kind, name, {name_: data}, argv, [source] + applied), rng)
    if kind == "targets":
        data, applied = mutate(ws.targets, "yaml", rng)
        argv = ["--root", TREE, "report", "{ws}/results", "--targets", "{ws}/inputs/targets.yaml"]
        if rng.random() < 0.5:
            argv += ["--format", rng.choice(["md", "json", "text"])]
        return special(Case(kind, name, {"inputs/targets.yaml": data}, argv, ["targets.yaml"] + applied), rng)
    raise ValueError(f"unknown kind {kind!r}")


ODD_NAMES = ["bad\nname", "bad\rname", "name with spaces", "ünïcödé", "x" * 240, "-", "UPPER", "a.b",
             "\udcff\udcfe",
             "\x1b[31mred", "tab\there", "\u202eevil", "%s{0}", "--help"]


def odd_answers(original: bytes, fmt: str, specs: dict, rng: random.Random) -> bytes:
    """The file's answers replaced by odd ones of the right shape: every option, repeats, none,
    exclusive options with others, answers to hidden questions, a single id for a list."""
    from sre_org_playbook.assessments.engine import questions_of

    doc = json.loads(original) if fmt == "json" else yaml.safe_load(original)
    spec = specs.get(doc.get("questionnaire")) or rng.choice(list(specs.values()))
    answers = {}
    for question in questions_of(spec):
        ids = [option["id"] for option in question["options"]]
        pick = rng.random()
        if pick < 0.2:
            continue
        if question["type"] == "single":
            answers[question["id"]] = rng.choice(ids) if pick < 0.8 else rng.choice([[rng.choice(ids)], [], None, ids])
        else:
            answers[question["id"]] = rng.choice([ids, [rng.choice(ids)] * 2, [], None, ids[:1], ids[0],
                                                  rng.sample(ids, rng.randint(1, len(ids)))])
    doc["answers"] = answers if rng.random() < 0.95 else {}
    if fmt == "json":
        return json.dumps(doc, indent=2, ensure_ascii=False, default=str).encode("utf-8")
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode("utf-8")


def special(one: Case, rng: random.Random) -> Case:
    """Now and then, a FIFO, folder or symbolic link where the mutated file would go."""
    if rng.random() >= 0.03:
        return one
    what = rng.choice(SPECIALS)
    return Case(one.kind, one.name, {path: what for path in one.files}, one.argv, one.mutations[:1] + [what])
