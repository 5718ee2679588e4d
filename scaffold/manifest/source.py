"""Reading YAML into plain data while remembering where every value came from.

We compose the node tree ourselves (libyaml's composer when present, for speed)
so that every duplicate key is reported, not only the first, and we resolve
plain scalars by YAML 1.2's core schema: `on`, `yes` and `off` stay strings, as
in Compose, instead of turning into booleans as YAML 1.1 would have it.

Most manifests are plain YAML that `simple_yaml` reads to the same result without
PyYAML, which is then never imported: it is imported, and its loader built, the
first time a text needs it (`_loader`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from scaffold.errors import InputError, Problem
from scaffold.manifest import simple_yaml
from scaffold.manifest.document import (
    CONTROL,
    INT,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_VALUES,
    Document,
    Path_,
    WrittenFloat,
    WrittenInt,
    as_written,
    dotted,
    plain_scalar,
)

if TYPE_CHECKING:
    import yaml

# What the rest of scaffold imports from here, though some of it lives in `document`.
__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_DIGITS", "MAX_VALUES", "Document", "Path_", "WrittenFloat",
           "WrittenInt", "as_written", "dotted", "parse", "parse_with_pyyaml", "read", "read_text"]

_MERGE = "tag:yaml.org,2002:merge"
_PLAIN = "tag:scaffold,plain"  # a plain scalar with no tag of its own: resolved by YAML 1.2's core schema
_STR = "tag:yaml.org,2002:str"
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null")
_COLLECTION_TAGS = {"mapping": "tag:yaml.org,2002:map", "sequence": "tag:yaml.org,2002:seq"}

_LOADER: Any = None


def _loader() -> Any:
    """PyYAML's loader, imported and built on first use.

    Most manifests never need it: `simple_yaml` reads them, and importing PyYAML would cost
    more than the rest of `scaffold validate` on a small one.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        try:  # libyaml's composer is ~10x faster; the pure one gives the same nodes
            from yaml import CSafeLoader as SafeLoader
        except ImportError:  # pragma: no cover - depends on how PyYAML was built
            from yaml import SafeLoader  # type: ignore[assignment]

        class Loader(SafeLoader):
            """Composes nodes and leaves plain scalars to `plain_scalar`.

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
                    if implicit[0]:
                        return _MERGE if value == "<<" else _PLAIN
                    return self.DEFAULT_SCALAR_TAG
                return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

        _LOADER = Loader
    return _LOADER


def _measure(node: yaml.Node, level: int, memo: dict[int, tuple[int, int]], open_: set[int]) -> int:
    """How many values `node` expands to, each alias counted as often as it is used.

    Memoised by node, so an alias bomb is measured without being expanded; raises `_Refused`
    at the first node that nests too deep, expands to too many values, or contains itself.
    """
    if level > MAX_DEPTH:
        raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
    known = memo.get(id(node))
    if known is not None:
        if level + known[1] > MAX_DEPTH:
            raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
        return known[0]
    if _kind(node) == "scalar":
        return 1
    if id(node) in open_:
        raise _Refused(node, "an alias refers to a node that contains it (a loop)")
    open_.add(id(node))
    children = ([n for pair in node.value for n in pair] if _kind(node) == "mapping"
                else list(node.value))
    size = 1 + sum(_measure(child, level + 1, memo, open_) for child in children)
    if size > MAX_VALUES:
        raise _Refused(node, f"more than {MAX_VALUES:,} values once its aliases are expanded "
                             f"(an alias bomb?)")
    open_.discard(id(node))
    depth = 1 + max((memo.get(id(c), (1, 0))[1] for c in children), default=0)
    memo[id(node)] = (size, depth)
    return size


def _kind(node: yaml.Node) -> str:
    """"scalar", "sequence" or "mapping": isinstance would need yaml imported at the top."""
    return str(node.id)  # type: ignore[attr-defined]


class _Refused(Exception):
    def __init__(self, node: yaml.Node, what: str) -> None:
        super().__init__(what)
        self.node, self.what = node, what


def _check_size(node: yaml.Node) -> None:
    _measure(node, 0, {}, set())


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        kind = _kind(node)
        if kind != "scalar" and node.tag != _COLLECTION_TAGS[kind]:  # `!custom {...}`, `!!str [...]`
            self.doc.problems.append(self.doc.problem(path, f"unsupported YAML tag {node.tag}"))
        if kind == "mapping":
            return self._mapping(node, path)  # type: ignore[arg-type]
        if kind == "sequence":
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)  # type: ignore[arg-type]

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        if node.tag == _PLAIN:
            if INT.match(node.value) and len(node.value) > MAX_DIGITS:
                self.doc.problems.append(self.doc.problem(
                    path, f"a number of {len(node.value)} digits; quote it if it is text"))
                return node.value
            return plain_scalar(node.value)
        if node.tag == _MERGE:  # `<<` is a merge key only as a key; as a value it is text
            return node.value
        if node.tag == _STR or node.style:
            return node.value  # quoted, block or `!!str`: always a string, as written
        if node.tag in _NUMBER_TAGS:
            return plain_scalar(node.value)
        self.doc.problems.append(self.doc.problem(path, f"unsupported YAML tag {node.tag}"))
        return node.value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self.doc.problems.append(
                    self.doc.problem(path, "YAML merge keys (<<) are not supported here")
                )
                continue
            if _kind(key_node) != "scalar":
                self.doc.problems.append(self.doc.problem(path, "a key must be a plain string"))
                continue
            key = key_node.value
            key_path = (*path, key)
            if CONTROL.search(key):
                self.doc.problems.append(self.doc.problem(
                    path, f"key {key!r} holds a control character or line break"))
                continue
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
    """Parse one YAML document. Syntax errors raise InputError; other problems are collected.

    The plain YAML most manifests are is read by `simple_yaml`, without PyYAML; whatever it
    is unsure of (including every error) PyYAML reads, as before.
    """
    fast = simple_yaml.read(text, file)
    if fast is not None:
        return fast
    return parse_with_pyyaml(text, file)


def parse_with_pyyaml(text: str, file: str) -> Document:
    """`parse` by PyYAML's composer alone: the reference `simple_yaml` is held to."""
    import yaml

    doc = Document(file=file, data=None)
    try:
        node = yaml.compose(text, Loader=_loader())
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
    except RecursionError:
        raise InputError("the manifest is more than scaffold reads", [
            Problem(file, 1, 1, "", f"YAML: nested more than {MAX_DEPTH} levels deep")]) from None
    if node is not None:
        try:
            _check_size(node)
        except (_Refused, RecursionError) as exc:
            where = exc.node if isinstance(exc, _Refused) else node
            what = exc.what if isinstance(exc, _Refused) else f"nested more than {MAX_DEPTH} levels deep"
            line, column = where.start_mark.line + 1, where.start_mark.column + 1
            raise InputError("the manifest is more than scaffold reads",
                             [Problem(file, line, column, "", f"YAML: {what}")]) from None
        doc.data = _Builder(doc).build(node, ())
    return doc


def read(path: Path) -> Document:
    return parse(read_text(path, "the manifest", "pass -f/--file to name the manifest"), str(path))


def read_text(path: Path, what: str, missing_hint: str = "") -> str:
    """A user's text file, read whole: a regular file of at most MAX_BYTES of UTF-8.

    Opened without blocking and checked before reading, so a FIFO, a device or a folder
    is a clear error instead of a hang or an endless read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        hint = f" ({missing_hint})" if missing_hint else ""
        raise InputError(f"{path}: no such file{hint}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read {what}: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder, not {what}")
        raise InputError(f"{path}: not a regular file, so not {what}")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = _read_at_most(handle, MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read {what}: {exc.strerror}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MiB; not {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, a mebibyte at a time: a read of `limit` at once would take that
    much memory (32 MiB) for any file, however small."""
    pieces: list[bytes] = []
    left = limit
    while left > 0:
        piece = handle.read(min(left, 1 << 20))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)
