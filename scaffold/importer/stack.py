"""The importer's working data: what one service's comment says, what mapping a service needs
to know of the others, what an import gives back; and a preset's credentials read from a service."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scaffold.importer.recognise import preset_environment
from scaffold.importer.secrets import Vault
from scaffold.manifest.catalog import Preset
from scaffold.records import record

# the user and database an image uses when its environment names none
_IMAGE_DEFAULTS = {"postgres": {"user": "postgres"}}


@dataclass
class Notes:
    """What the comment above one imported service says."""

    recognised: str = ""
    changed: list[str] = field(default_factory=list)
    escaped: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


@record
class Imported:
    """The manifest as data, the notes per service, `.env`'s values, and the ports whose host
    side scaffold picks (the original let Docker pick it)."""

    manifest: dict[str, Any]
    notes: dict[str, Notes]
    dotenv: dict[str, str]
    allocated: frozenset[tuple[str, int]]


@dataclass
class Stack:
    """What mapping one service needs to know about the others."""

    root: Path
    services: dict[str, dict[str, Any]]
    jobs: set[str]
    presets: dict[str, tuple[Preset, str]]
    shares: dict[str, str]
    top_secrets: dict[str, Any] = field(default_factory=dict)
    wired: dict[str, int] = field(default_factory=dict)  # service -> port others reach it on
    vault: Vault = field(default_factory=Vault)
    named: dict[str, dict[str, str]] = field(default_factory=dict)
    allocated: set[tuple[str, int]] = field(default_factory=set)


def credentials(svc: dict[str, Any], preset: Preset) -> tuple[dict[str, Any], list[str]]:
    """The preset's user and database from the service's environment, and the keys they say."""
    environment = svc.get("environment") or {}
    out: dict[str, Any] = {}
    taken = []
    defaults = _IMAGE_DEFAULTS.get(preset.name, {})
    for key, template in preset_environment(preset):
        word = template.strip("{}") if template in ("{user}", "{database}") else ""
        value = environment.get(key)
        if word and isinstance(value, str) and re.fullmatch(r"[a-z_][a-z0-9_]*", value):
            out[word] = value
            taken.append(key)
    if "user" not in out and "user" in defaults:
        out["user"] = defaults["user"]
    if "database" not in out and preset.database and "user" in out and defaults:
        out["database"] = out["user"]
    return out, taken
