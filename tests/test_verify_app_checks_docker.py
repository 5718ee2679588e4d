"""verify's contract and browser checks on a real Docker engine, on one project made by
`scaffold new` (postgres, a FastAPI api, a Next.js web page reading the api's items).

The local variant with --e2e: schemathesis (reads only: the variant keeps its data) holds
the api to its OpenAPI document from inside the stack's network, and Chromium sees an item
the test POSTs to the api on the page. Then the ci variant with an endpoint planted in the
api that answers outside its schema: the contract check fails and names it, every other
operation passes. The built images and volumes are removed afterwards; the contract
tester's image stays (built once per Python base, it is a cache).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from scaffold.cli import main
from scaffold.manifest.build import load
from tests.test_verify_docker import client, image_flags, leftovers, unique, verify  # noqa: F401

pytestmark = [pytest.mark.tool, pytest.mark.docker]

PROJECT_LABEL = "com.docker.compose.project"
PLANTED = '''

from fastapi.responses import JSONResponse
from pydantic import BaseModel


class Planted(BaseModel):
    count: int


@app.get("/planted", response_model=Planted)
def planted() -> JSONResponse:
    """Declares an integer count and answers a string: outside its own schema."""
    return JSONResponse({"count": "not a number"})
'''


@pytest.fixture(scope="module")
def shop(client: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:  # noqa: F811
    """The project, its port registry its own; whatever its runs leave is removed after."""
    root = tmp_path_factory.mktemp("shop")
    name = unique("shop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCAFFOLD_PORT_REGISTRY", str(root / "registry.json"))
        assert main(["new", name, "-o", str(root / name), "--service", "postgres",
                     "--service", "api:fastapi", "--service", "web:nextjs", "--yes"]) == 0
        try:
            yield root / name
        finally:
            _remove(client, name, ["api", "web"])


def _remove(engine: Any, project: str, built: list[str]) -> None:
    import docker.errors

    label = {"label": f"{PROJECT_LABEL}={project}"}
    for c in engine.containers.list(all=True, filters=label):
        c.remove(force=True, v=True)
    for v in engine.volumes.list(filters=label):
        v.remove(force=True)
    for n in engine.networks.list(filters=label):
        n.remove()
    for service in built:
        with suppress(docker.errors.ImageNotFound):
            engine.images.remove(f"{project}-{service}", force=True, noprune=True)


def test_the_local_stack_passes_its_contract_and_browser_checks(
        shop: Path, client: Any, image_flags: list[str],  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    import json

    started = time.monotonic()
    code, out, _ = verify(capsys, "-f", str(shop / "scaffold.yaml"), "--variant", "local",
                          "--e2e", *image_flags, "--json", str(shop / "report.json"))
    print(f"verify --variant local --e2e took {time.monotonic() - started:.1f}s")

    assert code == 0
    assert "ok   e2e web: item created via API appears on the page (POST /items to api -> " \
           "open the page -> see the item in the list;" in out
    assert "contract api: 4/4 operations conform (reads only: the variant keeps its data;" in out
    handoff = json.loads((shop / "report.json").read_text())
    assert handoff["tests"]["summary"]["contract"] == {"total": 4, "pass": 4, "fail": 0, "skip": 0}
    assert handoff["tests"]["summary"]["e2e"] == {"total": 1, "pass": 1, "fail": 0, "skip": 0}
    # the browser check's item was deleted, and it left nothing in the app's folder
    assert not (shop / "services" / "web" / "test-results").exists()
    # Playwright is a devDependency: it never reaches the image that runs the app
    manifest = load(shop / "scaffold.yaml")
    image = f"{manifest.name}-web"
    probe = "for (const m of ['next', '@playwright/test']) { try { require.resolve(m); " \
            "console.log(m) } catch {} }"
    found = client.containers.run(image, ["node", "-e", probe], remove=True, working_dir="/app",
                                  entrypoint=[]).decode().split()
    assert found == ["next"]


def test_an_endpoint_answering_outside_its_schema_fails_the_contract_check(
        shop: Path, image_flags: list[str],  # noqa: F811
        capsys: pytest.CaptureFixture[str]) -> None:
    main_py = shop / "services" / "api" / "app" / "main.py"
    main_py.write_text(main_py.read_text() + PLANTED)

    started = time.monotonic()
    code, out, err = verify(capsys, "-f", str(shop / "scaffold.yaml"), *image_flags)
    print(f"verify (ci) with the planted endpoint took {time.monotonic() - started:.1f}s")

    assert code == 1
    assert "FAIL contract api:contract:GET /planted: ST" in out
    assert "Response violates schema" in out or "schema" in out.split("GET /planted")[1]
    assert "api:contract:GET /planted" in err.splitlines()[-1]
    # everything else the api declares holds, writes and chained calls included
    assert "contract api: 8/9 operations conform (" in out
