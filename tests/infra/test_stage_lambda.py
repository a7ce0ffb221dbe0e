"""The Lambda package that `make deploy` stages (deploy/stage_lambda.py), staged into temporary
folders: the functions package with its form definitions, bytecode for the runtime's Python,
and the Makefile that `sam build` runs, checked against template.yaml.
"""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from deploy import stage_lambda
from deploy.stage_lambda import PROJECT_ROOT, copy_package
from tests.infra.template_loader import load_template

FUNCTIONS = PROJECT_ROOT / "functions"


def test_template_points_at_the_staging_folder() -> None:
    """The template's functions' CodeUri is the staging folder .aws-sam/lambda-src."""
    code_uri = load_template()["Globals"]["Function"]["CodeUri"]
    assert Path(code_uri.rstrip("/")) == Path(".aws-sam/lambda-src")


def test_staged_package_holds_handlers_and_form_definitions(tmp_path: Path) -> None:
    """The staged package holds the handlers and every form definition, without __pycache__."""
    if not (FUNCTIONS / "handlers").is_dir():
        pytest.skip("functions/handlers not there")
    staged = copy_package(FUNCTIONS, tmp_path)

    for handler in ("endorsements", "surveys"):
        assert (staged / "handlers" / f"{handler}.py").is_file()
    definitions = sorted(p.name for p in (staged / "forms").glob("*.yml"))
    assert definitions == sorted(p.name for p in (FUNCTIONS / "forms").glob("*.yml"))
    assert definitions
    assert not list(staged.rglob("__pycache__"))


def test_every_module_of_functions_is_staged(tmp_path: Path) -> None:
    """No code is left out by name: what must not ship lives outside functions/."""
    # GIVEN the functions package WHEN staged THEN every source module is in the copy
    staged = copy_package(FUNCTIONS, tmp_path)
    shipped = {p.relative_to(staged) for p in staged.rglob("*.py")}
    sources = {
        p.relative_to(FUNCTIONS) for p in FUNCTIONS.rglob("*.py") if "__pycache__" not in p.parts
    }
    assert shipped == sources


def test_only_caches_and_tests_are_left_out(tmp_path: Path) -> None:
    """The exclusion list names no code: a subpackage of any name is copied."""
    # GIVEN a package with a subpackage called admin, a tests folder and bytecode caches
    source = tmp_path / "functions"
    for path in ("admin/cli.py", "tests/test_x.py", "__pycache__/x.cpython-312.pyc", "x.pyc"):
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        (source / path).write_text("", encoding="utf-8")
    # WHEN it is staged THEN only the caches and the tests stay behind
    staged = copy_package(source, tmp_path / "staged")
    assert sorted(p.relative_to(staged).as_posix() for p in staged.rglob("*")) == [
        "admin",
        "admin/cli.py",
    ]


def test_the_staff_cli_is_outside_the_lambda_package() -> None:
    """admin/ is a top-level package: staging functions/ cannot ship it."""
    assert (PROJECT_ROOT / "admin" / "cli.py").is_file()
    assert not (FUNCTIONS / "admin").exists()


def test_staging_again_replaces_the_old_copy(tmp_path: Path) -> None:
    """Staging again replaces the earlier copy: a stray file is gone."""
    staged = copy_package(FUNCTIONS, tmp_path)
    (staged / "stale.py").write_text("", encoding="utf-8")
    staged = copy_package(FUNCTIONS, tmp_path)
    assert not (staged / "stale.py").exists()


def test_lambda_python_matches_the_template_runtime() -> None:
    """The staging's Python version is the template's runtime and the platform tag's."""
    runtime = load_template()["Globals"]["Function"]["Runtime"]
    assert runtime == "python{}.{}".format(*stage_lambda.LAMBDA_PYTHON)
    assert stage_lambda.LAMBDA_PLATFORM[-1] == "{}.{}".format(*stage_lambda.LAMBDA_PYTHON)


