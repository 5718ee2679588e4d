"""Write each record's `__init__` (the model's, a preset's) as a module, so no start compiles them.

`records.record` takes a class's `__init__` from the generated `_records.py` when the module
describes the class's fields as they are; otherwise it compiles the same source at import.
tests/test_startup.py fails when the module is stale.

    python -m scaffold.recordcompile          # regenerate _records.py
    python -m scaffold.recordcompile --check  # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import re
import sys
from pathlib import Path

from scaffold.records import Shape, init_source, is_record, name_of, shape

COMMAND = "python -m scaffold.recordcompile"
MODULE = Path(__file__).with_name("_records.py")
PACKAGE = Path(__file__).resolve().parent


def record_modules() -> list[str]:
    """The modules that define records (a line `@record...`), in path order."""
    return [".".join(("scaffold", *path.relative_to(PACKAGE).with_suffix("").parts))
            for path in sorted(PACKAGE.rglob("*.py"))
            if re.search(r"^@record\b", path.read_text(encoding="utf-8"), re.M)]


def record_classes() -> list[type]:
    """Every record, module by module, in the order each module defines them."""
    out = []
    for name in record_modules():
        module = importlib.import_module(name)
        out += [value for value in vars(module).values() if is_record(value) and value.__module__ == name]
    return out


def records() -> dict[str, Shape]:
    """Each record's fields, by its name in the module (which must be unique)."""
    out: dict[str, Shape] = {}
    for cls in record_classes():
        if name_of(cls) in out:
            raise ValueError(f"two records are called {name_of(cls)}: rename one")
        out[name_of(cls)] = shape(dataclasses.fields(cls))
    return out


def module_source(shapes: dict[str, Shape]) -> str:
    lines = [
        f'"""Made by `{COMMAND}` from the @record classes in scaffold; do not edit."""',
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
        "SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {",
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
