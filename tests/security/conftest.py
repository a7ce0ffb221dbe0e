"""Fixtures of the security tests: the forms API's own fixtures (real tables in DynamoDB Local,
handlers called directly), and the survey opened around today so the tests never go stale."""

from __future__ import annotations

from tests.functions.conftest import api, make_api  # noqa: F401 - fixtures shared with tests/functions
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture
