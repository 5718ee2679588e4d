"""The depends_on graph: cycles, startup layers, and a Mermaid picture of it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """One dependency cycle as `[a, b, a]`, or `[]`. Deterministic: nodes are visited in sorted order."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def layers(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Startup layers: layer 1 depends on nothing, layer N only on earlier layers.

    Seed 003's "Layer 1: databases ... Layer 4: gateway". Assumes no cycle.
    """
    depth: dict[str, int] = {}

    def level(node: str) -> int:
        if node not in depth:
            deps = edges.get(node, ())
            depth[node] = 1 + max((level(d) for d in deps), default=0)
        return depth[node]

    for node in edges:
        level(node)
    out: list[list[str]] = [[] for _ in range(max(depth.values(), default=0))]
    for node in edges:  # keeps the manifest's order inside a layer
        out[depth[node] - 1].append(node)
    return out


def mermaid(edges: Mapping[str, Sequence[str]], labels: Mapping[str, str]) -> str:
    """A Mermaid flowchart: an arrow from each dependency to the service that needs it."""
    lines = ["graph LR"]
    for node in edges:
        lines.append(f'  {_id(node)}["{node} ({labels.get(node, "")})"]')
    for node, deps in edges.items():
        for dep in deps:
            lines.append(f"  {_id(dep)} --> {_id(node)}")
    return "\n".join(lines) + "\n"


def _id(name: str) -> str:
    return name.replace("-", "_")
