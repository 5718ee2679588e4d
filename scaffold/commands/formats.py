"""Output for machines: problems as JSON objects or GitHub workflow commands, and bad input
reported in the format asked for.

`text` is for people and goes through each command's own printing; `json` prints one
JSON document on standard output, failures included; `github` prints workflow commands
(`::error file=...,line=...,col=...,title=scaffold::...`) that annotate the lines of a
pull request. The shapes are described by schemas/output.schema.json.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from scaffold import console
from scaffold.errors import InputError, OutputClosed, Problem, ScaffoldError
from scaffold.patterns import Lazy

Format = Literal["text", "json", "github"]
TITLE = "scaffold"

# the hint scaffold.manifest.hints.did_you_mean appends to a message
_HINT = Lazy(r" \((did you mean '[^']*'\?)\)$")
# GitHub's escapes; other control characters spelt out (as errors.printable does) so that
# no escape sequence reaches the log
_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7f, 0xa0)]} | {0x09: "\\t"}
_DATA_ESCAPES = str.maketrans(_CONTROL | {ord("%"): "%25", 0x0d: "%0D", 0x0a: "%0A"})
_PROPERTY_ESCAPES = str.maketrans(_CONTROL | {ord("%"): "%25", 0x0d: "%0D", 0x0a: "%0A",
                                              ord(":"): "%3A", ord(","): "%2C"})


def split_hint(message: str) -> tuple[str, str | None]:
    """A message and its "did you mean" hint apart: ("unknown key 'pots'", "did you mean 'port'?")."""
    found = _HINT.search(message)
    if found is None:
        return message, None
    return message[:found.start()], found.group(1)


def problem_json(problem: Problem) -> dict[str, Any]:
    message, hint = split_hint(problem.message)
    return {"file": problem.file, "line": problem.line or None, "column": problem.column or None,
            "path": problem.path, "message": message, "hint": hint}


def dump(document: Mapping[str, Any]) -> None:
    """One JSON document on standard output, keys in the order the command built them."""
    import json  # here: only --format json pays for it

    console.out(json.dumps(document, indent=2, ensure_ascii=False))


def workflow_command(level: Literal["error", "warning", "notice"], message: str, *,
                     file: str = "", line: int = 0, column: int = 0) -> str:
    """`::error file=F,line=L,col=C,title=scaffold::MESSAGE`, escaped as GitHub Actions reads it."""
    props = [("file", file)] if file else []
    if file and line:
        props += [("line", str(line))] + ([("col", str(column))] if column else [])
    props.append(("title", TITLE))
    fields = ",".join(f"{key}={value.translate(_PROPERTY_ESCAPES)}" for key, value in props)
    return f"::{level} {fields}::{message.translate(_DATA_ESCAPES)}"


def problem_command(problem: Problem) -> str:
    text = f"{problem.path}: {problem.message}" if problem.path else problem.message
    return workflow_command("error", text, file=problem.file, line=problem.line,
                           column=problem.column)


def error_json(command: str, exc: ScaffoldError) -> dict[str, Any]:
    problems = exc.problems if isinstance(exc, InputError) else []
    return {"command": command, "ok": False, "exit_code": exc.exit_code, "error": str(exc),
            "problems": [problem_json(p) for p in problems]}


def error_commands(exc: ScaffoldError) -> list[str]:
    problems = exc.problems if isinstance(exc, InputError) else []
    return [problem_command(p) for p in problems] + [workflow_command("error", str(exc))]


def reporting(command: str, fmt: Format, body: Callable[[], int]) -> int:
    """Run `body`; in json and github formats, its failure is printed in that format too.

    json: the error document on standard output (and nothing on standard error); github:
    one `::error` line a problem, then the summary, on standard output, exit code kept.
    In text format the error goes on to the command line's handler, as ever.
    """
    try:
        return body()
    except OutputClosed:
        raise
    except ScaffoldError as exc:
        if fmt == "text":
            raise
        if fmt == "json":
            dump(error_json(command, exc))
        else:
            for line in error_commands(exc):
                console.out(line)
        return exc.exit_code

