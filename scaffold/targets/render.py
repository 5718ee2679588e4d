"""The targets `generate` can render, in one registry, and rendering every output file in memory.

Adding a target is one module (a `scaffold.targets.target.Target`: a `name` and a
`files` function) and one line in TARGETS below.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence

from scaffold.errors import InputError
from scaffold.manifest.model import Manifest
from scaffold.targets import compose, envfile, nginx
from scaffold.targets.names import TARGET_NAMES as TARGET_NAMES  # re-exported
from scaffold.targets.target import RenderedFile, Target


class Deferred:
    """A target module imported the first time a run renders it: most runs render compose
    alone, and need not pay for importing the cluster targets."""

    __slots__ = ("module", "name")

    def __init__(self, name: str, module: str) -> None:
        self.name, self.module = name, module

    def load(self) -> Target:
        target: Target = importlib.import_module(self.module)
        return target

    def files(self, manifest: Manifest, ports: Mapping[str, int], variants: Sequence[str], /
              ) -> list[RenderedFile]:
        return self.load().files(manifest, ports, variants)


# what `--target` and the manifest's `targets:` choose from, in the order they are rendered;
# each is a module with a `name` and a `files` function (swarm's and k8s's imported when used)
TARGETS: tuple[Target, ...] = (compose, Deferred("swarm", "scaffold.targets.swarm"),
                               Deferred("k8s", "scaffold.targets.k8s"))
# what every target needs (the .env its deployer fills in, the proxy's config): always rendered
SHARED: tuple[Target, ...] = (envfile, nginx)
if tuple(t.name for t in TARGETS) != TARGET_NAMES:  # names.py is what the command line offers
    raise AssertionError(f"scaffold.targets.names.TARGET_NAMES is not {[t.name for t in TARGETS]}")


def select_targets(manifest: Manifest, names: Iterable[str] = ()) -> list[Target]:
    """The targets asked for (`all` is every one), else the manifest's `targets:`, in TARGETS order."""
    wanted = set(names) or set(manifest.targets)
    unknown = sorted(wanted - {*TARGET_NAMES, "all"})
    if unknown:
        raise InputError(f"unknown target '{unknown[0]}'; scaffold renders: {', '.join(TARGET_NAMES)} (or all)")
    return [t for t in TARGETS if t.name in wanted or "all" in wanted]


def render(manifest: Manifest, ports: Mapping[str, int], variants: Iterable[str] = (),
           targets: Iterable[str] = ()) -> list[RenderedFile]:
    """Every generated file, in a stable order. Pure: same manifest and ports, same bytes."""
    chosen = select_targets(manifest, targets)
    asked = tuple(variants)
    out = [file for target in (*chosen, *SHARED) for file in target.files(manifest, ports, asked)]
    seen: dict[str, RenderedFile] = {}
    for file in out:  # unique by construction; two files on one path would lose one silently
        if seen.setdefault(file.path, file) is not file:
            raise AssertionError(f"two generated files share the path {file.path}")
    return out
