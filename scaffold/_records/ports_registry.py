"""Made by `python -m scaffold.recordcompile` from the records of ports_registry; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaffold.records import FACTORY_DEFAULT

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Allocation': (
        ('project', 'required', False),
        ('service', 'required', False),
        ('port', 'required', False),
        ('protocol', 'default', False),
        ('host_ip', 'default', False),
        ('manifest', 'default', False),
        ('allocated_at', 'default', False),
        ('extra', 'factory', False),
    ),
}


def Allocation(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _protocol,
        _host_ip,
        _manifest,
        _allocated_at,
        _extra,
    ) = defaults

    def __init__(
        self: Any,
        project: Any,
        service: Any,
        port: Any,
        protocol: Any = _protocol,
        host_ip: Any = _host_ip,
        manifest: Any = _manifest,
        allocated_at: Any = _allocated_at,
        extra: Any = FACTORY_DEFAULT,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'service', service)
        _set(self, 'port', port)
        _set(self, 'protocol', protocol)
        _set(self, 'host_ip', host_ip)
        _set(self, 'manifest', manifest)
        _set(self, 'allocated_at', allocated_at)
        _set(self, 'extra', _extra() if extra is FACTORY_DEFAULT else extra)

    return __init__
