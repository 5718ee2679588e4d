"""The wheel carries templates and schemas, and scaffold finds them when installed from it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.helpers import ROOT


def test_wheel_carries_templates_and_schemas_and_uses_them(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("scaffold-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for source in [*(ROOT / "templates").rglob("*"), *(ROOT / "schemas").rglob("*")]:
        if source.is_file() and "__pycache__" not in source.parts:
            assert f"scaffold/{source.relative_to(ROOT).as_posix()}" in names, source
    assert "scaffold/py.typed" in names

    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    probe = (
        "import scaffold.resources as r, scaffold.manifest.build as m; "
        "print(r.data_dir('templates')); print(r.data_dir('schemas')); "
        f"print(len(m.load(__import__('pathlib').Path({str(ROOT / 'examples/01-hercules/scaffold.yaml')!r})).services))"
    )
    result = subprocess.run([sys.executable, "-c", probe], env={"PYTHONPATH": str(unpacked)},
                            capture_output=True, text=True, check=True, cwd=tmp_path)
    templates, schemas, services = result.stdout.split()
    assert Path(templates) == unpacked / "scaffold" / "templates"
    assert Path(schemas) == unpacked / "scaffold" / "schemas"
    assert services == "8"
