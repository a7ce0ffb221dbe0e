"""The browser tests' fixtures live in tests/e2e/fixtures.py, shared with tests/a11y."""

from tests.e2e.fixtures import register


def pytest_configure(config):
    register(config)
