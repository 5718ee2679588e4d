"""A strict, fast reader for the plain subset of YAML that manifests are written in.

Importing PyYAML and composing its node tree is most of what `scaffold validate` costs on
a small manifest, and still a third of it on a large one. Manifests keep to a small part of
YAML: block mappings and sequences, one-line scalars (plain, 'single' or "double" quoted),
comments, and one-line flow collections (`[a, b]`, `{preset: redis}`). This module reads
exactly that, line by line, into the `Document` that `source.parse` would have made from it:
the same data, the same types (`WrittenInt` and co.), the same line and column for every
value and key.

It is a shortcut, never a second opinion: wherever the text leaves that subset, or reaches a
spot where PyYAML's answer is not certain to be ours (anchors, tags, block scalars, merge
keys, multi-line scalars, tabs, directives, odd escapes, a duplicate key, anything that
would be an error or a problem), `read` returns None and PyYAML reads the file, with
today's results and messages. A refusal costs a few milliseconds; a wrong answer would
change what scaffold builds.
"""

from __future__ import annotations

import re
from typing import Any

from scaffold.manifest.document import CONTROL, INT, MAX_DEPTH, MAX_DIGITS, MAX_VALUES, Document, Path_, plain_scalar
from scaffold.patterns import Lazy


class _NotSimple(Exception):
    """The text leaves the subset read here: PyYAML reads it instead."""


# Characters left to PyYAML: the unprintable ones it refuses, line breaks other than \n
# (\r, \x85, \u2028, \u2029), tabs and the byte order mark. (Written as what is refused, not
# as what is allowed: a class of allowed ranges up to \U0010ffff takes 10 ms to compile.)
_UNSURE = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
_UNSURE_ASCII = re.compile("[\x00-\x09\x0b-\x1f\x7f]")  # the same, in ASCII text: a fraction of the compiling
# A key: a plain word of common characters, or a quoted one without escapes, then `:` and a
# space or the end of the line. Anything else that could be a key (spaces, `?`, `<<`) is not.
_KEY = re.compile(r"""([A-Za-z0-9_./$][A-Za-z0-9_./$@+=-]*|"[^"\\]*"|'[^']*'):(?: +|\Z)""")
_SINGLE = Lazy(r"'((?:[^']|'')*)'")
_DOUBLE = Lazy(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = Lazy(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(.))")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0"}
# A plain scalar inside a flow collection ends at `,` `]` `}`. It may hold a `:` followed by
# something other than a space or one of those (`0.0.0.0:3000`, as YAML 1.2 and PyYAML since
# 5.1 read it); a `#`, `[`, `{` or another `:` in one is left to PyYAML. A key holds no `:`.
_FLOW_PLAIN = Lazy(r"(?:[^,\[\]{}#:]|:(?![ ,\[\]{}]|\Z))*")
_FLOW_KEY = Lazy(r"[^,\[\]{}#:]*")
# What a plain scalar may not start with (YAML's indicators); `-` may, before anything but a
# space (`-1`, `--listen`).
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")
# What a null, a boolean or a number starts with: a plain scalar starting otherwise is text.
_RESOLVED = frozenset("0123456789+-.~nNtTfF") | _NOT_PLAIN_START
_NUMBER_START = frozenset("0123456789+-.~")
_WORDS = {word: value for value, words in ((None, "null Null NULL"), (True, "true True TRUE"),
                                           (False, "false False FALSE")) for word in words.split()}
_LONGEST_KEY = 1000  # YAML wants a key's `:` within 1024 characters of its start
_DEEPEST = MAX_DEPTH // 2  # levels of collections, so keys and values stay within MAX_DEPTH


def read(text: str, file: str) -> Document | None:
    """The document `source.parse` would make from `text`, or None when unsure of it."""
    if (_UNSURE_ASCII.search(text) if text.isascii() else re.search(_UNSURE, text)) is not None:
        return None
    try:
        return _Reader(text, file).document()
    except (_NotSimple, RecursionError):
        return None


