"""Rendering every output file in memory: the one place that knows what `generate` produces."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scaffold.errors import InputError
from scaffold.manifest.model import TARGETS, Manifest
from scaffold.targets import k8s, nginx, swarm
from scaffold.targets.compose import render_compose
from scaffold.targets.envfile import render_env_example


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the project folder, with '/' separators
    content: str


def select_variants(manifest: Manifest, names: Iterable[str] = ()) -> list[str]:
    known = [v.name for v in manifest.variants]
    wanted = list(names) or known
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise InputError(f"unknown variant '{unknown[0]}'; this manifest has: {', '.join(known)}")
    return wanted


def select_targets(manifest: Manifest, names: Iterable[str] = ()) -> list[str]:
    """The targets asked for (`all` is every one), else the manifest's `targets:`, in TARGETS order."""
    wanted = set(names) or set(manifest.targets)
    unknown = sorted(wanted - {*TARGETS, "all"})
    if unknown:
        raise InputError(f"unknown target '{unknown[0]}'; scaffold renders: {', '.join(TARGETS)} (or all)")
    return [t for t in TARGETS if t in wanted or "all" in wanted]


def render(manifest: Manifest, ports: Mapping[str, int], variants: Iterable[str] = (),
           targets: Iterable[str] = ()) -> list[RenderedFile]:
    """Every generated file, in a stable order. Pure: same manifest and ports, same bytes.

    `.env.example` and the nginx config serve every target, so they are always rendered.
    """
    chosen = select_targets(manifest, targets)
    files = []
    if "compose" in chosen:
        files += [
            RenderedFile(manifest.variant(name).filename,
                         render_compose(manifest, manifest.variant(name), ports))
            for name in select_variants(manifest, variants)
        ]
    files.append(RenderedFile(".env.example", render_env_example(manifest)))
    if nginx.wanted(manifest):
        files.append(RenderedFile(nginx.filename(manifest), nginx.render_nginx(manifest, ports)))
    if "swarm" in chosen:
        files += [RenderedFile(path, text) for path, text in swarm.render_swarm(manifest, ports).items()]
    if "k8s" in chosen:
        files += [RenderedFile(path, text) for path, text in k8s.render_k8s(manifest).items()]
    return files
