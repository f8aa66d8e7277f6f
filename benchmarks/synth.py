"""Synthetic playbooks of N entities, made by cloning the shipped content with rewritten ids."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shipped_entities(root: Path = ROOT) -> dict[str, str]:
    """`kind/id` → YAML text of every shipped content file."""
    return {f"{p.parent.name}/{p.stem}": p.read_text(encoding="utf-8")
            for p in sorted((root / "content").glob("*/*.yaml"))}


def make_playbook(dest: Path, n: int, root: Path = ROOT) -> Path:
    """A project with at least `n` entities: whole replicas of the shipped set, refs kept inside each replica."""
    if dest.exists():
        shutil.rmtree(dest)
    for name in ("site_templates", "assessments"):
        if (root / name).exists():
            shutil.copytree(root / name, dest / name)
    (dest / "generator").mkdir(parents=True)
    shutil.copy(root / "generator" / "mkdocs_hooks.py", dest / "generator")
    shutil.copy(root / "mkdocs.yml", dest / "mkdocs.yml")
    entities = shipped_entities(root)
    ref_re = re.compile(r"\b(" + "|".join(re.escape(r) for r in sorted(entities, key=len, reverse=True)) + r")\b")
    replicas = max(1, -(-n // len(entities)))
    for k in range(replicas):
        for ref, text in entities.items():
            # Replica 0 is the shipped content itself, so the questionnaires' links still resolve.
            kind, entity_id = ref.split("/")
            suffix = f"-r{k}" if k else ""
            body = text
            if k:
                body = ref_re.sub(lambda m: f"{m.group(1)}{suffix}", text)
                # Titles, and glossary terms (validated as unique), get the replica's number.
                body = re.sub(r"^(title|term|plural): (.*)$", lambda m: f"{m.group(1)}: {retitle(m.group(2), k)}",
                              body, flags=re.M)
            target = dest / "content" / kind / f"{entity_id}{suffix}.yaml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
    return dest


def retitle(title: str, k: int) -> str:
    """Keep titles unique and valid YAML scalars."""
    title = title.strip()
    if title[:1] in "\"'":
        return f"{title[:-1]} ({k}){title[-1]}"
    return f"{title} ({k})"
