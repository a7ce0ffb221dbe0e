"""The mail worker: send what the outbox holds, once, and never let one mail stop the others.

For each mail: read it (consistently) with its address's suppression entry; skip it if it was
sent already; take its place under the address's daily cap; send; then record that it was sent
with a conditional write. A retried stream batch therefore never mails twice. The one gap is a
crash between the send and the record: the retry sends again, so a mail goes out twice at most
and never zero times (at least once).

No mail can hold up another. A mail that can never be sent (its item is malformed, its address
is not one mailbox, SES rejects it for good) is marked dead at once, with its reason. A mail
whose message cannot be built or sent for a reason we did not foresee is tried MAX_ODD_TRIES
times, then marked dead. A mail the mailer cannot take for a passing reason (SES down) is tried
again by the sweep until GIVE_UP_AFTER, then marked dead. Dead means given up on, and nothing
else: only dead mail is reported failed to the stream, which passes it to the dead-letter
queue; staff list it with `admin mail dead`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from functions.domain.emails import AddressInvalid, normalise, parse_address
from functions.domain.errors import ServiceUnavailable
from functions.domain.tokens import keyed_hash
from functions.mail.base import Mail, MailError, MailRejected
from functions.services import Services
from functions.storage.dynamo import from_item
from functions.storage.outbox import CAPPED, DUPLICATE, MAIL

log = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(seconds=60)  # the stream has had its chance by then
GIVE_UP_AFTER = timedelta(days=2)  # an SES outage longer than this is a disaster, not a retry
MAX_ODD_TRIES = 3  # a failure we did not foresee: perhaps passing, most likely this mail's
SENT, ALREADY, SUPPRESSED, DEAD, RETRY = "sent", "already", "suppressed", "dead", "retry"


@dataclass(frozen=True)
class Delivery:
    mail_pk: str
    result: str


def address_hash(services: Services, address: str) -> str:
    """The suppression list's key of an address: keyed, normalised like endorsements."""
    return keyed_hash(services.keys.emails, normalise(address))


def _mail_of(item: dict[str, Any]) -> Mail | None:
    """The item as a Mail to exactly one valid mailbox, or None (it can never be sent)."""
    fields = [item.get(name) for name in ("to", "subject", "text")]
    if not all(isinstance(value, str) and value for value in fields):
        return None
    try:
        to = parse_address(item["to"], allowed=None).mailbox
    except AddressInvalid:
        return None
    return Mail(
        to=to,
        subject=item["subject"],
        text=item["text"],
        language=str(item.get("language") or "en"),
        solicited=bool(item.get("solicited")),
        once_key=str(item.get("once_key") or ""),
    )


def _older_than(item: dict[str, Any], age: timedelta, now: datetime) -> bool:
    try:
        return now - datetime.fromisoformat(str(item.get("created_at"))) > age
    except ValueError:
        return True


def _claim(services: Services, mail_pk: str, item: dict[str, Any], mail: Mail) -> str | None:
    """CAPPED or DUPLICATE when the mail must not go out; None when it may."""
    if mail.solicited or item.get("claimed_at"):
        return None
    now = services.clock()
    # The day the mail was caused, not the day it goes out: a retried mail keeps its day.
    day = str(item.get("created_at") or now.isoformat())[:10]
    cap_key = f"{address_hash(services, mail.to)}#{day}"
    once = keyed_hash(services.keys.emails, mail.once_key) if mail.once_key else None
    claimed = services.outbox.claim(mail_pk, cap_key, services.config.mail_cap_per_day, once, now)
    return claimed if claimed in (CAPPED, DUPLICATE) else None


