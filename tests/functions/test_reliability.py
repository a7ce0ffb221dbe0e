"""Concurrency, DynamoDB faults and round trips, against real DynamoDB Local engines."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from devstack.dynamodb import DynamoDBLocal
from functions.services import get_services
from tests.functions.conftest import Api
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_errors import stored_endorsements
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID, respondent, stored
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture


def test_20_concurrent_identical_endorsements_leave_one_record_and_one_mail(api: Api) -> None:
    # GIVEN 20 clients sending the same endorsement at the same moment
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(lambda _: api.post_json(ENDORSEMENTS, endorsement()), range(20)))
    # THEN every one is answered as accepted, and there is one record and one mail
    assert {response.status for response in responses} == {202}
    assert len(stored_endorsements(api)) == 1
    assert len(api.mails()) == 1


def test_20_concurrent_different_endorsements_leave_20_records(api: Api) -> None:
    """20 different endorsements sent at once are all accepted and leave 20 records."""
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(
            pool.map(
                lambda i: api.post_json(ENDORSEMENTS, endorsement(email=f"p{i}@example.org")),
                range(20),
            )
        )
    assert {response.status for response in responses} == {202}
    assert len(stored_endorsements(api)) == 20


def test_20_concurrent_responses_for_one_city_leave_one_per_person(survey_api: Api) -> None:  # noqa: F811
    """20 responses at once from three people of one city leave one pending record per person."""
    path = f"/api/surveys/{SURVEY_ID}/responses"

    def send(i: int) -> int:
        person = respondent(email=f"r{i % 3}@utrecht.example")  # three people, one city
        return survey_api.post_json(path, {"respondent": person, "answers": ALL_BEST}).status

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(send, range(20)))
    # the same body twice within the idempotency window is one request: one pending each
    assert set(statuses) == {201}
    records = stored(survey_api)
    assert sorted(r["respondent"]["email"] for r in records) == [
        f"r{i}@utrecht.example" for i in range(3)
    ]
    assert {r["status"] for r in records} == {"pending"}


def count_requests(client: Any) -> list[str]:
    sent: list[str] = []

    def record(**kwargs: Any) -> None:
        sent.append(kwargs["event_name"].split(".")[-1])

    client.meta.events.register("before-send.dynamodb.*", record)
    return sent


def test_an_accepted_endorsement_takes_one_dynamodb_round_trip(api: Api) -> None:
    """An accepted endorsement sends DynamoDB exactly one request, a TransactWriteItems."""
    sent = count_requests(get_services().endorsements.client)
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    assert sent == ["TransactWriteItems"]


def test_an_accepted_survey_response_takes_one_dynamodb_round_trip(survey_api: Api) -> None:  # noqa: F811
    """An accepted survey response sends DynamoDB exactly one request, a TransactWriteItems."""
    sent = count_requests(get_services().surveys.client)
    path = f"/api/surveys/{SURVEY_ID}/responses"
    assert (
        survey_api.post_json(path, {"respondent": respondent(), "answers": ALL_BEST}).status == 201
    )
    assert sent == ["TransactWriteItems"]


@pytest.mark.slow
def test_dynamodb_stopped_mid_test_gives_503_with_retry_after(make_api: Any) -> None:
    # GIVEN an API on its own DynamoDB Local, working
    with DynamoDBLocal() as engine:
        api = make_api(DYNAMODB_ENDPOINT_URL=engine.endpoint_url)
        assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
        # WHEN the engine stops
        engine.stop()
        # THEN every kind of request answers 503 with Retry-After, never 500
        responses = [
            api.post_json(ENDORSEMENTS, endorsement(email="b@example.org")),
            api.get(ENDORSEMENTS),
            api.post_form(ENDORSEMENTS, endorsement(email="c@example.org")),
        ]
        for response in responses:
            assert response.status == 503
            assert int(response.header("Retry-After")) > 0
        assert "try again" in responses[0].json()["error"]
        # AND after recovery (a fresh engine) the service answers again
        engine.start()
        from functions.config import load_config
        from functions.storage.tables import ensure_tables

        ensure_tables(engine.client(), load_config())
        assert api.post_json(ENDORSEMENTS, endorsement(email="d@example.org")).status == 202


def test_throttling_gives_503(api: Api) -> None:
    """A throttled DynamoDB write gives a 503 with Retry-After, and no mail is sent."""
    from botocore.exceptions import ClientError

    client = get_services().endorsements.client

    def throttle(**kwargs: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
            "TransactWriteItems",
        )

    client.meta.events.register("before-call.dynamodb.TransactWriteItems", throttle)
    response = api.post_json(ENDORSEMENTS, endorsement())
    assert response.status == 503
    assert response.header("Retry-After")
    assert api.mails() == []
