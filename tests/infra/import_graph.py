"""The repository's own import graph, read from the source with `ast` (nothing is imported).

tests/infra/test_layers.py checks it: which top-level package may import which, and that no
group of modules imports itself round in a circle.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Folders that hold no source of ours: tooling, build output, generated modules.
NOT_SOURCE = {"node_modules", "output", "var", "cache", "__pycache__"}
GENERATED = {"theme/compiled"}  # precompiled templates (deploy/stage_lambda.py writes them)


def python_files(root: Path, under: str = "") -> Iterator[Path]:
    """Every source module below root/under, in a stable order (hidden folders, such as the
    venvs, and NOT_SOURCE left out)."""
    for folder, subfolders, names in os.walk(root / under):
        here = Path(folder).relative_to(root)
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in NOT_SOURCE
            and (here / name).as_posix() not in GENERATED
        )
        for name in sorted(names):
            if name.endswith(".py"):
                yield Path(folder, name)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_of(path: Path, root: Path) -> list[str]:
    package = module_name(path, root).split(".")
    return package if path.name == "__init__.py" else package[:-1]


def imports(path: Path, root: Path) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line, absolute module name, names taken from it) of every import in the file, lazy
    ones (inside a function, under TYPE_CHECKING) included; `import a.b` takes no names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's own package
                package = _package_of(path, root)
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            found.append((node.lineno, name, tuple(alias.name for alias in node.names)))
    return sorted(found)


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file."""
    return [(line, name) for line, name, _names in imports(path, root)]


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Each first-party module and the first-party modules it imports.

    `from package import name` points at package.name when that is a module of ours, else at
    the package; third-party and standard-library imports are left out."""
    files = {module_name(path, root): path for path in python_files(root)}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for _line, name, names in imports(path, root):
            submodules = {f"{name}.{each}" for each in names} & files.keys()
            targets |= submodules
            # A name that is no submodule comes from the module itself (as `import a.b` does).
            if name in files and len(submodules) < max(len(names), 1):
                targets.add(name)
        targets.discard(module)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected components of more than one module (Tarjan's search,
    without recursion), each sorted, in a stable order: every import cycle lies inside one."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = lowest[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            successor = next(successors, None)
            if successor is not None:
                if successor not in index:
                    index[successor] = lowest[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                elif successor in on_stack:
                    lowest[node] = min(lowest[node], index[successor])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                lowest[parent] = min(lowest[parent], lowest[node])
            if lowest[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)
