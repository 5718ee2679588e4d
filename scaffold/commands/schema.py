"""`scaffold schema`: print the manifest's JSON Schema, for editors and other tools."""

from __future__ import annotations

from scaffold import console
from scaffold.errors import EXIT_OK
from scaffold.resources import schema_text


def schema(name: str = "manifest.schema.json") -> int:
    console.out(schema_text(name), end="")
    return EXIT_OK
