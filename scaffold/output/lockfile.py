""".scaffold/lock.json: what scaffold generated last, kept as the base for three-way merges."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.errors import InputError, Problem

LOCK_PATH = ".scaffold/lock.json"
VERSION = 1


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One generated file: the content scaffold wrote last (the merge base).

    `pending` is the hash of a newer version offered beside the file as
    `<file>.scaffold-new` after a conflict, until the user resolves it.
    """

    base: str
    pending: str = ""


@dataclass(frozen=True)
class Lock:
    manifest: str = ""  # sha256 of the manifest the files came from
    files: dict[str, Entry] = field(default_factory=dict)
    # the host ports the files were rendered with: committed with the project, they keep a
    # clone on another machine (and CI's --check) on the same ports
    ports: dict[str, int] = field(default_factory=dict)


def read(root: Path) -> Lock:
    path = root / LOCK_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Lock()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    try:
        data = json.loads(text)
        files = {
            name: Entry(base=spec["base"], pending=spec.get("pending", ""))
            for name, spec in data["files"].items()
        }
        ports = {str(k): int(v) for k, v in data.get("ports", {}).items()}
        return Lock(manifest=data.get("manifest", ""), files=files, ports=ports)
    except json.JSONDecodeError as exc:
        problem = Problem(str(path), exc.lineno, exc.colno, "", f"not valid JSON: {exc.msg}")
        raise InputError("the lock file is broken; fix it or delete it (generate then "
                         "treats every existing file as edited)", [problem]) from None
    except (KeyError, TypeError, AttributeError, ValueError):
        raise InputError(f"{path}: not a scaffold lock file (expected 'files' with a 'base' each)") from None


def dumps(lock: Lock) -> str:
    """Deterministic text: sorted keys, one file per entry, a newline at the end."""
    files: dict[str, Any] = {}
    for name in sorted(lock.files):
        entry = lock.files[name]
        spec: dict[str, str] = {"sha256": digest(entry.base), "base": entry.base}
        if entry.pending:
            spec["pending"] = entry.pending
        files[name] = spec
    return json.dumps({"version": VERSION, "manifest": lock.manifest, "files": files,
                       "ports": dict(sorted(lock.ports.items()))},
                      indent=2, sort_keys=True, ensure_ascii=False) + "\n"
