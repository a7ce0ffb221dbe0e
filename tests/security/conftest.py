"""Fixtures of the security tests: the forms API's own fixtures (real tables in DynamoDB Local,
handlers called directly), and the survey opened around today so the tests never go stale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES
from tests.functions.conftest import api, make_api  # noqa: F401 - fixtures shared with tests/functions
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture
from tests.functions.test_survey_flow import write_survey
from tests.support.live_stack import LiveStack


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    """The whole local stack (site, /api, DynamoDB Local) with the survey open around today and
    the rate limit raised, so that bounded load and schema runs test the API, not the limit."""
    work = tmp_path_factory.mktemp("stack")
    now = datetime.now(UTC)
    forms = work / "forms"
    write_survey(
        forms,
        (now - timedelta(days=1)).isoformat(timespec="seconds"),
        (now + timedelta(days=30)).isoformat(timespec="seconds"),
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RATE_LIMIT_PER_MINUTE", "1000000")
        env.setenv("FORMS_DIR", str(forms))
        # DynamoDB Local on a busy two-core machine can take seconds to answer; real DynamoDB
        # answers in milliseconds. The longest allowed timeout keeps its slowness from
        # showing up as 503s in runs that look for 5xx.
        env.setenv("DYNAMODB_TIMEOUT_SECONDS", "4")
        stack = LiveStack(work).start()
    yield stack
    stack.stop()


def stack_tables(stack: LiveStack) -> Any:
    """A DynamoDB client on the stack's engine, and the stack's table names."""
    client = boto3.client(
        "dynamodb", endpoint_url=f"http://127.0.0.1:{stack.ddb_port}", **LOCAL_CREDENTIALS
    )
    return client, LOCAL_TABLE_NAMES
