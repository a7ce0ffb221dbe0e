"""Which top-level package may import which: read from the source, without importing it.

- deploy/ publishes the site, so it must not need the dev server (devstack/);
- sitebuild/ is shared by `make serve` and publishing, so it imports neither of them;
- functions/ ships alone in the Lambda package: nothing else of the repository is there
  (functions/admin/, staff tooling run from the repository, is left out of the package and
  of this rule);
- plugins/ run inside Pelican, locally and for production: no dev server, no deploying.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.stage_lambda import EXCLUDED

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN = {
    "deploy": {"devstack"},
    "sitebuild": {"devstack", "deploy"},
    "functions": {"devstack", "deploy", "plugins", "sitebuild"},
    "plugins": {"devstack", "deploy"},
}


def python_files(root: Path, layer: str) -> Iterator[Path]:
    """The layer's modules; for functions/, only those the Lambda package ships."""
    for folder, subfolders, names in os.walk(root / layer):
        ignored = EXCLUDED(folder, [*subfolders, *names]) if layer == "functions" else set()
        subfolders[:] = sorted(name for name in subfolders if name not in ignored)
        for name in sorted(names):
            if name.endswith(".py") and name not in ignored:
                yield Path(folder, name)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's own package
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            found.append((node.lineno, name))
    return sorted(found)


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
    assert any(python_files(ROOT, layer)), f"no Python files under {layer}/"
    violations = layer_violations(layer, forbidden)
    assert not violations, (
        f"{layer}/ must not import {', '.join(sorted(forbidden))}:\n" + "\n".join(violations)
    )


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


def test_the_functions_scan_covers_what_the_lambda_package_ships(tmp_path: Path) -> None:
    write(tmp_path / "functions" / "handlers" / "bad.py", "from plugins.urls import site_origin\n")
    write(tmp_path / "functions" / "admin" / "cli.py", "from deploy.stack_outputs import require\n")
    forbidden = FORBIDDEN["functions"]
    assert layer_violations("functions", forbidden, tmp_path) == [
        "functions/handlers/bad.py:1: imports plugins.urls"
    ]
