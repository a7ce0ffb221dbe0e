"""DynamoDB down, slow or throttling, and SES failing after the record is stored.

DynamoDB Local sits behind a proxy that can stall, hold answers or drop connections. Each fault
must give a 503 with Retry-After (never a 500) and no partial record; a retry with the same
Idempotency-Key after recovery stores exactly one record and sends exactly one mail. SES failing
is the mail worker's business, not the request's: the answer is 202 and the mail goes out later.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from functions.domain.tokens import keyed_hash
from functions.mail.base import MailError
from functions.services import get_services
from functions.usecases.delivery import sweep
from tests.functions.conftest import Api, mail_poller
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.security.faulty_proxy import FaultyProxy
from tests.security.stored import scan

KEY = {"Idempotency-Key": "retry-me-0001"}


@pytest.fixture
def proxy(dynamodb_endpoint: str) -> Iterator[FaultyProxy]:
    faulty = FaultyProxy(dynamodb_endpoint)
    yield faulty
    faulty.close()


@pytest.fixture
def proxied_api(make_api: Any, proxy: FaultyProxy) -> Api:
    return make_api(DYNAMODB_ENDPOINT_URL=proxy.url, DYNAMODB_TIMEOUT_SECONDS="0.3")


def assert_503(response: Any) -> None:
    assert response.status == 503, response.body
    assert int(response.header("Retry-After")) > 0
    assert "try again" in response.json()["error"]


def endorsements_stored(api: Api) -> list[dict[str, Any]]:
    return scan(api.env["ENDORSEMENTS_TABLE"])


def retry_after_recovery(api: Api, proxy: FaultyProxy) -> None:
    proxy.set_mode("forward")
    assert api.post_json(ENDORSEMENTS, endorsement(), headers=KEY).status == 202
    assert api.post_json(ENDORSEMENTS, endorsement(), headers=KEY).status == 202  # replayed
    assert len(endorsements_stored(api)) == 1
    assert len(api.mails()) == 1


@pytest.mark.parametrize("fault", ["down", "stall"])
def test_dynamodb_down_or_slow_gives_503_and_nothing_stored_then_retry_stores_one(
    proxied_api: Api, proxy: FaultyProxy, fault: str
) -> None:
    # GIVEN DynamoDB stopped (connections refused) or slow (no answer within the timeout)
    proxy.set_mode(fault)
    # WHEN an endorsement comes in
    response = proxied_api.post_json(ENDORSEMENTS, endorsement(), headers=KEY)
    # THEN 503 with Retry-After, no mail; and once it is back, nothing had been stored
    assert_503(response)
    assert proxied_api.mails() == []
    proxy.set_mode("forward")
    assert endorsements_stored(proxied_api) == []
    # AND the client's retry with the same key stores exactly one record and one mail
    retry_after_recovery(proxied_api, proxy)


def test_answer_lost_after_the_write_still_mails_the_links_on_retry(
    proxied_api: Api, proxy: FaultyProxy
) -> None:
    # GIVEN DynamoDB that writes but whose answers never arrive (the worst kind of slow)
    proxy.set_mode("drop-answers")
    assert_503(proxied_api.post_json(ENDORSEMENTS, endorsement(), headers=KEY))
    assert proxied_api.mails() == []
    # THEN the retry with the same key, after recovery, leaves one record and sends the mail
    retry_after_recovery(proxied_api, proxy)
    assert "/endorsements/confirm?token=" in " ".join(proxied_api.last_mail_links())


@pytest.mark.parametrize(
    "code",
    ["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"],
)
def test_throttling_gives_503_nothing_stored_then_retry_stores_one(api: Api, code: str) -> None:
    """Each throttling error gives a 503, storing and mailing nothing; the retry stores one."""
    client = get_services().endorsements.client
    throttled = {"on": True}

    def throttle(**kwargs: Any) -> None:
        if throttled["on"]:
            raise ClientError({"Error": {"Code": code, "Message": "slow down"}}, "Transact")

    client.meta.events.register("before-call.dynamodb.TransactWriteItems", throttle)
    assert_503(api.post_json(ENDORSEMENTS, endorsement(), headers=KEY))
    assert endorsements_stored(api) == [] and api.mails() == []
    throttled["on"] = False
    assert api.post_json(ENDORSEMENTS, endorsement(), headers=KEY).status == 202
    assert len(endorsements_stored(api)) == 1 and len(api.mails()) == 1


class FailingMailer:
    def __init__(self) -> None:
        self.failing = True
        self.sent: list[Any] = []

    def send(self, mail: Any) -> None:
        if self.failing:
            raise MailError("SES did not accept the message") from ConnectionError("refused")
        self.sent.append(mail)


def test_mail_failure_keeps_the_answer_and_the_mail_goes_out_once_ses_is_back(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    mailer = FailingMailer()
    services = dataclasses.replace(get_services(), mailer=mailer)
    monkeypatch.setattr("functions.handlers.mail_worker.get_services", lambda: services)
    # WHEN the record is stored while SES refuses every message
    assert api.post_json(ENDORSEMENTS, endorsement(), headers=KEY).status == 202
    # THEN the person has their answer at once: the mail is off the request path
    [stored] = endorsements_stored(api)
    assert stored["status"] == "pending"
    assert stored["pk"] == keyed_hash(services.keys.emails, "ada@example.org")
    # AND the worker's try fails; the mail is not given up on, so nothing reaches the
    # dead-letter folder (it holds only what was given up on)...
    api.poller = mail_poller(api.env, api.outbox.parent / "dead-letter")
    api.poller.retry_pause = 0.01
    api.deliver()
    assert mailer.sent == []
    assert list((api.outbox.parent / "dead-letter").glob("*.json")) == []
    # ...the mail is still in the outbox, and the sweep sends it once SES is back
    mailer.failing = False
    assert [d.result for d in sweep(services, timedelta(0))] == ["sent"]
    assert len(mailer.sent) == 1 and "/endorsements/confirm?token=" in mailer.sent[0].text
    # AND a second sweep, or a retry of the request (a replay), sends nothing more
    assert sweep(services, timedelta(0)) == []
    assert api.post_json(ENDORSEMENTS, endorsement(), headers=KEY).status == 202
    api.deliver()
    assert len(mailer.sent) == 1 and len(endorsements_stored(api)) == 1
