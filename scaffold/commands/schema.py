"""`scaffold schema`: print the manifest's JSON Schema, for editors and other tools."""

from __future__ import annotations

import click

from scaffold.errors import EXIT_OK
from scaffold.resources import schema_text


def schema(name: str = "manifest.schema.json") -> int:
    click.echo(schema_text(name), nl=False)
    return EXIT_OK
