"""Mail off the request path: the transactional outbox, the worker on the table's stream,
sent once, poison records dead-lettered, addresses suppressed after bounces and complaints.

The worker runs as `make serve` runs it: DynamoDB Local's stream of the outbox table, read by
devstack's poller and handed to functions.handlers.mail_worker in Lambda's event format.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta
from typing import Any

import pytest

from functions.handlers import mail_feedback, mail_worker
from functions.services import get_services
from functions.storage.dynamo import to_item
from functions.storage.outbox import MAIL, OutboxTable
from functions.usecases.delivery import address_hash, sweep
from tests.functions.conftest import Api, mail_poller
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.security.stored import scan


def outbox_items(api: Api) -> list[dict[str, Any]]:
    return [item for item in scan(api.env["OUTBOX_TABLE"]) if item["pk"].startswith(MAIL)]


def stream_records(api: Api) -> list[dict[str, Any]]:
    """Every record of the outbox table's stream so far, as Lambda would get them."""
    from devstack.mail_poller import lambda_record

    streams = mail_poller(api.env, api.outbox.parent / "dead-letter").streams
    arn = get_services().outbox.client.describe_table(TableName=api.env["OUTBOX_TABLE"])["Table"][
        "LatestStreamArn"
    ]
    records = []
    for shard in streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        page = streams.get_records(ShardIterator=iterator)
        records += [lambda_record(record, arn) for record in page["Records"]]
    return records


def eml_files(api: Api) -> list[Any]:
    return sorted(api.outbox.glob("*.eml"))


def test_the_request_writes_its_mail_in_its_transaction_and_the_worker_sends_it(
    api: Api,
) -> None:
    # WHEN an endorsement is accepted
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    # THEN nothing was mailed by the request: the mail waits in the outbox table
    assert eml_files(api) == []
    [waiting] = outbox_items(api)
    assert waiting["to"] == "Ada@example.org" and "sent_at" not in waiting
    assert waiting["language"] == "en" and "/endorsements/confirm?token=" in waiting["text"]
    # AND the worker, fed by the stream, sends it and records that it did
    [mail] = api.mails()
    assert mail["To"] == "Ada@example.org"
    [sent] = outbox_items(api)
    assert sent["sent_at"] and sent["outcome"] == "sent"


def test_a_retried_batch_never_mails_twice(api: Api) -> None:
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    records = stream_records(api)
    assert [record["eventName"] for record in records] == ["INSERT"]
    # WHEN Lambda delivers the same batch three times (a retry after a timeout, say)
    for _ in range(3):
        assert mail_worker.lambda_handler({"Records": records}) == {"batchItemFailures": []}
    # THEN one mail
    assert len(eml_files(api)) == 1


