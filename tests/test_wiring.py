"""The wiring rule: which variable each dependency hands a dependent, and the check that
refuses two dependencies handing one variable, agree on every example and on hand-made cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.conventions import url_variables, wiring
from scaffold.errors import InputError
from scaffold.manifest.build import load, loads
from scaffold.manifest.checks import _variables  # the check's reading of the same rule
from scaffold.manifest.source import read
from tests.helpers import EXAMPLES


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_the_check_and_the_targets_read_the_rule_alike(example: Path) -> None:
    manifest = load(example / "scaffold.yaml")
    services = read(example / "scaffold.yaml").data["services"]
    for service in manifest.services:
        if service.name not in services:  # the proxy compose mode adds
            continue
        checked = {(dep, variable) for _, dep, variable in _variables(service.name, services[service.name],
                                                                      services)}
        assert checked == set(url_variables(service, manifest).items()), service.name


def test_workers_and_jobs_hand_out_nothing_and_renames_rename() -> None:
    manifest = loads(
        "name: w\n"
        "services:\n"
        "  db: {preset: postgres}\n"
        "  api: {preset: build, internal_port: 8080}\n"
        "  worker: {from: api, role: worker}\n"
        "  migrate: {from: api, role: job}\n"
        "  legacy:\n"
        "    preset: image\n"
        "    image: example/legacy:2.1\n"
        "    internal_port: 9000\n"
        "    depends_on: [worker, migrate, {service: db, env: LEGACY_DB_URL}, {service: api, env: BACKEND}]\n")
    legacy = manifest.service("legacy")
    assert url_variables(legacy, manifest) == {"db": "LEGACY_DB_URL", "api": "BACKEND"}
    env = wiring(legacy, manifest, manifest.variant("local"))
    assert env["BACKEND"] == "http://api:8080"
    assert env["LEGACY_DB_URL"].startswith("postgresql://app:")


def test_an_app_named_database_beside_a_postgres_dependency_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        loads("name: c\n"
              "services:\n"
              "  pg: {preset: postgres}\n"
              "  database: {preset: build, internal_port: 8080}\n"
              "  api: {preset: build, internal_port: 8080, depends_on: [pg, database]}\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.path) == (5, "services.api.depends_on[1]")
    assert problem.message.startswith("'database' and 'pg' would both set DATABASE_URL")
