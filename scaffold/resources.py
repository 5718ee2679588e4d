"""Where scaffold's own data lives: templates and schemas, in the wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def data_dir(kind: str) -> Path:
    """The folder holding `templates` or `schemas`.

    The wheel carries them inside the package; a source checkout (an editable
    install, the test suite) has them at the top of the repository.
    """
    packaged = Path(str(files("scaffold"))) / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"scaffold's {kind} folder is missing from this installation")


def schema_text(name: str) -> str:
    return (data_dir("schemas") / name).read_text(encoding="utf-8")


def templates_dir() -> Path:
    return data_dir("templates")
