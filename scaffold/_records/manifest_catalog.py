"""Made by `python -m scaffold.recordcompile` from the records of manifest_catalog; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Preset': (
        ('name', 'required', False),
        ('kind', 'required', False),
        ('internal_port', 'required', False),
        ('runtime', 'required', False),
        ('image', 'required', False),
        ('version', 'default', False),
        ('refused_versions', 'default', False),
        ('template', 'default', False),
        ('auth_optional', 'default', False),
        ('user', 'default', False),
        ('database', 'default', False),
        ('health', 'default', False),
        ('health_timing', 'default', False),
        ('backing', 'default', False),
        ('description', 'default', False),
        ('origin', 'default', False),
        ('text', 'default', False),
        ('scaffolded', 'default', False),
    ),
}


def Preset(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _version,
        _refused_versions,
        _template,
        _auth_optional,
        _user,
        _database,
        _health,
        _health_timing,
        _backing,
        _description,
        _origin,
        _text,
        _scaffolded,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        kind: Any,
        internal_port: Any,
        runtime: Any,
        image: Any,
        version: Any = _version,
        refused_versions: Any = _refused_versions,
        template: Any = _template,
        auth_optional: Any = _auth_optional,
        user: Any = _user,
        database: Any = _database,
        health: Any = _health,
        health_timing: Any = _health_timing,
        backing: Any = _backing,
        description: Any = _description,
        origin: Any = _origin,
        text: Any = _text,
        scaffolded: Any = _scaffolded,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'kind', kind)
        _set(self, 'internal_port', internal_port)
        _set(self, 'runtime', runtime)
        _set(self, 'image', image)
        _set(self, 'version', version)
        _set(self, 'refused_versions', refused_versions)
        _set(self, 'template', template)
        _set(self, 'auth_optional', auth_optional)
        _set(self, 'user', user)
        _set(self, 'database', database)
        _set(self, 'health', health)
        _set(self, 'health_timing', health_timing)
        _set(self, 'backing', backing)
        _set(self, 'description', description)
        _set(self, 'origin', origin)
        _set(self, 'text', text)
        _set(self, 'scaffolded', scaffolded)

    return __init__
