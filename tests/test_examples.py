"""Every example is a test: its rendered files must equal the golden files under expected/.

Run `pytest tests/test_examples.py --update-golden` after an intended change, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.manifest.build import load
from scaffold.ports.assign import assign
from scaffold.targets.render import render
from tests.helpers import EXAMPLES


def rendered(example: Path) -> dict[str, str]:
    manifest = load(example / "scaffold.yaml")
    # every target, so the golden files show what swarm and k8s give as well as compose
    return {f.path: f.content for f in render(manifest, assign(manifest), targets=["all"])}


def golden(example: Path) -> dict[str, str]:
    expected = example / "expected"
    return {
        p.relative_to(expected).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(expected.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_matches_golden_files(example: Path, request: pytest.FixtureRequest) -> None:
    files = rendered(example)
    if request.config.getoption("--update-golden"):
        expected = example / "expected"
        for old in expected.rglob("*") if expected.exists() else ():
            if old.is_file() and old.relative_to(expected).as_posix() not in files:
                old.unlink()
        for path, content in files.items():
            target = expected / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
    assert golden(example) == files


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_rendering_twice_gives_the_same_bytes(example: Path) -> None:
    assert rendered(example) == rendered(example)


def test_there_are_examples_for_the_seed_stacks() -> None:
    names = {p.name for p in EXAMPLES}
    assert {"01-hercules", "02-ecommerce", "03-jeex-idea"} <= names
