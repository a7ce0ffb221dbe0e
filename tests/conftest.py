"""Fixtures shared by every test folder: a real DynamoDB Local engine per test session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from devstack.dynamodb import DynamoDBLocal
from devstack.localenv import local_aws_environment

# The live stack and the one Chromium all browser tests share.
pytest_plugins = ["tests.support.browser_fixtures"]

# Fixtures that start a real engine, server or browser: a test that uses one (directly or
# through another fixture) is an integration test, which `make test-fast` leaves out.
ENGINE_FIXTURES = frozenset({"dynamodb_local", "live_stack", "stack", "chromium"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test by what it needs, from its fixtures: no list of files to keep up."""
    for item in items:
        if ENGINE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def dynamodb_local() -> Iterator[DynamoDBLocal]:
    """One in-memory DynamoDB Local on a free port for the whole session, stopped at the end."""
    with DynamoDBLocal() as engine:
        yield engine


@pytest.fixture(scope="session")
def dynamodb_endpoint(dynamodb_local: DynamoDBLocal) -> str:
    return dynamodb_local.endpoint_url


@pytest.fixture
def table_prefix() -> str:
    """A unique prefix so each test gets its own tables in the shared engine."""
    return f"t{uuid.uuid4().hex[:10]}-"


@pytest.fixture
def aws_local_env(monkeypatch: pytest.MonkeyPatch, dynamodb_endpoint: str) -> str:
    """Credentials and endpoint for code that builds its own boto3 clients from the environment."""
    for name, value in local_aws_environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DYNAMODB_ENDPOINT_URL", dynamodb_endpoint)
    return dynamodb_endpoint
