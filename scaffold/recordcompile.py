"""Write each record's `__init__` into Python modules, so no start compiles them.

`records.record` takes a class's `__init__` from `scaffold/_records/` (one module for each
module that defines records, so a command loads only those of what it imports) when that
module describes the class's fields as they are; otherwise it compiles the same source at
import. tests/test_records.py fails when a module is stale.

    python -m scaffold.recordcompile          # regenerate scaffold/_records/
    python -m scaffold.recordcompile --check  # exit 1 if it is stale
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import re
import sys
from pathlib import Path

from scaffold.records import FACTORY, Shape, init_source, is_record, made_ahead_in, shape

COMMAND = "python -m scaffold.recordcompile"
PACKAGE = Path(__file__).resolve().parent
FOLDER = PACKAGE / "_records"
INIT = '"""Constructors of scaffold\'s records, made by `python -m scaffold.recordcompile`; do not edit."""\n'


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


def records() -> dict[str, dict[str, Shape]]:
    """Each record's fields, by the module and the function its constructor is written in."""
    out: dict[str, dict[str, Shape]] = {}
    for cls in record_classes():
        module, name = made_ahead_in(cls)
        if name in out.setdefault(module, {}):
            raise ValueError(f"two records are written as {module}.{name}: rename one")
        out[module][name] = shape(dataclasses.fields(cls))
    return out


def module_source(module: str, shapes: dict[str, Shape]) -> str:
    lines = [
        f'"""Made by `{COMMAND}` from the records of {module.rsplit(".", 1)[1]}; do not edit."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Callable",
        "from typing import Any",
        "",
        *(["from scaffold.records import FACTORY_DEFAULT", ""]
          if any(how == FACTORY for fields in shapes.values() for _, how, _ in fields) else []),
        "SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {",
        *(line for name, fields in shapes.items()
          for line in (f"    {name!r}: (", *(f"        {f!r}," for f in fields), "    ),")),
        "}",
    ]
    for name, fields in shapes.items():
        lines += ["", "", init_source(name, fields).rstrip("\n")]
    return "\n".join(lines) + "\n"


def files() -> dict[str, str]:
    """Every file of scaffold/_records/, by name."""
    out = {"__init__.py": INIT}
    for module, shapes in records().items():
        out[module.rsplit(".", 1)[1] + ".py"] = module_source(module, shapes)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a module is stale")
    args = parser.parse_args(argv)
    wanted = files()
    present = {p.name: p.read_text(encoding="utf-8") for p in FOLDER.glob("*.py")} if FOLDER.is_dir() else {}
    if args.check:
        stale = sorted(name for name in wanted.keys() | present.keys() if wanted.get(name) != present.get(name))
        if stale:
            print(f"_records/{', '.join(stale)} stale: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    FOLDER.mkdir(exist_ok=True)
    for name in present.keys() - wanted.keys():
        (FOLDER / name).unlink()
    for name, text in wanted.items():
        if present.get(name) != text:
            (FOLDER / name).write_text(text, encoding="utf-8")
    print(f"wrote scaffold/_records/ ({len(wanted)} modules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
