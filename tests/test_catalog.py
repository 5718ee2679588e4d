"""Presets as data: the built-ins hold to their schema, broken preset files are located problems,
project presets are used and may not shadow a built-in."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.manifest import catalog
from scaffold.manifest.presets import ORDER, PRESETS
from scaffold.resources import templates_dir

BUILTINS = sorted((templates_dir() / "presets").glob("*.yaml"))


def test_every_builtin_is_a_file_in_the_cli_order() -> None:
    assert sorted(p.stem for p in BUILTINS) == sorted(ORDER)
    assert list(PRESETS) == list(ORDER)


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_every_builtin_holds_to_the_schema(path: Path) -> None:
    preset = catalog.load(path.read_text(), f"presets/{path.name}", "built-in", project=False)
    assert preset == PRESETS[path.stem]


def test_fill_puts_in_values_and_secrets_and_escapes_the_text() -> None:
    text = catalog.fill("a$b://{user}:{secret:PASSWORD}@{host}", {"user": "app", "host": "db"},
                        lambda name: f"<{name}>", lambda t: t.replace("$", "$$"))
    assert text == "a$$b://app:<PASSWORD>@db"
