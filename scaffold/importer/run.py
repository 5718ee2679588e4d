"""`scaffold import` from end to end: read the compose project, map it, validate the manifest,
generate it into a temporary folder and compare, then (unless asked not to) write scaffold.yaml,
`.env` (mode 0600) and `.gitignore`'s `.env` line. Nothing is written when anything fails."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path

from scaffold.errors import InputError, Problem
from scaffold.fs import on_disk, write_atomic
from scaffold.importer.compare import LOST, Row, Side, compare
from scaffold.importer.interpolate import read_dotenv
from scaffold.importer.load import Loaded, Loader, compose_files, load
from scaffold.importer.mapping import import_project
from scaffold.importer.stack import Imported
from scaffold.importer.text import manifest_text
from scaffold.manifest.build import loads
from scaffold.output.generate import GenerateOptions, generate
from scaffold.records import record
from scaffold.targets.envfile import assignment

_LOCATION = re.compile(r"location\s+([=~^*]*)\s*(\S+)\s*\{[^}]*?(?:proxy_pass\s+https?://|fastcgi_pass\s+)"
                       r"([A-Za-z0-9_.-]+)")
_UPSTREAM = re.compile(r"(?:proxy_pass\s+https?://|fastcgi_pass\s+)([A-Za-z0-9_.-]+):([0-9]+)")


@record(kw_only=True)
class ImportOptions:
    """What `scaffold import` is asked to do."""

    files: Sequence[Path] = ()
    env_file: Path | None = None
    output: Path = Path("scaffold.yaml")
    dry_run: bool = False
    force: bool = False
    check: bool = False
    loader: Loader = "auto"


@record
class ImportResult:
    """The manifest's text, the original as read, the comparison, and what was written."""

    text: str
    loaded: Loaded
    imported: Imported
    rows: list[Row]
    routes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    @property
    def lost(self) -> list[Row]:
        return [r for r in self.rows if r.status == LOST]


def run_import(options: ImportOptions) -> ImportResult:
    writes = not (options.dry_run or options.check)
    if writes and options.output.exists() and not options.force:
        raise InputError(f"{options.output} exists; --force replaces it (nothing was written)",
                         [Problem(str(options.output), 0, 0, "", "exists already")])
    root = options.output.resolve().parent
    files = [f.resolve() if f.exists() else f for f in compose_files(options.files, Path("."))]
    loaded = load(files, options.env_file, root, options.loader)
    imported = import_project(loaded.project, root, upstreams(loaded))
    sources = [os.path.relpath(f, root) for f in files]
    text = manifest_text(imported, sources, loaded.loader)
    loads(text, str(options.output))  # the importer's own mistake would show here, before a write
    rows = check(text, imported, loaded, options.loader)
    result = ImportResult(text, loaded, imported, rows, [f"{p} -> {h}" for p, h in nginx_routes(loaded)])
    if writes:
        result.written.extend(write(options.output, text, imported.dotenv))
    return result


def check(text: str, imported: Imported, loaded: Loaded, loader: Loader) -> list[Row]:
    """Generate the manifest into a temporary folder and compare its local variant with the original."""
    with tempfile.TemporaryDirectory(prefix="scaffold-import-") as folder:
        root = Path(folder)
        (root / "scaffold.yaml").write_text(text, encoding="utf-8")
        (root / ".env").write_text(dotenv_text(imported.dotenv), encoding="utf-8")
        generate(root / "scaffold.yaml", GenerateOptions(use_registry=False, no_code=True,
                                                         variants=("local",), targets=("compose",)))
        environ = {k: v for k, v in os.environ.items() if k not in imported.dotenv}
        mine = load([root / "docker-compose.local.yml"], root / ".env", root,
                    "compose" if loaded.loader != "scaffold's own loader" and loader != "scaffold"
                    else "scaffold", environ)
        return compare(Side(loaded.project, loaded.root), Side(mine.project, root), imported.allocated)


def dotenv_text(values: dict[str, str]) -> str:
    return "".join(assignment(k, v) + "\n" for k, v in sorted(values.items()))


def write(output: Path, text: str, secrets: dict[str, str]) -> list[str]:
    """scaffold.yaml, then .env with the secrets it lacks (0600), then `.env` in .gitignore."""
    root = output.parent
    write_atomic(output, text)
    written = [output.name]
    env_path = root / ".env"
    present = read_dotenv(env_path) if env_path.is_file() else {}
    missing = {k: v for k, v in secrets.items() if k not in present}
    if missing:
        with on_disk(env_path):
            old = env_path.read_text(encoding="utf-8") if env_path.is_file() else ""
            if not env_path.exists():  # born private: the secrets never sit in a readable file
                os.close(os.open(env_path, os.O_WRONLY | os.O_CREAT, 0o600))
            env_path.chmod(0o600)
            sep = "" if not old or old.endswith("\n") else "\n"
            write_atomic(env_path, old + sep + dotenv_text(missing))
        written.append(".env")
    elif secrets and env_path.stat().st_mode & 0o077:
        with on_disk(env_path):
            env_path.chmod(0o600)  # it holds the secrets the manifest names: for its owner only
        written.append(".env (now private: mode 0600)")
    ignore = root / ".gitignore"
    with on_disk(ignore):
        lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.is_file() else []
        if ".env" not in lines and "/.env" not in lines:
            write_atomic(ignore, "".join(f"{line}\n" for line in [*lines, ".env"]))
            written.append(".gitignore")
    return written


def _nginx_configs(loaded: Loaded) -> list[str]:
    """The text of each nginx config file (`*.conf`) the project bind-mounts."""
    out = []
    for svc in (loaded.project.get("services") or {}).values():
        for v in svc.get("volumes") or []:
            source = Path(str(v.get("source") or ""))
            if v.get("type") != "bind":
                continue
            for conf in sorted(source.glob("*.conf")) if source.is_dir() else [source]:
                if conf.suffix == ".conf" and conf.is_file():
                    with on_disk(conf, "read"):
                        out.append(conf.read_text(encoding="utf-8", errors="replace"))
    return out


def nginx_routes(loaded: Loaded) -> list[tuple[str, str]]:
    """(PATH, SERVICE) for each location the project's nginx configs pass on to a service."""
    # a regular expression location (`~ \.php$`) is a front controller's: it serves every path
    return sorted({("/" if "~" in how else path, host) for text in _nginx_configs(loaded)
                   for how, path, host in _LOCATION.findall(text)})


def upstreams(loaded: Loaded) -> dict[str, int]:
    """{service: the port nginx passes requests to it on}."""
    out: dict[str, int] = {}
    for text in _nginx_configs(loaded):
        for host, port in _UPSTREAM.findall(text):
            out.setdefault(host, int(port))
    return out
