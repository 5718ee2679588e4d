"""Image overrides: which image each service runs, for air-gapped hosts and private registries.

An override is keyed by a service's name, or by what it is: `base` (the base image
of every app), `python` (fastapi, django), `node` (express, nextjs), or a built-in
backing preset's or nginx's name (`postgres`, `mariadb`, `rabbitmq`...). A manifest's
`images:` fills in for services that name no image of their own; `--image KEY=IMAGE` on the command line wins over both.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from scaffold.errors import InputError
from scaffold.manifest.model import BACKING_KINDS, Kind, Manifest, Service
from scaffold.manifest.presets import PRESETS
from scaffold.patterns import Lazy

KEYS = ("base", "python", "node", *(name for name, p in PRESETS.items()
                                   if p.kind in (*BACKING_KINDS, Kind.PROXY)))


def keys_for(service: Service) -> tuple[str, ...]:
    """The override keys that apply to a service, the most specific first."""
    if service.kind == Kind.APP and PRESETS[service.preset].scaffolded:
        return (PRESETS[service.preset].runtime, "base")
    if service.kind in (*BACKING_KINDS, Kind.PROXY):
        return (service.preset,)
    return ()


def chosen(service: Service, table: Mapping[str, str], by_name: bool = True) -> str | None:
    """The image `table` gives this service, if any."""
    if by_name and service.name in table:
        return table[service.name]
    return next((table[k] for k in keys_for(service) if k in table), None)


def with_images(manifest: Manifest, table: Mapping[str, str],
                keep: Collection[str] = ()) -> Manifest:
    """The manifest with its services' images overridden; services named in `keep` stay."""
    if not table:
        return manifest
    services = []
    for service in manifest.services:
        image = None if service.name in keep else chosen(service, table)
        services.append(replace(service, image=image) if image else service)
    proxy = manifest.proxy
    if proxy is not None and "nginx" in table and "proxy" not in keep:
        proxy = replace(proxy, image=table["nginx"])
    return replace(manifest, services=tuple(services), proxy=proxy)


_TAG = Lazy(r"^(?P<repo>[^@\s]+?)(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@sha256:[0-9a-f]{64})?$")
_REPO = Lazy(r"^[a-z0-9]+(?:[._-][a-z0-9]+|__)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+|__)*)*$")


def image_problem(image: str) -> str:
    """Why an image reference is not pinned or not well formed ("" when it is fine)."""
    match = _TAG.match(image)
    if not match:
        return f"'{image}' is not a valid image reference"
    repo = match["repo"]
    registry, _, rest = repo.partition("/")
    if rest and ("." in registry or ":" in registry or registry == "localhost"):
        repo = rest
    if not _REPO.match(repo):
        return f"'{image}' is not a valid image reference (names are lowercase)"
    if "@sha256:" in image:
        return ""
    if not match["tag"]:
        return f"image '{image}' has no tag; pin one (e.g. {image}:1.0) so builds are repeatable"
    if match["tag"] == "latest":
        return f"image '{image}' uses 'latest'; pin a version so builds are repeatable"
    return ""


def parse(pairs: Iterable[str], base: str | None = None) -> dict[str, str]:
    """`--image KEY=IMAGE` flags (and `--base-image`) as a table; exit 2 on a malformed one."""

    table: dict[str, str] = {}
    if base:
        table["base"] = base
    for pair in pairs:
        key, sep, image = pair.partition("=")
        if not sep or not key or not image:
            raise InputError(f"--image {pair}: expected KEY=IMAGE, KEY one of {', '.join(KEYS)} "
                             "or a service name")
        table[key] = image
    for key, image in table.items():
        why = image_problem(image)
        if why and "repeatable" not in why:  # an unpinned tag is the user's call here
            raise InputError(f"--image {key}={image}: {why}")
    return table


def unknown_keys(manifest: Manifest, table: Mapping[str, str]) -> list[str]:
    """Keys that are neither an override key nor one of the manifest's services."""
    names = {s.name for s in manifest.services}
    return sorted(k for k in table if k not in KEYS and k not in names)


def overridden(manifest: Manifest, table: Mapping[str, str]) -> Manifest:
    """The command line's `--image` table applied; exit 2 on a key that names nothing."""
    unknown = unknown_keys(manifest, table)
    if unknown:
        raise InputError(f"--image {unknown[0]}=...: '{unknown[0]}' is neither an image key "
                         f"({', '.join(KEYS)}) nor a service of {manifest.source.name}")
    return with_images(manifest, table)
