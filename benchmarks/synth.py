"""Synthetic playbooks of N entities, made by cloning the shipped content and questionnaires with rewritten ids."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped_entities(root: Path = ROOT) -> dict[str, str]:
    """`kind/id` → YAML text of every shipped content file."""
    return {f"{p.parent.name}/{p.stem}": p.read_text(encoding="utf-8")
            for p in sorted((root / "content").glob("*/*.yaml"))}


def shipped_questionnaires(root: Path = ROOT) -> dict[str, str]:
    """id → YAML text of every shipped questionnaire."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((root / "assessments").glob("*.yaml"))}


def make_playbook(dest: Path, n: int, root: Path = ROOT) -> Path:
    """A project with at least `n` entities: whole replicas of the shipped set (questionnaires
    included), each replica's references kept inside it."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root / "site_templates", dest / "site_templates")
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    entities = shipped_entities(root)
    # Pages that list the whole playbook (tag listings, the onboarding overview) exist once in a
    # real playbook of any size: cloning them would make every clone list every replica. So do
    # the reading paths, one per audience, which the home page shows in full.
    once = {ref for ref, text in entities.items()
            if ref.startswith(("tags/", "paths/")) or re.search(r"^type: overview$", text, re.M)}
    questionnaires = shipped_questionnaires(root)
    cloned = [ref for ref in entities if ref not in once] + [f"assessments/{qid}" for qid in questionnaires]
    ref_re = re.compile(r"\b(" + "|".join(re.escape(r) for r in sorted(cloned, key=len, reverse=True)) + r")\b")
    replicas = max(1, -(-(n - len(once)) // (len(entities) - len(once))))
    for k in range(replicas):
        # Replica 0 is the shipped content itself.
        for ref, text in entities.items():
            if k == 0 or ref not in once:
                kind, entity_id = ref.split("/")
                write(dest / "content" / kind / f"{entity_id}{suffix(k)}.yaml", replica(text, k, ref_re))
        for qid, text in questionnaires.items():
            text = re.sub(r"^id: (\S+)$", lambda m: f"id: {m.group(1)}{suffix(k)}", text, count=1, flags=re.M)
            write(dest / "assessments" / f"{qid}{suffix(k)}.yaml", replica(text, k, ref_re))
    return dest


def suffix(k: int) -> str:
    return f"-r{k}" if k else ""


def replica(text: str, k: int, ref_re: re.Pattern) -> str:
    """Replica k of one YAML file: references into replica k; titles and glossary terms (which
    are validated as unique) numbered."""
    if not k:
        return text
    text = ref_re.sub(lambda m: m.group(1) + suffix(k), text)
    return re.sub(r"^(title|term|plural): (.*)$", lambda m: f"{m.group(1)}: {retitle(m.group(2), k)}", text,
                  flags=re.M)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def retitle(title: str, k: int) -> str:
    """Keep titles unique and valid YAML scalars."""
    title = title.strip()
    if title[:1] in "\"'":
        return f"{title[:-1]} ({k}){title[-1]}"
    return f"{title} ({k})"
