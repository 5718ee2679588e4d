"""The command line: every click decorator; parse arguments, call one command function, turn
errors into exit codes.

Each command function returns its exit code, which `main` returns (click's
standalone_mode=False hands back the callback's value). Command modules are
imported inside each command so that `scaffold --version` and `scaffold validate`
never pay for copier, docker or Jinja.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem

from scaffold import __version__
from scaffold.errors import (
    EXIT_BAD_INPUT,
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    OutputClosed,
    ScaffoldError,
)
from scaffold.manifest.preset_names import APP_PRESETS, INFRA_PRESETS, SCAFFOLDABLE_PRESETS
from scaffold.targets.names import TARGET_NAMES

if TYPE_CHECKING:
    from scaffold.commands.formats import Format

MANIFEST_HELP = "The manifest to read (default: scaffold.yaml)."
COMPLETE_VAR = "_SCAFFOLD_COMPLETE"  # click's name for it: _{PROG_NAME}_COMPLETE


def _manifest_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "-f", "--file", "manifest", default="scaffold.yaml", show_default=True,
        type=click.Path(path_type=Path), help=MANIFEST_HELP,
    )(fn)


def _write_options(fn: click.decorators.FC) -> click.decorators.FC:
    """How `generate` treats the files: write them (the default), or only list, diff or check."""
    for option in reversed([
        click.option("--dry-run", is_flag=True, help="List what would be created or updated; write nothing."),
        click.option("--diff", "show_diff", is_flag=True, help="Show the changes as a diff; write nothing."),
        click.option("--check", is_flag=True, help="Exit 1 with a diff when any file is stale (for CI)."),
        click.option("--force", is_flag=True,
                     help="Overwrite generated files even where you edited them (no merge)."),
        click.option("--prune", is_flag=True,
                     help="Delete unedited files the manifest no longer generates."),
        click.option("--no-code", is_flag=True,
                     help="Scaffold no code for apps whose folder is missing (it lives elsewhere)."),
    ]):
        fn = option(fn)
    return fn


def _image_options(fn: click.decorators.FC) -> click.decorators.FC:
    fn = click.option("--base-image", metavar="IMAGE",
                      help="Base image of every app (--image base=IMAGE).")(fn)
    return click.option(
        "--image", "image_flags", multiple=True, metavar="KEY=IMAGE",
        help="Use IMAGE for KEY: base, python, node, a backing preset (postgres, mysql...), nginx, or a service's "
             "name (repeatable). For air-gapped hosts and private registries.")(fn)


def _format_option(*choices: str) -> Callable[[click.decorators.FC], click.decorators.FC]:
    machine = "; json: one JSON document (schemas/output.schema.json)" if "json" in choices else ""
    github = "; github: GitHub Actions annotations" if "github" in choices else ""
    return click.option("--format", "fmt", type=click.Choice(choices), default="text",
                        show_default=True, help=f"How to print the result{machine}{github}.")


def _manifest_of(ctx: click.Context) -> Path:
    """The manifest named on the command line so far (completion runs before it is all typed)."""
    given = ctx.params.get("manifest") or ctx.params.get("manifest_path")
    return Path(given) if given else Path("scaffold.yaml")


def _complete_variants(ctx: click.Context, _: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
    from scaffold.commands.completion import names

    return [CompletionItem(n) for n in names(_manifest_of(ctx), "variants", incomplete)]


def _complete_services(ctx: click.Context, _: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
    """Service names; in a comma-separated list (--depends-on A,B) the one after the last comma."""
    from scaffold.commands.completion import names

    head, comma, last = incomplete.rpartition(",")
    taken = set(head.split(","))
    return [CompletionItem(f"{head}{comma}{n}")
            for n in names(_manifest_of(ctx), "services", last) if n not in taken]


T = TypeVar("T")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="scaffold")
def cli() -> None:
    """Turn one scaffold.yaml into a working multi-service Docker Compose stack."""


@cli.command()
@_manifest_option
@_format_option("text", "json", "github")
def validate(manifest: Path, fmt: Format) -> int:
    """Check the manifest: every problem at once, as FILE:LINE:COL: PATH: MESSAGE."""
    from scaffold.commands.validate import validate as run_validate

    return run_validate(manifest, fmt)


@cli.command()
@_manifest_option
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              shell_complete=_complete_variants,
              help="Only this variant (repeatable); default: all of them.")
@click.option("--target", "targets", multiple=True,
              type=click.Choice([*TARGET_NAMES, "all"]),
              help="Only this target (repeatable); default: the manifest's `targets:` (compose). "
                   "swarm: docker-stack.yml; k8s: k8s/ manifests and a kustomization.")
@click.option("-o", "--output", metavar="DIR|-",
              help="Write into DIR instead of the manifest's folder; '-' prints the YAML file(s).")
@_write_options
@click.option("--registry", metavar="PATH", type=click.Path(path_type=Path),
              help="The port registry to allocate from and record in (default: "
                   "$SCAFFOLD_PORT_REGISTRY, the manifest's `registry:`, or the per-user one).")
@click.option("--no-registry", is_flag=True,
              help="Leave the port registry alone: choose open ports from the manifest alone.")
@_image_options
@_format_option("text", "json", "github")
def generate(manifest: Path, no_registry: bool, image_flags: tuple[str, ...],
             base_image: str | None, fmt: Format, **flags: Any) -> int:
    """Render compose variants, nginx config and .env.example from the manifest.

    With the swarm and k8s targets, also docker-stack.yml and the k8s/ folder.

    Your edits to generated files survive: each file is created, updated, kept, merged
    (three-way, with .scaffold/lock.json as the base) or, when both sides changed the
    same lines, left alone with the new version beside it as FILE.scaffold-new (exit 1).
    """
    from scaffold.commands.formats import reporting
    from scaffold.commands.generate import generate as run_generate
    from scaffold.manifest.images import parse
    from scaffold.output.generate import GenerateOptions

    def build_and_run() -> int:  # bad flags are reported in the format asked for, too
        options = GenerateOptions(**flags, use_registry=not no_registry,
                                  images=parse(image_flags, base_image))
        return run_generate(manifest, options, fmt)
    return reporting("generate", fmt, build_and_run)


@cli.command("import")
@click.option("-f", "--file", "files", multiple=True, type=click.Path(path_type=Path),
              help="A compose file (repeatable, merged in order; default: the one compose finds "
                   "and its override).")
@click.option("--env-file", type=click.Path(path_type=Path), help="The .env file to interpolate with.")
@click.option("-o", "--output", default="scaffold.yaml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The manifest to write.")
@click.option("--dry-run", is_flag=True, help="Print the manifest; write nothing.")
@click.option("--force", is_flag=True, help="Replace an existing manifest.")
@click.option("--check", is_flag=True,
              help="Write nothing; compare the original with what scaffold generates, exit 1 on a loss.")
@click.option("--loader", type=click.Choice(["auto", "compose", "scaffold"]), default="auto",
              show_default=True, help="Who reads the compose files: docker compose when installed, "
                                      "or scaffold's own loader.")
def import_(files: tuple[Path, ...], env_file: Path | None, output: Path, dry_run: bool,
            force: bool, check: bool, loader: str) -> int:
    """Adopt an existing compose project: write scaffold.yaml (secrets to .env) and compare.

    Every service's config is compared, field by field, with what scaffold generates from the
    new manifest: same, improved on purpose, or lost (--check exits 1 on a loss).
    """
    from scaffold.commands.import_ import import_compose
    from scaffold.importer.run import ImportOptions

    return import_compose(ImportOptions(files=files, env_file=env_file, output=output,
                                        dry_run=dry_run, force=force, check=check,
                                        loader=loader))  # type: ignore[arg-type]


@cli.command()
@_manifest_option
@click.option("--format", "fmt", type=click.Choice(["text", "mermaid", "json"]), default="text",
              show_default=True,
              help="Layers as text or JSON, or the dependency graph in Mermaid.")
def plan(manifest: Path, fmt: str) -> int:
    """Show the startup order as layers (or a Mermaid graph, or JSON)."""
    from scaffold.commands.plan import plan as run_plan

    return run_plan(manifest, fmt)


@cli.command()
def schema() -> int:
    """Print the manifest's JSON Schema (draft 2020-12)."""
    from scaffold.commands.schema import schema as run_schema

    return run_schema()


