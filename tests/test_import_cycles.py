"""No import cycles among sweetspot modules, counting the imports inside functions.

A function-level import hides a cycle from Python (the module is loaded by the time the function
runs) but not from the design: two modules that need each other are one module in two files.
Imports under `if TYPE_CHECKING:` never run and are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sweetspot"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(
    tree: ast.AST, type_checking: bool = False
) -> Iterable[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth, except (unless `type_checking`) those under
    `if TYPE_CHECKING:`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        if not type_checking and isinstance(node, ast.If) and _type_checking_only(node):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))


def imports_of(
    name: str, path: Path, modules: dict[str, Path], type_checking: bool = False
) -> set[str]:
    """The sweetspot modules `name` imports, anywhere in its source (with `type_checking`,
    also those it names for the type checker only)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in _import_nodes(tree, type_checking):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` imports the submodule when there is one.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names
            ]
        for target in targets:
            # `import a.b.c` also runs a and a.b: count the deepest one that is ours.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(type_checking: bool = False) -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules, type_checking) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]], prefix: str) -> list[list[str]]:
    """The strongly connected groups (more than one module) among modules under `prefix`,
    each as one cycle through it, e.g. [a, b, a]."""
    nodes = sorted(n for n in graph if n == prefix or n.startswith(prefix + "."))
    inside = {n: sorted(m for m in graph[n] if m in nodes) for n in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan; the package has tens of modules, recursion is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in inside[v]:
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in nodes:
        if v not in index:
            connect(v)
    return [_one_cycle(group, inside) for group in sorted(groups)]


def _one_cycle(group: list[str], edges: dict[str, list[str]]) -> list[str]:
    """A shortest cycle through the group's first module, for a readable failure."""
    start = group[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in edges[v]:
            if w == start:
                return [*paths[v], start]
            if w in group and w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return group  # pragma: no cover - a strongly connected group always has one


def _explain(found: list[list[str]]) -> str:
    return "import cycles:\n" + "\n".join("  " + " -> ".join(c) for c in found)


def test_the_checker_finds_function_level_cycles(tmp_path: Path) -> None:
    graph = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}, "q": {"p.a"}}
    assert cycles(graph, "p") == [["p.a", "p.b", "p.c", "p.a"]]
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from sweetspot.core import model\n"
        "def f():\n    from sweetspot.core.scoring import score\n    import sweetspot.core.values\n"
        "from . import atomic\n",
        encoding="utf-8",
    )
    modules = all_modules()
    assert imports_of("sweetspot.core.m", source, modules) == {
        "sweetspot.core.scoring",
        "sweetspot.core.values",
        "sweetspot.core.atomic",
    }


def test_no_import_cycles_in_core_or_cli() -> None:
    graph = import_graph()
    found = [
        c for c in cycles(graph, "sweetspot") if not any(m.startswith("sweetspot.ui") for m in c)
    ]
    assert not found, _explain(found)


def test_no_import_cycles_in_ui() -> None:
    found = cycles(import_graph(), "sweetspot.ui")
    assert not found, _explain(found)


# The window's own parts, split out of it, name the window's type for mypy (never at run
# time); everything else gets its collaborators handed over (votes, suggestions, commands).
WINDOW_PARTS = {"file_controller", "presentation", "window_actions"}


def test_only_the_windows_parts_name_it_for_the_type_checker() -> None:
    graph = import_graph(type_checking=True)
    found = cycles(graph, "sweetspot")
    window = "sweetspot.ui.main_window"
    assert [c for c in found if window not in c] == [], _explain(found)
    naming_window = {m.rpartition(".")[2] for m, deps in graph.items() if window in deps}
    assert naming_window - {"app"} == WINDOW_PARTS


if __name__ == "__main__":  # a quick listing: python tests/test_import_cycles.py
    graph = import_graph()
    for cycle in cycles(graph, "sweetspot"):
        print(" -> ".join(cycle))
