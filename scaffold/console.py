"""Where commands print: standard output for results, standard error for everything else."""

from __future__ import annotations

import sys

_COLOURS = {"green": 32, "red": 31}


def out(text: str = "", end: str = "\n") -> None:
    sys.stdout.write(text + end)
    sys.stdout.flush()


def err(text: str = "", end: str = "\n") -> None:
    sys.stderr.write(text + end)
    sys.stderr.flush()


def is_terminal() -> bool:
    return sys.stdout.isatty()


def coloured(text: str, colour: str) -> str:
    """`text` in an ANSI colour, for a terminal (as click.style writes it)."""
    return f"\x1b[{_COLOURS[colour]}m{text}\x1b[0m"

