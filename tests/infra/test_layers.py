"""Which top-level package may import which, and no import cycles: read from the source with
`ast` (tests/infra/import_graph.py), without importing anything.

- functions/ ships alone in the Lambda package: nothing else of the repository is there, so
  it imports nothing of it (every module of functions/ is shipped: no exception);
- admin/, the staff CLI run from the repository, works through functions/ (use cases and
  storage adapters): not through the deploying, the dev server, the helper scripts or the
  site build (it reads the stack's outputs itself: admin/stack.py);
- deploy/ publishes the site and packages the Lambda: no dev server, no helper scripts
  (scripts/ may use deploy/, not the other way round), no staff tools;
- sitebuild/ is shared by `make serve` and publishing, so it imports neither of them;
- plugins/ run inside Pelican, locally and for production: no dev server, no deploying.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.infra.import_graph import ROOT, cycles, import_graph, imported_modules, python_files

FORBIDDEN = {
    "functions": {"admin", "deploy", "devstack", "scripts", "plugins", "sitebuild"},
    "admin": {"deploy", "devstack", "scripts", "plugins", "sitebuild"},
    "deploy": {"devstack", "scripts", "admin"},
    "sitebuild": {"devstack", "deploy"},
    "plugins": {"devstack", "deploy"},
}


def layer_violations(layer: str, forbidden: set[str], root: Path = ROOT) -> list[str]:
    """ "file:line: imports module" for each import of a forbidden package under root/layer."""
    violations = []
    for path in python_files(root, layer):
        for line, name in imported_modules(path, root):
            if name.split(".")[0] in forbidden:
                violations.append(f"{path.relative_to(root)}:{line}: imports {name}")
    return violations


@pytest.mark.parametrize(("layer", "forbidden"), sorted(FORBIDDEN.items()))
def test_layer_imports_only_what_it_may(layer: str, forbidden: set[str]) -> None:
    """Each layer's modules import none of the packages it must not depend on."""
    assert any(python_files(ROOT, layer)), f"no Python files under {layer}/"
    violations = layer_violations(layer, forbidden)
    assert not violations, (
        f"{layer}/ must not import {', '.join(sorted(forbidden))}:\n" + "\n".join(violations)
    )


def test_no_import_cycles_in_the_repository() -> None:
    """No group of first-party modules imports itself round (lazy imports count too)."""
    graph = import_graph()
    assert {"functions.config", "tests.infra.test_layers"} <= graph.keys()
    found = cycles(graph)
    assert not found, "import cycles (each a list of modules):\n" + "\n".join(map(str, found))


def write(path: Path, text: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_scan_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The scanner itself: plain, from and lazy (inside a function) imports are seen; relative
    ones stay in their own package."""
    write(tmp_path / "deploy" / "__init__.py")
    write(tmp_path / "deploy" / "sub" / "__init__.py")
    write(
        tmp_path / "deploy" / "sub" / "bad.py",
        "import os\n"
        "import devstack.serve\n"
        "from devstack import sitebuild\n"
        "def later():\n"
        "    from devstack.server import start_server\n"
        "from .sibling import thing\n"
        "from .. import s3_sync\n",
    )
    assert layer_violations("deploy", {"devstack"}, tmp_path) == [
        "deploy/sub/bad.py:2: imports devstack.serve",
        "deploy/sub/bad.py:3: imports devstack",
        "deploy/sub/bad.py:5: imports devstack.server",
    ]


def test_nothing_under_functions_is_exempt(tmp_path: Path) -> None:
    """Staff code put back under functions/ would ship in the Lambda: its imports count."""
    # GIVEN a handler and a staff module under functions/, each importing what it must not
    write(tmp_path / "functions" / "handlers" / "bad.py", "from plugins.urls import site_origin\n")
    write(tmp_path / "functions" / "admin" / "cli.py", "from deploy.stack_outputs import require\n")
    # WHEN functions/ is scanned THEN both are reported
    assert layer_violations("functions", FORBIDDEN["functions"], tmp_path) == [
        "functions/admin/cli.py:1: imports deploy.stack_outputs",
        "functions/handlers/bad.py:1: imports plugins.urls",
    ]


def test_the_venvs_and_build_output_are_not_scanned(tmp_path: Path) -> None:
    """Only our sources: hidden folders, node_modules, caches and generated modules are not."""
    for folder in (".venv/lib", "node_modules/x", "cache", "theme/compiled", "admin/__pycache__"):
        write(tmp_path / folder / "mod.py", "import devstack\n")
    write(tmp_path / "admin" / "cli.py")
    assert [p.relative_to(tmp_path).as_posix() for p in python_files(tmp_path)] == ["admin/cli.py"]


def test_the_graph_points_at_modules_and_packages_of_ours(tmp_path: Path) -> None:
    """`from package import module` points at the module; a name defined in a package's
    __init__ at the package; third-party and standard-library imports are left out."""
    # GIVEN a package whose module imports siblings three ways, and the standard library
    write(tmp_path / "admin" / "__init__.py", "VERSION = 1\n")
    write(tmp_path / "admin" / "report.py")
    write(tmp_path / "admin" / "settle.py")
    write(
        tmp_path / "admin" / "cli.py",
        "import json\nfrom admin import report, VERSION\nfrom . import settle\nimport yaml\n",
    )
    # WHEN the graph is built THEN cli points at both modules and at the package (VERSION)
    graph = import_graph(tmp_path)
    assert graph["admin.cli"] == {"admin", "admin.report", "admin.settle"}
    assert graph["admin.report"] == set()


def test_a_cycle_is_reported_as_the_list_of_its_modules(tmp_path: Path) -> None:
    """The check finds a two-module cycle hidden in a lazy import, and a longer one."""
    # GIVEN cli and commands importing each other (one lazily), and a -> b -> c -> a
    write(tmp_path / "admin" / "__init__.py")
    write(tmp_path / "admin" / "cli.py", "def main():\n    from admin.commands import run\n")
    write(tmp_path / "admin" / "commands.py", "from admin.cli import parser\n")
    write(tmp_path / "admin" / "errors.py", "import admin.cli\n")  # into a cycle, not in it
    for name, imported in (("a", "b"), ("b", "c"), ("c", "a")):
        write(tmp_path / "loop" / f"{name}.py", f"from loop import {imported}\n")
    # WHEN the cycles are searched THEN each is one sorted list of modules, errors in none
    assert cycles(import_graph(tmp_path)) == [
        ["admin.cli", "admin.commands"],
        ["loop.a", "loop.b", "loop.c"],
    ]


def test_a_graph_without_cycles_has_none() -> None:
    """A chain and a diamond are no cycle; a module importing itself is ignored."""
    graph = {"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == []
