"""A new project's `.env`: every variable the stack reads, with a random value for each secret."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from scaffold.manifest.model import Manifest
from scaffold.targets.envfile import assignment, variables


def new_secret() -> str:
    """256 bits as hex: safe inside a connection URL and a command line, never starting with '-'."""
    return secrets.token_hex(32)


def env_lines(manifest: Manifest, present: Iterable[str] = (),
              secret: Callable[[], str] = new_secret) -> list[str]:
    """`NAME=value` for each variable the stack reads that is not `present`: secrets random."""
    have = set(present)
    return [assignment(var.name, secret() if var.secret else var.default)
            for var in variables(manifest) if var.name not in have]


def secret_lines(manifest: Manifest, service: str, present: Iterable[str] = (),
                 secret: Callable[[], str] = new_secret) -> list[str]:
    """`NAME=random` for each secret `service` reads that is not `present` (for add-service)."""
    have = set(present)
    return [f"{var.name}={secret()}" for var in variables(manifest)
            if var.secret and service in var.services and var.name not in have]


def env_text(manifest: Manifest, secret: Callable[[], str] = new_secret) -> str:
    header = [
        "# Secrets and settings for this stack; git ignores this file. Never commit it.",
        "# scaffold wrote random secrets here; .env.example lists what each variable is for.",
    ]
    return "\n".join(header + env_lines(manifest, secret=secret)) + "\n"
