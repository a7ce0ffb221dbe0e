"""Many clients at once, through the handlers on DynamoDB Local: duplicates are stopped by
DynamoDB conditions, not by luck.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.functions.conftest import Api
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, respondent
from tests.security.stored import invalid_items, scan

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def patient_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """DynamoDB Local on two cores takes seconds to work through 200 transactions at once
    (DynamoDB answers in milliseconds): give each call the longest timeout config allows."""
    monkeypatch.setenv("DYNAMODB_TIMEOUT_SECONDS", "4")


def at_once(count: int, send: Any) -> list[int]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(send, range(count)))


def accepted_with_retries(send: Any) -> Any:
    """Send; a 503 (DynamoDB Local overwhelmed: it must carry Retry-After) is retried as a client
    would, up to three times. Returns the last response."""
    for _ in range(3):
        response = send()
        if response.status != 503:
            return response
        assert int(response.header("Retry-After")) > 0
    return response


def test_200_concurrent_identical_endorsements_leave_one_record_and_one_mail(api: Api) -> None:
    """200 identical endorsements at once are all answered 202 and leave one record, one mail."""

    def send(i: int) -> int:
        return accepted_with_retries(lambda: api.post_json(ENDORSEMENTS, endorsement())).status

    statuses = at_once(200, send)
    assert set(statuses) == {202}, sorted(set(statuses))
    assert len(scan(api.env["ENDORSEMENTS_TABLE"])) == 1
    assert len(api.mails()) == 1


def test_200_concurrent_different_endorsements_leave_200(api: Api) -> None:
    """200 different endorsements at once leave 200 valid records under 200 keys, and 200 mails."""

    def send(i: int) -> int:
        person = endorsement(email=f"p{i}@example.org", name=f"Person {i}")
        ip = f"203.0.113.{i % 250}"
        return accepted_with_retries(
            lambda: api.post_json(ENDORSEMENTS, person, source_ip=ip)
        ).status

    statuses = at_once(200, send)
    assert set(statuses) == {202}, sorted(set(statuses))
    stored = scan(api.env["ENDORSEMENTS_TABLE"])
    assert len(stored) == 200 and len({item["pk"] for item in stored}) == 200
    assert len(api.mails()) == 200
    assert invalid_items(api.env) == {}


def test_50_concurrent_responses_for_one_city_are_all_kept_pending(survey_api: Api) -> None:
    """Nobody is locked out by someone else's response: each waits for its confirmation
    (tests/functions/test_survey_journey.py confirms 50 at once for one city)."""

    def send(i: int) -> int:
        person = respondent(email=f"r{i}@utrecht.example", city=["Utrecht", " utrecht "][i % 2])
        body = {"respondent": person, "answers": ALL_BEST}
        return accepted_with_retries(lambda: survey_api.post_json(RESPONSES, body)).status

    statuses = at_once(50, send)
    assert statuses == [201] * 50, statuses
    stored = scan(survey_api.env["SURVEYS_TABLE"])
    assert len(stored) == 50 and {item["status"] for item in stored} == {"pending"}
    assert len({item["city"]["key"] for item in stored}) == 1
    assert len(survey_api.mails()) == 50  # one confirm link each
