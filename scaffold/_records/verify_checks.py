"""Made by `python -m scaffold.recordcompile` from the records of verify_checks; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'Handshake': (
        ('protocol', 'required', False),
        ('send', 'required', False),
        ('answered', 'required', False),
        ('listen', 'default', False),
    ),
    'Probe': (
        ('id', 'required', False),
        ('kind', 'required', False),
        ('host', 'required', False),
        ('port', 'required', False),
        ('path', 'default', False),
        ('send', 'default', False),
        ('listen', 'default', False),
        ('tls', 'default', False),
        ('host_header', 'default', False),
    ),
    'Seen': (
        ('id', 'required', False),
        ('status', 'default', False),
        ('body', 'default', False),
        ('connected', 'default', False),
        ('reply', 'default', False),
        ('error', 'default', False),
    ),
    'Check': (
        ('kind', 'required', False),
        ('service', 'required', False),
        ('target', 'required', False),
        ('protocol', 'required', False),
        ('probes', 'required', False),
        ('runs_in', 'default', False),
    ),
    'Result': (
        ('check', 'required', False),
        ('ok', 'required', False),
        ('detail', 'required', False),
    ),
    'ServiceState': (
        ('name', 'required', False),
        ('preset', 'required', False),
        ('state', 'required', False),
        ('healthy_after', 'default', False),
        ('health_output', 'default', False),
    ),
    'Plan': (
        ('project', 'required', False),
        ('variant', 'required', False),
        ('network', 'required', False),
        ('services', 'required', False),
        ('checks', 'required', False),
        ('notes', 'required', False),
    ),
    'Report': (
        ('project', 'required', False),
        ('variant', 'required', False),
        ('network', 'required', False),
        ('services', 'required', False),
        ('layers', 'required', False),
        ('results', 'required', False),
        ('failure', 'default', False),
        ('failed_service', 'default', False),
        ('logs', 'default', False),
        ('notes', 'default', False),
        ('timings', 'default', False),
        ('ports', 'default', False),
        ('presets', 'default', False),
        ('cases', 'default', False),
        ('flows', 'default', False),
        ('tests', 'default', False),
    ),
}


def Handshake(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _listen,
    ) = defaults

    def __init__(
        self: Any,
        protocol: Any,
        send: Any,
        answered: Any,
        listen: Any = _listen,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'protocol', protocol)
        _set(self, 'send', send)
        _set(self, 'answered', answered)
        _set(self, 'listen', listen)

    return __init__


def Probe(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _path,
        _send,
        _listen,
        _tls,
        _host_header,
    ) = defaults

    def __init__(
        self: Any,
        id: Any,
        kind: Any,
        host: Any,
        port: Any,
        path: Any = _path,
        send: Any = _send,
        listen: Any = _listen,
        tls: Any = _tls,
        host_header: Any = _host_header,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'id', id)
        _set(self, 'kind', kind)
        _set(self, 'host', host)
        _set(self, 'port', port)
        _set(self, 'path', path)
        _set(self, 'send', send)
        _set(self, 'listen', listen)
        _set(self, 'tls', tls)
        _set(self, 'host_header', host_header)

    return __init__


def Seen(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _status,
        _body,
        _connected,
        _reply,
        _error,
    ) = defaults

    def __init__(
        self: Any,
        id: Any,
        status: Any = _status,
        body: Any = _body,
        connected: Any = _connected,
        reply: Any = _reply,
        error: Any = _error,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'id', id)
        _set(self, 'status', status)
        _set(self, 'body', body)
        _set(self, 'connected', connected)
        _set(self, 'reply', reply)
        _set(self, 'error', error)

    return __init__


def Check(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _runs_in,
    ) = defaults

    def __init__(
        self: Any,
        kind: Any,
        service: Any,
        target: Any,
        protocol: Any,
        probes: Any,
        runs_in: Any = _runs_in,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'kind', kind)
        _set(self, 'service', service)
        _set(self, 'target', target)
        _set(self, 'protocol', protocol)
        _set(self, 'probes', probes)
        _set(self, 'runs_in', runs_in)

    return __init__


def Result(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        check: Any,
        ok: Any,
        detail: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'check', check)
        _set(self, 'ok', ok)
        _set(self, 'detail', detail)

    return __init__


def ServiceState(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _healthy_after,
        _health_output,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        preset: Any,
        state: Any,
        healthy_after: Any = _healthy_after,
        health_output: Any = _health_output,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'preset', preset)
        _set(self, 'state', state)
        _set(self, 'healthy_after', healthy_after)
        _set(self, 'health_output', health_output)

    return __init__


def Plan(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        project: Any,
        variant: Any,
        network: Any,
        services: Any,
        checks: Any,
        notes: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'variant', variant)
        _set(self, 'network', network)
        _set(self, 'services', services)
        _set(self, 'checks', checks)
        _set(self, 'notes', notes)

    return __init__


def Report(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _failure,
        _failed_service,
        _logs,
        _notes,
        _timings,
        _ports,
        _presets,
        _cases,
        _flows,
        _tests,
    ) = defaults

    def __init__(
        self: Any,
        project: Any,
        variant: Any,
        network: Any,
        services: Any,
        layers: Any,
        results: Any,
        failure: Any = _failure,
        failed_service: Any = _failed_service,
        logs: Any = _logs,
        notes: Any = _notes,
        timings: Any = _timings,
        ports: Any = _ports,
        presets: Any = _presets,
        cases: Any = _cases,
        flows: Any = _flows,
        tests: Any = _tests,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'variant', variant)
        _set(self, 'network', network)
        _set(self, 'services', services)
        _set(self, 'layers', layers)
        _set(self, 'results', results)
        _set(self, 'failure', failure)
        _set(self, 'failed_service', failed_service)
        _set(self, 'logs', logs)
        _set(self, 'notes', notes)
        _set(self, 'timings', timings)
        _set(self, 'ports', ports)
        _set(self, 'presets', presets)
        _set(self, 'cases', cases)
        _set(self, 'flows', flows)
        _set(self, 'tests', tests)

    return __init__
