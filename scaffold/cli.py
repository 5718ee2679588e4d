"""The command line: parse arguments, call one command function, turn errors into exit codes.

Command modules are imported inside each command so that `scaffold --version`
and `scaffold validate` never pay for copier, docker or Jinja.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import click

from scaffold import __version__
from scaffold.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, ScaffoldError
from scaffold.manifest.presets import APP_PRESETS, SCAFFOLDABLE_PRESETS
from scaffold.targets.render import TARGET_NAMES

MANIFEST_HELP = "The manifest to read (default: scaffold.yaml)."


def _manifest_option(fn: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "-f", "--file", "manifest", default="scaffold.yaml", show_default=True,
        type=click.Path(dir_okay=False, path_type=Path), help=MANIFEST_HELP,
    )(fn)


def _image_options(fn: click.decorators.FC) -> click.decorators.FC:
    fn = click.option("--base-image", metavar="IMAGE",
                      help="Base image of every app (--image base=IMAGE).")(fn)
    return click.option(
        "--image", "image_flags", multiple=True, metavar="KEY=IMAGE",
        help="Use IMAGE for KEY: base, python, node, postgres, redis, nginx, or a service's "
             "name (repeatable). For air-gapped hosts and private registries.")(fn)


class _Exit(Exception):
    def __init__(self, code: int) -> None:
        self.code = code


def _done(code: int) -> None:
    raise _Exit(code)


class _LazyGroup(click.Group):
    """Command groups that live in their own module, imported only when used."""

    lazy: ClassVar[dict[str, str]] = {"ports": "scaffold.commands.ports"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            group: click.Command = getattr(importlib.import_module(self.lazy[name]), name)
            return group
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="scaffold")
def cli() -> None:
    """Turn one scaffold.yaml into a working multi-service Docker Compose stack."""


@cli.command()
@_manifest_option
def validate(manifest: Path) -> None:
    """Check the manifest: every problem at once, as FILE:LINE:COL: PATH: MESSAGE."""
    from scaffold.commands.validate import validate as run_validate

    _done(run_validate(manifest))


@cli.command()
@_manifest_option
@click.option("--variant", "variants", multiple=True, metavar="NAME",
              help="Only this variant (repeatable); default: all of them.")
@click.option("--target", "targets", multiple=True,
              type=click.Choice([*TARGET_NAMES, "all"]),
              help="Only this target (repeatable); default: the manifest's `targets:` (compose). "
                   "swarm: docker-stack.yml; k8s: k8s/ manifests and a kustomization.")
@click.option("-o", "--output", metavar="DIR|-",
              help="Write into DIR instead of the manifest's folder; '-' prints the YAML file(s).")
@click.option("--dry-run", is_flag=True, help="List what would be created or updated; write nothing.")
@click.option("--diff", "show_diff", is_flag=True, help="Show the changes as a diff; write nothing.")
@click.option("--check", is_flag=True, help="Exit 1 with a diff when any file is stale (for CI).")
@click.option("--registry", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path),
              help="The port registry to allocate from and record in (default: "
                   "$SCAFFOLD_PORT_REGISTRY, the manifest's `registry:`, or the per-user one).")
@click.option("--no-registry", is_flag=True,
              help="Leave the port registry alone: choose open ports from the manifest alone.")
@click.option("--force", is_flag=True,
              help="Overwrite generated files even where you edited them (no merge).")
@click.option("--prune", is_flag=True,
              help="Delete unedited files the manifest no longer generates.")
@_image_options
def generate(manifest: Path, variants: tuple[str, ...], targets: tuple[str, ...], output: str | None,
             dry_run: bool, show_diff: bool, check: bool, registry: Path | None, no_registry: bool,
             force: bool, prune: bool, image_flags: tuple[str, ...],
             base_image: str | None) -> None:
    """Render compose variants, nginx config and .env.example from the manifest.

    With the swarm and k8s targets, also docker-stack.yml and the k8s/ folder.

    Your edits to generated files survive: each file is created, updated, kept, merged
    (three-way, with .scaffold/lock.json as the base) or, when both sides changed the
    same lines, left alone with the new version beside it as FILE.scaffold-new (exit 1).
    """
    from scaffold.commands.generate import generate as run_generate
    from scaffold.manifest.images import parse

    _done(run_generate(manifest, variants, output, dry_run, show_diff, check, registry,
                       not no_registry, force, prune, targets, parse(image_flags, base_image)))


@cli.command()
@_manifest_option
@click.option("--format", "fmt", type=click.Choice(["text", "mermaid"]), default="text",
              show_default=True, help="Layers as text, or the dependency graph in Mermaid.")
def plan(manifest: Path, fmt: str) -> None:
    """Show the startup order as layers (or a Mermaid graph)."""
    from scaffold.commands.plan import plan as run_plan

    _done(run_plan(manifest, fmt))


@cli.command()
def schema() -> None:
    """Print the manifest's JSON Schema (draft 2020-12)."""
    from scaffold.commands.schema import schema as run_schema

    _done(run_schema())


