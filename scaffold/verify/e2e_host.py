"""The browser check on this machine: Chromium and npm found, the app's test dependencies
installed, `npm run test:e2e` run against the stack's published ports, its report read."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from scaffold.errors import EnvironmentProblem, InputError
from scaffold.verify import e2e
from scaffold.verify.e2e import Planned, Target
from scaffold.verify.outcomes import CaseResult, Flow

INSTALL_TIMEOUT = 900  # seconds `npm install` may take
RUNNER = "node_modules/@playwright/test"  # what a folder needs installed to run its check


def browser() -> str:
    """The Chromium to drive, or exit 2 naming what is missing."""
    path = e2e.chromium(os.environ)
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise EnvironmentProblem(
            f"--e2e drives Chromium, and {path} is missing: install Debian's chromium package "
            f"(apt-get install chromium; scripts/bootstrap.sh does) or set "
            f"{e2e.CHROMIUM_VARIABLE} to a Chromium executable")
    return path


def npm() -> str:
    found = shutil.which("npm")
    if found is None or shutil.which("node") is None:
        raise EnvironmentProblem("--e2e runs the browser check with Node.js, and node or npm is "
                                 "missing: install Debian's nodejs and npm packages")
    return found


def prepare(directory: Path, checks: Sequence[Planned], npm_path: str) -> None:
    """Each app's test dependencies, installed once (npm ci with a lockfile, else npm install
    leaving no lockfile behind); exit 2 when an app has no browser check or npm fails."""
    for check in checks:
        folder = directory / check.folder
        scripts = _scripts(folder / "package.json")
        if "test:e2e" not in scripts:
            raise InputError(f"--e2e: {folder / 'package.json'} has no `test:e2e` script; "
                             f"scaffold {check.service}'s code anew to get the browser check")
        if (folder / RUNNER).is_dir():
            continue
        locked = (folder / "package-lock.json").is_file()
        command = [npm_path, "ci" if locked else "install", "--no-audit", "--no-fund",
                   "--loglevel=error", *([] if locked else ["--no-package-lock"])]
        _install(folder, command)


def _scripts(package_json: Path) -> dict[str, object]:
    try:
        data = json.loads(package_json.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"--e2e: cannot read {package_json}: {exc}") from None
    scripts = data.get("scripts") if isinstance(data, dict) else None
    return scripts if isinstance(scripts, dict) else {}


def _install(folder: Path, command: list[str]) -> None:
    from scaffold import console

    console.out(f"installing {folder.name}'s test dependencies ({' '.join(command[1:2])})")
    env = {**os.environ, "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    try:
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                              timeout=INSTALL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise EnvironmentProblem(f"--e2e: npm did not install {folder}'s dependencies within "
                                 f"{INSTALL_TIMEOUT}s") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise EnvironmentProblem(f"--e2e: npm could not install {folder}'s dependencies: "
                                 f"{said[-1] if said else f'exit code {done.returncode}'}")


def run(target: Target, npm_path: str, chromium: str) -> tuple[list[CaseResult], list[Flow]]:
    """`npm run test:e2e` against the running stack, its JSON report read back."""
    with tempfile.TemporaryDirectory(prefix="scaffold-e2e-") as scratch:
        env = {**os.environ, **e2e.environment(target, chromium, scratch)}
        code, said = _bounded(e2e.command(npm_path), Path(target.folder), env, e2e.HARD_TIMEOUT)
        if code is None:
            return [e2e.unanswered(target, f"the browser check did not finish within "
                                           f"{e2e.HARD_TIMEOUT}s; stopped")], []
        report = Path(scratch) / e2e.REPORT
        if not report.is_file():
            lines = said.strip().splitlines()
            why = lines[-1] if lines else f"exit code {code}"
            return [e2e.unanswered(target, f"the browser check wrote no report: {why}")], []
        return e2e.results(target, report.read_text(encoding="utf-8", errors="replace"))


def _bounded(command: list[str], cwd: Path, env: dict[str, str],
             seconds: float) -> tuple[int | None, str]:
    """Run to the end, or stop the whole process group (npm, node, Chromium) after `seconds`:
    (exit code or None, what it printed)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            code: int | None = process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            if process.poll() is None or code is None:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.seek(0)
        return code, log.read()
