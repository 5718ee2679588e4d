"""The targets `generate` can render, in one registry, and rendering every output file in memory.

Adding a target is one module (a `scaffold.targets.target.Target`: a `name` and a
`files` function) and one line in TARGETS below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scaffold.errors import InputError
from scaffold.manifest.model import Manifest
from scaffold.targets import compose, envfile, k8s, nginx, swarm
from scaffold.targets.names import TARGET_NAMES as TARGET_NAMES  # re-exported
from scaffold.targets.target import RenderedFile, Target

# what `--target` and the manifest's `targets:` choose from, in the order they are rendered;
# each is a module with a `name` and a `files` function
TARGETS: tuple[Target, ...] = (compose, swarm, k8s)
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
