"""Property tests of the promises under hostile input: random bytes, random YAML documents,
mutated manifests, random lock files and random registries. Whatever they are, `validate`,
`generate`, `plan`, `ports list` and the lock reader exit 0, 1 or 2, never with a traceback,
within a memory limit (an address-space rlimit in a forked child) and a time limit."""

from __future__ import annotations

import io
import json
import os
import resource
import signal
import tempfile
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scaffold.cli import main
from tests.helpers import ROOT, manifests

MEMORY = 1536 * 1024 * 1024  # address space for a child: far above any run, far below a bomb
SECONDS = 240
EXAMPLES = 150
HERCULES = (ROOT / "examples" / "01-hercules" / "scaffold.yaml").read_text(encoding="utf-8")


def _hercules(folder: Path) -> None:
    """The example's manifest, with its apps' code folders there (generate would scaffold them:
    these tests are about the lock and the registry, not copier's speed)."""
    (folder / "scaffold.yaml").write_text(HERCULES, encoding="utf-8")
    for app in ("auth-service", "user-service", "api-gateway"):
        (folder / "services" / app).mkdir(parents=True)


def in_child(body: Callable[[], None]) -> None:
    """Run `body` in a forked child under MEMORY and SECONDS; its failure fails the test."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: limited, reports through the pipe, never returns
        os.close(read_end)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        signal.alarm(SECONDS)
        try:
            body()
            message, code = b"", 0
        except BaseException:
            message, code = traceback.format_exc().encode()[-20000:], 1
        os.write(write_end, message)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        report = reader.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status), f"the child was killed by signal {os.WTERMSIG(status)}: {report}"
    assert os.WEXITSTATUS(status) == 0, report


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue() + err.getvalue()


def assert_contained(code: int, text: str, what: object) -> None:
    assert code in (0, 1, 2), (code, text, what)
    assert "Traceback" not in text and "unexpected error" not in text, (text, what)


def _each_command(folder: Path) -> None:
    manifest = str(folder / "scaffold.yaml")
    for argv in (["validate", "-f", manifest], ["plan", "-f", manifest],
                 ["generate", "-f", manifest, "--no-registry", "--target", "all"]):
        code, text = run(*argv)
        assert_contained(code, text, argv)


# --- what is fed in ----------------------------------------------------------------------

SCALAR = (st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats()
          | st.text(max_size=12) | st.sampled_from(["8080.0", "latest", "/", "../x", "\n", "${X}"]))
DOCUMENT = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=30)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A valid manifest with a few values replaced by anything at all."""
    data = draw(manifests(real_stacks=True))
    for _ in range(draw(st.integers(1, 3))):
        node: Any = data
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            if not isinstance(node[key], dict | list):
                node[key] = draw(DOCUMENT)
                break
            node = node[key]
        else:
            if isinstance(node, dict):
                node[draw(st.text(max_size=6))] = draw(DOCUMENT)
    return data


SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


def _feed(strategy: st.SearchStrategy[Any], write: Callable[[Path, Any], None]) -> Callable[[], None]:
    @SETTINGS
    @given(strategy)
    def check(value: Any) -> None:
        with tempfile.TemporaryDirectory() as folder:
            write(Path(folder), value)
            _each_command(Path(folder))
    return check


def _manifest_bytes(folder: Path, value: bytes) -> None:
    (folder / "scaffold.yaml").write_bytes(value)


def _manifest_yaml(folder: Path, value: Any) -> None:
    (folder / "scaffold.yaml").write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")


def test_random_bytes_never_break_a_promise() -> None:
    in_child(_feed(st.binary(max_size=400) | st.text(max_size=300).map(str.encode),
                   _manifest_bytes))


def test_random_yaml_documents_never_break_a_promise() -> None:
    in_child(_feed(DOCUMENT, _manifest_yaml))


def test_mutated_manifests_never_break_a_promise() -> None:
    in_child(_feed(manifests(real_stacks=True) | mutated(), _manifest_yaml))


LOCK = st.fixed_dictionaries({}, optional={
    "version": SCALAR, "manifest": SCALAR, "project": SCALAR,
    "files": st.dictionaries(
        st.text(max_size=10) | st.sampled_from(["../x", "/etc/passwd", "a/../b", ".env.example",
                                                "docker-compose.local.yml", "gone.yml"]),
        st.fixed_dictionaries({"base": st.text(max_size=40)}, optional={"pending": SCALAR})
        | st.fixed_dictionaries({}, optional={"base": SCALAR, "pending": SCALAR}) | DOCUMENT,
        max_size=3) | DOCUMENT,
    "ports": st.dictionaries(st.sampled_from(["auth-service", "worker"]) | st.text(max_size=8),
                             st.integers(0, 70000) | SCALAR, max_size=3) | DOCUMENT,
})


def _lock(folder: Path, value: Any) -> None:
    _hercules(folder)
    (folder / ".scaffold").mkdir()
    (folder / ".scaffold" / "lock.json").write_text(json.dumps(value), encoding="utf-8")


def test_random_lock_files_never_break_a_promise() -> None:
    in_child(_feed(LOCK | DOCUMENT, _lock))


ALLOCATION = st.fixed_dictionaries({}, optional={
    "project": SCALAR, "service": SCALAR, "port": SCALAR, "protocol": SCALAR, "host_ip": SCALAR,
    "manifest": SCALAR, "allocated_at": SCALAR})
REGISTRY = st.fixed_dictionaries({}, optional={
    "version": SCALAR, "allocations": st.lists(ALLOCATION | DOCUMENT, max_size=3) | DOCUMENT,
    "metadata": st.fixed_dictionaries({}, optional={
        "port_ranges": st.dictionaries(st.text(max_size=6), SCALAR | DOCUMENT, max_size=2)})
    | DOCUMENT})


def test_random_registries_never_break_a_promise() -> None:
    @SETTINGS
    @given(REGISTRY | DOCUMENT)
    def check(value: Any) -> None:
        with tempfile.TemporaryDirectory() as folder:
            registry = Path(folder) / "port-registry.json"
            registry.write_text(json.dumps(value), encoding="utf-8")
            _hercules(Path(folder))
            for argv in (["ports", "list", "--registry", str(registry)],
                         ["generate", "-f", str(Path(folder) / "scaffold.yaml"),
                          "--registry", str(registry)]):
                code, text = run(*argv)
                assert_contained(code, text, argv)
    in_child(check)


def test_the_child_harness_can_fail() -> None:
    def blow() -> None:
        raise AssertionError("planted")

    with pytest.raises(AssertionError, match="planted"):
        in_child(blow)

    def hog() -> None:
        bytearray(2 * MEMORY)

    with pytest.raises(AssertionError, match="MemoryError"):
        in_child(hog)
