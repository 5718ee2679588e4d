"""The registry under pressure: many processes allocating at once, and writers killed with -9."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from scaffold.ports import allocate, registry, store
from scaffold.ports.registry import LOOPBACK

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = [f"p{i:02d}" for i in range(20)]
SHARED_RANGE = "20400-20429"  # 30 ports for 20 projects: hashed starts are sure to collide


def seed(path: Path, allocations: int = 0) -> bytes:
    """A registry giving every test project the same small range, plus `allocations` others."""
    entries = [{"project": f"other-{i // 20:03d}", "service": f"s{i % 20:02d}", "port": 30000 + i,
                "protocol": "tcp", "host_ip": LOOPBACK, "manifest": "", "allocated_at": "t"}
               for i in range(allocations)]
    path.write_text(json.dumps({"allocations": entries,
                                "metadata": {"port_ranges": {p: SHARED_RANGE for p in PROJECTS}}}))
    return path.read_bytes()


def held(path: Path) -> dict[str, int]:
    return {a.label: a.port for a in registry.read(path).allocations if a.project in PROJECTS}


def stale_temp_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f".{path.name}.*.scaffold-tmp"))


# --- many at once --------------------------------------------------------------------------


def test_twenty_scaffold_processes_allocating_at_once_get_distinct_ports(
        port_registry: Path) -> None:
    seed(port_registry)
    argv = [sys.executable, "-m", "scaffold", "ports", "allocate", "--registry", str(port_registry)]
    procs = [subprocess.Popen([*argv, "--project", p, "--service", "web"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p in PROJECTS]
    results = [(proc.wait(timeout=120), *proc.communicate()) for proc in procs]
    assert [r[0] for r in results] == [0] * 20, [r[2] for r in results]
    printed = {f"{p}/web": int(out) for p, (_, out, _) in zip(PROJECTS, results, strict=True)}
    assert len(set(printed.values())) == 20
    assert held(port_registry) == printed  # nobody's update was lost either


def _allocate_after(barrier: multiprocessing.synchronize.Barrier, path: str, project: str) -> None:
    from scaffold.commands.ports import allocate_by_hand

    barrier.wait()  # all twenty leave the starting line together
    allocate_by_hand(project, "web", None, "tcp", LOOPBACK, Path(path))


def test_twenty_processes_released_at_one_instant_get_distinct_ports(port_registry: Path) -> None:
    seed(port_registry)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(PROJECTS))
    workers = [context.Process(target=_allocate_after, args=(barrier, str(port_registry), p))
               for p in PROJECTS]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * 20
    ports = held(port_registry)
    assert sorted(ports) == [f"{p}/web" for p in PROJECTS]
    assert len(set(ports.values())) == 20
    assert all(20400 <= port <= 20429 for port in ports.values())


# --- kill -9 -------------------------------------------------------------------------------

# A writer that stops at a chosen point of its update, says so, and waits to be killed.
WRITER = r"""
import os, sys
from pathlib import Path
from scaffold.ports import allocate, store

path, point = Path(sys.argv[1]), sys.argv[2]

def pause():
    print("paused", flush=True)
    sys.stdin.read()  # until the test kills us

if point == "before-rename":
    os.replace = lambda src, dst: pause()
elif point == "mid-write":
    real_fdopen = os.fdopen
    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        real_write = handle.write
        def half(text):
            real_write(text[: len(text) // 2])
            handle.flush()
            os.fsync(handle.fileno())
            pause()
        handle.write = half
        return handle
    os.fdopen = fdopen

with store.editing(path) as edit:
    new = allocate.allocate_one(edit.registry, "victim", "web", None, "tcp", "127.0.0.1", "t")
    edit.save(edit.registry.with_allocations([*edit.registry.allocations, new]))
"""


def _kill_at(path: Path, point: str) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), point], cwd=ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    try:
        line = proc.stdout.readline()  # blocks until the writer reaches its point
        assert line == "paused\n", proc.communicate()[1]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL


def test_a_writer_killed_mid_write_leaves_the_registry_as_it_was(port_registry: Path) -> None:
    for point in ("mid-write", "before-rename"):
        before = seed(port_registry, allocations=500)
        _kill_at(port_registry, point)
        assert port_registry.read_bytes() == before, point
        assert stale_temp_files(port_registry), "the writer was not stopped inside its write"
        # the lock died with the writer; the next update goes through and sweeps the debris
        with store.editing(port_registry) as edit:
            new = allocate.allocate_one(edit.registry, "p00", "web", None, "tcp", LOOPBACK, "t")
            edit.save(edit.registry.with_allocations([*edit.registry.allocations, new]))
        assert stale_temp_files(port_registry) == []
        assert held(port_registry) == {"p00/web": new.port}


# Rewrites the registry as fast as it can: allocate a port, release it, again and again.
CHURN = r"""
import sys
from pathlib import Path
from scaffold.ports import allocate, store

path = Path(sys.argv[1])
print("started", flush=True)
n = 0
while True:
    with store.editing(path) as edit:
        current = edit.registry
        mine = [a for a in current.allocations if a.project == "churn"]
        if mine:
            edit.save(current.with_allocations(a for a in current.allocations if a not in mine))
        else:
            new = allocate.allocate_one(current, "churn", f"s{n}", None, "tcp", "127.0.0.1", "t")
            edit.save(current.with_allocations([*current.allocations, new]))
    n += 1
"""


def test_kill_9_at_random_moments_of_a_busy_writer_never_corrupts(port_registry: Path) -> None:
    seed(port_registry, allocations=2000)
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", CHURN, str(port_registry)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline() == "started\n"
        versions: set[int] = set()
        deadline = time.monotonic() + 60
        try:
            # read while it writes: every read parses, whatever moment it lands on
            while len(versions) < 15 and time.monotonic() < deadline:
                text = port_registry.read_text()
                registry.parse(text, str(port_registry))
                versions.add(hash(text))
        finally:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            proc.communicate()
        assert len(versions) >= 15, "the writer hardly wrote"
        after = registry.read(port_registry)
        assert len([a for a in after.allocations if a.project.startswith("other-")]) == 2000
    with store.editing(port_registry) as edit:  # and the lock is free again
        assert edit.registry.allocations
