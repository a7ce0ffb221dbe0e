"""schemathesis against functions/openapi.yaml and the running local stack: no 5xx, and every
response matches the document (status codes, content types, headers, bodies). Bounded: a fixed
number of examples per operation, a fixed seed, no example database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.live_stack import LiveStack

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)


def test_api_conforms_to_its_openapi_document_and_never_answers_5xx(
    live_stack: LiveStack,
) -> None:
    """schemathesis, 40 examples an operation, passes all five checks against the live stack."""
    command = [
        str(Path(sys.executable).with_name("st")),
        "--config-file",
        str(Path(__file__).with_name("schemathesis.toml")),
        "run",
        str(ROOT / "functions" / "openapi.yaml"),
        "--url",
        live_stack.url,
        "--checks",
        CHECKS,
        "--max-examples",
        "40",
        "--seed",
        "7",
        "--generation-database",
        "none",
        "--header",
        f"Origin: {live_stack.url}",
        "--request-timeout",
        "20",
        "--no-color",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=ROOT)
    print(run.stdout[-3000:])
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
