"""Made by `python -m scaffold.recordcompile` from the records of targets_nginx; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Upstream': (
        ('service', 'required', False),
        ('name', 'required', False),
        ('address', 'required', False),
        ('per_request', 'required', False),
    ),
    'Location': (
        ('path', 'required', False),
        ('upstream', 'required', False),
        ('websocket', 'required', False),
        ('strip', 'required', False),
    ),
    'Health': (
        ('upstream', 'required', False),
        ('path', 'required', False),
    ),
    'Tls': (
        ('certificate', 'required', False),
        ('key', 'required', False),
    ),
    'ProxyConfig': (
        ('project', 'required', False),
        ('source', 'required', False),
        ('mode', 'required', False),
        ('server_names', 'required', False),
        ('port', 'required', False),
        ('tls', 'required', False),
        ('redirect_port', 'required', False),
        ('redirect_to', 'required', False),
        ('resolver', 'required', False),
        ('upstreams', 'required', False),
        ('locations', 'required', False),
        ('health', 'required', False),
        ('catch_all', 'required', False),
        ('websocket', 'required', False),
        ('timeouts', 'required', False),
        ('client_max_body_size', 'required', False),
        ('keepalive', 'default', False),
    ),
}


def Upstream(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        name: Any,
        address: Any,
        per_request: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'name', name)
        _set(self, 'address', address)
        _set(self, 'per_request', per_request)

    return __init__


def Location(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        path: Any,
        upstream: Any,
        websocket: Any,
        strip: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'upstream', upstream)
        _set(self, 'websocket', websocket)
        _set(self, 'strip', strip)

    return __init__


def Health(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        upstream: Any,
        path: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'upstream', upstream)
        _set(self, 'path', path)

    return __init__


def Tls(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        certificate: Any,
        key: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'certificate', certificate)
        _set(self, 'key', key)

    return __init__


def ProxyConfig(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _keepalive,
    ) = defaults

    def __init__(
        self: Any,
        project: Any,
        source: Any,
        mode: Any,
        server_names: Any,
        port: Any,
        tls: Any,
        redirect_port: Any,
        redirect_to: Any,
        resolver: Any,
        upstreams: Any,
        locations: Any,
        health: Any,
        catch_all: Any,
        websocket: Any,
        timeouts: Any,
        client_max_body_size: Any,
        keepalive: Any = _keepalive,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'source', source)
        _set(self, 'mode', mode)
        _set(self, 'server_names', server_names)
        _set(self, 'port', port)
        _set(self, 'tls', tls)
        _set(self, 'redirect_port', redirect_port)
        _set(self, 'redirect_to', redirect_to)
        _set(self, 'resolver', resolver)
        _set(self, 'upstreams', upstreams)
        _set(self, 'locations', locations)
        _set(self, 'health', health)
        _set(self, 'catch_all', catch_all)
        _set(self, 'websocket', websocket)
        _set(self, 'timeouts', timeouts)
        _set(self, 'client_max_body_size', client_max_body_size)
        _set(self, 'keepalive', keepalive)

    return __init__
