"""The port registry: its file format, where it lives, allocation, and what `generate` records."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from scaffold.cli import main
from scaffold.errors import InputError
from scaffold.manifest.build import loads
from scaffold.ports import allocate, registry, store
from scaffold.ports.assign import DEFAULT_RANGE, assign, first_open, preferred_port
from scaffold.ports.registry import Allocation, Registry
from scaffold.resources import schema_text
from tests.helpers import entry, write_manifest, write_registry

SHOP = """\
name: shop
services:
  web: {preset: fastapi, port: 18080}
  api: {preset: fastapi}
  db: {preset: postgres}
"""


def allocations(path: Path) -> dict[str, int]:
    return {a.label: a.port for a in registry.read(path).allocations}


@pytest.fixture
def listening() -> Iterator[socket.socket]:
    """A real listening socket; bind it with `.bind(...)` then `.listen()` in the test."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        yield sock
    finally:
        sock.close()


# --- the file ------------------------------------------------------------------------------


def test_render_is_one_allocation_a_line_and_reads_back_the_same() -> None:
    reg = Registry().with_allocations([
        Allocation("shop", "web", 18080, manifest="/p/scaffold.yaml", allocated_at="2025-01-01"),
        Allocation("bank", "api", 10001, "udp", "0.0.0.0", extra={"note": "hand-made"}),
    ])
    text = registry.render(reg)
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "version": 1,', '  "allocations": [']
    assert lines[3] == ('    {"project": "bank", "service": "api", "port": 10001, '
                        '"protocol": "udp", "host_ip": "0.0.0.0", "manifest": "", '
                        '"allocated_at": "", "note": "hand-made"},')
    assert lines[4].startswith('    {"project": "shop", "service": "web", "port": 18080')
    again = registry.parse(text, "r.json")
    assert again.allocations == reg.allocations
    assert again.allocations[0].extra == {"note": "hand-made"}
    assert registry.render(again) == text


def test_rendered_registries_satisfy_the_published_schema() -> None:
    schema = json.loads(schema_text(registry.SCHEMA))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    reg = Registry(metadata={"port_ranges": {"shop": "20000-20099"}},
                   port_ranges={"shop": (20000, 20099)}).with_allocations(
        [Allocation("shop", "web", 20000, manifest="/x/scaffold.yaml", allocated_at="t")])
    for r in (Registry(), reg):
        assert list(validator.iter_errors(json.loads(registry.render(r)))) == []


def test_a_hand_made_seed_style_registry_is_read_and_its_extra_keys_kept() -> None:
    text = json.dumps({
        "allocations": [{"project": "hercules", "service": "auth-service", "port": 8091,
                         "description": "JWT issuer"}],
        "metadata": {"port_ranges": {"hercules": {"start": 8090, "end": 8099},
                                     "other": "9000-9009", "third": [9100, 9109]},
                     "owner": "platform team"},
        "updated_by": "hand",
    })
    reg = registry.parse(text, "PORT_REGISTRY.json")
    (a,) = reg.allocations
    assert (a.port, a.protocol, a.host_ip) == (8091, "tcp", "0.0.0.0")  # no host_ip: all of them
    assert reg.port_ranges == {"hercules": (8090, 8099), "other": (9000, 9009),
                               "third": (9100, 9109)}
    assert reg.range_for("nobody") == DEFAULT_RANGE
    out = json.loads(registry.render(reg))
    assert out["metadata"]["owner"] == "platform team"
    assert out["metadata"]["port_ranges"]["other"] == "9000-9009"
    assert out["updated_by"] == "hand"
    assert out["allocations"][0]["description"] == "JWT issuer"


@pytest.mark.parametrize(("text", "expected"), [
    ('{"allocations": [\n  {"project": "a", "service": "b", "port": 1},\n  {"project": "a",',
     "r.json:3:"),
    ("", "r.json:1:1: not valid JSON: Expecting value"),
    ('{"allocations": [\n  {"project": "a", "service": "b", "port": "80"}\n]}',
     "r.json:2:44: allocations[0].port: a port is a whole number from 1 to 65535"),
    ('{"allocations": [\n  {"project": "a", "port": 80}\n]}',
     "r.json:2:3: allocations[0]: missing required key 'service'"),
    ('{"allocations": [],\n "metadata": {"port_ranges": {"a": "9000-8000"}}}',
     "r.json:2:36: metadata.port_ranges.a: a range is START-END"),
    ('{"allocations": [\n  {"project": "a", "service": "b", "port": 1},\n'
     '  {"project": "a", "service": "b", "port": 2}\n]}',
     "r.json:3:3: allocations[1]: a/b is allocated twice (first at line 2)"),
    ('{"allocations": [\n\t{"project": "a", "service": "b", "port": 1, "host_ip": "300.1.1.1"}\n]}',
     "r.json:2:57: allocations[0].host_ip: host_ip is an IPv4 or IPv6 address"),
    ('{"allocations": {}}', "r.json:1:17: allocations: {} is not of type 'array'"),
])
def test_a_broken_registry_is_reported_with_its_line(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        registry.parse(text, "r.json")
    lines = caught.value.lines()
    assert any(line.startswith(expected) for line in lines), lines
    assert lines[-1].startswith("error: the port registry r.json is broken; it was left as it is")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"allocations": [\n  {"project": ["a"], "service": "b", "port": 1}\n]}',
     "r.json:2:15: allocations[0].project: a name is 1 to 200 printable characters"),
    ('{"allocations": [\n  {"project": "a", "service": {"b": 1}, "port": 1}\n]}',
     "r.json:2:31: allocations[0].service: a name is 1 to 200 printable characters"),
    ('{"allocations": [\n  {"project": "a", "service": "b", "port": 1},\n'
     '  {"project": ["a"], "service": "b", "port": 1},\n  {"project": ["a"], "service": "b", "port": 1}\n]}',
     "r.json:4:15: allocations[2].project: a name is 1 to 200 printable characters"),
    ('{"allocations": [\n  {"project": "a", "service": "b", "port": ' + "9" * 5000 + "}\n]}",
     "r.json:2:44: a number of 5000 digits: a port has at most 5"),
    ('{"allocations": [],\n "note": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "r.json:2:73: nested more than 64 levels deep"),
    ('{"allocations": [\n  {"project": "a\\ud800", "service": "b", "port": 1}\n]}',
     'r.json:2:15: allocations[0].project: "a\\ud800" is not UTF-8 text: it holds a lone surrogate'),
    ('{"allocations": [],\n "metadata": {"owner": "\\udfff", "port_ranges": {}}}',
     'r.json:2:24: metadata.owner: "\\udfff" is not UTF-8 text'),
], ids=["list-as-project", "object-as-service", "lists-as-one-project-twice", "long-number",
        "nested-too-deep", "half-a-character", "half-a-character-kept-unused"])
