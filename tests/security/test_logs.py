"""Every log record of a full endorsement and survey flow, at DEBUG for every logger (the AWS
SDK's included), holds no email address, name or IP address."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.functions.conftest import Api, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, respondent
from tests.functions.test_survey_journey import complete_response, confirm, location

NAME, EMAIL, IP = "Zebulon Quixote", "Zebulon.Quixote@example.org", "198.51.100.77"
SURVEY_NAME, SURVEY_EMAIL = "Griselda Pumpernickel", "griselda@pumpernickel.example"
SECRETS = [NAME, EMAIL, EMAIL.lower(), "Zebulon", "Quixote", IP, SURVEY_NAME, SURVEY_EMAIL]
SDK_LOGGERS = ("botocore", "boto3", "urllib3")


def everything_logged(records: list[logging.LogRecord]) -> str:
    lines = []
    for record in records:
        lines.append(f"{record.name} {record.getMessage()} {record.args!r}")
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def endorsement_flow(api: Api) -> None:
    person = endorsement(name=NAME, email=EMAIL)
    assert api.post_json(ENDORSEMENTS, person, source_ip=IP).status == 202
    assert api.post_json(ENDORSEMENTS, person, source_ip=IP).status == 202  # a replay
    assert api.post_form(ENDORSEMENTS, {**person, "role": "x"}, source_ip=IP).status == 303
    bad = api.post_json(ENDORSEMENTS, {**person, "email": EMAIL + "@"}, source_ip=IP)
    assert bad.status == 422
    confirm = next(link for link in api.last_mail_links() if "/confirm" in link)
    assert api.get(f"{ENDORSEMENTS}/confirm", query={"token": token_of(confirm)}).status == 200
    assert api.post_json(f"{ENDORSEMENTS}/confirm", {"token": token_of(confirm)}).status == 200
    assert NAME in api.get(ENDORSEMENTS, source_ip=IP).body
    assert api.post_json(ENDORSEMENTS, person, source_ip=IP, headers={"Idempotency-Key": "k"})
    withdraw = next(link for link in api.last_mail_links() if "/withdraw" in link)
    assert api.post_json(f"{ENDORSEMENTS}/withdraw", {"token": token_of(withdraw)}).status == 200


def survey_flow(api: Api) -> None:
    """Sent in one request and through the journey, confirmed twice: a contested city."""
    person = respondent(name=SURVEY_NAME, email=SURVEY_EMAIL)
    body = {"respondent": person, "answers": ALL_BEST}
    assert api.post_json(RESPONSES, body, source_ip=IP).status == 201
    assert confirm(api, SURVEY_EMAIL).status == 200
    journey = complete_response(api, name=SURVEY_NAME, email="second@" + SURVEY_EMAIL.split("@")[1])
    leadership = {key: value for key, value in ALL_BEST.items() if key.startswith("leadership")}
    location(journey.save("leadership", leadership, action="later"))
    location(journey.send())
    assert confirm(api, "second@" + SURVEY_EMAIL.split("@")[1]).status == 200


@pytest.fixture
def everything_at_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    for name in SDK_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_endorsement_flow_logs_no_personal_data(
    everything_at_debug: pytest.LogCaptureFixture, api: Api
) -> None:
    """A full endorsement flow logs, even at DEBUG with the SDK, no name, address or IP."""
    endorsement_flow(api)
    logged = everything_logged(everything_at_debug.records)
    assert any(record.name.startswith("botocore") for record in everything_at_debug.records)
    assert [secret for secret in SECRETS if secret.lower() in logged.lower()] == []


def test_survey_flow_logs_no_personal_data(
    everything_at_debug: pytest.LogCaptureFixture, survey_api: Any
) -> None:
    """A full survey flow logs, even at DEBUG with the SDK, no name, address or IP."""
    survey_flow(survey_api)
    logged = everything_logged(everything_at_debug.records)
    assert any(record.name.startswith("botocore") for record in everything_at_debug.records)
    assert [secret for secret in SECRETS if secret.lower() in logged.lower()] == []
