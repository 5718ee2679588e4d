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
    'commands_add_service_AddServiceOptions': (
        ('name', 'required', True),
        ('preset', 'required', True),
        ('port', 'default', True),
        ('depends_on', 'default', True),
        ('routes', 'default', True),
        ('registry', 'default', True),
        ('use_registry', 'default', True),
    ),
    'commands_doctor_Check': (
        ('name', 'required', True),
        ('ok', 'required', True),
        ('detail', 'required', True),
        ('fix', 'default', True),
        ('required', 'default', True),
    ),
    'commands_new_NewOptions': (
        ('name', 'required', True),
        ('output', 'default', True),
        ('preset', 'default', True),
        ('services', 'default', True),
        ('ask', 'default', True),
        ('registry', 'default', True),
        ('use_registry', 'default', True),
    ),
    'importer_compare_Row': (
        ('service', 'required', False),
        ('field', 'required', False),
        ('status', 'required', False),
        ('detail', 'default', False),
    ),
    'importer_compare_Side': (
        ('project', 'required', False),
        ('root', 'required', False),
    ),
    'importer_interpolate_Override': (
        ('value', 'required', False),
    ),
    'importer_load_Loaded': (
        ('project', 'required', False),
        ('root', 'required', False),
        ('files', 'required', False),
        ('loader', 'required', False),
    ),
    'importer_recognise_ImageName': (
        ('registry', 'required', False),
        ('repository', 'required', False),
        ('tag', 'required', False),
    ),
    'importer_run_ImportOptions': (
        ('files', 'default', True),
        ('env_file', 'default', True),
        ('output', 'default', True),
        ('dry_run', 'default', True),
        ('force', 'default', True),
        ('check', 'default', True),
        ('loader', 'default', True),
    ),
    'importer_run_ImportResult': (
        ('text', 'required', False),
        ('loaded', 'required', False),
        ('imported', 'required', False),
        ('rows', 'required', False),
        ('routes', 'factory', False),
        ('written', 'factory', False),
    ),
    'importer_stack_Imported': (
        ('manifest', 'required', False),
        ('notes', 'required', False),
        ('dotenv', 'required', False),
        ('allocated', 'required', False),
    ),
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
    'ports_check_Claim': (
        ('service', 'required', False),
        ('port', 'required', False),
        ('source', 'required', False),
        ('protocol', 'default', False),
        ('host_ip', 'default', False),
    ),
    'ports_check_Finding': (
        ('service', 'required', False),
        ('port', 'required', False),
        ('check', 'required', False),
        ('severity', 'required', False),
        ('holder', 'required', False),
        ('details', 'factory', False),
    ),
    'ports_check_Report': (
        ('project', 'required', False),
        ('claims', 'required', False),
        ('findings', 'required', False),
        ('notes', 'required', False),
    ),
    'ports_containers_ContainerBinding': (
        ('container', 'required', False),
        ('project', 'required', False),
        ('service', 'required', False),
        ('state', 'required', False),
        ('host_ip', 'required', False),
        ('host_port', 'required', False),
        ('protocol', 'required', False),
        ('container_port', 'required', False),
    ),
    'ports_registry_Allocation': (
        ('project', 'required', False),
        ('service', 'required', False),
        ('port', 'required', False),
        ('protocol', 'default', False),
        ('host_ip', 'default', False),
        ('manifest', 'default', False),
        ('allocated_at', 'default', False),
        ('extra', 'factory', False),
    ),
    'targets_cluster_Text': (
        ('text', 'required', False),
    ),
    'targets_cluster_Secret': (
        ('variable', 'required', False),
    ),
    'targets_cluster_Setting': (
        ('variable', 'required', False),
        ('default', 'required', False),
    ),
    'targets_cluster_Value': (
        ('name', 'required', False),
        ('parts', 'required', False),
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
    'verify_app_checks_AppChecks': (
        ('directory', 'required', False),
        ('contracts', 'default', False),
        ('browser', 'default', False),
        ('npm', 'default', False),
        ('chromium', 'default', False),
    ),
    'verify_checks_Handshake': (
        ('protocol', 'required', False),
        ('send', 'required', False),
        ('answered', 'required', False),
        ('listen', 'default', False),
    ),
    'verify_checks_Probe': (
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
    'verify_checks_Seen': (
        ('id', 'required', False),
        ('status', 'default', False),
        ('body', 'default', False),
        ('connected', 'default', False),
        ('reply', 'default', False),
        ('error', 'default', False),
    ),
    'verify_checks_Check': (
        ('kind', 'required', False),
        ('service', 'required', False),
        ('target', 'required', False),
        ('protocol', 'required', False),
        ('probes', 'required', False),
        ('runs_in', 'default', False),
    ),
    'verify_checks_Result': (
        ('check', 'required', False),
        ('ok', 'required', False),
        ('detail', 'required', False),
    ),
    'verify_checks_ServiceState': (
        ('name', 'required', False),
        ('preset', 'required', False),
        ('state', 'required', False),
        ('healthy_after', 'default', False),
        ('health_output', 'default', False),
    ),
    'verify_checks_Plan': (
        ('project', 'required', False),
        ('variant', 'required', False),
        ('network', 'required', False),
        ('services', 'required', False),
        ('checks', 'required', False),
        ('notes', 'required', False),
    ),
    'verify_checks_Report': (
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
    'verify_context_SuiteContext': (
        ('stack', 'required', False),
        ('plan', 'required', False),
        ('manifest', 'required', False),
        ('variant', 'required', False),
        ('directory', 'required', False),
        ('e2e', 'default', False),
    ),
    'verify_context_TestRun': (
        ('cases', 'default', False),
        ('flows', 'default', False),
        ('problems', 'default', False),
        ('output', 'default', False),
    ),
    'verify_contract_Target': (
        ('service', 'required', False),
        ('url', 'required', False),
        ('read_only', 'required', False),
    ),
    'verify_e2e_Planned': (
        ('service', 'required', False),
        ('folder', 'required', False),
        ('port', 'required', False),
        ('apis', 'required', False),
    ),
    'verify_e2e_Target': (
        ('service', 'required', False),
        ('folder', 'required', False),
        ('base_url', 'required', False),
        ('api_urls', 'default', False),
    ),
    'verify_junit_Parsed': (
        ('cases', 'required', False),
        ('problem', 'default', False),
        ('truncated', 'default', False),
    ),
    'verify_outcomes_CaseResult': (
        ('service', 'required', False),
        ('category', 'required', False),
        ('id', 'required', False),
        ('description', 'required', False),
        ('outcome', 'required', False),
        ('reason', 'default', False),
    ),
    'verify_outcomes_Flow': (
        ('name', 'required', False),
        ('steps', 'required', False),
        ('ok', 'required', False),
        ('detail', 'default', False),
    ),
    'verify_run_VerifyOptions': (
        ('variant', 'default', True),
        ('keep', 'default', True),
        ('report_path', 'default', True),
        ('json_path', 'default', True),
        ('image_flags', 'default', True),
        ('base_image', 'default', True),
        ('generate', 'default', True),
        ('timeout', 'default', True),
        ('tests', 'default', True),
        ('e2e', 'default', True),
    ),
    'verify_suites_Run': (
        ('service', 'required', False),
        ('runner', 'required', False),
        ('file', 'required', False),
        ('command', 'required', False),
    ),
    'verify_tester_Image': (
        ('tag', 'default', False),
        ('built_in', 'default', False),
        ('error', 'default', False),
    ),
}


def commands_add_service_AddServiceOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _port,
        _depends_on,
        _routes,
        _registry,
        _use_registry,
    ) = defaults

    def __init__(
        self: Any,
        *,
        name: Any,
        preset: Any,
        port: Any = _port,
        depends_on: Any = _depends_on,
        routes: Any = _routes,
        registry: Any = _registry,
        use_registry: Any = _use_registry,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'preset', preset)
        _set(self, 'port', port)
        _set(self, 'depends_on', depends_on)
        _set(self, 'routes', routes)
        _set(self, 'registry', registry)
        _set(self, 'use_registry', use_registry)

    return __init__


def commands_doctor_Check(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _fix,
        _required,
    ) = defaults

    def __init__(
        self: Any,
        *,
        name: Any,
        ok: Any,
        detail: Any,
        fix: Any = _fix,
        required: Any = _required,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'ok', ok)
        _set(self, 'detail', detail)
        _set(self, 'fix', fix)
        _set(self, 'required', required)

    return __init__


def commands_new_NewOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _output,
        _preset,
        _services,
        _ask,
        _registry,
        _use_registry,
    ) = defaults

    def __init__(
        self: Any,
        *,
        name: Any,
        output: Any = _output,
        preset: Any = _preset,
        services: Any = _services,
        ask: Any = _ask,
        registry: Any = _registry,
        use_registry: Any = _use_registry,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'output', output)
        _set(self, 'preset', preset)
        _set(self, 'services', services)
        _set(self, 'ask', ask)
        _set(self, 'registry', registry)
        _set(self, 'use_registry', use_registry)

    return __init__


