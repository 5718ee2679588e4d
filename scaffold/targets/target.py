"""What a target is: something that turns the model and the port plan into files, in memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from scaffold.manifest.model import Manifest
from scaffold.records import record


@record
class RenderedFile:
    """One output file, rendered in memory: its path in the project and its text."""

    path: str  # relative to the project folder, with '/' separators
    content: str


class Target(Protocol):
    """One kind of output `generate` renders; each target module is one. Pure: same input, same files.

    `ports` is the port plan (service -> host port); `variants` are the compose variants
    asked for (empty: every one), which only the targets rendering per variant read.
    """

    @property
    def name(self) -> str:
        """What `--target` and the manifest's `targets:` call it."""

    def files(self, manifest: Manifest, ports: Mapping[str, int], variants: Sequence[str], /) -> list[RenderedFile]:
        """Every file of this target, paths relative to the project folder, in a stable order."""
