"""Reading YAML into plain data while remembering where every value came from.

We compose the node tree ourselves (libyaml's composer when present, for speed)
so that every duplicate key is reported, not only the first, and we resolve
plain scalars by YAML 1.2's core schema: `on`, `yes` and `off` stay strings, as
in Compose, instead of turning into booleans as YAML 1.1 would have it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scaffold.errors import InputError, Problem

try:  # libyaml's composer is ~10x faster; the pure one gives the same nodes
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

_MERGE = "tag:yaml.org,2002:merge"


class _Loader(_SafeLoader):
    """Composes nodes and leaves plain scalars to `_plain_scalar`.

    PyYAML's resolver matches YAML 1.1's patterns (in Python) against every
    scalar, only for us to ignore the verdict: a third of the time composing a
    large manifest takes. Of its tags, only the merge key's is still needed.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _MERGE if implicit[0] and value == "<<" else self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

Path_ = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


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


def _plain_scalar(text: str) -> Any:
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT.match(text):
        lowered = text.lower()
        if lowered.endswith("inf"):
            return -math.inf if text.startswith("-") else math.inf
        if lowered.endswith("nan"):
            return math.nan
        return float(text)
    return text


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag.startswith("!"):
            self.doc.problems.append(self.doc.problem(path, f"unsupported YAML tag {node.tag}"))
            return node.value
        if not node.style:  # plain (None or "" by parser): resolve by YAML 1.2 core schema
            return _plain_scalar(node.value)
        return node.value  # quoted or block scalars are always strings

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.doc.problems.append(
                    self.doc.problem(path, "YAML merge keys (<<) are not supported here")
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.doc.problems.append(self.doc.problem(path, "a key must be a plain string"))
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in first_seen:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                self.doc.problems.append(
                    Problem(
                        self.doc.file,
                        line,
                        column,
                        dotted(key_path),
                        f"duplicate key '{key}' (first defined on line {first_seen[key]}); "
                        "YAML would silently keep only the last one",
                    )
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.doc.key_positions[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, key_path)
        return out


def parse(text: str, file: str) -> Document:
    """Parse one YAML document. Syntax errors raise InputError; other problems are collected."""
    doc = Document(file=file, data=None)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = exc.problem or exc.context or "not valid YAML"
        if "another document" in reason:
            reason = "a manifest is a single YAML document, but a second one starts here"
        raise InputError(
            "the manifest is not valid YAML", [Problem(file, line, column, "", f"YAML syntax: {reason}")]
        ) from None
    except yaml.YAMLError as exc:  # e.g. a second document in the stream
        raise InputError("the manifest is not valid YAML", [Problem(file, 1, 1, "", str(exc))]) from None
    if node is not None:
        doc.data = _Builder(doc).build(node, ())
    return doc


def read(path: Path) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file (pass -f/--file to name the manifest)") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return parse(text, str(path))
