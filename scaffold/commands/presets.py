"""`scaffold presets`: every preset a manifest may name and where it comes from; `presets show NAME`."""

from __future__ import annotations

from pathlib import Path

from scaffold import console
from scaffold.errors import EXIT_OK, InputError
from scaffold.manifest import catalog
from scaffold.manifest.catalog import Preset
from scaffold.manifest.hints import did_you_mean
from scaffold.manifest.presets import PRESETS


def _all(manifest: Path) -> dict[str, Preset]:
    """The built-ins, then the project's own (presets/ beside the manifest), by name."""
    return {**PRESETS, **catalog.project(manifest.parent)}


def _variables(preset: Preset) -> str:
    if preset.backing is None:
        return "URL of its HTTP port" if preset.internal_port or preset.name == "image" else ""
    return ", ".join(e.name for e in preset.backing.exports)


def list_presets(manifest: Path) -> int:
    """One line per preset: name, kind, default version, origin, what dependents get."""
    rows = [(p.name, p.kind.value, p.version or "-", p.origin, _variables(p)) for p in _all(manifest).values()]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    console.out("  ".join(h.ljust(w) for h, w in zip(("PRESET", "KIND", "VERSION", "FROM"), widths,
                                                       strict=True)) + "  HANDS OUT")
    for row in rows:
        console.out(("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[4]).rstrip())
    return EXIT_OK


def show_preset(name: str, manifest: Path) -> int:
    """The preset's definition, as its file says, under a line saying where it comes from."""
    presets = _all(manifest)
    preset = presets.get(name)
    if preset is None:
        raise InputError(f"unknown preset '{name}'{did_you_mean(name, list(presets))}; "
                         "`scaffold presets` lists them")
    where = "built in (templates/presets/" + name + ".yaml)" if preset.origin == catalog.BUILTIN \
        else preset.origin
    console.out(f"# {name}: {where}")
    console.out(preset.text, end="" if preset.text.endswith("\n") else "\n")
    return EXIT_OK
