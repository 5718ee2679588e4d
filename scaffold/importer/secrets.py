"""Where an imported stack's secrets go: each value to `.env` under one variable, the manifest
naming only the variable. A preset's credentials become the preset's own secrets."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from scaffold.importer.recognise import looks_secret, preset_environment
from scaffold.manifest.catalog import Preset
from scaffold.newproject.dotenv import new_secret

_SECRET_PLACEHOLDER = re.compile(r"^\{secret:([A-Z0-9_]+)\}$")
MIN_SECRET = 4  # shorter values would be found inside unrelated words


@dataclass
class Vault:
    """The `.env` being built: variable -> value, and which variable holds each value."""

    values: dict[str, str] = field(default_factory=dict)

    def put(self, wanted: str, value: str, fallback: str) -> str:
        """Store `value` under `wanted`, or `fallback` when `wanted` holds another value already."""
        for variable in (wanted, fallback):
            if self.values.get(variable, value) == value:
                self.values[variable] = value
                return variable
        self.values[fallback] = value
        return fallback

    def inside(self, text: str) -> tuple[str, list[str]]:
        """`text` with every secret value in it replaced by `${VARIABLE}`, and the variables used."""
        used = []
        for variable, value in sorted(self.values.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            if len(value) >= MIN_SECRET and value in text:
                text = text.replace(value, f"${{{variable}}}")
                used.append(variable)
        return text, sorted(used)


def prefix(service: str) -> str:
    return service.upper().replace("-", "_")


def preset_secrets(service: str, preset: Preset, environment: Mapping[str, Any],
                   svc_command: list[str] | None, vault: Vault) -> list[str]:
    """Move the preset's credentials from the service's environment into the vault.

    Returns the environment keys the preset now writes itself. Redis takes its password
    from `--requirepass` in the command.
    """
    taken = []
    if preset.name == "redis" and "--requirepass" in (command := list(svc_command or [])):
        at = command.index("--requirepass")
        if at + 1 < len(command):
            vault.values[f"{prefix(service)}_PASSWORD"] = command[at + 1]
    for key, template in preset_environment(preset):
        found = _SECRET_PLACEHOLDER.match(template)
        value = environment.get(key)
        if found and isinstance(value, str):
            vault.values[f"{prefix(service)}_{found.group(1)}"] = value
            taken.append(key)
    for name, _text in preset.backing.secrets if preset.backing else ():
        if not (preset.auth_optional and "--requirepass" not in (svc_command or [])):
            vault.values.setdefault(f"{prefix(service)}_{name}", new_secret())
    return taken


def register(service: str, environment: Mapping[str, Any], vault: Vault) -> dict[str, str]:
    """Put each secret-looking variable's value in the vault: {key: the .env variable}."""
    return {key: vault.put(key, value, f"{prefix(service)}_{key}")
            for key, value in sorted(environment.items())
            if looks_secret(key) and isinstance(value, str) and value and not _names_a_file(key, value)}


def _names_a_file(key: str, value: str) -> bool:
    """`..._FILE=/run/secrets/x`: the path of a secret, not a secret."""
    return key.endswith("_FILE") or value.startswith(("/", "./"))


def env_entry(key: str, value: str, named: Mapping[str, str], vault: Vault) -> Any:
    """A manifest env value: `{secret: true}` for a registered secret, a literal with
    `${VARIABLE}` where it holds a known secret, else the literal itself."""
    if key in named:
        return {"secret": True} if named[key] == key else {"secret": True, "variable": named[key]}
    text, used = vault.inside(value)
    if used:
        return {"value": text, "secrets": used}
    return value