def _registry_options(fn: click.decorators.FC) -> click.decorators.FC:
    fn = click.option("--no-registry", is_flag=True,
                      help="Leave the port registry alone.")(fn)
    return click.option("--registry", metavar="PATH",
                        type=click.Path(path_type=Path),
                        help="The port registry to allocate from and record in.")(fn)


@cli.command()
@click.argument("name")
@click.option("-o", "--output", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Create the project in DIR (default: ./NAME).")
@click.option("--preset", type=click.Choice(APP_PRESETS),
              help="The app's preset when no --service is given (default: fastapi).")
@click.option("--service", "services", multiple=True, metavar="NAME[:PRESET]",
              help="A service to create (repeatable), e.g. api:fastapi, web:nextjs, postgres.")
@click.option("-y", "--yes", is_flag=True, help="Ask nothing: defaults for all that is not given.")
@_registry_options
def new(name: str, output: Path | None, preset: str | None, services: tuple[str, ...], yes: bool,
        registry: Path | None, no_registry: bool) -> int:
    """Create a project: scaffold.yaml, .env, dc.sh, integration tests, services, compose files."""
    from scaffold.commands.new import NewOptions
    from scaffold.commands.new import new as run_new

    interactive = not yes and not services and sys.stdin.isatty()
    return run_new(NewOptions(name=name, output=output, preset=preset, services=services,
                              ask=_ask if interactive else None, registry=registry,
                              use_registry=not no_registry))


def _ask(preset: str | None) -> list[tuple[str, str]]:
    """`scaffold new` on a terminal: the app, its name, the databases, and more services."""
    from scaffold.newproject.specs import check_name, default_name

    chosen = click.prompt("App preset", type=click.Choice(APP_PRESETS),
                          default=preset or "fastapi")
    name = click.prompt("Its service name", default=default_name(chosen),
                        value_proc=_again(check_name))
    pairs = [(name, chosen)]
    for infra, label in (("postgres", "PostgreSQL"), ("redis", "Redis")):
        if click.confirm(f"Add {label} (service '{infra}')?", default=True):
            pairs.append((infra, infra))
    others = ", ".join(p for p in INFRA_PRESETS if p not in ("postgres", "redis"))
    more: list[tuple[str, str]] = click.prompt(
        f"More services, as NAME:PRESET separated by commas, e.g. db:mysql, queue:rabbitmq "
        f"(also {others}; empty: none)", default="",
        show_default=False, value_proc=_again(_service_list))
    return pairs + more


def _service_list(text: str) -> list[tuple[str, str]]:
    from scaffold.newproject.specs import parse_service

    return [parse_service(i.strip()) for i in text.split(",") if i.strip()]


def _again(check: Callable[[str], T]) -> Callable[[str], T]:
    """A prompt's check: bad input is said and asked again, not the end of the command."""
    def proc(text: str) -> T:
        try:
            return check(text)
        except ScaffoldError as exc:
            raise click.UsageError(str(exc)) from None
    return proc


@cli.group(invoke_without_command=True)
@_manifest_option
@click.pass_context
def presets(ctx: click.Context, manifest: Path) -> int | None:
    """Every preset a manifest may name: the built-ins and the project's presets/NAME.yaml."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = manifest
        return None
    from scaffold.commands.presets import list_presets

    return list_presets(manifest)


@presets.command("show")
@click.argument("name")
@click.pass_obj
def presets_show(manifest: Path, name: str) -> int:
    """Print the definition of the preset NAME, and where it comes from."""
    from scaffold.commands.presets import show_preset

    return show_preset(name, manifest)


@cli.command("add-service")
@_manifest_option
@click.argument("name")
@click.option("--preset", required=True,
              type=click.Choice(SCAFFOLDABLE_PRESETS))
@click.option("--port", type=click.IntRange(1, 65535), help="Host port (default: allocated).")
@click.option("--depends-on", default="", metavar="A,B", shell_complete=_complete_services,
              help="Services it depends on.")
@click.option("--route", "routes", multiple=True, metavar="/PATH/",
              help="A path the proxy sends to it (repeatable).")
@_registry_options
def add_service(manifest: Path, name: str, preset: str, port: int | None, depends_on: str,
                routes: tuple[str, ...], registry: Path | None, no_registry: bool) -> int:
    """Add a service to scaffold.yaml (comments kept), scaffold its code, regenerate."""
    from scaffold.commands.add_service import AddServiceOptions
    from scaffold.commands.add_service import add_service as run_add_service

    deps = [d.strip() for d in depends_on.split(",") if d.strip()]
    return run_add_service(manifest, AddServiceOptions(
        name=name, preset=preset, port=port, depends_on=deps, routes=routes, registry=registry,
        use_registry=not no_registry))


@cli.command()
@_manifest_option
@click.option("--variant", default="ci", show_default=True, metavar="NAME",
              shell_complete=_complete_variants, help="The variant to bring up.")
@click.option("--keep", is_flag=True, help="Leave the stack running afterwards.")
@click.option("--report", "report_path", metavar="FILE.md",
              type=click.Path(path_type=Path),
              help="Write the integration report (Markdown) here.")
@click.option("--json", "json_path", metavar="FILE.json",
              type=click.Path(path_type=Path),
              help="Write the handoff (JSON) here.")
@_image_options
@click.option("--no-generate", is_flag=True,
              help="Use the compose files as they are, without regenerating them first.")
@click.option("--timeout", type=click.IntRange(1), default=300, show_default=True,
              help="Seconds every service may take to become healthy.")
@click.option("--no-tests", is_flag=True,
              help="Skip the test runs: the apps' integration suites and contract checks.")
@click.option("--e2e", is_flag=True,
              help="Also run each Next.js app's browser check (npm run test:e2e) from this "
                   "machine, in Chromium, against the published ports (--variant local).")
def verify(manifest: Path, variant: str, keep: bool, report_path: Path | None,
           json_path: Path | None, image_flags: tuple[str, ...], base_image: str | None,
           no_generate: bool, timeout: int, no_tests: bool, e2e: bool) -> int:
    """Bring the stack up on Docker, check every health endpoint, link and route, run every app's
    integration suite inside its container and the contract checks (with --e2e, the browser
    checks), tear it down.

    Exit 0 when everything answered and passed, 1 naming the service and check that did not (with its
    logs), 2 when the Docker engine or compose is missing.
    """
    from scaffold.commands.verify import verify as run_verify
    from scaffold.verify.run import VerifyOptions

    return run_verify(manifest, VerifyOptions(
        variant=variant, keep=keep, report_path=report_path, json_path=json_path,
        image_flags=image_flags, base_image=base_image, generate=not no_generate,
        timeout=timeout, tests=not no_tests, e2e=e2e))


_REGISTRY_HELP = ("The port registry file (default: $SCAFFOLD_PORT_REGISTRY, else the manifest's "
                  "`registry:`, else ~/.local/state/scaffold/port-registry.json).")
_FILE_HELP = "Use the registry this manifest names in `registry:`."


def _ports_registry_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("--registry", "registry_path", metavar="PATH",
                        type=click.Path(path_type=Path), help=_REGISTRY_HELP)(fn)


def _json_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(fn)


def _optional_manifest(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option("-f", "--file", "manifest_path", metavar="FILE",
                        type=click.Path(path_type=Path), help=_FILE_HELP)(fn)


@cli.group()
def ports() -> None:
    """Allocate host ports in the registry shared by your projects, and check them for conflicts."""


@ports.command("check")
@click.option("-f", "--file", "manifest_path", default="scaffold.yaml", show_default=True,
              type=click.Path(path_type=Path), help="The manifest to check.")
@_ports_registry_option
@_format_option("text", "json", "github")
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
@click.option("--no-docker", is_flag=True, help="Do not ask the Docker engine.")
@click.option("--no-host", is_flag=True, help="Do not bind-test ports on this host.")
@click.argument("port_numbers", metavar="[PORT]...", nargs=-1,
                type=click.IntRange(1, 65535))
def ports_check(manifest_path: Path, registry_path: Path | None, fmt: Format, as_json: bool,
                no_docker: bool, no_host: bool, port_numbers: tuple[int, ...]) -> int:
    """Say who holds the manifest's host ports (or the PORTs given): exit 1 on a conflict.

    Checks, for each port: another service of the same manifest; another
    project's allocation in the registry (running or not); Docker containers,
    running or stopped, that publish it; a bind test on this host. Warns about
    privileged ports (<1024) and ports in the kernel's ephemeral range.
    """
    from scaffold.commands.ports import check

    if as_json and fmt not in ("text", "json"):
        raise click.UsageError(f"--json and --format {fmt} exclude each other")
    return check(manifest_path, registry_path, fmt="json" if as_json else fmt,
                 use_docker=not no_docker, use_host=not no_host, port_numbers=port_numbers)


@ports.command("list")
@click.option("--project", metavar="NAME", help="Only this project's allocations.")
@_optional_manifest
@_ports_registry_option
@_json_option
def ports_list(project: str | None, manifest_path: Path | None, registry_path: Path | None,
               as_json: bool) -> int:
    """List the allocations in the registry."""
    from scaffold.commands.ports import list_allocations

    return list_allocations(project, manifest_path, registry_path, as_json)


@ports.command("allocate")
@click.option("-f", "--file", "manifest_path", default="scaffold.yaml", show_default=True,
              type=click.Path(path_type=Path),
              help="Allocate for every service of this manifest that publishes a port.")
@click.option("--project", metavar="NAME", help="Allocate one port by hand for this project...")
@click.option("--service", metavar="NAME", help="...and this service (with --project).")
@click.option("--port", "port", type=click.IntRange(1, 65535),
              help="With --project: this port, if nobody else holds it.")
@click.option("--protocol", type=click.Choice(["tcp", "udp"]), default="tcp", show_default=True)
@click.option("--host-ip", default="127.0.0.1", show_default=True, metavar="IP")
@_ports_registry_option
@_json_option
def ports_allocate(manifest_path: Path, project: str | None, service: str | None,
                   port: int | None, protocol: str, host_ip: str, registry_path: Path | None,
                   as_json: bool) -> int:
    """Allocate and record host ports: a manifest's, or one by hand with --project and --service.

    A port already allocated to the same project and service is kept.
    """
    from scaffold.commands.ports import allocate

    return allocate(manifest_path=manifest_path, project=project, service=service, port=port,
                    protocol=protocol, host_ip=host_ip, registry_path=registry_path,
                    as_json=as_json)


@ports.command("release")
@click.argument("project")
@click.argument("services", metavar="[SERVICE]...", nargs=-1, shell_complete=_complete_services)
@_optional_manifest
@_ports_registry_option
def ports_release(project: str, services: tuple[str, ...], manifest_path: Path | None,
                  registry_path: Path | None) -> int:
    """Remove PROJECT's allocations (only the SERVICEs named, if any)."""
    from scaffold.commands.ports import release

    return release(project, services, manifest_path, registry_path)


@ports.command("prune")
@click.option("--dry-run", is_flag=True, help="Show what would go; change nothing.")
@_optional_manifest
@_ports_registry_option
def ports_prune(dry_run: bool, manifest_path: Path | None, registry_path: Path | None) -> int:
    """Remove allocations whose manifest file no longer exists."""
    from scaffold.commands.ports import prune

    return prune(dry_run, manifest_path, registry_path)


@cli.command()
@click.option("--registry", "registry_path", metavar="PATH", type=click.Path(path_type=Path),
              help=_REGISTRY_HELP)
@_format_option("text", "json")
def doctor(registry_path: Path | None, fmt: Format) -> int:
    """Check what this machine has for scaffold, each thing ok or missing with its fix.

    The Docker engine, compose v2, buildx, nginx (for proxy.mode host), the port registry,
    free ports in its ranges, local images for offline use. Exit 1 when something
    `scaffold verify` needs is missing.
    """
    from scaffold.commands.doctor import doctor as run_doctor

    return run_doctor(registry_path, fmt)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> int:
    """Print the shell completion script for SHELL.

    Service and variant names complete from the manifest. Install it with, e.g.,
    `eval "$(scaffold completion bash)"` in ~/.bashrc.
    """
    from click.shell_completion import get_completion_class

    from scaffold import console

    script_class = get_completion_class(shell)
    assert script_class is not None  # click knows the three shells click.Choice lets through
    script = script_class(cli, {}, "scaffold", COMPLETE_VAR).source()
    console.out(script, end="" if script.endswith("\n") else "\n")
    return 0


def _log_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "scaffold"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        import tempfile  # only when the cache folder cannot be made

        folder = Path(tempfile.gettempdir())
    return folder / "scaffold.log"


def _internal_error(exc: BaseException) -> int:
    log = _log_path()
    text = "".join(traceback.format_exception(exc))
    try:
        log.write_text(f"scaffold {__version__}\nargv: {sys.argv}\n\n{text}", encoding="utf-8")
        where = f"The details are in {log}."
    except OSError:
        where = "The details could not be saved:\n" + text
    click.echo(f"An unexpected error has occurred: {type(exc).__name__}: {exc}", err=True)
    click.echo(f"This is a bug in scaffold; sorry. {where}", err=True)
    return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in-process and return its exit code (tests call this)."""
    try:
        code = cli.main(args=list(argv) if argv is not None else None, prog_name="scaffold",
                        standalone_mode=False)
    except (BrokenPipeError, OutputClosed):
        return _reader_gone()
    except ScaffoldError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return EXIT_BAD_INPUT
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return EXIT_INTERRUPTED
    except Exception as exc:
        return _internal_error(exc)
    return code if isinstance(code, int) else 0  # --help and --version: click's own exit code


def _reader_gone() -> int:
    """Whoever read our output stopped (`scaffold plan | head -1`): stop quietly, as a process
    killed by SIGPIPE would, and keep the interpreter's last flush from failing again."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


def run() -> None:
    """The console entry point."""
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _reader_gone()
    except OSError as exc:  # e.g. standard output on a full disk, found at the last flush
        click.echo(f"error: cannot write to standard output: {exc.strerror}", err=True)
        code = EXIT_BAD_INPUT
    sys.exit(code)