def test_a_registry_json_reads_but_scaffold_cannot_is_located_not_a_crash(
        text: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as caught:
        registry.parse(text, "r.json")
    lines = caught.value.lines()
    assert any(line.startswith(expected) for line in lines), lines
    path = tmp_path / "r.json"
    path.write_text(text, encoding="utf-8")
    manifest = write_manifest(tmp_path / "shop", SHOP)
    for args in (["ports", "check", "-f", str(manifest), "--no-docker", "--no-host"],
                 ["ports", "allocate", "--project", "p", "--service", "s"], ["ports", "list"]):
        assert main([*args, "--registry", str(path)]) == 2, args
    assert "is broken; it was left as it is" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_half_a_character_is_refused_as_written_text_too(port_registry: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Not only a \\u escape makes a lone surrogate: a name from a command line that was not
    UTF-8 does too. It is refused, and nothing is written."""
    with pytest.raises(InputError) as caught:
        registry.parse('{"allocations": [{"project": "a\udc80", "service": "b", "port": 1}]}', "r.json")
    assert caught.value.lines()[0].startswith(
        'r.json:1:30: allocations[0].project: "a\\udc80" is not UTF-8 text: it holds a lone surrogate')
    before = write_registry(port_registry, [entry("bank", "web", 9000)])
    assert main(["ports", "allocate", "--project", "a\udc80", "--service", "s"]) == 2
    assert "nothing was written to the port registry" in capsys.readouterr().err
    assert port_registry.read_bytes() == before


def test_a_broken_registry_is_never_overwritten(tmp_path: Path, port_registry: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP)
    port_registry.write_text('{"allocations": [\n  {"project": "x", "service": "y", "port": 0}\n]}')
    before = port_registry.read_bytes()
    assert main(["generate", "-f", str(manifest)]) == 2
    assert main(["ports", "allocate", "--project", "p", "--service", "s"]) == 2
    assert main(["ports", "release", "x"]) == 2
    assert main(["ports", "prune"]) == 2
    err = capsys.readouterr().err
    assert f"{port_registry}:2:44: allocations[0].port: a port is a whole number" in err
    assert port_registry.read_bytes() == before
    assert not (tmp_path / "shop" / "docker-compose.local.yml").exists()


# --- where it lives ------------------------------------------------------------------------


def test_location_precedence(tmp_path: Path) -> None:
    manifest = loads("name: a\nregistry: ../shared/ports.json\nservices: {w: {preset: fastapi}}\n",
                     str(tmp_path / "proj" / "scaffold.yaml"))
    env = {"HOME": "/home/u", store.ENV: "~/env.json"}
    assert store.locate(Path("opt.json"), manifest, env) == Path("opt.json")
    assert store.locate(None, manifest, env) == Path("~/env.json").expanduser()
    assert store.locate(None, manifest, {"HOME": "/home/u"}) == (
        tmp_path / "proj" / ".." / "shared" / "ports.json")
    bare = loads("name: a\nservices: {w: {preset: fastapi}}\n")
    assert store.locate(None, bare, {"HOME": "/home/u"}) == Path(
        "/home/u/.local/state/scaffold/port-registry.json")
    assert store.locate(None, None, {"HOME": "/home/u", "XDG_STATE_HOME": "/state"}) == Path(
        "/state/scaffold/port-registry.json")


def test_generate_uses_the_manifests_registry_key_relative_to_its_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(store.ENV)
    manifest = write_manifest(tmp_path / "shop", "registry: ../ports.json\n" + SHOP)
    assert main(["generate", "-f", str(manifest)]) == 0
    assert allocations(tmp_path / "ports.json")["shop/web"] == 18080


def test_generate_registry_option_wins_and_no_registry_writes_none(
        tmp_path: Path, port_registry: Path) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP)
    chosen = tmp_path / "chosen.json"
    assert main(["generate", "-f", str(manifest), "--registry", str(chosen)]) == 0
    assert chosen.exists() and not port_registry.exists()
    assert main(["generate", "-f", str(manifest), "--no-registry"]) == 0
    assert not port_registry.exists()
    assert main(["generate", "-f", str(manifest), "--no-registry", "--registry", str(chosen)]) == 2


# --- allocating (pure) ---------------------------------------------------------------------


def test_allocate_keeps_registered_ports_and_skips_other_projects_and_busy_ones() -> None:
    manifest = loads(SHOP)
    plain = assign(manifest)
    assert allocate.allocate(Registry(), manifest) == plain
    hashed = plain["api"]
    other = Registry().with_allocations([Allocation("bank", "api", hashed)])
    moved = allocate.allocate(other, manifest)["api"]
    assert moved != hashed
    assert allocate.allocate(Registry(), manifest, busy={hashed})["api"] != hashed
    own = Registry().with_allocations([Allocation("shop", "api", 20001)])
    assert allocate.allocate(own, manifest)["api"] == 20001
    elsewhere = Registry().with_allocations([Allocation("bank", "api", hashed, host_ip="10.1.2.3")])
    assert allocate.allocate(elsewhere, manifest)["api"] == hashed  # another address: no clash
    by_hand = Registry().with_allocations([Allocation("shop", "jupyter", hashed)])
    assert allocate.allocate(by_hand, manifest)["api"] != hashed  # the project's own, by hand


def test_a_project_range_bounds_new_ports_and_moves_old_ones_into_it() -> None:
    manifest = loads(SHOP)
    ranged = Registry(port_ranges={"shop": (20000, 20004)}).with_allocations(
        [Allocation("shop", "api", 11000)])
    assert allocate.allocate(ranged, manifest)["api"] in range(20000, 20005)
    full = Registry(port_ranges={"shop": (20000, 20000)}).with_allocations(
        [Allocation("bank", "x", 20000)])
    with pytest.raises(InputError, match="no free host port left in 20000-20000 for service 'api'"):
        allocate.allocate(full, manifest)


def test_record_replaces_the_projects_allocations_and_keeps_unchanged_times(tmp_path: Path) -> None:
    manifest = loads(SHOP, str(tmp_path / "scaffold.yaml"))
    source = str((tmp_path / "scaffold.yaml").resolve())
    start = Registry().with_allocations([
        Allocation("shop", "web", 18080, manifest=source, allocated_at="then"),
        Allocation("shop", "gone", 18081, manifest=source, allocated_at="then"),
        Allocation("shop", "by-hand", 18082, allocated_at="then"),
        Allocation("bank", "api", 10000, allocated_at="then"),
    ])
    after = allocate.record(start, manifest, {"web": 18080, "api": 20000}, "now")
    assert {(a.label, a.port, a.allocated_at) for a in after.allocations} == {
        ("bank/api", 10000, "then"), ("shop/by-hand", 18082, "then"),
        ("shop/web", 18080, "then"), ("shop/api", 20000, "now"),
    }
    assert allocate.record(after, manifest, {"web": 18080, "api": 20000}, "later") == after


# a registry's entries as a file may hold them: any order, some written by hand (keys missing, extra
# keys); few names and ports, so that projects, ports and addresses are shared between entries
file_entries = st.lists(st.fixed_dictionaries(
    {"project": st.sampled_from(["a", "b", "c", "ab"]), "service": st.sampled_from(["x", "y", "z"]),
     "port": st.integers(1, 12)},
    optional={"protocol": st.sampled_from(["tcp", "udp"]),
              "host_ip": st.sampled_from(["127.0.0.1", "0.0.0.0", "::", "", "10.0.0.1", "::1"]),
              "manifest": st.sampled_from(["", "/m"]), "allocated_at": st.just("t"),
              "note": st.integers()}),
    max_size=14, unique_by=lambda e: (e["project"], e["service"]))


def _as_read(e: dict[str, object]) -> Allocation:
    """What an entry means, key by key (the reader's defaults for a hand-made one)."""
    extra = {k: v for k, v in e.items() if k not in Allocation.__dataclass_fields__}
    return Allocation(str(e["project"]), str(e["service"]), int(str(e["port"])),
                      str(e.get("protocol", "tcp")), str(e.get("host_ip", "0.0.0.0")),
                      str(e.get("manifest", "")), str(e.get("allocated_at", "")), extra)


@settings(max_examples=150, deadline=None)
@given(file_entries, st.sampled_from(["a", "b", "zz"]), st.integers(1, 12),
       st.sampled_from(["tcp", "udp"]), st.sampled_from(["127.0.0.1", "0.0.0.0", "10.0.0.1", "::1"]))
def test_a_registry_read_from_a_file_answers_as_its_entries_say(
        entries: list[dict[str, object]], project: str, port: int, protocol: str, host_ip: str) -> None:
    """The reader keeps a file's entries as columns; every question gets the answer the
    entries themselves give, one by one."""
    reg = registry.parse(json.dumps({"allocations": entries}), "r.json")
    meant = sorted(map(_as_read, entries), key=lambda a: (a.project, a.service, a.port))
    assert reg.of(project) == [a for a in meant if a.project == project]
    assert reg.holders(port, protocol, host_ip) == [a for a in meant if a.overlaps(port, protocol, host_ip)]
    assert reg.taken(protocol, host_ip, besides=project) == {
        a.port for a in meant if a.project != project and a.overlaps(a.port, protocol, host_ip)}
    assert reg.taken(protocol, host_ip) == {a.port for a in meant if a.overlaps(a.port, protocol, host_ip)}
    assert list(reg.allocations) == meant
    assert [a.extra for a in reg.allocations] == [a.extra for a in meant]
    assert reg == Registry(meant)
    text = registry.render(reg)
    assert registry.render(registry.parse(text, "again.json")) == text == registry.render(Registry(meant))


def test_checking_a_manifest_against_a_registry_makes_no_object_of_every_entry() -> None:
    """`ports check` asks a big registry about a few ports; it reads every entry but builds
    Allocations only for the project's own and the ports asked about."""
    entries = [entry(f"p{i // 20:04d}", f"s{i % 20:02d}", 10000 + i) for i in range(2000)]
    entries[5]["port"] = 18080  # another project holds web's fixed port
    reg = registry.parse(json.dumps({"allocations": entries[::-1]}), "r.json")
    manifest = loads(SHOP)
    from scaffold.ports import check

    claims = check.plan_claims(manifest, reg)
    report = check.check(claims, manifest.name, reg, use_docker=False, use_host=False)
    assert [(f.service, f.port, f.holder) for f in report.conflicts] == [
        ("web", 18080, "project 'p0000', service 's05' (allocated by hand)")]
    assert reg._allocations is None  # what keeps it fast: nothing built for the other 2000
    assert len(reg.allocations) == 2000 and reg.allocations[0].label == "p0000/s00"


@settings(max_examples=200, deadline=None)
@given(st.tuples(st.integers(1, 40), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1])),
       st.sets(st.integers(1, 75)), st.lists(st.integers(-5, 80), max_size=25))
def test_finding_open_ports_for_many_services_is_probing_each_from_its_start(
        port_range: tuple[int, int], used: set[int], starts: list[int]) -> None:
    """`assign` shares shortcuts over runs of used ports between services; each choice is
    still the first open port upward from the service's start, wrapping round the range."""
    from scaffold.ports.assign import _OpenPorts

    low, high = port_range
    size = high - low + 1
    shared, mine = _OpenPorts(used, port_range), set(used)
    for start in starts:
        probe = (low + (start - low + step) % size for step in range(size))
        expected = next((c for c in probe if c not in mine), None)
        assert shared.first(start) == expected == first_open(start, mine, port_range)
        if expected is not None:
            used.add(expected)
            mine.add(expected)


def test_the_preferred_port_is_the_sha256_of_the_names_whichever_module_computes_it() -> None:
    import hashlib

    from scaffold.ports.assign import _sha256

    for data in (b"", b"shop/api", "caf\u00e9/\u00fcber".encode(), bytes(range(256)) * 9):
        assert _sha256(data) == hashlib.sha256(data).digest()
    digest = hashlib.sha256(b"shop/api").digest()
    assert preferred_port("shop", "api") == DEFAULT_RANGE[0] + int.from_bytes(digest[:4], "big") % (
        DEFAULT_RANGE[1] - DEFAULT_RANGE[0] + 1)
    assert preferred_port("shop", "api", (8000, 8009)) == 8000 + int.from_bytes(digest[:4], "big") % 10


def test_prunable_is_allocations_whose_manifest_is_gone() -> None:
    reg = Registry().with_allocations([Allocation("a", "x", 1, manifest="/here"),
                                       Allocation("b", "x", 2, manifest="/gone"),
                                       Allocation("c", "x", 3)])
    assert [a.label for a in allocate.prunable(reg, lambda p: p == "/here")] == ["b/x"]


# --- generate ------------------------------------------------------------------------------


def test_generate_records_after_writing_and_rerunning_changes_no_byte(
        tmp_path: Path, port_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP)
    assert main(["generate", "-f", str(manifest)]) == 0
    held = allocations(port_registry)
    assert set(held) == {"shop/api", "shop/web"} and held["shop/web"] == 18080
    compose = (tmp_path / "shop" / "docker-compose.local.yml").read_text()
    assert f"'127.0.0.1:{held['shop/api']}:8000'" in compose
    assert f"port {held['shop/api']} allocated to api" in capsys.readouterr().err
    (a,) = [a for a in registry.read(port_registry).allocations if a.service == "api"]
    assert a.manifest == str(manifest.resolve()) and a.allocated_at.endswith("Z")
    before = port_registry.read_bytes()
    assert main(["generate", "-f", str(manifest)]) == 0
    assert port_registry.read_bytes() == before
    assert "allocated" not in capsys.readouterr().err


def test_generate_keeps_a_registered_port_and_drops_removed_services(
        tmp_path: Path, port_registry: Path) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP)
    source = str(manifest.resolve())
    write_registry(port_registry, [entry("shop", "api", 20001, manifest=source),
                                   entry("shop", "old", 20002, manifest=source)])
    assert main(["generate", "-f", str(manifest)]) == 0
    assert allocations(port_registry) == {"shop/api": 20001, "shop/web": 18080}
    assert "'127.0.0.1:20001:8000'" in (tmp_path / "shop" / "docker-compose.local.yml").read_text()


