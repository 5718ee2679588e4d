"""Made by `python -m scaffold.recordcompile` from the records of ports_check; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaffold.records import FACTORY_DEFAULT

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Claim': (
        ('service', 'required', False),
        ('port', 'required', False),
        ('source', 'required', False),
        ('protocol', 'default', False),
        ('host_ip', 'default', False),
    ),
    'Finding': (
        ('service', 'required', False),
        ('port', 'required', False),
        ('check', 'required', False),
        ('severity', 'required', False),
        ('holder', 'required', False),
        ('details', 'factory', False),
    ),
    'Report': (
        ('project', 'required', False),
        ('claims', 'required', False),
        ('findings', 'required', False),
        ('notes', 'required', False),
    ),
}


def Claim(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _protocol,
        _host_ip,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        port: Any,
        source: Any,
        protocol: Any = _protocol,
        host_ip: Any = _host_ip,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'port', port)
        _set(self, 'source', source)
        _set(self, 'protocol', protocol)
        _set(self, 'host_ip', host_ip)

    return __init__


def Finding(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _details,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        port: Any,
        check: Any,
        severity: Any,
        holder: Any,
        details: Any = FACTORY_DEFAULT,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'port', port)
        _set(self, 'check', check)
        _set(self, 'severity', severity)
        _set(self, 'holder', holder)
        _set(self, 'details', _details() if details is FACTORY_DEFAULT else details)

    return __init__


def Report(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        project: Any,
        claims: Any,
        findings: Any,
        notes: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'claims', claims)
        _set(self, 'findings', findings)
        _set(self, 'notes', notes)

    return __init__
