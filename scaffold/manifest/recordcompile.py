"""Write each model record's `__init__` as a Python module, so no start compiles them.

`records.record` takes a class's `__init__` from the generated `_records.py` when the module
describes the class's fields as they are; otherwise it compiles the same source at import.
tests/test_startup.py fails when the module is stale.

    python -m scaffold.manifest.recordcompile          # regenerate _records.py
    python -m scaffold.manifest.recordcompile --check  # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from scaffold.manifest import model
from scaffold.manifest.records import Shape, init_source, shape

COMMAND = "python -m scaffold.manifest.recordcompile"
MODULE = Path(__file__).with_name("_records.py")


def records() -> dict[str, Shape]:
    """Every record of the model, by class name, in the order model.py defines them."""
    return {name: shape(dataclasses.fields(value)) for name, value in vars(model).items()
            if isinstance(value, type) and dataclasses.is_dataclass(value)
            and value.__module__ == model.__name__}


def module_source(shapes: dict[str, Shape]) -> str:
    lines = [
        f'"""Made by `{COMMAND}` from scaffold/manifest/model.py; do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Callable",
        "from typing import Any",
        "",
        "",
        "class _Factory:",
        '    """The default of a field with a default_factory: call the factory."""',
        "",
        "    def __repr__(self) -> str:",
        '        return "<factory>"',
        "",
        "",
        "FACTORY: Any = _Factory()",
        "",
        "SHAPES: dict[str, tuple[tuple[str, str], ...]] = {",
        *(line for name, fields in shapes.items()
          for line in (f"    {name!r}: (", *(f"        {f!r}," for f in fields), "    ),")),
        "}",
    ]
    for name, fields in shapes.items():
        lines += ["", "", init_source(name, fields).rstrip("\n")]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is stale")
    args = parser.parse_args(argv)
    text = module_source(records())
    if args.check:
        if not MODULE.is_file() or MODULE.read_text(encoding="utf-8") != text:
            print(f"{MODULE.name} is stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    MODULE.write_text(text, encoding="utf-8")
    print(f"wrote {MODULE.name} ({len(text.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
