"""`scaffold plan`: the startup order as layers (text or JSON), and the dependency graph in Mermaid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scaffold import console
from scaffold.commands.formats import Format, dump, reporting
from scaffold.errors import EXIT_OK
from scaffold.manifest import graph
from scaffold.manifest.build import load
from scaffold.manifest.model import Manifest
from scaffold.output import lockfile
from scaffold.ports.allocate import reserve
from scaffold.ports.store import locate


def planned_ports(manifest: Manifest, manifest_path: Path) -> dict[str, int]:
    """The host ports `generate` would use, read from the registry and the lock, changing neither."""
    remembered = lockfile.read(manifest_path.parent).ports
    with reserve(manifest, locate(None, manifest), False, remembered=remembered) as reservation:
        return dict(reservation.ports)


def describe(manifest: Manifest, ports: dict[str, int]) -> str:
    edges = {s.name: list(s.depends_on) for s in manifest.services}
    lines = [f"{manifest.name}: {len(manifest.services)} services, started in this order"]
    for number, layer in enumerate(graph.layers(edges), start=1):
        lines.append("")
        lines.append(f"Layer {number}:")
        for name in layer:
            s = manifest.service(name)
            where = f"127.0.0.1:{ports[name]}" if name in ports else "internal"
            after = f"  after {', '.join(s.depends_on)}" if s.depends_on else ""
            lines.append(f"  {name:<24} {s.preset:<9} {where:<16}{after}".rstrip())
    return "\n".join(lines) + "\n"


def plan(manifest_path: Path, fmt: str) -> int:
    as_format: Format = "json" if fmt == "json" else "text"
    return reporting("plan", as_format, lambda: _plan(manifest_path, fmt))


def layers_json(manifest: Manifest, ports: dict[str, int]) -> dict[str, Any]:
    edges = {s.name: list(s.depends_on) for s in manifest.services}
    layers = [[{"name": name, "preset": manifest.service(name).preset,
                "port": ports.get(name), "depends_on": list(manifest.service(name).depends_on)}
               for name in layer] for layer in graph.layers(edges)]
    return {"command": "plan", "ok": True, "exit_code": EXIT_OK, "project": manifest.name,
            "layers": layers}


def _plan(manifest_path: Path, fmt: str) -> int:
    manifest = load(manifest_path)
    if fmt == "json":
        dump(layers_json(manifest, planned_ports(manifest, manifest_path)))
    elif fmt == "mermaid":
        edges = {s.name: list(s.depends_on) for s in manifest.services}
        console.out(graph.mermaid(edges, {s.name: s.preset for s in manifest.services}), end="")
    else:
        console.out(describe(manifest, planned_ports(manifest, manifest_path)), end="")
    return EXIT_OK
