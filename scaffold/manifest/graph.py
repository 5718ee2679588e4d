"""The depends_on graph: cycles, startup layers, and a Mermaid picture of it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


def find_cycle(edges: Mapping[str, Sequence[str]]) -> list[str]:
    """One dependency cycle as `[a, b, a]`, or `[]`. Deterministic: nodes are visited in sorted order.

    Iterative, like `layers`: a chain of ten thousand services is a manifest, not a stack overflow.
    """
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in sorted(edges):
        if root in state:
            continue
        path: list[str] = [root]
        todo: list[Iterator[str]] = [iter(sorted(edges.get(root, ())))]
        state[root] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(sorted(edges.get(nxt, ()))))
    return []


def layers(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Startup layers: layer 1 depends on nothing, layer N only on earlier layers.

    Seed 003's "Layer 1: databases ... Layer 4: gateway". Assumes no cycle.
    """
    depth: dict[str, int] = {}
    for root in edges:
        stack = [root]
        while stack:
            node = stack[-1]
            if node in depth:
                stack.pop()
                continue
            waiting = [d for d in edges.get(node, ()) if d not in depth]
            if waiting:
                stack.extend(waiting)
            else:
                depth[node] = 1 + max((depth[d] for d in edges.get(node, ())), default=0)
                stack.pop()
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
