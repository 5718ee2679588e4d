"""A normalised compose project (the shape of `docker compose config --format json`) turned into
a manifest, with what was recognised, changed, escaped to `compose:` or lost, service by service.

Pure: paths in the project are absolute and made relative to `root`; nothing is read or written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from scaffold.errors import InputError
from scaffold.importer import fields
from scaffold.importer.recognise import backing_preset, data_path, preset_environment
from scaffold.importer.secrets import preset_secrets, register
from scaffold.importer.stack import Imported, Notes, Stack
from scaffold.manifest.catalog import Preset

_SERVICE_NAME = re.compile(r"^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$")
DONE = "service_completed_successfully"


def import_project(project: dict[str, Any], root: Path, upstreams: dict[str, int] | None = None) -> Imported:
    """The manifest for `project`; `upstreams` are the ports a proxy's config reaches services on."""
    services = {name: project["services"][name] for name in sorted(project.get("services") or {})}
    if not services:
        raise InputError("the compose project has no services: nothing to import")
    for name in services:
        if not _SERVICE_NAME.match(name):
            raise InputError(f"service {name!r}: a scaffold service name is lowercase letters, "
                             "digits, '-' and '_'; rename it in the compose file first")
    jobs = _jobs(services)
    stack = Stack(root=root, services=services, jobs=jobs,
                  presets=_presets({n: s for n, s in services.items() if n not in jobs}),
                  shares=_shares(services),
                  top_secrets=dict(project.get("secrets") or {}), wired={**(upstreams or {}), **_wired(services)})
    notes = {name: Notes() for name in services}
    _secrets(stack, notes)
    specs = {name: _service(name, svc, stack, notes[name]) for name, svc in services.items()}
    manifest = {"name": project_name(str(project.get("name") or "app")), "services": specs}
    return Imported(manifest, notes, dict(sorted(stack.vault.values.items())),
                    frozenset(stack.allocated))


def project_name(name: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-_")[:50]
    return cleaned or "app"


def _wired(services: dict[str, dict[str, Any]]) -> dict[str, int]:
    """{service: the port another service's `http://NAME:PORT` variable reaches it on}."""
    out: dict[str, int] = {}
    for svc in services.values():
        for value in (svc.get("environment") or {}).values():
            found = re.fullmatch(r"http://([a-z0-9_-]+):([0-9]+)/?", str(value or ""))
            if found and found[1] in services:
                out.setdefault(found[1], int(found[2]))
    return out


def _jobs(services: dict[str, dict[str, Any]]) -> set[str]:
    """Services another waits for until they exit 0, and that publish nothing."""
    waited = {dep for svc in services.values()
              for dep, how in (svc.get("depends_on") or {}).items()
              if (how or {}).get("condition") == DONE}
    return {name for name in waited if name in services and not services[name].get("ports")}


def _presets(services: dict[str, dict[str, Any]]) -> dict[str, tuple[Preset, str]]:
    out = {}
    for name, svc in services.items():
        found = backing_preset(svc["image"]) if svc.get("image") and not svc.get("build") else None
        if found and not _data_bound(svc, data_path(*found)):
            out[name] = found
    return out


def _data_bound(svc: dict[str, Any], data: str) -> bool:
    """A bind mount or an anonymous volume where the preset keeps its data: keep the image as is."""
    return any(v.get("target") == data and (v.get("type") != "volume" or not v.get("source"))
               for v in svc.get("volumes") or [])


def _build_key(svc: dict[str, Any]) -> str:
    build = svc.get("build")
    return repr(sorted(build.items())) if isinstance(build, dict) else ""


def _shares(services: dict[str, dict[str, Any]]) -> dict[str, str]:
    """{service: the service whose build it shares}: of each group, the one that publishes a
    port, else exposes one, else runs the image's own command, owns the build; the others
    say `from:`."""
    groups: dict[str, list[str]] = {}
    for name, svc in services.items():
        if key := _build_key(svc):
            groups.setdefault(key, []).append(name)
    out = {}
    for names in groups.values():
        owner = min(names, key=lambda n: (not services[n].get("ports"), not services[n].get("expose"),
                                          bool(services[n].get("command")), n))
        out.update({n: owner for n in names if n != owner})
    return out


def _secrets(stack: Stack, notes: dict[str, Notes]) -> None:
    for name, svc in stack.services.items():
        environment = svc.get("environment") or {}
        if name in stack.presets:
            taken = preset_secrets(name, stack.presets[name][0], environment, svc.get("command"),
                                   stack.vault)
            notes[name].changed += [f"{key} moved to .env" for key in taken]
    for name, svc in stack.services.items():
        environment = svc.get("environment") or {}
        skip = set(_preset_taken(name, stack))
        stack.named[name] = register(name, {k: v for k, v in environment.items() if k not in skip},
                                     stack.vault)
        notes[name].changed += [f"{key} moved to .env" for key in sorted(stack.named[name])]


def _preset_taken(name: str, stack: Stack) -> list[str]:
    if name not in stack.presets:
        return []
    preset = stack.presets[name][0]
    return [key for key, template in preset_environment(preset) if template.startswith("{secret:")]


def _service(name: str, svc: dict[str, Any], stack: Stack, notes: Notes) -> dict[str, Any]:
    spec = fields.kind(name, svc, stack, notes)
    if name in stack.jobs:
        spec["role"] = "job"
        notes.recognised += "; a one-shot job others wait for"
    elif not svc.get("ports") and name not in stack.presets and fields.listens_on(name, svc, stack) is None:
        spec["role"] = "worker"
    spec.update(fields.ports(name, svc, spec, stack, notes))
    spec.update(fields.environment(name, svc, stack, notes))
    spec.update(fields.volumes(name, svc, stack, notes))
    spec.update(fields.runtime(name, svc, spec, stack, notes))
    spec.update(fields.dependencies(svc, stack))
    spec.update(fields.secrets(svc, stack, notes))
    spec.update(fields.escape_hatch(svc, stack, notes))
    return spec