def test_the_runtimes_python_ships_unchecked_hash_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the runtime's Python every module gets unchecked hash-based bytecode (PEP 552)."""
    here = (sys.version_info.major, sys.version_info.minor)
    monkeypatch.setattr(stage_lambda, "LAMBDA_PYTHON", here)  # pretend we are the runtime's
    staged = copy_package(FUNCTIONS, tmp_path)

    assert stage_lambda.compile_bytecode(tmp_path) is True
    handler = staged / "handlers" / "endorsements.py"
    compiled = Path(importlib.util.cache_from_source(str(handler)))
    assert compiled.is_file()
    flags = int.from_bytes(compiled.read_bytes()[4:8], "little")
    assert flags == 0b01  # hash-based, source not checked (PEP 552)
    sources = list(staged.rglob("*.py"))
    assert len(list(staged.rglob("*.pyc"))) == len(sources)


def test_another_python_ships_sources_only_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """On another Python no bytecode is written, and a warning says so."""
    staged = copy_package(FUNCTIONS, tmp_path)
    with caplog.at_level(logging.WARNING, logger=stage_lambda.__name__):
        assert stage_lambda.compile_bytecode(tmp_path, python=(3, 9)) is False
    assert not list(staged.rglob("*.pyc"))
    assert "cannot write bytecode for the Lambda runtime" in caplog.text


def test_every_function_is_built_from_the_staged_package_as_it_is() -> None:
    """Every function of the template is built with BuildMethod makefile."""
    functions = {
        name: resource
        for name, resource in load_template()["Resources"].items()
        if resource["Type"] == "AWS::Serverless::Function"
    }
    assert functions
    for name, resource in functions.items():
        assert resource["Metadata"]["BuildMethod"] == "makefile", name


def test_sam_makefile_copies_package_and_bytecode_into_the_artifacts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staged Makefile copies the package, its bytecode and dependencies into the artifacts."""
    here = (sys.version_info.major, sys.version_info.minor)
    monkeypatch.setattr(stage_lambda, "LAMBDA_PYTHON", here)
    staged_root = tmp_path / "lambda-src"
    stage_lambda.stage(target=staged_root, with_dependencies=False)
    (staged_root / "yaml").mkdir()  # stands in for a dependency installed beside the package
    (staged_root / "yaml" / "__init__.py").write_text("", encoding="utf-8")
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()

    # What `sam build` runs for BuildMethod: makefile.
    subprocess.run(
        ["make", "-f", "Makefile", "build-EndorsementsFunction", f"ARTIFACTS_DIR={artifacts}"],
        cwd=staged_root,
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in artifacts.iterdir()) == ["functions", "theme", "yaml"]
    handler = artifacts / "functions" / "handlers" / "endorsements.py"
    assert handler.is_file()
    assert Path(importlib.util.cache_from_source(str(handler))).is_file()


def test_staged_package_renders_pages_from_precompiled_templates(tmp_path: Path) -> None:
    # GIVEN the package staged as `make deploy` stages it (without its dependencies)
    copy_package(FUNCTIONS, tmp_path)
    theme = stage_lambda.stage_theme(PROJECT_ROOT / "theme", tmp_path)
    assert (theme / "templates" / "base.html").is_file()
    assert (theme / "templates" / "api" / "form.html").is_file()
    assert list((theme / "compiled").glob("tmpl_*.py"))
    # WHEN a page is rendered from the staged folder alone, templates folder removed
    (theme / "templates" / "base.html").unlink()
    script = (
        "import jinja2, sys;"
        "from functions.rendering import renderer;"
        "html = renderer.render_page('api/message.html', language='en', site_url='https://s',"
        " api_base_url='https://a', heading='Done', message='All good', link_url='',"
        " link_text='', is_error=False);"
        "loader = renderer.environment('en').loader;"
        "print(type(loader).__name__, renderer.__file__.startswith(sys.argv[1]));"
        "print(html)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    # THEN it comes from the precompiled modules, with the site's chrome
    assert result.returncode == 0, result.stderr
    first, page = result.stdout.split("\n", 1)
    assert first == "ModuleLoader True"
    assert '<html lang="en">' in page and "Skip to main content" in page and "All good" in page
