"""The import layering of scaffold/: every import goes down the layers or sideways, and no import cycle.

Every import counts: module level, inside functions, under `if TYPE_CHECKING:`, relative ones
resolved, and `from scaffold.x import y` counts as importing the submodule `scaffold.x.y` when there
is one. The same checker runs on small planted trees below, so a failure here is known to be real.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT

# Highest first. A module may import its own layer or a lower one; a subpackage is one layer.
# `scaffold/__init__.py` holds only `__version__` and runs before every submodule, so it stays a
# leaf in the base layer; `__main__` is the entry point above everything.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    ("cli",),
    ("commands",),
    ("newproject", "verify", "importer"),
    ("output",),
    ("targets", "ports"),
    ("conventions",),
    ("manifest",),
    ("errors", "resources", "fs", "console", "records", "_records", "recordcompile", "patterns", "__init__"),
)
ORDER = " > ".join(", ".join(layer) for layer in LAYERS)


@dataclass(frozen=True)
class Edge:
    """One import of one package module by another, where it is written."""

    source: str
    target: str
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Graph:
    """The package's modules (name -> file relative to the root) and every import between them."""

    package: str
    modules: dict[str, str]
    edges: list[Edge]


def module_name(package_dir: Path, path: Path, package: str) -> str:
    parts = list(path.relative_to(package_dir).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([package, *parts])


def read_graph(root: Path, package: str) -> Graph:
    """Every `*.py` under root/package and the imports between them."""
    package_dir = root / package
    files = {module_name(package_dir, p, package): p for p in sorted(package_dir.rglob("*.py"))}
    edges: list[Edge] = []
    for name, path in files.items():
        for target, line in imported(name, path, set(files)):
            if target != name:
                edges.append(Edge(name, target, path.relative_to(root).as_posix(), line))
    return Graph(package, {n: p.relative_to(root).as_posix() for n, p in files.items()}, edges)


def imported(name: str, path: Path, known: set[str]) -> list[tuple[str, int]]:
    """(module, line) for each import in the file of a module in `known`, at any depth of the tree."""
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(t, node.lineno) for a in node.names if (t := nearest(a.name, known))]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(here[: len(here) - node.level + 1] if node.level else [])
            base = ".".join(p for p in (base, node.module or "") if p)
            for alias in node.names:
                # `from pkg import sub` imports the submodule when there is one, else a name of pkg
                target = f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else nearest(base, known)
                if target:
                    found.append((target, node.lineno))
    return found


def nearest(dotted: str, known: set[str]) -> str | None:
    """The module itself, or its closest enclosing package that is one of ours."""
    parts = dotted.split(".")
    while parts and ".".join(parts) not in known:
        parts.pop()
    return ".".join(parts) or None


def layer_key(graph: Graph, module: str) -> str:
    """The name under the package that decides the layer: `cli`, `manifest`, `__init__`, ..."""
    rest = module.removeprefix(graph.package).lstrip(".")
    return rest.split(".")[0] if rest else "__init__"


def layer_index(key: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if key in layer), None)


def unplaced(graph: Graph) -> list[str]:
    """One line for each top-level module or subpackage that no layer names, at its first file."""
    first: dict[str, str] = {}
    for module, file in sorted(graph.modules.items(), key=lambda item: item[1]):
        if layer_index(key := layer_key(graph, module)) is None:
            first.setdefault(key, file)
    return [f"{file}: {graph.package}/{key} is in no layer: place it in the layer table LAYERS in "
            f"tests/test_layers.py ({ORDER})" for key, file in sorted(first.items())]


def upward(graph: Graph) -> list[str]:
    problems = []
    for e in graph.edges:
        source, target = layer_key(graph, e.source), layer_key(graph, e.target)
        low, high = layer_index(source), layer_index(target)
        if low is not None and high is not None and high < low:
            problems.append(f"{e.where}: {e.source} imports {e.target}, which is in a higher layer: "
                            f"'{source}' may import only its own layer or lower ({ORDER})")
    return problems


def cycles(graph: Graph) -> list[str]:
    """Each shortest cycle through a module, once, as `a -> b -> a` with where each import is."""
    first: dict[tuple[str, str], Edge] = {}
    for e in sorted(graph.edges, key=lambda e: (e.file, e.line)):
        first.setdefault((e.source, e.target), e)
    found: dict[tuple[str, ...], str] = {}
    for start in sorted(graph.modules):
        loop = shortest_loop(start, first)
        if loop is None:
            continue
        turn = loop.index(min(loop))
        loop = loop[turn:] + loop[:turn]
        hops = [first[(a, b)] for a, b in zip(loop, loop[1:] + loop[:1], strict=True)]
        found.setdefault(tuple(loop), " -> ".join([*loop, loop[0]]) + " ("
                         + ", ".join(f"{h.where} imports {h.target}" for h in hops) + ")")
    return [f"import cycle: {text}" for text in found.values()]


def shortest_loop(start: str, edges: dict[tuple[str, str], Edge]) -> list[str] | None:
    """The modules on the shortest import path from start back to start, start first."""
    after: dict[str, list[str]] = {}
    for source, target in sorted(edges):
        after.setdefault(source, []).append(target)
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in after.get(node, []):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    return None


def problems(root: Path, package: str = "scaffold") -> list[str]:
    graph = read_graph(root, package)
    return unplaced(graph) + upward(graph) + cycles(graph)