def importer_compare_Row(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _detail,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        field: Any,
        status: Any,
        detail: Any = _detail,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'field', field)
        _set(self, 'status', status)
        _set(self, 'detail', detail)

    return __init__


def importer_compare_Side(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        project: Any,
        root: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'root', root)

    return __init__


def importer_interpolate_Override(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        value: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'value', value)

    return __init__


def importer_load_Loaded(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        project: Any,
        root: Any,
        files: Any,
        loader: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'root', root)
        _set(self, 'files', files)
        _set(self, 'loader', loader)

    return __init__


def importer_recognise_ImageName(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        registry: Any,
        repository: Any,
        tag: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'registry', registry)
        _set(self, 'repository', repository)
        _set(self, 'tag', tag)

    return __init__


def importer_run_ImportOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _files,
        _env_file,
        _output,
        _dry_run,
        _force,
        _check,
        _loader,
    ) = defaults

    def __init__(
        self: Any,
        *,
        files: Any = _files,
        env_file: Any = _env_file,
        output: Any = _output,
        dry_run: Any = _dry_run,
        force: Any = _force,
        check: Any = _check,
        loader: Any = _loader,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'files', files)
        _set(self, 'env_file', env_file)
        _set(self, 'output', output)
        _set(self, 'dry_run', dry_run)
        _set(self, 'force', force)
        _set(self, 'check', check)
        _set(self, 'loader', loader)

    return __init__


