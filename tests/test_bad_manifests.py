"""A corpus of broken manifests: each must exit 2 with its located message, write nothing,
and never show a traceback. Each file's last line says what it must report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scaffold.cli import main

BAD = sorted((Path(__file__).parent / "bad").glob("*.yaml"))
LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: ")


def expectation(path: Path) -> str:
    last = path.read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("# expect: "), f"{path.name} must end with '# expect: ...'"
    return last.removeprefix("# expect: ")


def test_the_corpus_is_large_enough() -> None:
    assert len(BAD) >= 30


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.stem)
def test_bad_manifest_is_refused_with_its_location(path: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "scaffold.yaml"
    manifest.write_bytes(path.read_bytes())
    for command in (["validate"], ["generate"], ["plan"]):
        code = main([*command, "-f", str(manifest)])
        out, err = capsys.readouterr()
        assert code == 2, (command, err)
        assert f"scaffold.yaml:{expectation(path)}" in err
        assert "Traceback" not in err + out
        lines = [line for line in err.splitlines() if not line.startswith("error: ")]
        assert lines and all(LOCATED.match(line) for line in lines), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scaffold.yaml"]  # nothing written