def deliver(services: Services, mail_pk: str, image: dict[str, Any] | None = None) -> Delivery:
    """Send one mail of the outbox, unless it was sent, is dead, capped, or its address
    suppressed. Raises only ServiceUnavailable (DynamoDB itself is down).

    `image` is the item as the stream record carries it (saves nothing but the hash's read)."""
    outbox = services.outbox
    to = (image or {}).get("to")
    if not isinstance(to, str):
        found = outbox.get_mail(mail_pk)
        to = (found or {}).get("to")
    key = _suppression_key(services, to)
    item, suppressed = outbox.load(mail_pk, key)
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
        outbox.mark_dead(mail_pk, "malformed", now)  # no field, or not one mailbox
        log.error("Outbox mail %s is malformed: dead-lettered", mail_pk)
        return Delivery(mail_pk, DEAD)
    if suppressed:
        outbox.mark_sent(mail_pk, now, outcome=SUPPRESSED)
        log.info("Outbox mail %s not sent: its address is suppressed", mail_pk)
        return Delivery(mail_pk, SUPPRESSED)
    refused = _claim(services, mail_pk, item, mail)
    if refused:
        outbox.mark_sent(mail_pk, now, outcome=refused)
        log.info("Outbox mail %s not sent: %s", mail_pk, refused)
        return Delivery(mail_pk, refused)
    return _send(services, mail_pk, item, mail)


def _suppression_key(services: Services, to: Any) -> str | None:
    if not isinstance(to, str):
        return None
    try:
        return address_hash(services, parse_address(to, allowed=None).mailbox)
    except AddressInvalid:
        return None


def _send(services: Services, mail_pk: str, item: dict[str, Any], mail: Mail) -> Delivery:
    outbox, now = services.outbox, services.clock()
    try:
        services.mailer.send(mail)
    except MailRejected as exc:
        outbox.mark_dead(mail_pk, type(exc.__cause__ or exc).__name__, now)
        log.error("Outbox mail %s rejected for good: dead-lettered", mail_pk)
        return Delivery(mail_pk, DEAD)
    except MailError as exc:
        reason = type(exc.__cause__ or exc).__name__
        outbox.note_failure(mail_pk, f"mailer: {reason}", now)
        if _older_than(item, GIVE_UP_AFTER, now):
            outbox.mark_dead(mail_pk, f"gave up after {GIVE_UP_AFTER}: {reason}", now)
            log.error("Outbox mail %s still failing (%s): given up", mail_pk, reason)
            return Delivery(mail_pk, DEAD)
        log.warning("Outbox mail %s not sent yet: %s", mail_pk, reason)
        return Delivery(mail_pk, RETRY)
    except Exception as exc:
        reason = type(exc).__name__
        log.error("Outbox mail %s could not be built or sent: %s", mail_pk, reason)
        tries = outbox.note_failure(mail_pk, f"unexpected: {reason}", now)
        if tries >= MAX_ODD_TRIES:
            outbox.mark_dead(mail_pk, f"failed {tries} times: {reason}", now)
            return Delivery(mail_pk, DEAD)
        return Delivery(mail_pk, RETRY)
    outbox.mark_sent(mail_pk, services.clock())
    return Delivery(mail_pk, SENT)


def is_mail_insert(record: dict[str, Any]) -> bool:
    """The records the worker takes (the event source mapping's filter says the same)."""
    keys = (record.get("dynamodb") or {}).get("Keys") or {}
    pk = (keys.get("pk") or {}).get("S", "")
    return record.get("eventName") == "INSERT" and pk.startswith(MAIL)


def handle_records(services: Services, records: list[dict[str, Any]]) -> list[str]:
    """Deliver each record's mail; the sequence numbers of the records given up on (dead).

    Every record is tried, so a poison record holds up none of the others of its batch. A
    mail not sent yet for a passing reason, or not read because DynamoDB is down, is left to
    the sweep: reported failed, the stream would retry it a few times and then pass it to the
    dead-letter queue, which must hold only what was given up on."""
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
            continue  # still unsent in the table: the sweep sends it
        if delivery.result == DEAD:
            failed.append(sequence)
    return failed


def sweep(services: Services, min_age: timedelta = SWEEP_AFTER) -> list[Delivery]:
    """Send what the stream left unsent (an outage longer than its retries, a restart): mail
    older than `min_age`, which the stream has had its chance to send."""
    before = services.clock() - min_age
    deliveries = []
    for pk in services.outbox.unsent(before):
        try:
            deliveries.append(deliver(services, pk))
        except ServiceUnavailable:
            log.warning("Mail sweep stopped: DynamoDB is unavailable; the next sweep goes on")
            break
    return deliveries
