"""What scaffold does at import time stays cheap: each command pays only for what it uses.

Timing lives in bench/; these tests hold the causes, which are stable: a dataclass without a
docstring makes Python 3.11 compute one with inspect.signature at import (a third of the
model's import time), and the built-in presets are read from a module generated from their
YAML files instead of being parsed on every start.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _dataclasses_without_docstrings(source: str) -> list[str]:
    tree = ast.parse(source)
    return [
        node.name for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any("dataclass" in ast.unparse(d) or ast.unparse(d).startswith("record")
                for d in node.decorator_list)
        and ast.get_docstring(node) is None
    ]


def test_every_dataclass_says_what_it_holds() -> None:
    missing = [f"{path.relative_to(ROOT)}: {name}"
               for path in sorted((ROOT / "scaffold").rglob("*.py"))
               for name in _dataclasses_without_docstrings(path.read_text(encoding="utf-8"))]
    assert missing == []


def test_the_docstring_check_sees_a_missing_one() -> None:
    source = "from dataclasses import dataclass\n@dataclass(frozen=True)\nclass A:\n    x: int\n"
    assert _dataclasses_without_docstrings(source) == ["A"]
    assert _dataclasses_without_docstrings(source.replace("    x", '    """An A."""\n    x')) == []


def test_the_built_in_presets_module_is_up_to_date() -> None:
    from scaffold.manifest import presetcompile

    assert presetcompile.MODULE.read_text(encoding="utf-8") == presetcompile.generated(), (
        f"templates/presets changed: regenerate with `{presetcompile.COMMAND}` and commit the result")


def test_the_built_in_presets_are_those_their_files_say() -> None:
    from scaffold.manifest.catalog import builtin, builtin_from_files
    from scaffold.manifest.source import as_written

    generated, parsed = builtin(), builtin_from_files()
    assert generated == parsed
    assert list(generated) == list(parsed)
    for name, preset in generated.items():  # numbers remember how they were written, as parsed ones do
        assert as_written(preset.internal_port) == as_written(parsed[name].internal_port)
        assert preset.text == parsed[name].text


def test_the_module_writer_keeps_written_numbers_and_refuses_what_it_cannot_write() -> None:
    import pytest

    from scaffold.manifest.presetcompile import _literal
    from scaffold.manifest.source import parse

    data = parse("port: 0x1F\nratio: 1.50\nname: x\nlist: [1, null, true]\n", "p.yaml").data
    namespace: dict[str, object] = {}
    exec(compile("from scaffold.manifest._builtin_presets import _int, _float\n"
                 f"value = {_literal(data)}\n", "<literal>", "exec"), namespace)
    rebuilt = namespace["value"]
    assert rebuilt == data
    assert [type(v).__name__ for v in rebuilt.values()] == [type(v).__name__ for v in data.values()]  # type: ignore[attr-defined]
    assert rebuilt["port"].written == "0x1F" and rebuilt["ratio"].written == "1.50"  # type: ignore[index]
    with pytest.raises(ValueError, match="cannot write"):
        _literal({"x": float("inf")})
    with pytest.raises(ValueError, match="cannot write"):
        _literal({"x": (1, 2)})


def test_the_schema_offers_the_built_in_presets_in_their_order() -> None:
    """build.py trusts this: with no project presets it checks against the built-in schema,
    compiled, without reading the schema's JSON to compare the two lists."""
    from scaffold.manifest.presets import PRESETS
    from scaffold.manifest.schema import manifest_schema

    assert manifest_schema()["$defs"]["service"]["properties"]["preset"]["enum"] == list(PRESETS)


def test_a_valid_manifest_is_checked_without_json_or_jsonschema(tmp_path: Path) -> None:
    """`validate` of a valid manifest runs the compiled validator: no schema JSON to parse."""
    import subprocess
    import sys

    (tmp_path / "scaffold.yaml").write_text(
        "name: shop\nservices:\n  api:\n    preset: fastapi\n    port: 8000\n  db:\n    preset: postgres\n",
        encoding="utf-8")
    probe = ("import sys; from pathlib import Path; from scaffold.manifest.build import load; "
             "load(Path(sys.argv[1])); print(sorted(m for m in ('json', 'jsonschema') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "scaffold.yaml")],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