def test_a_crash_between_send_and_record_mails_twice_at_most_never_zero(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At least once: the record comes after the send, so a crash in between sends again."""
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    records = stream_records(api)
    real = OutboxTable.mark_sent
    crashes = {"left": 1}

    def crash_once(self: OutboxTable, *args: Any, **kwargs: Any) -> bool:
        if crashes["left"]:
            crashes["left"] -= 1
            raise RuntimeError("the worker died after sending")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(OutboxTable, "mark_sent", crash_once)
    with pytest.raises(RuntimeError):
        mail_worker.lambda_handler({"Records": records})  # the invocation fails: retried
    assert len(eml_files(api)) == 1  # sent, not recorded
    for _ in range(2):  # the retry, and one more
        mail_worker.lambda_handler({"Records": records})
    assert len(eml_files(api)) == 2  # twice at most, never zero


def test_a_poison_record_goes_to_the_dead_letter_queue_without_blocking_the_others(
    api: Api,
) -> None:
    client = get_services().outbox.client
    # GIVEN a mail item nobody can send (no address), between two good ones
    assert api.post_json(ENDORSEMENTS, endorsement(email="first@example.org")).status == 202
    client.put_item(
        TableName=api.env["OUTBOX_TABLE"],
        Item=to_item({"pk": MAIL + "poison", "subject": "?", "created_at": "2026-01-01"}),
    )
    assert api.post_json(ENDORSEMENTS, endorsement(email="second@example.org")).status == 202
    # WHEN the worker runs over the stream
    dead_letters = api.outbox.parent / "dead-letter"
    api.poller = mail_poller(api.env, dead_letters)
    api.poller.retry_pause = 0.01
    api.deliver()
    # THEN both good mails are sent, and the poison record is dead-lettered, once
    assert sorted(mail["To"] for mail in api.mails()) == ["first@example.org", "second@example.org"]
    [letter] = [json.loads(path.read_text()) for path in dead_letters.glob("*.json")]
    assert letter["keys"] == {"pk": {"S": MAIL + "poison"}}
    assert letter["condition"] == "RetryAttemptsExhausted"
    [poison] = [item for item in outbox_items(api) if item["pk"] == MAIL + "poison"]
    assert poison["dead_reason"] == "malformed"
    # AND the sweep leaves it alone
    assert sweep(get_services(), timedelta(0)) == []


def ses_notification(kind: str, address: str, bounce_type: str = "Permanent") -> dict[str, Any]:
    """An SNS event carrying an SES notification, as the feedback function receives it."""
    if kind == "Bounce":
        detail = {
            "bounce": {"bounceType": bounce_type, "bouncedRecipients": [{"emailAddress": address}]}
        }
    else:
        detail = {"complaint": {"complainedRecipients": [{"emailAddress": address}]}}
    message = json.dumps({"notificationType": kind, **detail})
    return {"Records": [{"EventSource": "aws:sns", "Sns": {"Message": message}}]}


def test_bounces_and_complaints_suppress_the_address_and_no_more_mail_goes_to_it(
    api: Api,
) -> None:
    # GIVEN SES said one address bounced for good, another complained, a third bounced once
    assert mail_feedback.lambda_handler(ses_notification("Bounce", "Gone@Example.org")) == {
        "suppressed": 1
    }
    assert mail_feedback.lambda_handler(ses_notification("Complaint", "angry@example.org")) == {
        "suppressed": 1
    }
    transient = ses_notification("Bounce", "full@example.org", bounce_type="Transient")
    assert mail_feedback.lambda_handler(transient) == {"suppressed": 0}
    # THEN the list holds hashes only
    listed = get_services().outbox.suppressed()
    assert {entry["reason"] for entry in listed} == {"bounce", "complaint"}
    assert "example.org" not in json.dumps(listed)
    # WHEN each endorses
    for address in ("gone@example.org", "angry@example.org", "full@example.org"):
        assert api.post_json(ENDORSEMENTS, endorsement(email=address)).status == 202
    # THEN only the one not suppressed gets mail; the others' mail is recorded as not sent
    assert [mail["To"] for mail in api.mails()] == ["full@example.org"]
    outcomes = {item["to"]: item["outcome"] for item in outbox_items(api)}
    assert outcomes == {
        "gone@example.org": "suppressed",
        "angry@example.org": "suppressed",
        "full@example.org": "sent",
    }
    # AND staff can lift a suppression (an address fixed, a complaint withdrawn)
    services = get_services()
    assert services.outbox.unsuppress(address_hash(services, "gone@example.org"))
    assert len(services.outbox.suppressed()) == 1


def test_a_mailer_that_rejects_a_message_for_good_dead_letters_only_that_mail(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mail the mailer rejects for good is dead-lettered; the next mail is still sent."""
    from functions.mail.base import MailRejected

    sent: list[str] = []

    class PickyMailer:
        def send(self, mail: Any) -> None:
            if "refused" in mail.to:
                raise MailRejected("MessageRejected")
            sent.append(mail.to)

    services = dataclasses.replace(get_services(), mailer=PickyMailer())
    monkeypatch.setattr("functions.handlers.mail_worker.get_services", lambda: services)
    for address in ("refused@example.org", "fine@example.org"):
        assert api.post_json(ENDORSEMENTS, endorsement(email=address)).status == 202
    api.poller = mail_poller(api.env, api.outbox.parent / "dead-letter")
    api.poller.retry_pause = 0.01
    api.deliver()
    assert sent == ["fine@example.org"]
    assert len(list((api.outbox.parent / "dead-letter").glob("*.json"))) == 1
