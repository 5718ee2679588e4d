"""Made by `python -m scaffold.recordcompile` from the records of ports_containers; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'ContainerBinding': (
        ('container', 'required', False),
        ('project', 'required', False),
        ('service', 'required', False),
        ('state', 'required', False),
        ('host_ip', 'required', False),
        ('host_port', 'required', False),
        ('protocol', 'required', False),
        ('container_port', 'required', False),
    ),
}


def ContainerBinding(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        container: Any,
        project: Any,
        service: Any,
        state: Any,
        host_ip: Any,
        host_port: Any,
        protocol: Any,
        container_port: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'container', container)
        _set(self, 'project', project)
        _set(self, 'service', service)
        _set(self, 'state', state)
        _set(self, 'host_ip', host_ip)
        _set(self, 'host_port', host_port)
        _set(self, 'protocol', protocol)
        _set(self, 'container_port', container_port)

    return __init__