class _Reader:
    """Recursive descent over the text's lines that hold something (not blank, not comments).

    `rows` holds (line index, indent, line without trailing spaces); `at` is the next row.
    Every block collection ends at the first row indented less than it; a row indented more
    than the collection expects is a continuation (a multi-line scalar) or an error, so it
    is refused.
    """

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        rows: list[tuple[int, int, str]] = []
        add = rows.append
        for number, line in enumerate(text.split("\n")):
            content = line.lstrip(" ")
            if not content or content[0] == "#":
                continue
            indent = len(line) - len(content)
            if indent == 0 and content.startswith(("---", "...", "%")):
                raise _NotSimple  # a document marker or a directive
            add((number, indent, line.rstrip(" ") if line[-1] == " " else line))
        self.rows = rows
        self.at = 0

    def document(self) -> Document:
        doc = Document(file=self.file, data=None, positions=self.positions,
                       key_positions=self.key_positions)
        if not self.rows:
            return doc  # empty, or only comments: PyYAML finds no document either
        if self.rows[0][1] != 0:
            raise _NotSimple
        doc.data = self.block(0, (), 0)
        if self.at != len(self.rows) or len(self.positions) + len(self.key_positions) > MAX_VALUES:
            raise _NotSimple
        return doc

    def block(self, indent: int, path: Path_, depth: int) -> Any:
        """The block collection whose first row, the current one, is indented by `indent`."""
        if depth > _DEEPEST:
            raise _NotSimple
        line = self.rows[self.at][2]
        if line[indent] == "-" and (len(line) == indent + 1 or line[indent + 1] == " "):
            return self.sequence(indent, path, depth)
        return self.mapping(indent, path, depth)

    def sequence(self, indent: int, path: Path_, depth: int) -> list[Any]:
        rows = self.rows
        out: list[Any] = []
        number: int = rows[self.at][0]
        self.positions[path] = (number + 1, indent + 1)
        while self.at < len(rows):
            number, row_indent, line = rows[self.at]
            if row_indent != indent or line[indent] != "-" or (
                    len(line) > indent + 1 and line[indent + 1] != " "):
                break
            item = (*path, len(out))
            start = indent + 1
            while start < len(line) and line[start] == " ":
                start += 1
            if start == len(line) or line[start] == "#":  # `-` alone: the item is on the next rows
                self.at += 1
                out.append(self.below(indent, item, number, indent + 1, depth, False))
            elif line[start] == "-" and (start + 1 == len(line) or line[start + 1] == " "):
                raise _NotSimple  # `- - x`
            elif _KEY.match(line, start):
                out.append(self.mapping(start, item, depth + 1))
            else:
                out.append(self.inline(line, start, item, number, depth))
                self.at += 1
        if self.at < len(rows) and rows[self.at][1] > indent:
            raise _NotSimple
        return out

    def mapping(self, indent: int, path: Path_, depth: int) -> dict[str, Any]:
        """A block mapping whose keys start at column `indent`; the first may follow a `- `.

        The hot loop of the reader (most rows are `key: value`): names are local and a
        plain value is read in place.
        """
        if depth > _DEEPEST:
            raise _NotSimple
        rows, at, end = self.rows, self.at, len(self.rows)
        out: dict[str, Any] = {}
        positions, key_positions, key_match = self.positions, self.key_positions, _KEY.match
        positions[path] = (rows[at][0] + 1, indent + 1)
        first = at
        while at < end:
            number, row_indent, line = rows[at]
            if row_indent != indent and at != first:
                break
            match = key_match(line, indent)
            if match is None:
                raise _NotSimple
            key = match.group(1)
            if key[0] == '"' or key[0] == "'":
                key = key[1:-1]
            if key in out or len(key) > _LONGEST_KEY:
                raise _NotSimple  # a duplicate: PyYAML's path reports every one
            key_path = (*path, key)
            key_positions[key_path] = (number + 1, indent + 1)
            start = match.end()
            if start == len(line) or line[start] == "#":
                self.at = at + 1
                colon = match.start() + len(match.group(1)) + 1
                out[key] = self.below(indent, key_path, number, colon, depth, True)
                at = self.at
                continue
            if line[start] in _NOT_PLAIN_START:
                out[key] = self.inline(line, start, key_path, number, depth)
            else:  # a plain scalar that starts as text may, as in `inline`
                positions[key_path] = (number + 1, start + 1)
                out[key] = _block_plain(line[start:])
            at += 1
        self.at = at
        if at < end and rows[at][1] > indent:
            raise _NotSimple
        return out

    def below(self, indent: int, path: Path_, number: int, column: int, depth: int,
              after_key: bool) -> Any:
        """The value of a key or `-` that ends its line: a block on the rows below, or null.

        A key's value may be a sequence at the key's own indent (`key:` then `- item`); a
        null is where PyYAML puts an empty value, just after the `:` or `-`.
        """
        if self.at < len(self.rows):
            _, row_indent, line = self.rows[self.at]
            if row_indent > indent:
                return self.block(row_indent, path, depth + 1)
            if after_key and row_indent == indent and line[indent] == "-" and (
                    len(line) == indent + 1 or line[indent + 1] == " "):
                return self.sequence(indent, path, depth + 1)
        self.positions[path] = (number + 1, column + 1)
        return None

    def inline(self, line: str, start: int, path: Path_, number: int, depth: int) -> Any:
        """A value that starts on its key's (or `-`'s) line at `start` and ends with it."""
        first = line[start]
        if first == "[" or first == "{":
            value, end = self.flow(line, start, path, number, depth + 1)
        elif first == '"' or first == "'":
            self.positions[path] = (number + 1, start + 1)
            value, end = _quoted(line, start)
        else:
            self.positions[path] = (number + 1, start + 1)
            return _block_plain(line[start:])
        if end < len(line) and (line[end] != " " or line[end:].lstrip(" ")[0] != "#"):
            raise _NotSimple  # something after the value other than a comment
        return value

    def flow(self, line: str, start: int, path: Path_, number: int, depth: int) -> tuple[Any, int]:
        """A flow collection that opens at `start` and closes on the same line; its end."""
        if depth > _DEEPEST:
            raise _NotSimple
        self.positions[path] = (number + 1, start + 1)
        close = "]" if line[start] == "[" else "}"
        at = _skip(line, start + 1)
        if at < len(line) and line[at] == close:
            return ([] if close == "]" else {}), at + 1
        items: list[Any] = []
        pairs: dict[str, Any] = {}
        while True:
            if close == "]":
                value, at = self.flow_value(line, at, (*path, len(items)), number, depth)
                items.append(value)
            else:
                at = self.flow_pair(line, at, path, pairs, number, depth)
            at = _skip(line, at)
            if at >= len(line):
                raise _NotSimple  # continues on the next line
            if line[at] == close:
                return (items if close == "]" else pairs), at + 1
            if line[at] != ",":
                raise _NotSimple
            at = _skip(line, at + 1)
            if at < len(line) and line[at] in "]}":
                raise _NotSimple  # a trailing comma

    def flow_pair(self, line: str, at: int, path: Path_, pairs: dict[str, Any], number: int,
                  depth: int) -> int:
        """One `key: value` of a flow mapping, into `pairs`; where it ends."""
        if at >= len(line):
            raise _NotSimple
        key_at = at
        if line[at] in "\"'":
            key, at = _quoted(line, at)
            if CONTROL.search(key):
                raise _NotSimple  # PyYAML's path reports it
        else:
            match = _FLOW_KEY.match(line, at)
            assert match is not None  # it matches the empty string
            key = match.group().rstrip(" ")
            if not key or key[0] in _NOT_PLAIN_START:
                raise _NotSimple
            at += len(key)
        if at - key_at > _LONGEST_KEY or key in pairs or key == "<<":
            raise _NotSimple
        if not line.startswith(": ", at):
            raise _NotSimple  # `{a}`, `{a:b}`, `{"a":b}`: left to PyYAML
        key_path = (*path, key)
        self.key_positions[key_path] = (number + 1, key_at + 1)
        pairs[key], at = self.flow_value(line, _skip(line, at + 1), key_path, number, depth)
        return at

    def flow_value(self, line: str, at: int, path: Path_, number: int, depth: int) -> tuple[Any, int]:
        if at >= len(line):
            raise _NotSimple
        first = line[at]
        if first == "[" or first == "{":
            return self.flow(line, at, path, number, depth + 1)
        self.positions[path] = (number + 1, at + 1)
        if first == '"' or first == "'":
            return _quoted(line, at)
        match = _FLOW_PLAIN.match(line, at)
        assert match is not None  # it matches the empty string
        text = match.group().rstrip(" ")
        if not text:
            raise _NotSimple
        end = match.end()
        if end < len(line) and line[end] not in ",]}":
            raise _NotSimple  # `:` `#` `[` `{` inside a plain scalar
        return _plain(text), at + len(text)


