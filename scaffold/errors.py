"""The one exception root, the problems it carries, and the exit codes they map to."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE: the reader of our output went away


_UNPRINTABLE = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7f, 0xa0)]} | {
    0x09: "\\t", 0x0a: "\\n", 0x0d: "\\r"}


def printable(text: str) -> str:
    """`text` with control characters spelt out (`\\n`, `\\x1b`), safe to show on a terminal.

    Names and values from a manifest or a registry reach messages and tables; a raw
    newline would split a `file:line:col` line, an escape sequence would drive the terminal.
    """
    return text.translate(_UNPRINTABLE)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the user's input, located as precisely as we can."""

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(text)


class ScaffoldError(Exception):
    """Root of every error scaffold reports to the user; carries its exit code."""

    exit_code = EXIT_BAD_INPUT

    def lines(self) -> list[str]:
        return [printable(f"error: {self}")]


class InputError(ScaffoldError):
    """The user's input (manifest, flags, registry file) is wrong: exit 2."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = sorted(problems or [])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + [printable(f"error: {self}")]


class CheckFailed(ScaffoldError):
    """A check ran and found something (drift, a port conflict): exit 1."""

    exit_code = EXIT_CHECK_FAILED


class EnvironmentProblem(ScaffoldError):
    """Something outside the input is missing or unreachable (a tool, the Docker engine): exit 2."""


class OutputClosed(ScaffoldError):
    """Whoever read our output went away (`scaffold plan | head -1`): nothing to say, 141."""

    exit_code = EXIT_BROKEN_PIPE

    def lines(self) -> list[str]:
        return []


def first_line(exc: BaseException) -> str:
    """An exception's message cut to one line for a one-line report (a library's can run long)."""
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
