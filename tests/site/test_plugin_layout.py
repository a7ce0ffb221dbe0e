"""plugins/ holds Pelican plugins only; what they share sits in plugins/support/.

Read with `ast`, nothing imported: a module directly under plugins/ connects to Pelican with
`register()`, a module of plugins/support/ registers nothing, and pelicanconf.py's PLUGINS
names exactly the modules directly under plugins/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pelicanconf

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
SUPPORT = PLUGINS / "support"


def modules(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob("*.py") if path.name != "__init__.py")


def defines_register(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return any(isinstance(node, ast.FunctionDef) and node.name == "register" for node in tree.body)


def test_every_module_directly_under_plugins_is_a_plugin() -> None:
    """Every module directly under plugins/ defines register()."""
    assert modules(PLUGINS)
    helpers = [path.name for path in modules(PLUGINS) if not defines_register(path)]
    assert not helpers, f"no register(): move them to plugins/support/: {helpers}"


def test_no_module_of_plugins_support_registers() -> None:
    """No module of plugins/support/ defines register()."""
    assert modules(SUPPORT)
    plugins = [path.name for path in modules(SUPPORT) if defines_register(path)]
    assert not plugins, f"register() in plugins/support/: move them to plugins/: {plugins}"


def test_pelicanconf_loads_every_plugin() -> None:
    """pelicanconf.PLUGINS names exactly the modules directly under plugins/."""
    assert sorted(pelicanconf.PLUGINS) == sorted(
        f"plugins.{path.stem}" for path in modules(PLUGINS)
    )
