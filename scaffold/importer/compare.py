"""The original project against the one scaffold generates, service by service and field by
field: the same, improved on purpose (a port bound to 127.0.0.1, a healthcheck, a restart
policy, wiring added), or lost. Pure: both projects are normalised documents."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from scaffold.importer.fields import relative
from scaffold.importer.recognise import split_image
from scaffold.records import record

Status = Literal["same", "improved", "lost"]
SAME: Status = "same"
IMPROVED: Status = "improved"
LOST: Status = "lost"
FIELDS = ("image", "build", "command", "entrypoint", "environment", "volumes", "ports",
          "depends_on", "networks", "user", "working_dir", "cap_add", "labels", "restart")


Verdict = tuple[Status, str]


@record
class Row:
    """One field of one service: how it came through, and why when it did not come through the same."""

    service: str
    field: str
    status: Status
    detail: str = ""


@record
class Side:
    """One project and the folder its relative paths start from."""

    project: dict[str, Any]
    root: Path

    def service(self, name: str) -> dict[str, Any] | None:
        found = (self.project.get("services") or {}).get(name)
        return found if isinstance(found, dict) else None


def compare(original: Side, generated: Side, allocated: frozenset[tuple[str, int]]) -> list[Row]:
    rows = []
    for name in sorted(original.project.get("services") or {}):
        old, new = original.service(name), generated.service(name)
        if old is None:
            continue
        if new is None:
            rows.append(Row(name, "service", LOST, "not in the generated project"))
            continue
        for field in FIELDS:
            judge: Callable[..., Verdict] = _COMPARE.get(field, _plain)
            status, detail = judge(field, old, new, original, generated,
                                   {t for s, t in allocated if s == name})
            rows.append(Row(name, field, status, detail))
    return rows



def _plain(field: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    a, b = old.get(field) or None, new.get(field) or None
    return (SAME, "") if a == b else (LOST, f"{a!r} became {b!r}")


def _image(_f: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    if old.get("build"):
        return SAME, ""
    if split_image(str(old.get("image", ""))) == split_image(str(new.get("image", ""))):
        return SAME, ""
    return LOST, f"{old.get('image')} became {new.get('image')}"


def _build(_f: str, old: dict[str, Any], new: dict[str, Any], a: Side, b: Side, *_: Any) -> Verdict:
    x, y = old.get("build"), new.get("build")
    if not x:
        return (SAME, "") if not y else (LOST, "a build appeared")
    if not y:
        return LOST, "the build is gone"
    for key in ("dockerfile", "target", "args"):
        if (x.get(key) or None) != (y.get(key) or None):
            return LOST, f"build {key}: {x.get(key)!r} became {y.get(key)!r}"
    if relative(str(x.get("context")), a.root) != relative(str(y.get("context")), b.root):
        return LOST, f"build context {x.get('context')} moved"
    return SAME, ""


def _runs(field: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    a, b = old.get(field) or None, new.get(field) or None
    if a == b:
        return SAME, ""
    if a is None:
        return IMPROVED, f"the preset's {field} {' '.join(b or [])}"
    if b and b[:len(a)] == a:
        return IMPROVED, f"the preset adds {' '.join(b[len(a):])}"
    return LOST, f"{a!r} became {b!r}"


def _environment(_f: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    a = {k: v for k, v in (old.get("environment") or {}).items() if v is not None}
    b = new.get("environment") or {}
    lost = sorted(k for k in a if b.get(k) != a[k])
    if lost:
        return LOST, f"{', '.join(lost)} missing or changed"
    added = sorted(set(b) - set(a))
    return (IMPROVED, f"{', '.join(added)} added") if added else (SAME, "")


def _volumes(_f: str, old: dict[str, Any], new: dict[str, Any], a: Side, b: Side, *_: Any) -> Verdict:
    x = {v.get("target"): _mount(v, a.root) for v in old.get("volumes") or []}
    y = {v.get("target"): _mount(v, b.root) for v in new.get("volumes") or []}
    lost = sorted(str(t) for t in x if t not in y or (x[t] != y[t] and x[t][0] != "volume"))
    if lost:
        return LOST, f"{', '.join(lost)} missing or changed"
    renamed = sorted(f"{x[t][1]} -> {y[t][1]}" for t in x if x[t] != y[t])
    added = sorted(str(t) for t in y if t not in x)
    if renamed or added:
        return IMPROVED, "; ".join(p for p in (", ".join(renamed), ", ".join(added) and
                                               f"{', '.join(added)} added") if p)
    return SAME, ""


def _mount(v: dict[str, Any], root: Path) -> tuple[str, str, bool]:
    source = str(v.get("source") or "")
    if v.get("type") == "bind" and not relative(source, root).startswith(".."):
        source = relative(source, root)  # a host path outside the project stays absolute
    return str(v.get("type")), source, bool(v.get("read_only"))


def _ports(_f: str, old: dict[str, Any], new: dict[str, Any], _a: Side, _b: Side,
           allocated: set[int]) -> Verdict:
    y = {(p.get("target"), p.get("protocol", "tcp")): p for p in new.get("ports") or []}
    lost: list[str] = []
    better: list[str] = []
    for p in old.get("ports") or []:
        key = (p.get("target"), p.get("protocol", "tcp"))
        if key not in y:
            (better if key[0] in allocated else lost).append(f"{key[0]}/{key[1]}")
        elif str(p.get("published") or "") not in ("", str(y[key].get("published") or "")):
            lost.append(f"{key[0]}/{key[1]}")
        elif p.get("host_ip") != y[key].get("host_ip"):
            better.append(f"{key[0]}/{key[1]} on {y[key].get('host_ip')}")
    if lost:
        return LOST, f"{', '.join(lost)} missing or moved"
    return (IMPROVED, ", ".join(better)) if better else (SAME, "")


def _depends_on(_f: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    x, y = old.get("depends_on") or {}, new.get("depends_on") or {}
    lost = sorted(set(x) - set(y))
    if lost:
        return LOST, f"{', '.join(lost)} no longer waited for"
    changed = sorted(n for n in x if (x[n] or {}).get("condition") != (y[n] or {}).get("condition"))
    return (IMPROVED, f"{', '.join(changed)}: scaffold's condition") if changed else (SAME, "")


def _networks(_f: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    if sorted(old.get("networks") or {}) == sorted(new.get("networks") or {}):
        return SAME, ""
    return IMPROVED, f"{', '.join(sorted(old.get('networks') or {}))} -> the stack's one network"


def _restart(_f: str, old: dict[str, Any], new: dict[str, Any], *_: Any) -> Verdict:
    a, b = old.get("restart") or "no", new.get("restart") or "no"
    if a == b:
        return SAME, ""
    return (IMPROVED, f"restart: {b}") if a == "no" and not old.get("restart") else (LOST, f"{a} became {b}")


_COMPARE: dict[str, Callable[..., Verdict]] = {
    "image": _image, "build": _build, "command": _runs, "entrypoint": _runs,
    "environment": _environment, "volumes": _volumes, "ports": _ports,
    "depends_on": _depends_on, "networks": _networks, "restart": _restart,
}


def table(rows: list[Row]) -> list[str]:
    """Per service: how many fields came through the same, which improved, which were lost."""
    out = [f"{'service':<20} {'same':>4}  {'improved on purpose':<36} lost"]
    for name in sorted({r.service for r in rows}):
        mine = [r for r in rows if r.service == name]
        same = sum(r.status == SAME for r in mine)
        better = ", ".join(r.field for r in mine if r.status == IMPROVED) or "-"
        lost = ", ".join(r.field for r in mine if r.status == LOST) or "-"
        out.append(f"{name:<20} {same:>4}  {better:<36} {lost}")
    out += [f"  {r.service}.{r.field}: {r.status}: {r.detail}" for r in rows
            if r.status != SAME and r.detail]
    return out
