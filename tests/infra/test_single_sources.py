"""One place per rule: a name, a value or a module is written once, and the others import it.

Each test reads the source with `ast` (nothing is imported) and fails when a second copy of
something that has one source creeps back, naming the file and line of the copy.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from functions.domain import form_reader, scoring
from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES
from tests.infra.import_graph import ROOT, python_files

# First-party source outside the tests (the tests may spell values out as data).
SOURCE_PACKAGES = (
    "functions", "admin", "devstack", "deploy", "plugins", "sitebuild", "scripts", "bench",
)  # fmt: skip


def source_files() -> Iterator[Path]:
    for package in SOURCE_PACKAGES:
        yield from python_files(ROOT, package)
    yield from (ROOT / name for name in ("pelicanconf.py", "publishconf.py"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def string_literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, value) of every string constant in the file, docstrings included."""
    for node in ast.walk(tree_of(path)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def module_string_constants(path: Path) -> dict[str, str]:
    """NAME -> value of the module-level `NAME = "text"` (and `A, B = "a", "b"`) assignments."""
    found: dict[str, str] = {}
    for node in tree_of(path).body:
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            pairs = (
                zip(target.elts, node.value.elts, strict=False)
                if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                else [(target, node.value)]
            )
            for name, value in pairs:
                if (
                    isinstance(name, ast.Name)
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    found[name.id] = value.value
    return found


def keyed_values(path: Path) -> Iterator[tuple[int, str, object]]:
    """(line, key, value) of every `{"key": constant}` entry and `key=constant` argument."""
    for node in ast.walk(tree_of(path)):
        if isinstance(node, ast.Dict):
            pairs = [
                (key.value, value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            ]
        elif isinstance(node, ast.Call):
            pairs = [(keyword.arg, keyword.value) for keyword in node.keywords if keyword.arg]
        else:
            continue
        for key, value in pairs:
            if isinstance(value, ast.Constant):
                yield node.lineno, key, value.value


def copies_of(values: set[str], allowed: set[str]) -> list[str]:
    """ "file:line: 'value'" for each string literal equal to one of `values` outside `allowed`."""
    return [
        f"{relative(path)}:{line}: {value!r}"
        for path in source_files()
        if relative(path) not in allowed
        for line, value in string_literals(path)
        if value in values
    ]


def test_every_class_in_functions_has_a_name_of_its_own() -> None:
    """One name per concept: the domain's DraftChanged is not also a storage exception's name
    (storage says VersionConflict), and no other class name is defined twice in functions/."""
    defined: dict[str, list[str]] = {}
    for path in python_files(ROOT, "functions"):
        for node in tree_of(path).body:
            if isinstance(node, ast.ClassDef):
                defined.setdefault(node.name, []).append(f"{relative(path)}:{node.lineno}")
    twice = {name: places for name, places in defined.items() if len(places) > 1}
    assert not twice, f"class names defined more than once in functions/: {twice}"


def test_scoring_rules_are_named_in_the_scoring_module_only() -> None:
    """The form reader accepts exactly the rules scoring.py computes: it imports their names."""
    assert form_reader.DOMAIN_RULES is scoring.DOMAIN_RULES
    assert form_reader.OVERALL_RULES is scoring.OVERALL_RULES
    rules = {*scoring.DOMAIN_RULES, *scoring.OVERALL_RULES}
    copies = copies_of(rules, {"functions/domain/scoring.py"})
    assert not copies, "scoring rule names written outside functions/domain/scoring.py:\n" + (
        "\n".join(copies)
    )


def test_the_local_stacks_names_are_written_in_local_defaults_only() -> None:
    """devstack/, admin/, the bench and the tests all take the local stack's table names and
    credentials from functions/local_defaults.py."""
    table_names = set(LOCAL_TABLE_NAMES.values())
    copies = copies_of(table_names, {"functions/local_defaults.py"})
    assert not copies, "local table names written outside functions/local_defaults.py:\n" + (
        "\n".join(copies)
    )
    credentials = [
        f"{relative(path)}:{line}: {key}"
        for path in source_files()
        if relative(path) != "functions/local_defaults.py"
        for line, key, value in keyed_values(path)
        if key in ("aws_access_key_id", "aws_secret_access_key") and value == LOCAL_CREDENTIALS[key]
    ]
    assert not credentials, "local credentials written outside functions/local_defaults.py:\n" + (
        "\n".join(credentials)
    )


def test_handlers_take_their_constants_from_the_use_cases_and_the_domain() -> None:
    """A form id or a token purpose a handler needs is imported from its use case (or the
    domain), never written again in the handler."""
    owned: dict[str, str] = {}
    for layer in ("functions/usecases", "functions/domain"):
        for path in python_files(ROOT, layer):
            for name, value in module_string_constants(path).items():
                owned.setdefault(value, f"{relative(path)} ({name})")
    repeated = [
        f"{relative(path)}: {name} = {value!r} is already {owned[value]}"
        for path in python_files(ROOT, "functions/handlers")
        for name, value in module_string_constants(path).items()
        if value in owned
    ]
    assert not repeated, "\n".join(repeated)


def test_one_module_is_the_outbox_and_no_package_of_functions_is_called_pages() -> None:
    """`outbox` is the DynamoDB table of mail to send (functions/storage/outbox.py): the local
    .eml mailer, the dev server's watcher and the tests' reader have names of their own; and
    `pages` is the site's content (content/pages/), the API renders with functions/rendering/."""
    outboxes = sorted(
        relative(path)
        for path in python_files(ROOT)
        if path.stem == "outbox" or path.stem == "test_outbox"
    )
    assert outboxes == ["functions/storage/outbox.py"]
    assert not (ROOT / "functions" / "pages").exists()


# Called by name from outside the Python source: Pelican, Markdown, Lambda, argparse entry points.
CALLED_FROM_OUTSIDE = {"register", "makeExtension", "lambda_handler", "main"}
# Where a name may be used without being a Python identifier there.
NAMES_ALSO_USED_IN = ("*.html", "*.yaml", "*.yml", "*.cfg", "Makefile")


def is_route(decorator: ast.expr) -> bool:
    return (
        isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr == "route"
    )


def test_no_module_level_function_or_class_is_left_unused() -> None:
    """Dead code goes: every function and class defined at module level in the source is named
    somewhere else (source, tests, templates, template.yaml). Route handlers are reached
    through their decorator (`@app.route(...)`), so they count as used."""
    words: dict[str, int] = {}
    texts = [path.read_text(encoding="utf-8") for path in python_files(ROOT)]
    for pattern in NAMES_ALSO_USED_IN:
        for folder in (ROOT, ROOT / "theme", ROOT / "functions"):
            texts += [path.read_text(encoding="utf-8") for path in folder.glob(pattern)]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "theme").rglob("*.html")]
    for text in texts:
        for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
            words[word] = words.get(word, 0) + 1
    unused = [
        f"{relative(path)}:{node.lineno}: {node.name}"
        for path in source_files()
        for node in tree_of(path).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and not any(is_route(decorator) for decorator in node.decorator_list)
        and node.name not in CALLED_FROM_OUTSIDE
        and words.get(node.name, 0) <= 1
    ]
    assert not unused, "defined and never used:\n" + "\n".join(unused)
