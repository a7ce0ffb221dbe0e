"""Every test module says what it checks, and so does every test in it.

Each tests/**/test_*.py is read with `ast` and `tokenize` (nothing is imported): the module
needs a docstring, and every test function (module level or in a class) needs either a
docstring or a comment with GIVEN, WHEN or THEN in its body. A failure names file and test.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
STEP_WORD = re.compile(r"\b(GIVEN|WHEN|THEN)\b")
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def named_tests(body: list[ast.stmt], prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    """(qualified name, node) of each test_* function, at this level and in its classes."""
    for node in body:
        if isinstance(node, FUNCTIONS) and node.name.startswith("test_"):
            yield f"{prefix}{node.name}", node
        elif isinstance(node, ast.ClassDef):
            yield from named_tests(node.body, f"{prefix}{node.name}.")


def comment_lines(source: str) -> dict[int, str]:
    """Line number -> the comment on that line, read by the tokenizer (not inside strings)."""
    readline = io.StringIO(source).readline
    return {
        token.start[0]: token.string
        for token in tokenize.generate_tokens(readline)
        if token.type == tokenize.COMMENT
    }


def unexplained(path: Path, root: Path) -> list[str]:
    """What in one test module does not say what it checks, as `file: what` lines."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    name = path.relative_to(root).as_posix()
    found = []
    if not (ast.get_docstring(tree) or "").strip():
        found.append(f"{name}: no module docstring")
    comments = comment_lines(source)
    for qualified, node in named_tests(tree.body):
        if (ast.get_docstring(node) or "").strip():
            continue
        span = range(node.lineno, node.end_lineno + 1)
        if any(STEP_WORD.search(comments[line]) for line in span if line in comments):
            continue
        found.append(f"{name}: {qualified} has no docstring and no GIVEN/WHEN/THEN comment")
    return found


def test_every_test_module_and_test_says_what_it_checks() -> None:
    """Every tests/**/test_*.py has a module docstring, and each test a docstring or steps."""
    modules = sorted(TESTS.rglob("test_*.py"))
    assert len(modules) > 100  # the walk really found the suite
    problems = [problem for path in modules for problem in unexplained(path, TESTS.parent)]
    assert not problems, "say what these check:\n" + "\n".join(problems)


def test_the_check_names_what_says_nothing(tmp_path: Path) -> None:
    """GIVEN a tiny module with silent tests THEN each is named; explained tests are not."""
    module = tmp_path / "test_tiny.py"
    module.write_text(
        "import pytest\n"
        "\n"
        "\n"
        "def test_silent():\n"
        '    assert "GIVEN" in "GIVEN in a string is no comment"\n'
        "\n"
        "\n"
        "def test_with_steps():\n"
        "    # WHEN one is added THEN two\n"
        "    assert 1 + 1 == 2\n"
        "\n"
        "\n"
        "def test_with_docstring():\n"
        '    """One and one make two."""\n'
        "    assert 1 + 1 == 2\n"
        "\n"
        "\n"
        "class TestGroup:\n"
        "    def test_in_a_class(self):\n"
        "        assert True\n"
        "\n"
        "    # THEN a comment between tests belongs to neither\n"
        "    def test_after_a_comment(self):\n"
        "        assert True\n",
        encoding="utf-8",
    )
    assert unexplained(module, tmp_path) == [
        "test_tiny.py: no module docstring",
        "test_tiny.py: test_silent has no docstring and no GIVEN/WHEN/THEN comment",
        "test_tiny.py: TestGroup.test_in_a_class has no docstring and no GIVEN/WHEN/THEN comment",
        "test_tiny.py: TestGroup.test_after_a_comment has no docstring and no GIVEN/WHEN/THEN "
        "comment",
    ]
    module.write_text('"""A module that says what it checks."""\n', encoding="utf-8")
    assert unexplained(module, tmp_path) == []
