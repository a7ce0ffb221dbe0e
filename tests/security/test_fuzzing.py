"""Property-based fuzzing of both POST endpoints through the Lambda entry point.

Each endpoint gets at least 2,000 generated events (see tests/security/hostile.py). Every answer
is a success or a 4xx with a JSON error body (or the HTML error page for form posts), with the
security headers; never a 5xx. Afterwards every stored item is read back and validated again.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.functions.conftest import Api
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, SURVEY_ID, respondent
from tests.security.hostile import hostile_event, json_object_text
from tests.security.stored import invalid_items, scan

pytestmark = pytest.mark.slow

EXAMPLES = 2000
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # every run starts afresh: no replay of old examples in `make test`
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SUCCESS = {200, 201, 202, 303}


def check_answer(response: dict[str, Any]) -> int:
    """Assert what every answer to a hostile request must be; return its status."""
    status = response["statusCode"]
    headers = {name.lower(): value for name, value in response["headers"].items()}
    assert status in SUCCESS or 400 <= status < 500, (status, response["body"][:300])
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"
    assert "charset=utf-8" in headers["content-type"]
    if status == 303:
        assert headers["location"].startswith("http://site.test/")
    elif headers["content-type"].startswith("application/json"):
        body = json.loads(response["body"])
        if status >= 400:
            assert isinstance(body.get("error"), str) or (
                isinstance(body.get("errors"), dict)
                and all(isinstance(v, str) for v in body["errors"].values())
            ), body
    else:
        assert headers["content-type"].startswith("text/html")
        assert 'role="alert"' in response["body"] or status < 400
    return status


def endorsement_objects() -> st.SearchStrategy[str]:
    # Mostly new addresses, so that accepted bodies are stored, not only re-sent links.
    people = st.integers(0, 10**9).map(lambda n: endorsement(email=f"person{n}@example.org"))
    return people.flatmap(json_object_text)


def survey_objects() -> st.SearchStrategy[str]:
    """A JSON survey body whose respondent and answers are each broken a little, or not."""
    people = st.integers(0, 10**9).map(lambda n: respondent(city=f"City {n}"))
    return st.tuples(people.flatmap(json_object_text), json_object_text(ALL_BEST)).map(
        lambda parts: f'{{"respondent":{parts[0]},"answers":{parts[1]},"website":""}}'
    )


def survey_forms() -> st.SearchStrategy[dict[str, Any]]:
    cities = st.integers(0, 10**9).map(lambda n: f"Town {n}")
    return cities.map(lambda city: {**respondent(city=city), **ALL_BEST, "website": ""})


def fuzz(api: Api, events: st.SearchStrategy[dict[str, Any]], handler: Any) -> Counter:
    statuses: Counter = Counter()

    @FUZZ_SETTINGS
    @given(event=events)
    def one(event: dict[str, Any]) -> None:
        statuses[check_answer(handler.lambda_handler(event, None))] += 1

    one()
    return statuses


def test_fuzzed_endorsements_get_4xx_or_success_and_store_nothing_invalid(api: Api) -> None:
    """2,000+ hostile endorsement events get success or 4xx, some stored, none stored invalid."""
    from functions.handlers import endorsements

    events = hostile_event(
        ENDORSEMENTS,
        f"POST {ENDORSEMENTS}",
        endorsement_objects(),
        st.just(endorsement()),
    )
    statuses = fuzz(api, events, endorsements)
    assert sum(statuses.values()) >= EXAMPLES, statuses
    assert sum(statuses[code] for code in SUCCESS) > 0, statuses  # storage was reached
    assert {400, 413, 415, 422} <= set(statuses), statuses
    assert invalid_items(api.env) == {}
    assert scan(api.env["ENDORSEMENTS_TABLE"]), "no endorsement was stored: the fuzzing missed"


def test_fuzzed_survey_responses_get_4xx_or_success_and_store_nothing_invalid(
    survey_api: Api,
) -> None:
    """2,000+ hostile survey events get success or 4xx, some stored, none stored invalid."""
    from functions.handlers import surveys

    events = hostile_event(
        RESPONSES,
        "POST /api/surveys/{survey_id}/responses",
        survey_objects(),
        survey_forms(),
        path_parameters={"survey_id": SURVEY_ID},
    )
    statuses = fuzz(survey_api, events, surveys)
    assert sum(statuses.values()) >= EXAMPLES, statuses
    assert sum(statuses[code] for code in SUCCESS) > 0, statuses
    assert {400, 413, 415, 422} <= set(statuses), statuses
    assert invalid_items(survey_api.env) == {}
    assert scan(survey_api.env["SURVEYS_TABLE"]), "no response was stored: the fuzzing missed"
