"""What reading a manifest gives: plain data, the place of every value, numbers as written.

Both readers of YAML make these: `simple_yaml`, the fast one for plain YAML, and PyYAML's
composer in `source`, which reads the rest. They live here, below both, so that `source` may
import `simple_yaml` and both resolve plain scalars by the same code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from scaffold.errors import Problem
from scaffold.patterns import Lazy

# Bounds on what one file may make us do. A real manifest of 5,000 services is about 1 MiB,
# 6 levels deep and a few hundred thousand values; an alias bomb ("billion laughs") is small on
# disk and expands without end, `/dev/zero` never ends, a FIFO never answers.
MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 500_000
MAX_DIGITS = 64

Path_ = tuple[str | int, ...]

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WORDS: dict[str, bool | None] = {  # YAML 1.2's core schema: these words, and no others (`yes` is text)
    "~": None, "null": None, "Null": None, "NULL": None, "": None,
    "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = Lazy(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class WrittenInt(int):
    """An integer that remembers how the manifest wrote it (`01234`, `0xFF`), in `written`.

    It is an int to the schema and the model; where a value becomes text (an environment
    value), the text is what the user wrote, not Python's spelling of the number. Plain
    int and float subclasses with an instance attribute: copy and pickle keep it.
    """

    written: str


class WrittenFloat(float):
    """A float that remembers how the manifest wrote it (`1.10`, `1e3`), in `written`."""

    written: str


def _remember(number: WrittenInt | WrittenFloat, text: str) -> WrittenInt | WrittenFloat:
    number.written = text
    return number


def as_written(value: Any) -> str | None:
    """The text a number had in the manifest, when it came from one."""
    return value.written if isinstance(value, WrittenInt | WrittenFloat) else None


@dataclass
class Document:
    """Plain data read from a YAML file, with the line and column of every path in it."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # of values
    problems: list[Problem] = field(default_factory=list)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # of mapping keys

    def where(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Where `path`'s value (or, with `key`, its key) is, else its nearest ancestor's."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: Path_, message: str, key: bool = False) -> Problem:
        """A problem located at the value of `path`, or at its key when `key` is set."""
        line, column = self.where(path, key)
        return Problem(self.file, line, column, dotted(path), message)


def dotted(path: Path_) -> str:
    """`("services", "api", "routes", 0)` -> `services.api.routes[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def plain_scalar(text: str) -> Any:
    """A plain scalar by YAML 1.2's core schema: null, a boolean, a number as written, or text."""
    if text in _WORDS:
        return _WORDS[text]
    if INT.match(text):
        return _remember(WrittenInt(text, 0) if text[:2] in ("0o", "0x") else WrittenInt(text), text)
    if _FLOAT.match(text):
        lowered = text.lower()
        if lowered.endswith("inf"):
            return -math.inf if text.startswith("-") else math.inf
        if lowered.endswith("nan"):
            return math.nan
        return _remember(WrittenFloat(text), text)
    return text
