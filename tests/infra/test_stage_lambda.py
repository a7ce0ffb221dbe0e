"""The Lambda package that `make deploy` stages: the functions package with its form definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.stage_lambda import PROJECT_ROOT, copy_package
from tests.infra.template_loader import load_template

FUNCTIONS = PROJECT_ROOT / "functions"


def test_template_points_at_the_staging_folder() -> None:
    code_uri = load_template()["Globals"]["Function"]["CodeUri"]
    assert Path(code_uri.rstrip("/")) == Path(".aws-sam/lambda-src")


def test_staged_package_holds_handlers_and_form_definitions(tmp_path: Path) -> None:
    if not (FUNCTIONS / "handlers").is_dir():
        pytest.skip("functions/handlers not there")
    staged = copy_package(FUNCTIONS, tmp_path)

    for handler in ("endorsements", "surveys"):
        assert (staged / "handlers" / f"{handler}.py").is_file()
    definitions = sorted(p.name for p in (staged / "forms").glob("*.yml"))
    assert definitions == sorted(p.name for p in (FUNCTIONS / "forms").glob("*.yml"))
    assert definitions
    assert not (staged / "admin").exists(), "the admin CLI is staff tooling, not deployed"
    assert not list(staged.rglob("__pycache__"))


def test_staging_again_replaces_the_old_copy(tmp_path: Path) -> None:
    staged = copy_package(FUNCTIONS, tmp_path)
    (staged / "stale.py").write_text("", encoding="utf-8")
    staged = copy_package(FUNCTIONS, tmp_path)
    assert not (staged / "stale.py").exists()