# --- scaffold itself ---------------------------------------------------------------------------

def test_every_module_has_a_layer() -> None:
    found = unplaced(read_graph(ROOT, "scaffold"))
    assert not found, "\n".join(found)


def test_no_import_goes_up_the_layers() -> None:
    found = upward(read_graph(ROOT, "scaffold"))
    assert not found, "\n".join(found)


def test_no_import_cycle() -> None:
    found = cycles(read_graph(ROOT, "scaffold"))
    assert not found, "\n".join(found)


def test_the_checker_reads_the_real_tree() -> None:
    graph = read_graph(ROOT, "scaffold")
    assert {"scaffold.cli", "scaffold.manifest.model", "scaffold.verify.probes.probe"} <= set(graph.modules)
    assert any(e.source == "scaffold.__main__" and e.target == "scaffold.cli" for e in graph.edges)
    assert len(graph.edges) > 100


# --- planted trees: the checker finds what it is for ------------------------------------------

def plant(root: Path, files: dict[str, str]) -> Path:
    """A fake `scaffold` package under root: path -> source; `__init__.py` files are added."""
    for rel, text in {"scaffold/__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in path.relative_to(root).parents:
            if folder.parts:
                (root / folder / "__init__.py").touch()
        path.write_text(text, encoding="utf-8")
    return root


def test_a_clean_tree_passes(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "scaffold/cli.py": "from scaffold.commands import generate\n",
        "scaffold/commands/generate.py": "from scaffold.manifest import model\nfrom . import plan\n",
        "scaffold/commands/plan.py": "import scaffold.errors\n",
        "scaffold/manifest/model.py": "from ..errors import InputError\nimport os\n",
        "scaffold/errors.py": "from scaffold import __version__\n",
    })
    assert problems(root) == []


def test_a_planted_cycle_is_reported_with_its_path(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "scaffold/manifest/images.py": "def f() -> None:\n    from scaffold.manifest import build\n",
        "scaffold/manifest/build.py": "from .images import f\n",
        "scaffold/ports/host.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                  "    import scaffold.ports.registry\n",
        "scaffold/ports/registry.py": "from scaffold.ports.host import x\n",
    })
    assert problems(root) == [
        "import cycle: scaffold.manifest.build -> scaffold.manifest.images -> scaffold.manifest.build "
        "(scaffold/manifest/build.py:1 imports scaffold.manifest.images, "
        "scaffold/manifest/images.py:2 imports scaffold.manifest.build)",
        "import cycle: scaffold.ports.host -> scaffold.ports.registry -> scaffold.ports.host "
        "(scaffold/ports/host.py:3 imports scaffold.ports.registry, "
        "scaffold/ports/registry.py:1 imports scaffold.ports.host)",
    ]


def test_a_longer_cycle_across_layers_is_one_report(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "scaffold/errors.py": "import scaffold.resources\n",
        "scaffold/resources.py": "from scaffold import fs\n",
        "scaffold/fs.py": "from scaffold.errors import Problem\n",
    })
    assert cycles(read_graph(root, "scaffold")) == [
        "import cycle: scaffold.errors -> scaffold.resources -> scaffold.fs -> scaffold.errors "
        "(scaffold/errors.py:1 imports scaffold.resources, scaffold/resources.py:1 imports scaffold.fs, "
        "scaffold/fs.py:1 imports scaffold.errors)",
    ]


def test_a_planted_upward_import_is_reported_with_file_and_line(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "scaffold/cli.py": "",
        "scaffold/commands/ports.py": "import os\n\ndef done() -> None:\n    from ..cli import _done\n",
        "scaffold/targets/compose.py": "from scaffold.ports import assign\n",
        "scaffold/ports/assign.py": "from scaffold.output.writer import write\n",
        "scaffold/output/writer.py": "",
    })
    assert problems(root) == [
        f"scaffold/commands/ports.py:4: scaffold.commands.ports imports scaffold.cli, which is in a higher "
        f"layer: 'commands' may import only its own layer or lower ({ORDER})",
        f"scaffold/ports/assign.py:1: scaffold.ports.assign imports scaffold.output.writer, which is in a "
        f"higher layer: 'ports' may import only its own layer or lower ({ORDER})",
    ]


def test_importing_a_name_from_a_package_is_importing_its_init(tmp_path: Path) -> None:
    root = plant(tmp_path, {
        "scaffold/manifest/__init__.py": "from scaffold.conventions import HEALTH\n",
        "scaffold/conventions.py": "HEALTH = '/health'\n",
    })
    assert [p.split(":")[0:2] for p in problems(root)] == [["scaffold/manifest/__init__.py", "1"]]


def test_a_module_outside_the_table_must_be_placed(tmp_path: Path) -> None:
    root = plant(tmp_path, {"scaffold/helpers.py": "", "scaffold/migrator/read.py": "from scaffold import cli\n",
                            "scaffold/cli.py": ""})
    assert problems(root) == [
        f"scaffold/helpers.py: scaffold/helpers is in no layer: place it in the layer table LAYERS in "
        f"tests/test_layers.py ({ORDER})",
        f"scaffold/migrator/__init__.py: scaffold/migrator is in no layer: place it in the layer table LAYERS in "
        f"tests/test_layers.py ({ORDER})",
    ]
