"""Rate limits and idempotency, written in the same transaction as the record they guard.

Every accepted submission is one TransactWriteItems: [record, rate-limit counter, idempotency
record holding the answer, the mail it causes (the outbox: functions/usecases/delivery.py)]. When it is cancelled, the reasons tell why, in this order:
the idempotency record exists (a retry: give the first answer again), the client is over its
rate (429), or the record's own condition failed (the caller decides: duplicate, stale token).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from functions.domain.errors import (
    IdempotencyKeyReused,
    RateLimited,
    ServiceUnavailable,
    ValidationFailed,
)
from functions.domain.tokens import keyed_hash, new_nonce
from functions.i18n import N_
from functions.mail.base import Mail
from functions.services import Services
from functions.storage.dynamo import UNAVAILABLE, Cancelled, transact

KEY_TTL_SECONDS = 24 * 3600  # an explicit Idempotency-Key is remembered for a day
PAYLOAD_WINDOW_SECONDS = 10 * 60  # the same body without a key counts as a retry this long
MAX_KEY_LENGTH = 255
LINK_SCOPE = "link"  # confirmations, withdrawals, edits: the writes a mailed link makes
TOO_MANY = N_("Too many submissions from your connection. Please wait a minute and try again.")


@dataclass(frozen=True)
class Outcome:
    """What a use case answers: a status code and a JSON-able body (never personal data)."""

    status: int
    body: dict[str, Any]
    replayed: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Guard:
    """A write's rate limit and idempotency: the keys and hashes it is checked under."""

    scope: str
    client_hash: str
    pk: str  # of the idempotency record
    request_hash: str
    ttl: int
    writer: str  # this request's nonce, stored with the idempotency record it writes


def make_guard(
    services: Services, scope: str, client_ip: str, idempotency_key: str | None, canonical: Any
) -> Guard:
    keys = services.keys
    request_hash = keyed_hash(keys.requests, json.dumps([scope, canonical], sort_keys=True))
    if idempotency_key is not None:
        key = idempotency_key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
            raise ValidationFailed(
                {
                    "Idempotency-Key": N_(
                        "Must be 1 to %(most)s printable ASCII characters.", most=MAX_KEY_LENGTH
                    )
                }
            )
        pk = services.limits.idempotency_pk(scope, "key-" + keyed_hash(keys.requests, key))
        ttl = KEY_TTL_SECONDS
    else:
        pk = services.limits.idempotency_pk(scope, "body-" + request_hash)
        ttl = PAYLOAD_WINDOW_SECONDS
    return Guard(
        scope, client_hash_of(services, client_ip), pk, request_hash, ttl, writer=new_nonce()
    )


def client_hash_of(services: Services, client_ip: str) -> str:
    """The key a client's requests are counted under: a keyed hash, never the IP itself."""
    return keyed_hash(services.keys.clients, client_ip or "unknown")


@dataclass(frozen=True)
class Refused:
    """Only the record's own condition failed: `existing` is what the table holds instead,
    when the record item asked for it (ReturnValuesOnConditionCheckFailure)."""

    existing: dict[str, Any] | None


def guarded_write(
    services: Services,
    guard: Guard,
    record_item: dict,
    outcome: Outcome,
    now: datetime,
    mail: Mail | None = None,
) -> Outcome | Refused:
    """Write the record with its guards and its mail, all or nothing. The outcome on success or
    on a replay; Refused (with what the table holds, when the record item asked for it) when
    only the record's own condition failed. Raises RateLimited or IdempotencyKeyReused."""
    limits = services.limits
    items = {
        "record": record_item,
        "rate": limits.count_request(
            guard.scope, guard.client_hash, now, services.config.rate_limit_per_minute
        ),
        "idempotency": limits.remember_response(
            guard.pk, guard.request_hash, outcome.status, outcome.body, now, guard.ttl, guard.writer
        ),
    }
    if mail is not None:
        items["mail"] = services.outbox.mail_item(mail, now)
    # A timeout (ServiceUnavailable) leaves it unknown whether the write happened. If it did,
    # its mail is in the outbox with it and will be sent, so the client's retry with the same
    # key may replay our answer: nothing is lost either way.
    try:
        transact(limits.client, items, f"writing a {guard.scope} submission")
    except Cancelled as cancelled:
        if cancelled.failed("idempotency"):
            return replay(services, guard, cancelled.found("idempotency"))
        if cancelled.failed("rate"):
            raise RateLimited(TOO_MANY, limits.retry_after(now)) from cancelled
        if cancelled.failed("record"):
            return Refused(cancelled.found("record"))
        raise ServiceUnavailable(UNAVAILABLE) from cancelled
    return outcome


def check_rate(services: Services, scope: str, client_ip: str, per_minute: int) -> None:
    """Every write route counts its client's requests: RateLimited (429) past `per_minute`.
    For the writes that have no transaction to carry the counter in (step saves, city
    choices, confirmations, withdrawals); the others count in their own transaction."""
    now = services.clock()
    if not services.limits.hit(scope, client_hash_of(services, client_ip), now, per_minute):
        raise RateLimited(TOO_MANY, services.limits.retry_after(now))


def replay(services: Services, guard: Guard, item: dict[str, Any] | None) -> Outcome:
    stored = (
        services.limits.parse_response(item) if item else services.limits.stored_response(guard.pk)
    )
    if stored is None:  # expired between our write and this read: let the client retry
        raise ServiceUnavailable(UNAVAILABLE, retry_after=1)
    if stored.request_hash != guard.request_hash:
        raise IdempotencyKeyReused(
            N_("This Idempotency-Key was already used for a different request; use a new key.")
        )
    return Outcome(stored.status, stored.body, replayed=True)
