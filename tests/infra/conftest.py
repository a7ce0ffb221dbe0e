"""Fixtures for the infrastructure tests: the parsed template and the linters' venv."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.infra.template_loader import TEMPLATE_PATH, load_template

PROJECT_ROOT = TEMPLATE_PATH.parent
INFRA_VENV = PROJECT_ROOT / ".venv-infra"


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    return load_template()


@pytest.fixture(scope="session")
def infra_bin() -> Path:
    """The bin/ folder of .venv-infra (cfn-lint, checkov), created or refreshed if needed."""
    subprocess.run(
        ["scripts/infra_venv.sh", str(INFRA_VENV), "requirements-infra.txt"],
        cwd=PROJECT_ROOT,
        check=True,
        timeout=900,
    )
    return INFRA_VENV / "bin"
