"""An imported healthcheck in the manifest's words: the preset's own check (only its timing
kept), an HTTP probe scaffold writes itself (`http:` and `tool:`), or a shell command."""

from __future__ import annotations

import re
import shlex
from typing import Any

from scaffold.manifest.catalog import Preset, fill
from scaffold.manifest.presets import http_probe

_URL = re.compile(r"http://127\.0\.0\.1:([0-9]+)(/[A-Za-z0-9._~/-]*)")
_TIMING = (("interval", "10s"), ("timeout", "5s"), ("start_period", "10s"))


def healthcheck(check: dict[str, Any], preset: Preset | None, values: dict[str, str],
                seconds: Any) -> dict[str, Any] | bool:
    """The manifest's `healthcheck` for a compose one; `values` fill the preset's placeholders."""
    test = [str(word) for word in check.get("test") or []]
    if check.get("disable") or not test or test[0] == "NONE":
        return False
    out: dict[str, Any] = {}
    if not (preset is not None and preset.health and test == _preset_test(preset, values)):
        out.update(_probe(test) or {"command": _command(test)})
    for key, _default in _TIMING:
        if isinstance(check.get(key), str) and (duration := seconds(check[key])):
            out[key] = duration
    if isinstance(check.get("retries"), int) and check["retries"] >= 1:
        out["retries"] = check["retries"]
    return out


def _preset_test(preset: Preset, values: dict[str, str]) -> list[str]:
    try:
        return [fill(word, values, lambda _name: "") for word in preset.health]
    except KeyError:
        return []


def _probe(test: list[str]) -> dict[str, Any] | None:
    """`{http, tool}` when the test is the very probe scaffold would write for that path."""
    found = _URL.search(" ".join(test))
    if found is None:
        return None
    for tool in ("python", "node", "wget", "curl"):
        if list(http_probe(tool, int(found[1]), found[2])) == test:
            return {"http": found[2], "tool": tool}
    return None


def _command(test: list[str]) -> str:
    if test[0] == "CMD-SHELL":
        return test[1] if len(test) > 1 else ""
    return shlex.join(test[1:] if test[0] == "CMD" else test)
