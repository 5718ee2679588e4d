"""Measuring one command: wall time and peak memory of a fresh process, and what it imports.

Each run is a new process, waited for with wait4(2), so its own peak resident
set size comes back with it (the kernel's figure, as /usr/bin/time reports it).
"""

from __future__ import annotations

import json
import pstats
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


class BenchError(Exception):
    """A command under measurement did not do its work (wrong exit code, missing tool)."""


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system: less swayed than wall time by other load on the machine
    peak_kb: int  # ru_maxrss: kilobytes on Linux


@dataclass(frozen=True)
class Figure:
    """The medians of several samples of one piece of work."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    runs: int

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Figure:
        return cls(
            seconds=statistics.median(s.seconds for s in samples),
            cpu_seconds=statistics.median(s.cpu_seconds for s in samples),
            peak_mb=statistics.median(s.peak_kb for s in samples) / 1024,
            runs=len(samples),
        )

    @property
    def ms(self) -> float:
        return self.seconds * 1000


# A small process that starts the command and reports its wall time, CPU time and peak memory.
# Peak memory (the kernel's high-water mark) survives exec, so a command forked straight from
# this larger harness would report the harness's size whenever it is the smaller of the two.
_LAUNCHER = """\
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {seconds} "
              f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


def run_once(argv: Sequence[str], cwd: Path, env: Mapping[str, str], expect: int = 0) -> Sample:
    """Run `argv` once in a new process; its wall time and peak memory."""
    with tempfile.TemporaryDirectory() as tmp, \
            open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
        figures = Path(tmp) / "figures"
        launcher = [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(figures), *argv]
        subprocess.run(launcher, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=out,
                       stderr=err, check=False)
        code, *measured = figures.read_text().split() if figures.exists() else ["no figures"]
        if code != str(expect):
            err.seek(0)
            out.seek(0)
            said = (err.read() or out.read()).decode(errors="replace").strip()[-2000:]
            raise BenchError(f"`{' '.join(argv)}` exited {code}, not {expect}:\n{said}")
    seconds, cpu, peak = measured
    return Sample(float(seconds), float(cpu), int(peak))


# Run the CLI in-process as the console script would, then list every module it loaded.
_IMPORTS_PROBE = """\
import json, sys
from scaffold.cli import main
code = main(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    json.dump(sorted(sys.modules), out)
sys.exit(code)
"""


def modules_loaded(python: str, args: Sequence[str], cwd: Path, env: Mapping[str, str],
                   expect: int = 0) -> set[str]:
    """The top-level packages `scaffold ARGS` has imported by the time it exits."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "modules.json"
        run_once([python, "-c", _IMPORTS_PROBE, str(listing), *args], cwd, env, expect)
        names: list[str] = json.loads(listing.read_text())
    return {name.split(".")[0] for name in names}


def import_costs(python: str, args: Sequence[str], cwd: Path, env: Mapping[str, str],
                 expect: int = 0) -> dict[str, float]:
    """Milliseconds spent importing each top-level package (`-X importtime`), largest first."""
    argv = [python, "-X", "importtime", "-c", "import sys; from scaffold.cli import main; "
            "sys.exit(main(sys.argv[1:]))", *args]
    proc = subprocess.run(argv, cwd=cwd, env=dict(env), capture_output=True, text=True, check=False)
    if proc.returncode != expect:
        raise BenchError(f"`{' '.join(argv)}` exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    costs: dict[str, float] = defaultdict(float)
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _total, name = line.removeprefix("import time:").split("|")
        costs[name.strip().split(".")[0]] += int(own) / 1000
    return dict(sorted(costs.items(), key=lambda kv: -kv[1]))


# Profile the whole process, imports included, as the console script runs it.
_PROFILE_PROBE = """\
import cProfile, sys
profile = cProfile.Profile()
profile.enable()
from scaffold.cli import main
code = main(sys.argv[2:])
profile.disable()
profile.dump_stats(sys.argv[1])
sys.exit(code)
"""


@dataclass(frozen=True)
class Profile:
    total_ms: float
    by_package: list[tuple[str, float]]  # own time, largest first
    slowest: list[tuple[str, float]]  # functions by own time, largest first
    stages: list[tuple[str, float]]  # scaffold's functions by cumulative time, largest first


def _package(filename: str) -> str:
    if filename == "~":
        return "C built-ins"
    if filename.startswith("<frozen importlib"):
        return "import machinery"
    parts = Path(filename).parts
    if "site-packages" in parts:
        top = parts[parts.index("site-packages") + 1]
        return top.split(".")[0].lstrip("_") or top
    if "scaffold" in parts:
        return "scaffold"
    return "Python stdlib"


def profile(python: str, args: Sequence[str], cwd: Path, env: Mapping[str, str],
            expect: int = 0, top: int = 6) -> Profile:
    """Where `scaffold ARGS` spends its time, by package and by function (cProfile, own time)."""
    with tempfile.TemporaryDirectory() as tmp:
        stats_file = Path(tmp) / "profile.pstats"
        run_once([python, "-c", _PROFILE_PROBE, str(stats_file), *args], cwd, env, expect)
        stats = pstats.Stats(str(stats_file)).stats  # type: ignore[attr-defined]
    by_package: dict[str, float] = defaultdict(float)
    functions: list[tuple[str, float]] = []
    stages: list[tuple[str, float]] = []
    for (filename, line, name), (_cc, _nc, own, cum, _callers) in stats.items():
        package = _package(filename)
        by_package[package] += own * 1000
        where = name if filename == "~" else f"{name} ({_short(filename)}:{line})"
        functions.append((where, own * 1000))
        if package == "scaffold" and not name.startswith("<") and not _entry_point(filename):
            stages.append((where, cum * 1000))
    total = sum(by_package.values())
    return Profile(
        total_ms=total,
        by_package=sorted(by_package.items(), key=lambda kv: -kv[1])[:top],
        slowest=sorted(functions, key=lambda kv: -kv[1])[:top],
        stages=sorted(stages, key=lambda kv: -kv[1])[:top + 2],
    )


def _entry_point(filename: str) -> bool:
    """The command line's own modules, inside which every stage runs."""
    path = Path(filename)
    return path.name == "cli.py" or path.parent.name == "commands"


def _short(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("site-packages", "scaffold"):
        if anchor in parts:
            at = parts.index(anchor) + (1 if anchor == "site-packages" else 0)
            return "/".join(parts[at:])
    return Path(filename).name


def tool_version(argv: Sequence[str]) -> str:
    try:
        proc = subprocess.run(list(argv), capture_output=True, text=True, check=False, timeout=60)
    except OSError:
        return "not installed"
    return (proc.stdout or proc.stderr).strip().splitlines()[0] if proc.returncode == 0 else "?"


def python_version() -> str:
    return sys.version.split()[0]
