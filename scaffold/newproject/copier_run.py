"""Running scaffold's copier templates: a new project's own files, and each app's code.

Templates render into a folder the caller stages (a temporary one beside the
target), never straight into the user's project; copier is imported only here,
and only when a template runs.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from scaffold import __version__, fs
from scaffold.manifest.model import Manifest, Service
from scaffold.manifest.presets import APP_PRESETS
from scaffold.newproject.answers import project_data, service_data
from scaffold.resources import schema_text, templates_dir
from scaffold.targets.envfile import PLACEHOLDER

# the project's files that say which services exist; `add-service` refreshes them
DERIVED_FILES = (
    "integration_tests/test_health_endpoints.sh",
    "integration_tests/test_service_connectivity.sh",
    ".github/workflows/integration.yml",
)
EXECUTABLES = ("dc.sh", "integration_tests/test_health_endpoints.sh",
               "integration_tests/test_service_connectivity.sh")


# what an installed copy of the templates may hold that is not template: pip compiles the
# templates' .py files when it installs the wheel, and none of that belongs in a user's project
STAGING_PREFIX = ".scaffold-code-"
NOT_TEMPLATE = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store"]


def run_template(template: str, destination: Path, data: Mapping[str, Any]) -> None:
    """Render templates/<template> into `destination` with every answer given."""
    import copier  # imported here: it costs a third of a second, and only these commands need it

    copier.run_copy(str(templates_dir() / template), str(destination), data=dict(data),
                    defaults=True, unsafe=False, quiet=True, overwrite=True, exclude=NOT_TEMPLATE)


def render_project(destination: Path, manifest: Manifest, manifest_text: str,
                   env_text: str) -> None:
    data = project_data(manifest, manifest_text, env_text)
    data |= {"schema": schema_text("manifest.schema.json"), "placeholder": PLACEHOLDER,
             "ci_network_external": manifest.variant("ci").network.external,
             "scaffold_version": __version__}
    run_template("project", destination, data)
    for name in EXECUTABLES:
        path = destination / name
        if path.exists():
            path.chmod(0o755)
    env = destination / ".env"
    if env.exists():
        env.chmod(0o600)


def render_service(destination: Path, service: Service, manifest: Manifest) -> None:
    """The code of an app service: its Dockerfile, dependencies, app and tests."""
    run_template(f"services/{service.preset}", destination, service_data(service, manifest))


def has_code(service: Service) -> bool:
    """An app scaffold writes code for; a job or worker `from:` it shares that code."""
    return service.preset in APP_PRESETS and not service.from_service


def derived_files(manifest: Manifest, manifest_text: str, scratch: Path) -> dict[str, str]:
    """The text of each file in DERIVED_FILES as the project template renders it for `manifest`."""
    render_project(scratch, manifest, manifest_text, "")
    return {name: (scratch / name).read_text(encoding="utf-8") for name in DERIVED_FILES}


def is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(os.scandir(path))


def apps_without_code(manifest: Manifest, root: Path) -> list[Service]:
    """The app services whose folder is missing from `root`: `generate` scaffolds their code, so a
    hand-written manifest gives a stack that builds. A folder that exists is never touched."""
    return [s for s in manifest.services
            if has_code(s) and not fs.inside(root, s.path).exists()]


@contextmanager
def missing_code(manifest: Manifest, root: Path) -> Iterator[Callable[[], list[str]]]:
    """Render every missing app's code into a staging folder in `root`; the block gets a function
    that moves it all into place (call it once the run has written its files). Whatever is not
    placed is removed when the block ends, also on an error: a failed run leaves no code behind."""
    for stale in root.glob(f"{STAGING_PREFIX}*"):  # a killed run's; the caller holds the folder
        shutil.rmtree(stale, ignore_errors=True)
    apps = apps_without_code(manifest, root)
    if not apps:
        yield lambda: []
        return
    with fs.on_disk(root):
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        for app in apps:
            render_service(staging / app.name, app, manifest)

        def place() -> list[str]:
            for app in apps:
                target = fs.inside(root, app.path)
                with fs.on_disk(target):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(staging / app.name, target)
            return [app.path for app in apps]

        yield place
    finally:
        shutil.rmtree(staging, ignore_errors=True)