def _skip(line: str, at: int) -> int:
    while at < len(line) and line[at] == " ":
        at += 1
    return at


def _block_plain(text: str) -> Any:
    """A plain scalar that runs to the end of its line in block context, or to a comment."""
    if "#" in text:
        comment = text.find(" #")
        if comment >= 0:
            text = text[:comment].rstrip(" ")
    if ":" in text and (": " in text or text[-1] == ":"):
        raise _NotSimple  # `a: b: c` is an error; `a: b:` too
    return _plain(text) if text[0] in _RESOLVED else text


def _plain(text: str) -> Any:
    """A one-line plain scalar, resolved as `source` resolves it (YAML 1.2's core schema)."""
    first = text[0]
    if first in _NUMBER_START:
        if first == "-" and (len(text) == 1 or text[1] == " "):
            raise _NotSimple
        if len(text) > MAX_DIGITS and INT.match(text):
            raise _NotSimple  # PyYAML's path reports it
        return plain_scalar(text)
    if first in _NOT_PLAIN_START:
        raise _NotSimple
    return _WORDS.get(text, text)


def _quoted(line: str, start: int) -> tuple[str, int]:
    """A quoted scalar that closes on its line, and the index just after its closing quote."""
    if line[start] == "'":
        match = _SINGLE.match(line, start)
        if match is None:
            raise _NotSimple  # goes on to the next line
        return match.group(1).replace("''", "'"), match.end()
    match = _DOUBLE.match(line, start)
    if match is None:
        raise _NotSimple
    body = match.group(1)
    if "\\" in body:
        body = _ESCAPE.sub(_unescape, body)
    return body, match.end()


def _unescape(match: re.Match[str]) -> str:
    if match.group(3) is not None:
        if match.group(3) not in _ESCAPES:
            raise _NotSimple
        return _ESCAPES[match.group(3)]
    code = int(match.group(1) or match.group(2), 16)
    if 0xD800 <= code <= 0xDFFF:
        raise _NotSimple  # half of a surrogate pair: PyYAML refuses it
    return chr(code)
