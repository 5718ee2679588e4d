"""What the cluster targets (Swarm, Kubernetes) share: a service's settings, with its secrets found. Pure.

Both start from what the compose files get (the preset's template, `conventions.wiring`
and the manifest's env), so ports, URLs and names stay the same on every target;
only how a secret reaches the process differs. A compose value is split back into
its parts: text, `${SECRET:?...}` references and `${SETTING:-default}` references.
"""

from __future__ import annotations

import re
from typing import Any

from scaffold.conventions import env_value, wiring
from scaffold.manifest.model import Kind, Manifest, Service, Variant
from scaffold.records import record
from scaffold.targets.fragments import preset_fragment

# what the presets' templates and the wiring see on a cluster: Postgres, not SQLite, and data
# kept in volumes; variants (local, ci, ...) are compose's, so their env does not apply here
CLUSTER = Variant("cluster", database="postgres", ephemeral=False, publish="none", workers=2)

_REF = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::\?([^}]*)|:-([^}]*))\}")
_DURATION = re.compile(r"^([0-9]+)(ms|s|m|h)$")


@record
class Text:
    """A literal value in a cluster manifest."""

    text: str


@record
class Secret:
    """A value read from a secret: the .env variable holding it."""

    variable: str  # the .env variable holding it


@record
class Setting:
    """A value read from a setting: the .env variable and its default."""

    variable: str
    default: str


Part = Text | Secret | Setting


@record
class Value:
    """One environment variable or command argument, as parts."""

    name: str
    parts: tuple[Part, ...]

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret variables it holds, in order, each once."""
        return tuple(dict.fromkeys(p.variable for p in self.parts if isinstance(p, Secret)))

    @property
    def lone_secret(self) -> str:
        """The variable when the value is one secret and nothing else, else ""."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Secret):
            return self.parts[0].variable
        return ""

    @property
    def plain(self) -> str:
        """The value with each setting at its default (what a cluster gets unless told otherwise)."""
        return "".join(p.text if isinstance(p, Text) else p.default if isinstance(p, Setting) else ""
                       for p in self.parts)


def parts(value: str) -> tuple[Part, ...]:
    """A compose value (as `conventions.env_value` and `conventions.wiring` write them) as its parts."""
    out: list[Part] = []
    text = ""
    position = 0
    for match in _REF.finditer(value):
        text += value[position:match.start()]
        position = match.end()
        if match.group() == "$$":
            text += "$"
            continue
        if text:
            out.append(Text(text))
            text = ""
        if match.group(2) is not None:
            out.append(Secret(match.group(1)))
        else:
            out.append(Setting(match.group(1), match.group(3)))
    text += value[position:]
    if text:
        out.append(Text(text))
    return tuple(out)


# the rendered fragments of the last manifest asked about, by service: swarm and k8s ask for a
# service's several times (environment, command, volumes), and rendering is most of their work
_FRAGMENTS: dict[int, tuple[Service, dict[str, Any]]] = {}
_FRAGMENTS_OF: list[Manifest] = []


def fragment(service: Service, manifest: Manifest) -> dict[str, Any]:
    """The preset's own keys for `service` on a cluster, rendered once per service and manifest.

    Shared between callers: read it, never change it. The entry holds the service itself,
    so its id cannot be taken by another object while it is cached.
    """
    if not _FRAGMENTS_OF or _FRAGMENTS_OF[0] is not manifest:
        _FRAGMENTS.clear()
        _FRAGMENTS_OF[:] = [manifest]
    hit = _FRAGMENTS.get(id(service))
    if hit is not None and hit[0] is service:
        return hit[1]
    data = preset_fragment(service, CLUSTER, manifest)
    _FRAGMENTS[id(service)] = (service, data)
    return data


def environment(service: Service, manifest: Manifest) -> tuple[Value, ...]:
    """The service's environment on a cluster, sorted by name: the preset's, the wiring, the manifest's."""
    env: dict[str, Any] = dict(fragment(service, manifest).get("environment") or {})
    env.update(wiring(service, manifest, CLUSTER))
    env.update({v.name: env_value(v) for v in service.env})
    return tuple(Value(name, parts(str(env[name]))) for name in sorted(env))


def command(service: Service, manifest: Manifest) -> tuple[Value, ...]:
    """The service's command, when it has one (the manifest's or its preset's), as values."""
    args = fragment(service, manifest).get("command") or ()
    return tuple(Value(str(i), parts(str(arg))) for i, arg in enumerate(args))


def image(service: Service, manifest: Manifest) -> str:
    """The image a cluster runs: an app's is built and pushed as PREFIX/PROJECT-SERVICE."""
    if service.kind != Kind.APP:
        return service.image
    name = f"{manifest.name}-{service.name}"  # what `docker compose build` tags it locally
    return f"{manifest.image_prefix}/{name}" if manifest.image_prefix else name


def data_volume(service: Service, manifest: Manifest) -> tuple[str, str] | None:
    """(volume, mount path) of a stateful service, as its preset's template mounts it."""
    for entry in fragment(service, manifest).get("volumes") or ():
        source, _, target = str(entry).partition(":")
        if source and not source.startswith((".", "/", "~", "$")):
            return source, target.split(":")[0]
    return None


def stateful(service: Service) -> bool:
    """A backing service whose preset keeps data: one replica, placed where its volume is
    (a StatefulSet on Kubernetes). Memcached and Mailpit keep none: a Deployment."""
    return service.backing is not None and service.backing.cluster_kind == "statefulset"


def seconds(duration: str) -> int:
    """A compose duration ("10s", "500ms", "2m") in whole seconds, at least 1."""
    match = _DURATION.match(duration)
    if match is None:  # a bug: the schema lets no other form through
        raise ValueError(f"not a duration: {duration!r}")
    number, unit = int(match.group(1)), match.group(2)
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return max(1, -int(-number * scale // 1))


def cpus(value: float) -> str:
    """Cores as Docker writes them: 1, 0.5, 0.25."""
    return f"{value:g}"


def compose_only(manifest: Manifest) -> list[str]:
    """Comment lines naming what a cluster target leaves out: mounts of the project's files,
    named volumes, compose secrets, `develop` and the `compose:` escape hatch are compose's."""
    lines = []
    for s in manifest.services:
        left = [f"volume {v.source}:{v.target}" for v in s.volumes]
        left += [f"secret {name}" for name in s.secrets]
        left += [f"port {p.port}:{p.internal}/{p.protocol}" for p in s.ports]
        left += ["develop.watch"] * bool(s.watch) + [f"compose.{key}" for key, _ in s.compose]
        if left:
            lines.append(f"# Compose only, left out here: {s.name}: {', '.join(left)}")
    return lines