def _registry_options(fn: click.decorators.FC) -> click.decorators.FC:
    fn = click.option("--no-registry", is_flag=True,
                      help="Leave the port registry alone.")(fn)
    return click.option("--registry", metavar="PATH",
                        type=click.Path(dir_okay=False, path_type=Path),
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
        registry: Path | None, no_registry: bool) -> None:
    """Create a project: scaffold.yaml, .env, dc.sh, integration tests, services, compose files."""
    from scaffold.commands.new import new as run_new

    interactive = not yes and not services and sys.stdin.isatty()
    _done(run_new(name, output, preset, services, interactive, registry, not no_registry))


@cli.command("add-service")
@_manifest_option
@click.argument("name")
@click.option("--preset", required=True,
              type=click.Choice(SCAFFOLDABLE_PRESETS))
@click.option("--port", type=click.IntRange(1, 65535), help="Host port (default: allocated).")
@click.option("--depends-on", default="", metavar="A,B", help="Services it depends on.")
@click.option("--route", "routes", multiple=True, metavar="/PATH/",
              help="A path the proxy sends to it (repeatable).")
@_registry_options
def add_service(manifest: Path, name: str, preset: str, port: int | None, depends_on: str,
                routes: tuple[str, ...], registry: Path | None, no_registry: bool) -> None:
    """Add a service to scaffold.yaml (comments kept), scaffold its code, regenerate."""
    from scaffold.commands.add_service import add_service as run_add_service

    deps = [d.strip() for d in depends_on.split(",") if d.strip()]
    _done(run_add_service(manifest, name, preset, port, deps, routes, registry, not no_registry))


@cli.command()
@_manifest_option
@click.option("--variant", default="ci", show_default=True, metavar="NAME",
              help="The variant to bring up.")
@click.option("--keep", is_flag=True, help="Leave the stack running afterwards.")
@click.option("--report", "report_path", metavar="FILE.md",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the integration report (Markdown) here.")
@click.option("--json", "json_path", metavar="FILE.json",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Write the handoff (JSON) here.")
@_image_options
@click.option("--no-generate", is_flag=True,
              help="Use the compose files as they are, without regenerating them first.")
@click.option("--timeout", type=click.IntRange(1), default=300, show_default=True,
              help="Seconds every service may take to become healthy.")
def verify(manifest: Path, variant: str, keep: bool, report_path: Path | None,
           json_path: Path | None, image_flags: tuple[str, ...], base_image: str | None,
           no_generate: bool, timeout: int) -> None:
    """Bring the stack up on Docker, check every health endpoint, link and route, tear it down.

    Exit 0 when everything answered, 1 naming the service and check that did not (with its
    logs), 2 when the Docker engine or compose is missing.
    """
    from scaffold.commands.verify import verify as run_verify

    _done(run_verify(manifest, variant, keep, report_path, json_path, image_flags, base_image,
                     not no_generate, timeout))


def _log_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "scaffold"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
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
        cli.main(args=list(argv) if argv is not None else None, prog_name="scaffold",
                 standalone_mode=False)
    except _Exit as done:
        return done.code
    except ScaffoldError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:  # --help, --version
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
    return 0


def run() -> None:
    """The console entry point."""
    sys.exit(main())
