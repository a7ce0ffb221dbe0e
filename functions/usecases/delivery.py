"""The mail worker: send what the outbox holds, once.

For each mail: read it (consistently) with its address's suppression entry; skip it if it was
sent already; send; then record that it was sent with a conditional write. A retried stream
batch therefore never mails twice. The one gap is a crash between the send and the record:
the retry sends again, so a mail goes out twice at most and never zero times (at least once).

A mail that can never be sent (a poison record: the item is malformed, or SES rejects the
message for good) is marked dead and reported failed, so that the event source mapping passes
it to the dead-letter queue; the other records of its batch are sent all the same. A mail that
fails for a passing reason (the mailer is down) is only reported failed: the stream retries
it, and the sweep (`sweep`) sends whatever is still unsent a while later, so an outage longer
than the retries loses nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from functions.domain.emails import normalise
from functions.domain.errors import ServiceUnavailable
from functions.domain.tokens import keyed_hash
from functions.mail.base import Mail, MailError, MailRejected
from functions.services import Services
from functions.storage.dynamo import from_item
from functions.storage.outbox import MAIL

log = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(seconds=60)  # the stream has had its chance by then
SENT, ALREADY, SUPPRESSED, DEAD, RETRY = "sent", "already", "suppressed", "dead", "retry"


@dataclass(frozen=True)
class Delivery:
    mail_pk: str
    result: str


def address_hash(services: Services, address: str) -> str:
    """The suppression list's key of an address: keyed, normalised like endorsements."""
    return keyed_hash(services.keys.emails, normalise(address))


def _mail_of(item: dict[str, Any]) -> Mail | None:
    fields = [item.get(name) for name in ("to", "subject", "text")]
    if not all(isinstance(value, str) and value for value in fields):
        return None
    return Mail(
        to=item["to"],
        subject=item["subject"],
        text=item["text"],
        language=str(item.get("language") or "en"),
    )


def deliver(services: Services, mail_pk: str, image: dict[str, Any] | None = None) -> Delivery:
    """Send one mail of the outbox, unless it was sent, is dead or its address suppressed.

    `image` is the item as the stream record carries it (saves nothing but the hash's read)."""
    outbox = services.outbox
    to = (image or {}).get("to")
    if not isinstance(to, str):
        found = outbox.get_mail(mail_pk)
        to = (found or {}).get("to")
    item, suppressed = outbox.load(
        mail_pk, address_hash(services, to) if isinstance(to, str) else None
    )
    now = services.clock()
    if item is None:
        log.error("Outbox record %s has no mail item", mail_pk)
        return Delivery(mail_pk, DEAD)
    if item.get("sent_at"):
        return Delivery(mail_pk, ALREADY)
    if item.get("dead_at"):
        return Delivery(mail_pk, DEAD)
    mail = _mail_of(item)
    if mail is None:
        outbox.mark_dead(mail_pk, "malformed", now)
        log.error("Outbox mail %s is malformed: dead-lettered", mail_pk)
        return Delivery(mail_pk, DEAD)
    if suppressed:
        outbox.mark_sent(mail_pk, now, outcome=SUPPRESSED)
        log.info("Outbox mail %s not sent: its address is suppressed", mail_pk)
        return Delivery(mail_pk, SUPPRESSED)
    try:
        services.mailer.send(mail)
    except MailRejected as exc:
        outbox.mark_dead(mail_pk, type(exc.__cause__ or exc).__name__, now)
        log.error("Outbox mail %s rejected for good: dead-lettered", mail_pk)
        return Delivery(mail_pk, DEAD)
    except MailError as exc:
        log.warning("Outbox mail %s not sent yet: %s", mail_pk, type(exc.__cause__ or exc).__name__)
        return Delivery(mail_pk, RETRY)
    outbox.mark_sent(mail_pk, services.clock())
    return Delivery(mail_pk, SENT)


def is_mail_insert(record: dict[str, Any]) -> bool:
    """The records the worker takes (the event source mapping's filter says the same)."""
    keys = (record.get("dynamodb") or {}).get("Keys") or {}
    pk = (keys.get("pk") or {}).get("S", "")
    return record.get("eventName") == "INSERT" and pk.startswith(MAIL)


def handle_records(services: Services, records: list[dict[str, Any]]) -> list[str]:
    """Deliver each record's mail; the sequence numbers of the records that failed.

    Every record is tried, so a poison record holds up none of the others of its batch."""
    failed: list[str] = []
    for record in records:
        stream = record.get("dynamodb") or {}
        sequence = str(stream.get("SequenceNumber", ""))
        if not is_mail_insert(record):
            continue
        try:
            mail_pk = stream["Keys"]["pk"]["S"]
            image = from_item(stream.get("NewImage") or {})  # the stream's DynamoDB JSON
            delivery = deliver(services, mail_pk, image)
        except (KeyError, TypeError, ValueError):
            log.exception("Unreadable outbox stream record")
            failed.append(sequence)
            continue
        except ServiceUnavailable:
            failed.append(sequence)
            continue
        if delivery.result in (DEAD, RETRY):
            failed.append(sequence)
    return failed


def sweep(services: Services, min_age: timedelta = SWEEP_AFTER) -> list[Delivery]:
    """Send what the stream left unsent (an outage longer than its retries, a restart): mail
    older than `min_age`, which the stream has had its chance to send."""
    before = services.clock() - min_age
    return [deliver(services, pk) for pk in services.outbox.unsent(before)]
