"""Made by `python -m scaffold.manifest.recordcompile` from the @record classes of scaffold.manifest; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class _Factory:
    """The default of a field with a default_factory: call the factory."""

    def __repr__(self) -> str:
        return "<factory>"


FACTORY: Any = _Factory()

SHAPES: dict[str, tuple[tuple[str, str], ...]] = {
    'EnvVar': (
        ('name', 'required'),
        ('source', 'required'),
        ('value', 'default'),
        ('variable', 'default'),
        ('description', 'default'),
        ('secrets', 'default'),
    ),
    'HealthCheck': (
        ('test', 'required'),
        ('interval', 'default'),
        ('timeout', 'default'),
        ('retries', 'default'),
        ('start_period', 'default'),
        ('http_path', 'default'),
    ),
    'Export': (
        ('name', 'required'),
        ('several', 'required'),
        ('value', 'required'),
        ('without_auth', 'default'),
    ),
    'Backing': (
        ('protocol', 'default'),
        ('secrets', 'default'),
        ('environment', 'default'),
        ('command', 'default'),
        ('exports', 'default'),
        ('sqlite_stand_in', 'default'),
        ('data', 'default'),
        ('ci', 'default'),
        ('readiness', 'default'),
        ('link', 'default'),
        ('cluster_kind', 'default'),
        ('storage', 'default'),
        ('port_name', 'default'),
        ('swarm_secrets', 'default'),
        ('start', 'default'),
    ),
    'Route': (
        ('path', 'required'),
        ('websocket', 'default'),
        ('strip_prefix', 'default'),
        ('overrides', 'default'),
        ('line', 'default'),
        ('column', 'default'),
    ),
    'Volume': (
        ('source', 'required'),
        ('target', 'required'),
        ('read_only', 'default'),
    ),
    'PortMapping': (
        ('port', 'required'),
        ('internal', 'required'),
        ('protocol', 'default'),
        ('bind', 'default'),
    ),
    'Watch': (
        ('path', 'required'),
        ('action', 'required'),
        ('target', 'default'),
        ('ignore', 'default'),
    ),
    'Build': (
        ('dockerfile', 'default'),
        ('target', 'default'),
        ('args', 'default'),
    ),
    'Network': (
        ('name', 'required'),
        ('external', 'default'),
    ),
    'Resources': (
        ('cpus', 'required'),
        ('memory', 'required'),
    ),
    'Service': (
        ('name', 'required'),
        ('preset', 'required'),
        ('kind', 'required'),
        ('port', 'required'),
        ('internal_port', 'required'),
        ('depends_on', 'required'),
        ('env', 'required'),
        ('routes', 'required'),
        ('image', 'required'),
        ('version', 'required'),
        ('path', 'required'),
        ('healthcheck', 'required'),
        ('replicas', 'default'),
        ('command', 'default'),
        ('command_secrets', 'default'),
        ('database', 'default'),
        ('user', 'default'),
        ('password_variable', 'default'),
        ('template', 'default'),
        ('backing', 'default'),
        ('auth', 'default'),
        ('resources', 'default'),
        ('role', 'default'),
        ('build', 'default'),
        ('entrypoint', 'default'),
        ('volumes', 'default'),
        ('restart', 'default'),
        ('stop_signal', 'default'),
        ('publish', 'default'),
        ('ports', 'default'),
        ('secrets', 'default'),
        ('watch', 'default'),
        ('compose', 'default'),
        ('renames', 'default'),
        ('from_service', 'default'),
        ('line', 'default'),
        ('column', 'default'),
    ),
    'Variant': (
        ('name', 'required'),
        ('database', 'default'),
        ('ephemeral', 'default'),
        ('publish', 'default'),
        ('workers', 'default'),
        ('network', 'factory'),
        ('env', 'default'),
        ('service_env', 'default'),
        ('service_changes', 'default'),
        ('base', 'default'),
        ('restart', 'default'),
    ),
    'Tls': (
        ('certificate', 'required'),
        ('key', 'required'),
    ),
    'Proxy': (
        ('mode', 'default'),
        ('server_name', 'default'),
        ('port', 'default'),
        ('tls', 'default'),
        ('connect_timeout', 'default'),
        ('read_timeout', 'default'),
        ('send_timeout', 'default'),
        ('client_max_body_size', 'default'),
        ('image', 'default'),
        ('health', 'default'),
    ),
    'Manifest': (
        ('name', 'required'),
        ('services', 'required'),
        ('variants', 'required'),
        ('network', 'default'),
        ('proxy', 'default'),
        ('registry', 'default'),
        ('targets', 'default'),
        ('image_prefix', 'default'),
        ('source', 'default'),
        ('warnings', 'default'),
    ),
    'Preset': (
        ('name', 'required'),
        ('kind', 'required'),
        ('internal_port', 'required'),
        ('runtime', 'required'),
        ('image', 'required'),
        ('version', 'default'),
        ('refused_versions', 'default'),
        ('template', 'default'),
        ('auth_optional', 'default'),
        ('user', 'default'),
        ('database', 'default'),
        ('health', 'default'),
        ('health_timing', 'default'),
        ('backing', 'default'),
        ('description', 'default'),
        ('origin', 'default'),
        ('text', 'default'),
        ('scaffolded', 'default'),
    ),
    '_Claim': (
        ('path', 'required'),
        ('service', 'required'),
        ('where', 'required'),
        ('overrides', 'required'),
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
        network: Any = FACTORY,
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
        _set(self, 'network', _network() if network is FACTORY else network)
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


def _Claim(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        path: Any,
        service: Any,
        where: Any,
        overrides: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'service', service)
        _set(self, 'where', where)
        _set(self, 'overrides', overrides)

    return __init__
