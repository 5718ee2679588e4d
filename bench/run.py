"""The benchmark's one command: `.venv/bin/python bench/run.py [--quick]`.

It makes synthetic stacks of 10 to 5000 services, times scaffold's commands on
them next to `python -c pass`, copier and `docker compose config` on the same
work, prints the report and writes bench/results.md. Runs take turns (one of each, then again) so
a burst of load on the machine spreads over every figure instead of one.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":  # run as a script: make `bench` importable from the checkout
    sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bench import stacks  # noqa: E402
from bench.measure import (  # noqa: E402
    BenchError,
    Figure,
    Sample,
    import_costs,
    modules_loaded,
    profile,
    python_version,
    run_once,
    tool_version,
)
from bench.report import Results, markdown, targets  # noqa: E402

SIZES = (10, 100, 500, 1000, 5000)
QUICK_SIZES = (10,)
PEER_SIZES = (10, 100, 1000)  # where copier and docker compose do the same work beside scaffold
GROWTH_SIZES = (500, 5000)  # `generate --target all` is timed here, for growth and peak memory
ERRORS_SIZE = 10  # `validate` of a manifest with stacks.BROKEN errors
HEAVY_SIZE = 5000  # from this size a job runs in HEAVY_ROUNDS rounds only, with no warm-up run
HEAVY_ROUNDS = 3
REGISTRY_ALLOCATIONS = 10_000
PORTS_STACK = 10  # the services whose ports `ports check` checks against the registry


@dataclass(frozen=True)
class Tools:
    python: str
    scaffold: str
    copier: str
    compose: str

    @classmethod
    def beside(cls, python: str) -> Tools:
        """The tools installed in the same virtualenv as `python`."""
        here = Path(python).parent
        return cls(python, *(str(here / name) for name in ("scaffold", "copier", "docker-compose")))


@dataclass(frozen=True)
class Job:
    work: str  # a key of report.WORK
    size: int  # 0 for work that does not depend on the stack's size
    argv: Callable[[int], list[str]]  # the command line for run number N
    cwd: Path
    expect: int = 0  # the exit code that means the command did its work
    heavy: bool = False  # minutes a run: HEAVY_ROUNDS rounds, no warm-up run


class Bench:
    """One benchmark run in a scratch folder: stacks, jobs, samples."""

    def __init__(self, scratch: Path, tools: Tools, sizes: Sequence[int], repeat: int,
                 quick: bool) -> None:
        self.scratch = scratch
        self.tools = tools
        self.results = Results(sizes=tuple(sizes), repeat=repeat, quick=quick)
        home = scratch / "home"  # per-user state (a port registry...) stays out of the real home
        self.env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                    "XDG_DATA_HOME": str(home / ".local/share"),
                    "XDG_STATE_HOME": str(home / ".local/state"),
                    "XDG_CACHE_HOME": str(home / ".cache"),
                    # bytecode cached as after `pip install`, but kept out of the checkout
                    "PYTHONPYCACHEPREFIX": str(scratch / "pycache"),
                    # a snapshot of the code: edits to the checkout cannot change it mid-run
                    "PYTHONPATH": str(snapshot(scratch / "src"))}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.template = scratch / "copier-compose"  # outside a git checkout: copier just reads it
        shutil.copytree(ROOT / "bench" / "copier-compose", self.template)
        self.generate_flags = self._generate_flags()

    def scaffold(self, *args: str | Path, expect: int = 0) -> str:
        proc = subprocess.run([self.tools.scaffold, *map(str, args)], env=self.env,
                              capture_output=True, text=True, check=False, cwd=self.scratch)
        if proc.returncode != expect:
            raise BenchError(f"scaffold {' '.join(map(str, args))} exited {proc.returncode}:\n"
                             f"{proc.stderr[-2000:]}")
        return proc.stdout

    def _generate_flags(self) -> list[str]:
        # with a port registry, generate must leave the machine's registry alone; the apps' code
        # (copier, once an app) is not what the rows compare, so the stacks ask for none
        usage = self.scaffold("generate", "--help")
        return [flag for flag in ("--no-registry", "--no-code") if flag in usage]

    def stack(self, size: int) -> list[Job]:
        """Write the stack's inputs, generate its output once, and list the jobs measured on it."""
        t, folder = self.tools, self.scratch / f"stack-{size}"
        folder.mkdir()
        manifest = folder / "scaffold.yaml"
        manifest.write_text(stacks.manifest_text(size), encoding="utf-8")
        m, gen = str(manifest), ["generate", "-f", str(manifest), *self.generate_flags]
        heavy = size >= HEAVY_SIZE
        jobs = [Job("validate", size, same([t.scaffold, "validate", "-f", m]), folder, heavy=heavy)]
        if size == ERRORS_SIZE:
            broken = folder / "broken.yaml"
            broken.write_text(stacks.broken_manifest_text(size), encoding="utf-8")
            jobs.append(Job("validate-errors", size, same([t.scaffold, "validate", "-f", str(broken)]),
                            folder, expect=2))
        if size in GROWTH_SIZES:
            jobs.append(Job("generate-targets", size,
                            lambda n: [t.scaffold, *gen, "--target", "all", "-o", f"targets-{n}"], folder,
                            heavy=heavy))
        if size not in PEER_SIZES:
            return jobs
        answers = folder / "answers.yml"
        answers.write_text(yaml.safe_dump(stacks.copier_answers(size), sort_keys=False), "utf-8")
        out = folder / "out"
        self.scaffold("generate", "-f", manifest, "-o", out, *self.generate_flags)
        shutil.copy(out / ".env.example", out / ".env")  # compose refuses unset secrets
        jobs += [
            Job("generate", size, lambda n: [t.scaffold, *gen, "-o", f"all-{n}"], folder),
            Job("generate-one", size,
                lambda n: [t.scaffold, *gen, "--variant", "local", "-o", f"one-{n}"], folder),
            Job("check", size, same([t.scaffold, *gen, "--check", "-o", str(out)]), folder),
            Job("copier", size, lambda n: [t.copier, "copy", "--defaults", "--quiet",
                                           "--data-file", str(answers), str(self.template),
                                           f"copier-{n}"], folder),
        ]
        for compose_file in sorted(out.glob("docker-compose.*.yml")):
            variant = compose_file.name.split(".")[1]
            argv = [t.compose, "-f", str(compose_file), "config", "-q"]
            jobs.append(Job(f"compose-{variant}", size, same(argv), folder))
        return jobs

    def ports_jobs(self) -> list[Job]:
        """`scaffold ports check` of 10 services against 10,000 other allocations, if it exists."""
        probe = subprocess.run([self.tools.scaffold, "ports", "check", "--help"], env=self.env,
                               capture_output=True, text=True, check=False)
        if probe.returncode != 0 or "--registry" not in probe.stdout:
            self.results.not_measured["ports"] = "`scaffold ports check --registry` is not built"
            self.results.not_measured["ports-offline"] = self.results.not_measured["ports"]
            return []
        registry = self.scratch / "port-registry.json"
        registry.write_text(json.dumps(stacks.port_registry(REGISTRY_ALLOCATIONS), indent=1),
                            "utf-8")
        manifest = self.scratch / "ports" / "scaffold.yaml"
        manifest.parent.mkdir()
        manifest.write_text(stacks.manifest_text(PORTS_STACK), encoding="utf-8")
        argv = [self.tools.scaffold, *self.ports_args()]
        return [Job("ports", 0, same(argv), self.scratch),
                Job("ports-offline", 0, same([*argv, "--no-docker", "--no-host"]), self.scratch)]

    def ports_args(self) -> list[str]:
        return ["ports", "check", "-f", str(self.scratch / "ports" / "scaffold.yaml"),
                "--registry", str(self.scratch / "port-registry.json")]

    def measure(self, jobs: Sequence[Job]) -> dict[tuple[str, int], list[Sample]]:
        samples: dict[tuple[str, int], list[Sample]] = {(j.work, j.size): [] for j in jobs}
        for job in jobs:  # one discarded run each: .pyc files and the disk cache get warm
            if not job.heavy:
                run_once(job.argv(-1), job.cwd, self.env, job.expect)
        for n in range(self.results.repeat):
            for job in jobs:
                if job.heavy and n >= HEAVY_ROUNDS:
                    continue
                samples[job.work, job.size].append(run_once(job.argv(n), job.cwd, self.env, job.expect))
            progress(f"  round {n + 1}/{self.results.repeat} done")
        return samples

    def run(self) -> Results:
        r, t = self.results, self.tools
        r.versions = {
            "platform": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
            "Python": python_version(),
            "scaffold": f"{tool_version([t.scaffold, '--version']).split()[-1]} ({revision()})",
            "copier": tool_version([t.copier, "--version"]).split()[-1],
            "docker compose": tool_version([t.compose, "version", "--short"]),
        }
        r.load.append(load_average())
        jobs = [Job("python", 0, same([t.python, "-c", "pass"]), self.scratch),
                Job("version", 0, same([t.scaffold, "--version"]), self.scratch)]
        for size in r.sizes:
            progress(f"preparing {size} services")
            jobs += self.stack(size)
        jobs += self.ports_jobs()
        progress(f"measuring {len(jobs)} jobs, {r.repeat} rounds")
        for (work, size), samples in self.measure(jobs).items():
            r.figures[work, size] = Figure.of(samples)
        for size in r.sizes:
            if size in PEER_SIZES:
                self._derive(size)
        self._imports()
        r.load.append(load_average())
        return r

    def _derive(self, size: int) -> None:
        """docker compose on every output file: the sum of the files' times, the largest peak."""
        r = self.results
        parts = [f for (work, n), f in r.figures.items()
                 if n == size and work.startswith("compose-")]
        r.figures["compose", size] = Figure(sum(f.seconds for f in parts),
                                            sum(f.cpu_seconds for f in parts),
                                            max(f.peak_mb for f in parts), parts[0].runs)
        folder = self.scratch / f"stack-{size}"
        r.equivalence[size] = compare(folder / "out" / "docker-compose.local.yml",
                                      folder / "copier-0" / "docker-compose.yml")

    def _imports(self) -> None:
        size = min(self.results.sizes, key=lambda n: (n not in PEER_SIZES, n))
        folder = self.scratch / f"stack-{size}"
        m = str(folder / "scaffold.yaml")
        commands = {
            "--version": ["--version"],
            "validate": ["validate", "-f", m],
            "generate": ["generate", "-f", m, *self.generate_flags, "-o", str(folder / "imports")],
            "generate --check": ["generate", "-f", m, *self.generate_flags, "--check",
                                 "-o", str(folder / "out")],
        }
        if size not in PEER_SIZES:  # no output generated beforehand to --check
            del commands["generate --check"]
        if "ports" not in self.results.not_measured:
            commands["ports check"] = self.ports_args()
        for label, args in commands.items():
            self.results.imports[label] = modules_loaded(self.tools.python, args, folder, self.env)

    def explain(self, name: str, work: str, size: int) -> None:
        """Profile a missed target's scaffold command: its imports, then its own time."""
        folder = self.scratch / f"stack-{size or self.results.sizes[0]}"
        m = str(folder / "scaffold.yaml")
        gen = ["generate", "-f", m, *self.generate_flags]
        expect = 2 if work == "validate-errors" else 0
        args = {
            "version": ["--version"],
            "validate": ["validate", "-f", m],
            "validate-errors": ["validate", "-f", str(folder / "broken.yaml")],
            "generate-targets": [*gen, "--target", "all", "-o", str(folder / "profiled-targets")],
            "generate": [*gen, "-o", str(folder / "profiled")],
            "generate-one": [*gen, "--variant", "local", "-o", str(folder / "profiled-one")],
            "ports": self.ports_args(),
        }[work]
        python = self.tools.python
        if work != "generate-targets":  # its start-up is generate's; the work is what grows
            self.results.import_costs[name] = import_costs(python, args, folder, self.env, expect)
        self.results.probes[name] = profile(python, args, folder, self.env, expect)


