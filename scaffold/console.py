"""Where commands print: standard output for results, standard error for everything else."""

from __future__ import annotations

import sys
from typing import TextIO

from scaffold.errors import EnvironmentProblem, OutputClosed

_COLOURS = {"green": 32, "red": 31}


def out(text: str = "", end: str = "\n") -> None:
    _write(sys.stdout, text + end, "standard output")


def err(text: str = "", end: str = "\n") -> None:
    _write(sys.stderr, text + end, "standard error")


def _write(stream: TextIO, text: str, name: str) -> None:
    """Write and flush; a stream that cannot take it (a full disk, /dev/full) is the user's
    environment, not a bug: exit 2 naming it. A closed pipe ends the run quietly."""
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        raise OutputClosed(name) from None
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write to {name}: {exc.strerror or exc}") from None


def is_terminal() -> bool:
    return sys.stdout.isatty()


def coloured(text: str, colour: str) -> str:
    """`text` in an ANSI colour, for a terminal (as click.style writes it)."""
    return f"\x1b[{_COLOURS[colour]}m{text}\x1b[0m"

