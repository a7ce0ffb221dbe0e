"""`make lint-infra` as tests: cfn-lint and checkov clean, and no suppression without a cause."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.infra.conftest import PROJECT_ROOT
from tests.infra.template_loader import TEMPLATE_PATH


def run_checkov(infra_bin: Path, template_file: Path) -> dict[str, Any]:
    result = subprocess.run(
        [
            str(infra_bin / "checkov"),
            "--file",
            str(template_file),
            "--framework",
            "cloudformation",
            "--output",
            "json",
            "--skip-download",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # checkov exits 1 when a check fails; the JSON report says which.
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return report[0] if isinstance(report, list) else report


def check_keys(checks: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(check["check_id"], check["resource"]) for check in checks}


@pytest.mark.slow
def test_cfn_lint_reports_no_error_and_no_warning(infra_bin: Path) -> None:
    """cfn-lint on template.yaml exits 0 and prints nothing."""
    result = subprocess.run(
        [str(infra_bin / "cfn-lint"), "--format", "parseable", str(TEMPLATE_PATH)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


@pytest.fixture(scope="module")
def checkov_report(infra_bin: Path) -> dict[str, Any]:
    return run_checkov(infra_bin, TEMPLATE_PATH)


@pytest.mark.slow
def test_checkov_fails_no_check(checkov_report: dict[str, Any]) -> None:
    """checkov fails no check on the template, and passes some."""
    failed = checkov_report["results"]["failed_checks"]
    assert [(c["check_id"], c["resource"], c["check_name"]) for c in failed] == []
    assert checkov_report["summary"]["passed"] > 0


@pytest.mark.slow
def test_every_checkov_suppression_has_a_written_reason(checkov_report: dict[str, Any]) -> None:
    """Every skipped checkov check carries a reason of at least eight words."""
    for check in checkov_report["results"]["skipped_checks"]:
        reason = (check.get("check_result") or {}).get("suppress_comment", "")
        assert len(reason.split()) >= 8, f"{check['check_id']} on {check['resource']}: {reason!r}"


@pytest.mark.slow
def test_every_checkov_suppression_is_needed(
    checkov_report: dict[str, Any], infra_bin: Path, template: dict[str, Any], tmp_path: Path
) -> None:
    """Without the skips, exactly the suppressed checks fail: no stale or blanket suppression."""
    unsuppressed = copy.deepcopy(template)
    for resource in unsuppressed["Resources"].values():
        resource.get("Metadata", {}).pop("checkov", None)
    raw_file = tmp_path / "template.json"
    raw_file.write_text(json.dumps(unsuppressed), encoding="utf-8")

    raw_report = run_checkov(infra_bin, raw_file)

    assert check_keys(raw_report["results"]["failed_checks"]) == check_keys(
        checkov_report["results"]["skipped_checks"]
    )