def compare(scaffold_file: Path, copier_file: Path) -> str:
    """How closely copier's compose file matches scaffold's, ports aside: the peer is checked."""
    ours: dict[str, Any] = yaml.safe_load(scaffold_file.read_text(encoding="utf-8"))["services"]
    theirs: dict[str, Any] = yaml.safe_load(copier_file.read_text(encoding="utf-8"))["services"]
    for spec in (*ours.values(), *theirs.values()):
        spec.pop("ports", None)
    same = sum(1 for name, spec in ours.items() if theirs.get(name) == spec)
    keys = sum(1 for name, spec in ours.items()
               if name in theirs and set(theirs[name]) == set(spec))
    return (f"{same} of {len(ours)} service definitions identical, {keys} with the same keys; "
            f"{scaffold_file.stat().st_size:,} vs {copier_file.stat().st_size:,} bytes")


def snapshot(into: Path) -> Path:
    """A copy of scaffold's package and data, as they are now in the checkout."""
    for part in ("scaffold", "templates", "schemas"):
        shutil.copytree(ROOT / part, into / part, ignore=shutil.ignore_patterns("__pycache__"))
    return into


def same(argv: list[str]) -> Callable[[int], list[str]]:
    """The same command line for every run."""
    return lambda _n: argv


def revision() -> str:
    """The checkout's commit, and whether it had uncommitted changes when measured."""
    return tool_version(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])


def load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"only {', '.join(map(str, QUICK_SIZES))} services, 3 rounds")
    parser.add_argument("--sizes", type=lambda text: tuple(int(n) for n in text.split(",")),
                        help="stack sizes to measure, e.g. 10,1000 (default 10,100,500,1000,5000)")
    parser.add_argument("--repeat", type=int, help="rounds per figure (default 7, quick: 3)")
    parser.add_argument("--out", type=Path,
                        help="where to write the report (default bench/results.md; quick: nowhere)")
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    repeat = args.repeat or (3 if args.quick else 7)
    out = args.out or (None if args.quick else ROOT / "bench" / "results.md")
    tools = Tools.beside(sys.executable)
    with tempfile.TemporaryDirectory(prefix="scaffold-bench-") as scratch:
        try:
            bench = Bench(Path(scratch), tools, sizes, repeat, args.quick)
            results = bench.run()
            checked = targets(results)
            for target in checked:
                if target.passed is False and target.probe and target.probe[1] in (0, *sizes):
                    progress(f"profiling: {target.name}")
                    bench.explain(target.name, *target.probe)
        except (BenchError, OSError) as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
    report = markdown(results, checked)
    print(report, end="")
    if out:
        out.write_text(report, encoding="utf-8")
        progress(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
