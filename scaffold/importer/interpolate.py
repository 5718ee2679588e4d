"""Compose's interpolation and its `.env` files: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
`${VAR:?error}`, `${VAR?error}`, `${VAR:+other}`, `$VAR` and `$$` for a literal `$`; and the
`!reset` and `!override` values compose's YAML tags give, interpolated inside."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scaffold.errors import InputError, Problem
from scaffold.manifest.source import read_text
from scaffold.records import record

_REFERENCE = re.compile(r"\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}"
                        r"|([A-Za-z_][A-Za-z0-9_]*))")


class Reset:
    """`!reset`: the key is dropped from what the earlier files said."""


@record
class Override:
    """`!override VALUE`: the value replaces the earlier files' instead of merging with it."""

    value: Any


class Missing(Exception):
    """A `${VAR?error}` whose variable is not set."""


def interpolate(text: str, env: Mapping[str, str]) -> str:
    return _REFERENCE.sub(lambda m: _one(m, env), text)


def _one(match: re.Match[str], env: Mapping[str, str]) -> str:
    dollar, name, operator, word, bare = match.groups()
    if dollar:
        return "$"
    if bare:
        return env.get(bare, "")
    value = env.get(name)
    empty = value is None or (value == "" and operator is not None and operator.startswith(":"))
    if operator in ("-", ":-"):
        return interpolate(word, env) if empty else str(value)
    if operator in ("?", ":?"):
        if empty:
            raise Missing(f"required variable {name} is missing a value: {word}")
        return str(value)
    if operator in ("+", ":+"):
        return "" if empty else interpolate(word, env)
    return value or ""


def interpolate_all(data: Any, env: Mapping[str, str], file: str) -> Any:
    """Every string in a loaded compose file interpolated; a missing required variable is an InputError."""
    try:
        return _walk(data, env)
    except Missing as exc:
        raise InputError(f"{file}: {exc}; nothing was written",
                         [Problem(file, 0, 0, "", str(exc))]) from None


def _walk(data: Any, env: Mapping[str, str]) -> Any:
    if isinstance(data, Override):
        return Override(_walk(data.value, env))
    if isinstance(data, str):
        return interpolate(data, env)
    if isinstance(data, dict):
        return {k: _walk(v, env) for k, v in data.items()}
    if isinstance(data, list):
        return [_walk(v, env) for v in data]
    return data


def read_dotenv(path: Path) -> dict[str, str]:
    """`KEY=VALUE` lines as compose reads an env file: comments, `export`, quotes."""
    out: dict[str, str] = {}
    for raw in read_text(path, "the env file").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, eq, value = line.removeprefix("export ").partition("=")
        key = key.strip()
        if not eq:
            continue
        out[key] = _unquote(value.strip(), out)
    return out


def _unquote(value: str, seen: Mapping[str, str]) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner if value[0] == "'" else interpolate(inner.replace("\\n", "\n"), seen)
    if " #" in value:
        value = value.split(" #", 1)[0].rstrip()
    return interpolate(value, seen)
