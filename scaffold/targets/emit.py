"""Writing plain data as deterministic YAML in which every string survives as the same string.

A string is written plain only when no YAML 1.1 or 1.2 reader could take it for
anything else; otherwise it is double-quoted with JSON's escapes, which YAML
reads back exactly (`:`, `#`, `$`, newlines, `yes`, `0755`, leading spaces...).
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

_PLAIN = re.compile(r"^[A-Za-z0-9_/][A-Za-z0-9_./@+-]*$")
# a ':' inside a word is plain text to YAML ("postgres:15", "data:/var/lib"); a word that starts
# with a digit stays quoted, since "80:80" is a base-60 number to YAML 1.1 readers. A relative
# bind mount ("./nginx/x.conf:/etc/nginx/x.conf:ro") is plain too: dclint wants volumes unquoted
_PLAIN_COLON = re.compile(r"^(?:\./(?=.*:))?[A-Za-z_/][A-Za-z0-9_./@+:-]*[A-Za-z0-9_./@+-]$")
# the project's own folder mounted whole (".:/srv/app"): plain too, for the same reason
_PLAIN_HERE = re.compile(r"^\.{1,2}:/[A-Za-z0-9_./@+-]*(?::r[ow])?$")
_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")  # "/": Kubernetes label keys
# words some YAML reader (1.1 or 1.2) turns into a bool, null, number or date
_RESERVED = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|~|_|[-+].*"
    r"|[-+]?\.?(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    r"|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"
    r"|0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$"
)


class Flow(list[Any]):
    """A list written on one line, `["CMD", "pg_isready"]`, as compose files usually show tests."""


# outside YAML's printable set, or a line break to YAML 1.1 (NEL, LS, PS), or a BOM
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def quote(text: str) -> str:
    """A double-quoted YAML scalar: JSON's escapes, plus escapes for what YAML won't carry raw."""
    dumped = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


class Quoted(str):
    """A string always written in single quotes, as linters want port mappings ('80:80')."""

    __slots__ = ()


def scalar(value: Any) -> str:
    """One scalar as YAML text."""
    if isinstance(value, Quoted):
        return "'" + value.replace("'", "''") + "'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value)
    text = str(value)
    if (_PLAIN.match(text) or _PLAIN_COLON.match(text) or _PLAIN_HERE.match(text)) \
            and not _RESERVED.match(text):
        return text
    return quote(text)


@cache  # a compose file repeats a few dozen keys thousands of times
def key(name: str) -> str:
    if _KEY.match(name) and not _RESERVED.match(name):
        return name
    return quote(name)


def dump(data: Any, indent: int = 0) -> str:
    """A mapping or list as block YAML, two spaces per level, ending in a newline."""
    return "".join(f"{line}\n" for line in _lines(data, indent))


def flow(items: list[Any]) -> str:
    """A list on one line, every string double-quoted."""
    return "[" + ", ".join(quote(i) if isinstance(i, str)
                           else scalar(i) for i in items) + "]"


def _inline(value: Any) -> str | None:
    """The text of a value that fits after `key: ` or `- `, or None when it needs a block."""
    if isinstance(value, Flow):
        return flow(value)
    if isinstance(value, dict):
        return "{}" if not value else None
    if isinstance(value, list):
        return "[]" if not value else None
    return scalar(value)


def _lines(data: Any, indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            inline = _inline(v)
            if inline is not None:
                out.append(f"{pad}{key(str(k))}: {inline}")
            else:
                out.append(f"{pad}{key(str(k))}:")
                out.extend(_lines(v, indent + 2))
        return out
    if isinstance(data, list):
        for item in data:
            inline = _inline(item)
            if inline is not None:
                out.append(f"{pad}- {inline}")
                continue
            nested = _lines(item, indent + 2)
            out.append(f"{pad}- {nested[0].lstrip()}")
            out.extend(nested[1:])
        return out
    return [pad + scalar(data)]
