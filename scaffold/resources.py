"""Where scaffold's own data lives: templates and schemas, in the wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


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


def jinja_environment(**options: Any) -> jinja2.Environment:
    """A strict Jinja environment over scaffold's templates: an undefined name is an error,
    nothing is HTML-escaped, and a template's final newline is kept."""
    import jinja2  # here, so that commands which render nothing never import it

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        **options,
    )
