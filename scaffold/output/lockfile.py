""".scaffold/lock.json: what scaffold generated last, kept as the base for three-way merges."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

from scaffold import fs
from scaffold.errors import InputError, Problem
from scaffold.manifest.source import Path_
from scaffold.records import record

LOCK_PATH = ".scaffold/lock.json"
VERSION = 1


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@record
class Entry:
    """One generated file: the content scaffold wrote last (the merge base).

    `pending` is the hash of a newer version offered beside the file as
    `<file>.scaffold-new` after a conflict, until the user resolves it.
    """

    base: str
    pending: str = ""


@record
class Lock:
    """What the last run wrote: each file's hashes, the manifest's and the ports it used."""

    manifest: str = ""  # sha256 of the manifest the files came from
    project: str = ""  # the project's name then: a renamed project releases the old name's ports
    files: dict[str, Entry] = field(default_factory=dict)
    # the host ports the files were rendered with: committed with the project, they keep a
    # clone on another machine (and CI's --check) on the same ports
    ports: dict[str, int] = field(default_factory=dict)


def read(root: Path) -> Lock:
    """The lock in `root`, checked whole: a lock comes with a cloned repository, so nothing in
    it is trusted. A file key must be a plain path inside `root`, a port a port."""
    path = root / LOCK_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Lock()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise fs.disk_error(path, exc, "read") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        line, column = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (0, 0)
        problem = Problem(str(path), line, column, "", f"not valid JSON: {exc}")
        raise InputError(_BROKEN, [problem]) from None
    problems = list(_problems(data))
    if problems:
        raise InputError(_BROKEN, _located(text, str(path), problems))
    return Lock(manifest=data.get("manifest", ""), project=data.get("project", ""),
                files={name: Entry(spec["base"], spec.get("pending", ""))
                       for name, spec in data["files"].items()},
                ports=dict(data.get("ports", {})))


_BROKEN = ("the lock file is broken; fix it or delete it (generate then treats every existing "
           "file as edited); nothing was written")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _problems(data: Any) -> Iterator[tuple[Path_, str]]:
    if not isinstance(data, dict):
        yield (), "a lock is a JSON object with 'files'"
        return
    if data.get("version", VERSION) != VERSION:
        yield ("version",), f"a lock of version {VERSION} was expected"
    for key in ("manifest", "project"):
        if not isinstance(data.get(key, ""), str):
            yield (key,), "expected a string"
    files = data.get("files")
    if not isinstance(files, dict):
        yield ("files",), "expected an object of generated files"
    else:
        yield from _file_problems(files)
    ports = data.get("ports", {})
    if not isinstance(ports, dict):
        yield ("ports",), "expected an object of services and their host ports"
        return
    for service, port in ports.items():
        if type(port) is not int or not 1 <= port <= 65535:
            yield ("ports", service), f"{port!r} is not a port (a whole number from 1 to 65535)"
        elif not service.isprintable() or not service:
            yield ("ports", service), "not a service name"


def _file_problems(files: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    for name, spec in files.items():
        if not fs.is_plain_relative(name):
            yield ("files", name), "not a path inside the project: a lock may only name files " \
                                   "scaffold generated there"
        elif not isinstance(spec, dict) or not isinstance(spec.get("base"), str):
            yield ("files", name), "expected an object with the file's 'base' text"
        elif not isinstance(spec.get("pending", ""), str):
            yield ("files", name, "pending"), "expected a string"


def _located(text: str, file: str, problems: list[tuple[Path_, str]]) -> list[Problem]:
    from scaffold.manifest.source import Document, parse

    try:  # valid JSON is YAML once raw tabs (only ever whitespace in valid JSON) are spaces
        doc = parse(text.replace("\t", " "), file)
    except InputError:
        doc = Document(file, None)
    return [doc.problem(where, message, key=len(where) > 1) for where, message in problems]


def dumps(lock: Lock) -> str:
    """Deterministic text: sorted keys, one file per entry, a newline at the end."""
    return "".join(chunks(lock))


def chunks(lock: Lock) -> Iterator[str]:
    """`dumps(lock)` piece by piece, one generated file at a time, so a large lock is written
    without holding its whole text (every file's base, escaped) in memory at once.

    The text is what `json.dumps(..., indent=2, sort_keys=True, ensure_ascii=False)` gives
    (a test holds it to that): "files" sorts first, each entry's "base" before "pending" and
    "sha256".
    """
    from json.encoder import encode_basestring as quoted  # a JSON string, not ASCII-escaped

    yield '{\n  "files": {'
    separator = "\n"
    for name in sorted(lock.files):
        entry = lock.files[name]
        yield f'{separator}    {quoted(name)}: {{\n      "base": '
        yield quoted(entry.base)  # a file's text: one copy at a time, never joined to more
        pending = f'      "pending": {quoted(entry.pending)},\n' if entry.pending else ""
        yield f',\n{pending}      "sha256": "{digest(entry.base)}"\n    }}'
        separator = ",\n"
    yield "\n  }" if lock.files else "}"
    head: dict[str, Any] = {"version": VERSION, "manifest": lock.manifest,
                            "ports": dict(sorted(lock.ports.items()))}
    if lock.project:
        head["project"] = lock.project
    rest = json.dumps(head, indent=2, sort_keys=True, ensure_ascii=False)  # "{\n  "manifest"...
    yield ",\n" + rest.removeprefix("{\n") + "\n"
