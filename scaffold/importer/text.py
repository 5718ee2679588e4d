"""The imported manifest as text: the schema line, where it came from, and above each service a
comment saying what was recognised, what changed on purpose, what went to `compose:`."""

from __future__ import annotations

from collections.abc import Sequence

from scaffold.importer.stack import Imported, Notes
from scaffold.targets import emit

SCHEMA_LINE = "# yaml-language-server: $schema=.scaffold/manifest.schema.json"
_WIDTH = 100


def manifest_text(imported: Imported, sources: Sequence[str], loader: str) -> str:
    lines = [
        SCHEMA_LINE,
        f"# Imported by `scaffold import` from {', '.join(sources)} (read by {loader}).",
        "# Edit it, then run `scaffold generate`; secrets are in .env, never here.",
        f"name: {emit.scalar(imported.manifest['name'])}",
        "services:",
    ]
    for name, spec in imported.manifest["services"].items():
        lines += [f"  # {line}" for line in comment(name, imported.notes[name])]
        lines.append(emit.dump({name: spec}, 2).rstrip("\n"))
    return "\n".join(lines) + "\n"


def comment(name: str, notes: Notes) -> list[str]:
    out = [f"{name}: {notes.recognised or 'imported'}."]
    for title, items in (("changed on purpose", notes.changed), ("in compose", notes.escaped),
                         ("not carried over", notes.lost)):
        if items:
            out += _wrapped(f"{title}: {'; '.join(items)}.")
    return out


def _wrapped(text: str) -> list[str]:
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > _WIDTH - 6:
            lines.append(line)
            line = "  " + word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]
