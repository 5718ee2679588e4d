"""Where scaffold's own data lives: templates and schemas, in the wheel or in a source checkout."""

from __future__ import annotations

import contextlib
import os
import sys
from functools import cache
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
    package = Path(__file__).resolve().parent  # what importlib.resources.files("scaffold") is
    packaged = package / kind  # for a package on disk, without importing importlib.resources
    if packaged.is_dir():
        return packaged
    checkout = package.parent / kind
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
        bytecode_cache=_bytecode_cache(jinja2.__version__, sorted(options.items())),
        **options,
    )


def cache_dir() -> Path:
    """scaffold's per-user cache folder ($XDG_CACHE_HOME/scaffold), not made here."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "scaffold"


def _bytecode_cache(version: str, options: list[tuple[str, Any]]) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each against its template's source),
    one folder per Jinja and Python version and per set of options; none when it cannot be made."""
    import hashlib

    from jinja2.bccache import FileSystemBytecodeCache

    tag = hashlib.sha1(repr((version, sys.version_info[:2], options)).encode()).hexdigest()[:12]
    folder = cache_dir() / "templates" / tag
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None

    class QuietCache(FileSystemBytecodeCache):
        """A full or read-only disk turns the cache off instead of failing the run."""

        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return QuietCache(str(folder), "%s.cache")