def importer_run_ImportResult(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _routes,
        _written,
    ) = defaults

    def __init__(
        self: Any,
        text: Any,
        loaded: Any,
        imported: Any,
        rows: Any,
        routes: Any = FACTORY,
        written: Any = FACTORY,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'text', text)
        _set(self, 'loaded', loaded)
        _set(self, 'imported', imported)
        _set(self, 'rows', rows)
        _set(self, 'routes', _routes() if routes is FACTORY else routes)
        _set(self, 'written', _written() if written is FACTORY else written)

    return __init__


def importer_stack_Imported(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        manifest: Any,
        notes: Any,
        dotenv: Any,
        allocated: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'manifest', manifest)
        _set(self, 'notes', notes)
        _set(self, 'dotenv', dotenv)
        _set(self, 'allocated', allocated)

    return __init__


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


def ports_check_Claim(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def ports_check_Finding(defaults: tuple[Any, ...]) -> Callable[..., None]:
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
        details: Any = FACTORY,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'port', port)
        _set(self, 'check', check)
        _set(self, 'severity', severity)
        _set(self, 'holder', holder)
        _set(self, 'details', _details() if details is FACTORY else details)

    return __init__


def ports_check_Report(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def ports_containers_ContainerBinding(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def ports_registry_Allocation(defaults: tuple[Any, ...]) -> Callable[..., None]:
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
        extra: Any = FACTORY,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'project', project)
        _set(self, 'service', service)
        _set(self, 'port', port)
        _set(self, 'protocol', protocol)
        _set(self, 'host_ip', host_ip)
        _set(self, 'manifest', manifest)
        _set(self, 'allocated_at', allocated_at)
        _set(self, 'extra', _extra() if extra is FACTORY else extra)

    return __init__


def targets_cluster_Text(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        text: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'text', text)

    return __init__


def targets_cluster_Secret(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        variable: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variable', variable)

    return __init__


def targets_cluster_Setting(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        variable: Any,
        default: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variable', variable)
        _set(self, 'default', default)

    return __init__


def targets_cluster_Value(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        name: Any,
        parts: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'parts', parts)

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


def verify_app_checks_AppChecks(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _contracts,
        _browser,
        _npm,
        _chromium,
    ) = defaults

    def __init__(
        self: Any,
        directory: Any,
        contracts: Any = _contracts,
        browser: Any = _browser,
        npm: Any = _npm,
        chromium: Any = _chromium,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'directory', directory)
        _set(self, 'contracts', contracts)
        _set(self, 'browser', browser)
        _set(self, 'npm', npm)
        _set(self, 'chromium', chromium)

    return __init__


def verify_checks_Handshake(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_Probe(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_Seen(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_Check(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_Result(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_ServiceState(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_Plan(_defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_checks_Report(defaults: tuple[Any, ...]) -> Callable[..., None]:
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


def verify_context_SuiteContext(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _e2e,
    ) = defaults

    def __init__(
        self: Any,
        stack: Any,
        plan: Any,
        manifest: Any,
        variant: Any,
        directory: Any,
        e2e: Any = _e2e,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'stack', stack)
        _set(self, 'plan', plan)
        _set(self, 'manifest', manifest)
        _set(self, 'variant', variant)
        _set(self, 'directory', directory)
        _set(self, 'e2e', e2e)

    return __init__


def verify_context_TestRun(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _cases,
        _flows,
        _problems,
        _output,
    ) = defaults

    def __init__(
        self: Any,
        cases: Any = _cases,
        flows: Any = _flows,
        problems: Any = _problems,
        output: Any = _output,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'cases', cases)
        _set(self, 'flows', flows)
        _set(self, 'problems', problems)
        _set(self, 'output', output)

    return __init__


def verify_contract_Target(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        url: Any,
        read_only: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'url', url)
        _set(self, 'read_only', read_only)

    return __init__


def verify_e2e_Planned(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        folder: Any,
        port: Any,
        apis: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'folder', folder)
        _set(self, 'port', port)
        _set(self, 'apis', apis)

    return __init__


def verify_e2e_Target(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _api_urls,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        folder: Any,
        base_url: Any,
        api_urls: Any = _api_urls,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'folder', folder)
        _set(self, 'base_url', base_url)
        _set(self, 'api_urls', api_urls)

    return __init__


def verify_junit_Parsed(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _problem,
        _truncated,
    ) = defaults

    def __init__(
        self: Any,
        cases: Any,
        problem: Any = _problem,
        truncated: Any = _truncated,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'cases', cases)
        _set(self, 'problem', problem)
        _set(self, 'truncated', truncated)

    return __init__


def verify_outcomes_CaseResult(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _reason,
    ) = defaults

    def __init__(
        self: Any,
        service: Any,
        category: Any,
        id: Any,
        description: Any,
        outcome: Any,
        reason: Any = _reason,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'category', category)
        _set(self, 'id', id)
        _set(self, 'description', description)
        _set(self, 'outcome', outcome)
        _set(self, 'reason', reason)

    return __init__


def verify_outcomes_Flow(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _detail,
    ) = defaults

    def __init__(
        self: Any,
        name: Any,
        steps: Any,
        ok: Any,
        detail: Any = _detail,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'name', name)
        _set(self, 'steps', steps)
        _set(self, 'ok', ok)
        _set(self, 'detail', detail)

    return __init__


def verify_run_VerifyOptions(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _variant,
        _keep,
        _report_path,
        _json_path,
        _image_flags,
        _base_image,
        _generate,
        _timeout,
        _tests,
        _e2e,
    ) = defaults

    def __init__(
        self: Any,
        *,
        variant: Any = _variant,
        keep: Any = _keep,
        report_path: Any = _report_path,
        json_path: Any = _json_path,
        image_flags: Any = _image_flags,
        base_image: Any = _base_image,
        generate: Any = _generate,
        timeout: Any = _timeout,
        tests: Any = _tests,
        e2e: Any = _e2e,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'variant', variant)
        _set(self, 'keep', keep)
        _set(self, 'report_path', report_path)
        _set(self, 'json_path', json_path)
        _set(self, 'image_flags', image_flags)
        _set(self, 'base_image', base_image)
        _set(self, 'generate', generate)
        _set(self, 'timeout', timeout)
        _set(self, 'tests', tests)
        _set(self, 'e2e', e2e)

    return __init__


def verify_suites_Run(_defaults: tuple[Any, ...]) -> Callable[..., None]:
    def __init__(
        self: Any,
        service: Any,
        runner: Any,
        file: Any,
        command: Any,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'service', service)
        _set(self, 'runner', runner)
        _set(self, 'file', file)
        _set(self, 'command', command)

    return __init__


def verify_tester_Image(defaults: tuple[Any, ...]) -> Callable[..., None]:
    (
        _tag,
        _built_in,
        _error,
    ) = defaults

    def __init__(
        self: Any,
        tag: Any = _tag,
        built_in: Any = _built_in,
        error: Any = _error,
    ) -> None:
        _set = object.__setattr__
        _set(self, 'tag', tag)
        _set(self, 'built_in', built_in)
        _set(self, 'error', error)

    return __init__
