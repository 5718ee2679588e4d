"""Made by `python -m scaffold.recordcompile` from the records of manifest_model; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scaffold.records import FACTORY_DEFAULT

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'EnvVar': (
        ('name', 'required', False),
        ('source', 'required', False),
        ('value', 'default', False),
        ('variable', 'default', False),
        ('description', 'default', False),
        ('secrets', 'default', False),
    ),
    'HealthCheck': (
        ('test', 'required', False),
        ('interval', 'default', False),
        ('timeout', 'default', False),
        ('retries', 'default', False),
        ('start_period', 'default', False),
        ('http_path', 'default', False),
    ),
    'Export': (
        ('name', 'required', False),
        ('several', 'required', False),
        ('value', 'required', False),
        ('without_auth', 'default', False),
    ),
    'Backing': (
        ('protocol', 'default', False),
        ('secrets', 'default', False),
        ('environment', 'default', False),
        ('command', 'default', False),
        ('exports', 'default', False),
        ('sqlite_stand_in', 'default', False),
        ('data', 'default', False),
        ('ci', 'default', False),
        ('readiness', 'default', False),
        ('link', 'default', False),
        ('cluster_kind', 'default', False),
        ('storage', 'default', False),
        ('port_name', 'default', False),
        ('swarm_secrets', 'default', False),
        ('start', 'default', False),
    ),
    'Route': (
        ('path', 'required', False),
        ('websocket', 'default', False),
        ('strip_prefix', 'default', False),
        ('overrides', 'default', False),
        ('line', 'default', False),
        ('column', 'default', False),
    ),
    'Volume': (
        ('source', 'required', False),
        ('target', 'required', False),
        ('read_only', 'default', False),
    ),
    'PortMapping': (
        ('port', 'required', False),
        ('internal', 'required', False),
        ('protocol', 'default', False),
        ('bind', 'default', False),
    ),
    'Watch': (
        ('path', 'required', False),
        ('action', 'required', False),
        ('target', 'default', False),
        ('ignore', 'default', False),
    ),
    'Build': (
        ('dockerfile', 'default', False),
        ('target', 'default', False),
        ('args', 'default', False),
    ),
    'Network': (
        ('name', 'required', False),
        ('external', 'default', False),
    ),
    'Resources': (
        ('cpus', 'required', False),
        ('memory', 'required', False),
    ),
    'Service': (
        ('name', 'required', False),
        ('preset', 'required', False),
        ('kind', 'required', False),
        ('port', 'required', False),
        ('internal_port', 'required', False),
        ('depends_on', 'required', False),
        ('env', 'required', False),
        ('routes', 'required', False),
        ('image', 'required', False),
        ('version', 'required', False),
        ('path', 'required', False),
        ('healthcheck', 'required', False),
        ('replicas', 'default', False),
        ('command', 'default', False),
        ('command_secrets', 'default', False),
        ('database', 'default', False),
        ('user', 'default', False),
        ('password_variable', 'default', False),
        ('template', 'default', False),
        ('backing', 'default', False),
        ('auth', 'default', False),
        ('resources', 'default', False),
        ('role', 'default', False),
        ('build', 'default', False),
        ('entrypoint', 'default', False),
        ('volumes', 'default', False),
        ('restart', 'default', False),
        ('stop_signal', 'default', False),
        ('publish', 'default', False),
        ('ports', 'default', False),
        ('secrets', 'default', False),
        ('watch', 'default', False),
        ('compose', 'default', False),
        ('renames', 'default', False),
        ('from_service', 'default', False),
        ('line', 'default', False),
        ('column', 'default', False),
    ),
    'Variant': (
        ('name', 'required', False),
        ('database', 'default', False),
        ('ephemeral', 'default', False),
        ('publish', 'default', False),
        ('workers', 'default', False),
        ('network', 'factory', False),
        ('env', 'default', False),
        ('service_env', 'default', False),
        ('service_changes', 'default', False),
        ('base', 'default', False),
        ('restart', 'default', False),
    ),
    'Tls': (
        ('certificate', 'required', False),
        ('key', 'required', False),
    ),
    'Proxy': (
        ('mode', 'default', False),
        ('server_name', 'default', False),
        ('port', 'default', False),
        ('tls', 'default', False),
        ('connect_timeout', 'default', False),
        ('read_timeout', 'default', False),
        ('send_timeout', 'default', False),
        ('client_max_body_size', 'default', False),
        ('image', 'default', False),
        ('health', 'default', False),
    ),
    'Manifest': (
        ('name', 'required', False),
        ('services', 'required', False),
        ('variants', 'required', False),
        ('network', 'default', False),
        ('proxy', 'default', False),
        ('registry', 'default', False),
        ('targets', 'default', False),
        ('image_prefix', 'default', False),
        ('source', 'default', False),
        ('warnings', 'default', False),
    ),
}


def EnvVar(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _value,
        _variable,
        _description,
        _secrets,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        source: Any,
        value: Any = _value,
        variable: Any = _variable,
        description: Any = _description,
        secrets: Any = _secrets,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'source', source)
        _set(self, 'value', value)
        _set(self, 'variable', variable)
        _set(self, 'description', description)
        _set(self, 'secrets', secrets)

    return __init__


def HealthCheck(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _interval,
        _timeout,
        _retries,
        _start_period,
        _http_path,
    ) = defaults

    def __init__(
        self: Any,
        test: Any,
        interval: Any = _interval,
        timeout: Any = _timeout,
        retries: Any = _retries,
        start_period: Any = _start_period,
        http_path: Any = _http_path,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'test', test)
        _set(self, 'interval', interval)
        _set(self, 'timeout', timeout)
        _set(self, 'retries', retries)
        _set(self, 'start_period', start_period)
        _set(self, 'http_path', http_path)

    return __init__


def Export(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _without_auth,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        several: Any,
        value: Any,
        without_auth: Any = _without_auth,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'several', several)
        _set(self, 'value', value)
        _set(self, 'without_auth', without_auth)

    return __init__


def Backing(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _protocol,
        _secrets,
        _environment,
        _command,
        _exports,
        _sqlite_stand_in,
        _data,
        _ci,
        _readiness,
        _link,
        _cluster_kind,
        _storage,
        _port_name,
        _swarm_secrets,
        _start,
    ) = defaults

    def __init__(
        self: Any,
        protocol: Any = _protocol,
        secrets: Any = _secrets,
        environment: Any = _environment,
        command: Any = _command,
        exports: Any = _exports,
        sqlite_stand_in: Any = _sqlite_stand_in,
        data: Any = _data,
        ci: Any = _ci,
        readiness: Any = _readiness,
        link: Any = _link,
        cluster_kind: Any = _cluster_kind,
        storage: Any = _storage,
        port_name: Any = _port_name,
        swarm_secrets: Any = _swarm_secrets,
        start: Any = _start,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'protocol', protocol)
        _set(self, 'secrets', secrets)
        _set(self, 'environment', environment)
        _set(self, 'command', command)
        _set(self, 'exports', exports)
        _set(self, 'sqlite_stand_in', sqlite_stand_in)
        _set(self, 'data', data)
        _set(self, 'ci', ci)
        _set(self, 'readiness', readiness)
        _set(self, 'link', link)
        _set(self, 'cluster_kind', cluster_kind)
        _set(self, 'storage', storage)
        _set(self, 'port_name', port_name)
        _set(self, 'swarm_secrets', swarm_secrets)
        _set(self, 'start', start)

    return __init__


def Route(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _websocket,
        _strip_prefix,
        _overrides,
        _line,
        _column,
    ) = defaults

    def __init__(
        self: Any,
        path: Any,
        websocket: Any = _websocket,
        strip_prefix: Any = _strip_prefix,
        overrides: Any = _overrides,
        line: Any = _line,
        column: Any = _column,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'websocket', websocket)
        _set(self, 'strip_prefix', strip_prefix)
        _set(self, 'overrides', overrides)
        _set(self, 'line', line)
        _set(self, 'column', column)

    return __init__


def Volume(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _read_only,
    ) = defaults

    def __init__(
        self: Any,
        source: Any,
        target: Any,
        read_only: Any = _read_only,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'source', source)
        _set(self, 'target', target)
        _set(self, 'read_only', read_only)

    return __init__


def PortMapping(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _protocol,
        _bind,
    ) = defaults

    def __init__(
        self: Any,
        port: Any,
        internal: Any,
        protocol: Any = _protocol,
        bind: Any = _bind,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'port', port)
        _set(self, 'internal', internal)
        _set(self, 'protocol', protocol)
        _set(self, 'bind', bind)

    return __init__


def Watch(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _target,
        _ignore,
    ) = defaults

    def __init__(
        self: Any,
        path: Any,
        action: Any,
        target: Any = _target,
        ignore: Any = _ignore,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'action', action)
        _set(self, 'target', target)
        _set(self, 'ignore', ignore)

    return __init__


def Build(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _dockerfile,
        _target,
        _args,
    ) = defaults

    def __init__(
        self: Any,
        dockerfile: Any = _dockerfile,
        target: Any = _target,
        args: Any = _args,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'dockerfile', dockerfile)
        _set(self, 'target', target)
        _set(self, 'args', args)

    return __init__


def Network(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _external,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        external: Any = _external,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'external', external)

    return __init__


def Resources(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        cpus: Any,
        memory: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'cpus', cpus)
        _set(self, 'memory', memory)

    return __init__


def Service(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _replicas,
        _command,
        _command_secrets,
        _database,
        _user,
        _password_variable,
        _template,
        _backing,
        _auth,
        _resources,
        _role,
        _build,
        _entrypoint,
        _volumes,
        _restart,
        _stop_signal,
        _publish,
        _ports,
        _secrets,
        _watch,
        _compose,
        _renames,
        _from_service,
        _line,
        _column,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        preset: Any,
        kind: Any,
        port: Any,
        internal_port: Any,
        depends_on: Any,
        env: Any,
        routes: Any,
        image: Any,
        version: Any,
        path: Any,
        healthcheck: Any,
        replicas: Any = _replicas,
        command: Any = _command,
        command_secrets: Any = _command_secrets,
        database: Any = _database,
        user: Any = _user,
        password_variable: Any = _password_variable,
        template: Any = _template,
        backing: Any = _backing,
        auth: Any = _auth,
        resources: Any = _resources,
        role: Any = _role,
        build: Any = _build,
        entrypoint: Any = _entrypoint,
        volumes: Any = _volumes,
        restart: Any = _restart,
        stop_signal: Any = _stop_signal,
        publish: Any = _publish,
        ports: Any = _ports,
        secrets: Any = _secrets,
        watch: Any = _watch,
        compose: Any = _compose,
        renames: Any = _renames,
        from_service: Any = _from_service,
        line: Any = _line,
        column: Any = _column,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'preset', preset)
        _set(self, 'kind', kind)
        _set(self, 'port', port)
        _set(self, 'internal_port', internal_port)
        _set(self, 'depends_on', depends_on)
        _set(self, 'env', env)
        _set(self, 'routes', routes)
        _set(self, 'image', image)
        _set(self, 'version', version)
        _set(self, 'path', path)
        _set(self, 'healthcheck', healthcheck)
        _set(self, 'replicas', replicas)
        _set(self, 'command', command)
        _set(self, 'command_secrets', command_secrets)
        _set(self, 'database', database)
        _set(self, 'user', user)
        _set(self, 'password_variable', password_variable)
        _set(self, 'template', template)
        _set(self, 'backing', backing)
        _set(self, 'auth', auth)
        _set(self, 'resources', resources)
        _set(self, 'role', role)
        _set(self, 'build', build)
        _set(self, 'entrypoint', entrypoint)
        _set(self, 'volumes', volumes)
        _set(self, 'restart', restart)
        _set(self, 'stop_signal', stop_signal)
        _set(self, 'publish', publish)
        _set(self, 'ports', ports)
        _set(self, 'secrets', secrets)
        _set(self, 'watch', watch)
        _set(self, 'compose', compose)
        _set(self, 'renames', renames)
        _set(self, 'from_service', from_service)
        _set(self, 'line', line)
        _set(self, 'column', column)

    return __init__


def Variant(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _database,
        _ephemeral,
        _publish,
        _workers,
        _network,
        _env,
        _service_env,
        _service_changes,
        _base,
        _restart,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        database: Any = _database,
        ephemeral: Any = _ephemeral,
        publish: Any = _publish,
        workers: Any = _workers,
        network: Any = FACTORY_DEFAULT,
        env: Any = _env,
        service_env: Any = _service_env,
        service_changes: Any = _service_changes,
        base: Any = _base,
        restart: Any = _restart,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'database', database)
        _set(self, 'ephemeral', ephemeral)
        _set(self, 'publish', publish)
        _set(self, 'workers', workers)
        _set(self, 'network', _network() if network is FACTORY_DEFAULT else network)
        _set(self, 'env', env)
        _set(self, 'service_env', service_env)
        _set(self, 'service_changes', service_changes)
        _set(self, 'base', base)
        _set(self, 'restart', restart)

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


def Proxy(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _mode,
        _server_name,
        _port,
        _tls,
        _connect_timeout,
        _read_timeout,
        _send_timeout,
        _client_max_body_size,
        _image,
        _health,
    ) = defaults

    def __init__(
        self: Any,
        mode: Any = _mode,
        server_name: Any = _server_name,
        port: Any = _port,
        tls: Any = _tls,
        connect_timeout: Any = _connect_timeout,
        read_timeout: Any = _read_timeout,
        send_timeout: Any = _send_timeout,
        client_max_body_size: Any = _client_max_body_size,
        image: Any = _image,
        health: Any = _health,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'mode', mode)
        _set(self, 'server_name', server_name)
        _set(self, 'port', port)
        _set(self, 'tls', tls)
        _set(self, 'connect_timeout', connect_timeout)
        _set(self, 'read_timeout', read_timeout)
        _set(self, 'send_timeout', send_timeout)
        _set(self, 'client_max_body_size', client_max_body_size)
        _set(self, 'image', image)
        _set(self, 'health', health)

    return __init__


def Manifest(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _network,
        _proxy,
        _registry,
        _targets,
        _image_prefix,
        _source,
        _warnings,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        services: Any,
        variants: Any,
        network: Any = _network,
        proxy: Any = _proxy,
        registry: Any = _registry,
        targets: Any = _targets,
        image_prefix: Any = _image_prefix,
        source: Any = _source,
        warnings: Any = _warnings,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'services', services)
        _set(self, 'variants', variants)
        _set(self, 'network', network)
        _set(self, 'proxy', proxy)
        _set(self, 'registry', registry)
        _set(self, 'targets', targets)
        _set(self, 'image_prefix', image_prefix)
        _set(self, 'source', source)
        _set(self, 'warnings', warnings)

    return __init__