def test_generate_skips_a_port_in_use_on_this_host(
        tmp_path: Path, port_registry: Path, listening: socket.socket) -> None:
    hashed = preferred_port("shop", "api")
    listening.bind(("127.0.0.1", hashed))
    listening.listen()
    manifest = write_manifest(tmp_path / "shop", SHOP)
    assert main(["generate", "-f", str(manifest)]) == 0
    chosen = allocations(port_registry)["shop/api"]
    assert chosen != hashed and chosen in range(*DEFAULT_RANGE)


def test_generate_refuses_a_fixed_port_another_project_holds(
        tmp_path: Path, port_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = write_registry(port_registry,
                            [entry("bank", "web", 18080, manifest="/b/scaffold.yaml")])
    manifest = write_manifest(tmp_path / "shop", SHOP)
    assert main(["generate", "-f", str(manifest)]) == 1
    err = capsys.readouterr().err
    assert "host port 18080 of service 'web' is allocated to bank/web (/b/scaffold.yaml)" in err
    assert "scaffold ports release bank web" in err
    assert port_registry.read_bytes() == before
    assert not (tmp_path / "shop" / "docker-compose.local.yml").exists()


@pytest.mark.parametrize("flags", [["--dry-run"], ["--diff"], ["--check"], ["-o", "-"]])
def test_generate_without_writing_records_nothing(tmp_path: Path, port_registry: Path,
                                                  flags: list[str]) -> None:
    manifest = write_manifest(tmp_path / "shop", SHOP)
    main(["generate", "-f", str(manifest), *flags])
    assert not port_registry.exists()


def test_a_failed_generate_leaves_the_registry_untouched(tmp_path: Path,
                                                          port_registry: Path) -> None:
    before = write_registry(port_registry, [entry("bank", "web", 9000)])
    broken = write_manifest(tmp_path / "broken", SHOP + "  bad: {preset: nope}\n")
    assert main(["generate", "-f", str(broken)]) == 2
    manifest = write_manifest(tmp_path / "shop", SHOP)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert main(["generate", "-f", str(manifest), "-o", str(not_a_folder)]) == 2
    assert port_registry.read_bytes() == before
