"""Made by `python -m scaffold.recordcompile` from the @record classes in scaffold; do not edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class _Factory:
    """The default of a field with a default_factory: call the factory."""

    def __repr__(self) -> str:
        return "<factory>"


FACTORY: Any = _Factory()

SHAPES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    'manifest_catalog_Preset': (
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
    'manifest_checks__Claim': (
        ('path', 'required', False),
        ('service', 'required', False),
        ('where', 'required', False),
        ('overrides', 'required', False),
    ),
    'manifest_model_EnvVar': (
        ('name', 'required', False),
        ('source', 'required', False),
        ('value', 'default', False),
        ('variable', 'default', False),
        ('description', 'default', False),
        ('secrets', 'default', False),
    ),
    'manifest_model_HealthCheck': (
        ('test', 'required', False),
        ('interval', 'default', False),
        ('timeout', 'default', False),
        ('retries', 'default', False),
        ('start_period', 'default', False),
        ('http_path', 'default', False),
    ),
    'manifest_model_Export': (
        ('name', 'required', False),
        ('several', 'required', False),
        ('value', 'required', False),
        ('without_auth', 'default', False),
    ),
    'manifest_model_Backing': (
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
    'manifest_model_Route': (
        ('path', 'required', False),
        ('websocket', 'default', False),
        ('strip_prefix', 'default', False),
        ('overrides', 'default', False),
        ('line', 'default', False),
        ('column', 'default', False),
    ),
    'manifest_model_Volume': (
        ('source', 'required', False),
        ('target', 'required', False),
        ('read_only', 'default', False),
    ),
    'manifest_model_PortMapping': (
        ('port', 'required', False),
        ('internal', 'required', False),
        ('protocol', 'default', False),
        ('bind', 'default', False),
    ),
    'manifest_model_Watch': (
        ('path', 'required', False),
        ('action', 'required', False),
        ('target', 'default', False),
        ('ignore', 'default', False),
    ),
    'manifest_model_Build': (
        ('dockerfile', 'default', False),
        ('target', 'default', False),
        ('args', 'default', False),
    ),
    'manifest_model_Network': (
        ('name', 'required', False),
        ('external', 'default', False),
    ),
    'manifest_model_Resources': (
        ('cpus', 'required', False),
        ('memory', 'required', False),
    ),
    'manifest_model_Service': (
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
    'manifest_model_Variant': (
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
    'manifest_model_Tls': (
        ('certificate', 'required', False),
        ('key', 'required', False),
    ),
    'manifest_model_Proxy': (
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
    'manifest_model_Manifest': (
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
    'newproject_answers_Check': (
        ('name', 'required', False),
        ('kind', 'required', False),
        ('variable', 'required', False),
        ('path', 'default', False),
    ),
    'newproject_answers_Probe': (
        ('name', 'required', False),
        ('url', 'required', False),
        ('health', 'required', False),
        ('ready', 'required', False),
        ('checks', 'required', False),
    ),
    'newproject_specs_ServiceSpec': (
        ('name', 'required', False),
        ('preset', 'required', False),
        ('depends_on', 'default', False),
        ('port', 'default', False),
        ('routes', 'default', False),
        ('secrets', 'default', False),
        ('from_service', 'default', False),
        ('command', 'default', False),
    ),
    'output_generate_GenerateOptions': (
        ('variants', 'default', True),
        ('targets', 'default', True),
        ('output', 'default', True),
        ('dry_run', 'default', True),
        ('show_diff', 'default', True),
        ('check', 'default', True),
        ('registry', 'default', True),
        ('use_registry', 'default', True),
        ('force', 'default', True),
        ('prune', 'default', True),
        ('images', 'factory', True),
        ('scaffold_code', 'default', True),
        ('no_code', 'default', True),
    ),
    'output_generate_GenerateResult': (
        ('mode', 'required', True),
        ('manifest_name', 'required', True),
        ('files', 'default', True),
        ('outcomes', 'default', True),
        ('fresh_ports', 'factory', True),
        ('scaffolded', 'default', True),
        ('registry', 'default', True),
        ('warnings', 'default', True),
    ),
    'output_lockfile_Entry': (
        ('base', 'required', False),
        ('pending', 'default', False),
    ),
    'output_lockfile_Lock': (
        ('manifest', 'default', False),
        ('project', 'default', False),
        ('files', 'factory', False),
        ('ports', 'factory', False),
    ),
    'output_merge3_Hunk': (
        ('start', 'required', False),
        ('end', 'required', False),
        ('lines', 'required', False),
    ),
    'output_merge3_MergeResult': (
        ('text', 'required', False),
        ('conflicts', 'required', False),
    ),
    'output_outcomes_Outcome': (
        ('path', 'required', False),
        ('status', 'required', False),
        ('disk', 'required', False),
        ('result', 'required', False),
        ('side', 'default', False),
        ('entry', 'default', False),
        ('side_file', 'default', False),
    ),
    'targets_envfile_Variable': (
        ('name', 'required', False),
        ('secret', 'required', False),
        ('default', 'required', False),
        ('description', 'required', False),
        ('services', 'required', False),
    ),
    'targets_nginx_Upstream': (
        ('service', 'required', False),
        ('name', 'required', False),
        ('address', 'required', False),
        ('per_request', 'required', False),
    ),
    'targets_nginx_Location': (
        ('path', 'required', False),
        ('upstream', 'required', False),
        ('websocket', 'required', False),
        ('strip', 'required', False),
    ),
    'targets_nginx_Health': (
        ('upstream', 'required', False),
        ('path', 'required', False),
    ),
    'targets_nginx_Tls': (
        ('certificate', 'required', False),
        ('key', 'required', False),
    ),
    'targets_nginx_ProxyConfig': (
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
    'targets_target_RenderedFile': (
        ('path', 'required', False),
        ('content', 'required', False),
    ),
}


def manifest_catalog_Preset(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_checks__Claim(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_EnvVar(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_HealthCheck(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Export(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Backing(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Route(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Volume(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_PortMapping(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Watch(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Build(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Network(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Resources(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        cpus: Any,
        memory: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'cpus', cpus)
        _set(self, 'memory', memory)

    return __init__


def manifest_model_Service(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Variant(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Tls(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        certificate: Any,
        key: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'certificate', certificate)
        _set(self, 'key', key)

    return __init__


def manifest_model_Proxy(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def manifest_model_Manifest(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def newproject_answers_Check(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _path,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        kind: Any,
        variable: Any,
        path: Any = _path,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'kind', kind)
        _set(self, 'variable', variable)
        _set(self, 'path', path)

    return __init__


def newproject_answers_Probe(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        name: Any,
        url: Any,
        health: Any,
        ready: Any,
        checks: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'url', url)
        _set(self, 'health', health)
        _set(self, 'ready', ready)
        _set(self, 'checks', checks)

    return __init__


def newproject_specs_ServiceSpec(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _depends_on,
        _port,
        _routes,
        _secrets,
        _from_service,
        _command,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        preset: Any,
        depends_on: Any = _depends_on,
        port: Any = _port,
        routes: Any = _routes,
        secrets: Any = _secrets,
        from_service: Any = _from_service,
        command: Any = _command,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'preset', preset)
        _set(self, 'depends_on', depends_on)
        _set(self, 'port', port)
        _set(self, 'routes', routes)
        _set(self, 'secrets', secrets)
        _set(self, 'from_service', from_service)
        _set(self, 'command', command)

    return __init__


def output_generate_GenerateOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _variants,
        _targets,
        _output,
        _dry_run,
        _show_diff,
        _check,
        _registry,
        _use_registry,
        _force,
        _prune,
        _images,
        _scaffold_code,
        _no_code,
    ) = defaults

    def __init__(
        self: Any,
        *,
        variants: Any = _variants,
        targets: Any = _targets,
        output: Any = _output,
        dry_run: Any = _dry_run,
        show_diff: Any = _show_diff,
        check: Any = _check,
        registry: Any = _registry,
        use_registry: Any = _use_registry,
        force: Any = _force,
        prune: Any = _prune,
        images: Any = FACTORY,
        scaffold_code: Any = _scaffold_code,
        no_code: Any = _no_code,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variants', variants)
        _set(self, 'targets', targets)
        _set(self, 'output', output)
        _set(self, 'dry_run', dry_run)
        _set(self, 'show_diff', show_diff)
        _set(self, 'check', check)
        _set(self, 'registry', registry)
        _set(self, 'use_registry', use_registry)
        _set(self, 'force', force)
        _set(self, 'prune', prune)
        _set(self, 'images', _images() if images is FACTORY else images)
        _set(self, 'scaffold_code', scaffold_code)
        _set(self, 'no_code', no_code)

    return __init__


def output_generate_GenerateResult(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _files,
        _outcomes,
        _fresh_ports,
        _scaffolded,
        _registry,
        _warnings,
    ) = defaults

    def __init__(
        self: Any,
        *,
        mode: Any,
        manifest_name: Any,
        files: Any = _files,
        outcomes: Any = _outcomes,
        fresh_ports: Any = FACTORY,
        scaffolded: Any = _scaffolded,
        registry: Any = _registry,
        warnings: Any = _warnings,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'mode', mode)
        _set(self, 'manifest_name', manifest_name)
        _set(self, 'files', files)
        _set(self, 'outcomes', outcomes)
        _set(self, 'fresh_ports', _fresh_ports() if fresh_ports is FACTORY else fresh_ports)
        _set(self, 'scaffolded', scaffolded)
        _set(self, 'registry', registry)
        _set(self, 'warnings', warnings)

    return __init__


def output_lockfile_Entry(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _pending,
    ) = defaults

    def __init__(
        self: Any,
        base: Any,
        pending: Any = _pending,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'base', base)
        _set(self, 'pending', pending)

    return __init__


def output_lockfile_Lock(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _manifest,
        _project,
        _files,
        _ports,
    ) = defaults

    def __init__(
        self: Any,
        manifest: Any = _manifest,
        project: Any = _project,
        files: Any = FACTORY,
        ports: Any = FACTORY,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'manifest', manifest)
        _set(self, 'project', project)
        _set(self, 'files', _files() if files is FACTORY else files)
        _set(self, 'ports', _ports() if ports is FACTORY else ports)

    return __init__


def output_merge3_Hunk(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        start: Any,
        end: Any,
        lines: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'start', start)
        _set(self, 'end', end)
        _set(self, 'lines', lines)

    return __init__


def output_merge3_MergeResult(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        text: Any,
        conflicts: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'text', text)
        _set(self, 'conflicts', conflicts)

    return __init__


def output_outcomes_Outcome(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _side,
        _entry,
        _side_file,
    ) = defaults

    def __init__(
        self: Any,
        path: Any,
        status: Any,
        disk: Any,
        result: Any,
        side: Any = _side,
        entry: Any = _entry,
        side_file: Any = _side_file,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'status', status)
        _set(self, 'disk', disk)
        _set(self, 'result', result)
        _set(self, 'side', side)
        _set(self, 'entry', entry)
        _set(self, 'side_file', side_file)

    return __init__


def targets_envfile_Variable(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        name: Any,
        secret: Any,
        default: Any,
        description: Any,
        services: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'secret', secret)
        _set(self, 'default', default)
        _set(self, 'description', description)
        _set(self, 'services', services)

    return __init__


def targets_nginx_Upstream(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def targets_nginx_Location(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def targets_nginx_Health(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        upstream: Any,
        path: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'upstream', upstream)
        _set(self, 'path', path)

    return __init__


def targets_nginx_Tls(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        certificate: Any,
        key: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'certificate', certificate)
        _set(self, 'key', key)

    return __init__


def targets_nginx_ProxyConfig(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def targets_target_RenderedFile(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        path: Any,
        content: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'path', path)
        _set(self, 'content', content)

    return __init__
