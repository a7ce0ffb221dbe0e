"""Endorse the manifesto, confirm, withdraw, and list: the rules, with storage and mail.

One DynamoDB write per accepted new endorsement, its mail written in the same transaction
(the outbox; the mail worker sends it). Submitting a known address again changes nothing of
its endorsement (no name, no link is replaced: only its owner's links and staff change it); it
mails the links its owner already holds (pending: confirm and withdraw; confirmed: "you already
endorsed", at most once a day), and the mail worker caps what one address receives a day,
whoever sends. The answer is the same for a new and a known address, and so is the time it
takes (functions/timing.py): neither tells whether an address is known.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any
from urllib.parse import quote

from functions.domain.consent import form_consent_version
from functions.domain.emails import normalise
from functions.domain.errors import ServiceUnavailable
from functions.domain.forms import Form
from functions.domain.statuses import Status
from functions.domain.submissions import honeypot_hit, validate_endorsement
from functions.domain.tokens import keyed_hash, new_nonce
from functions.i18n import DEFAULT_LANGUAGE, N_
from functions.mail import endorsement_messages
from functions.mail.base import Mail
from functions.request_log import note
from functions.services import Services
from functions.storage.dynamo import UNAVAILABLE
from functions.usecases.guard import (
    LINK_SCOPE,
    Guard,
    Outcome,
    Refused,
    check_rate,
    guarded_write,
    make_guard,
)

log = logging.getLogger(__name__)

FORM_ID = "endorsement"  # the id of functions/forms/endorsement.yml
# The purposes a token is issued for: each is also the action of its link and page
# (/api/endorsements/confirm, /withdraw), so a token opens only the page it was made for.
CONFIRM, WITHDRAW = "confirm", "withdraw"
ACCEPTED = Outcome(
    202,
    {
        "status": Status.PENDING,
        "message": N_(
            "Thank you. Check your inbox: we have sent you a link to confirm your "
            "endorsement. It counts once you have confirmed it."
        ),
    },
)


def endorsement_form(services: Services) -> Form:
    return services.catalog.forms[FORM_ID]


def _link(services: Services, action: str, token: str, language: str) -> str:
    """A link of the mail: its page opens in the language of the endorsement."""
    base = services.config.api_base_url
    return f"{base}/endorsements/{action}?token={quote(token)}&lang={language}"


def _language(record: dict[str, Any]) -> str:
    return str(record.get("language") or DEFAULT_LANGUAGE)  # records older than languages


def _url(services: Services, purpose: str, email_hash: str, nonce: str, language: str) -> str:
    """A link that works as long as its nonce is the endorsement's: issued again for a
    known address, it is the link its owner already holds, renewed in time only."""
    token = services.tokens.issue(purpose, email_hash, nonce, services.clock())
    return _link(services, purpose, token, language)


def endorse(
    services: Services,
    values: dict[str, Any],
    form_encoded: bool,
    client_ip: str,
    idempotency_key: str | None,
    language: str = DEFAULT_LANGUAGE,
) -> Outcome:
    """Validate and store a pending endorsement, in the language of the page it came from
    (with the consent text's version in that language), with its mail in the same write."""
    form = endorsement_form(services)
    if honeypot_hit(values, form.honeypot):
        note(log, "Endorsement honeypot hit: answered as accepted, nothing stored")
        return ACCEPTED
    endorsement = validate_endorsement(
        form, values, form_encoded, services.config.allowed_email_domains
    )
    # One person, one endorsement: the key is the mailbox, not the string typed.
    email_hash = keyed_hash(services.keys.emails, normalise(endorsement.email))
    guard = make_guard(services, FORM_ID, client_ip, idempotency_key, endorsement.as_dict())
    now = services.clock()
    confirm_nonce, withdraw_nonce = new_nonce(), new_nonce()
    item = services.endorsements.add_pending(
        email_hash,
        endorsement,
        language,
        form_consent_version(form, language),
        confirm_nonce,
        withdraw_nonce,
        now,
        guard.client_hash,
    )
    mail = endorsement_messages.confirm_endorsement(
        endorsement.email,
        _url(services, CONFIRM, email_hash, confirm_nonce, language),
        _url(services, WITHDRAW, email_hash, withdraw_nonce, language),
        language,
        site_url=services.config.site_url,
    )
    started = time.perf_counter()
    written = guarded_write(services, guard, item, ACCEPTED, now, mail)
    first_write = time.perf_counter() - started
    if isinstance(written, Refused):
        services.equaliser.record(first_write)
        return _known_address(services, guard, email_hash, written.existing, now)
    if not written.replayed:
        note(log, "Endorsement stored as pending, its confirmation mail in the outbox")
        # The known path's second write has this one's size: wait for its first, refused one.
        services.equaliser.pause(fallback=first_write)
    return written


def _known_address(
    services: Services,
    guard: Guard,
    email_hash: str,
    record: dict[str, Any] | None,
    now: datetime,
) -> Outcome:
    """The address is known: mail its owner the links they hold, change nothing, and answer
    as for a new endorsement. The mail is written beside a check that the endorsement is
    still as read (a status changed in between asks the client to retry rather than mailing
    the wrong links)."""
    if record is None:  # an engine that does not return the refused item
        record = services.endorsements.get(email_hash)
    if record is None:  # withdrawn or expired since our first write: rare, and a retry will do
        raise ServiceUnavailable(UNAVAILABLE, retry_after=1)
    status = str(record.get("status"))
    mail = _known_address_mail(services, email_hash, record, now)
    check = services.endorsements.unchanged(
        email_hash, status, record.get("confirm_nonce") if status == Status.PENDING else None
    )
    outcome = guarded_write(services, guard, check, ACCEPTED, now, mail)
    if isinstance(outcome, Refused):
        raise ServiceUnavailable(UNAVAILABLE, retry_after=1)
    if not outcome.replayed:
        note(log, "Known address submitted again (status %s): its links mailed again", status)
    return outcome


def _known_address_mail(
    services: Services, email_hash: str, record: dict[str, Any], now: datetime
) -> Mail | None:
    language, site_url = _language(record), services.config.site_url
    withdraw_nonce = record.get("withdraw_nonce")
    if not isinstance(withdraw_nonce, str):
        return None
    withdraw_url = _url(services, WITHDRAW, email_hash, withdraw_nonce, language)
    if record.get("status") == Status.PENDING and isinstance(record.get("confirm_nonce"), str):
        confirm_url = _url(services, CONFIRM, email_hash, record["confirm_nonce"], language)
        return endorsement_messages.confirm_endorsement(
            record["email"], confirm_url, withdraw_url, language, site_url=site_url
        )
    if record.get("status") == Status.CONFIRMED:
        # Once a day at most, however often and from wherever the address is submitted.
        once = f"already-endorsed|{email_hash}|{now.date().isoformat()}"
        return endorsement_messages.already_endorsed(
            record["email"], record["name"], withdraw_url, language, site_url=site_url, once=once
        )
    return None  # set aside by staff: its owner is not mailed about a suspected fake


def check_token(services: Services, token: Any, purpose: str) -> str:
    """The genuine, unexpired token of a GET page (its single use is checked on POST)."""
    services.tokens.verify(token, purpose, services.clock())
    return token


def confirm(services: Services, token: Any, client_ip: str = "") -> Outcome:
    check_rate(services, LINK_SCOPE, client_ip, services.config.rate_limit_per_minute)
    claims = services.tokens.verify(token, CONFIRM, services.clock())
    services.endorsements.confirm(claims.subject, claims.nonce, services.clock())
    note(log, "Endorsement confirmed")
    return Outcome(
        200,
        {"status": Status.CONFIRMED, "message": N_("Thank you: your endorsement is confirmed.")},
    )


def withdraw(services: Services, token: Any, client_ip: str = "") -> Outcome:
    check_rate(services, LINK_SCOPE, client_ip, services.config.rate_limit_per_minute)
    claims = services.tokens.verify(token, WITHDRAW, services.clock())
    services.endorsements.withdraw(claims.subject, claims.nonce)
    note(log, "Endorsement withdrawn and deleted")
    return Outcome(
        200,
        {
            "status": "withdrawn",
            "message": N_("Your endorsement is withdrawn and your details are deleted."),
        },
    )


def public_list(services: Services) -> dict[str, Any]:
    confirmed = services.endorsements.confirmed()
    endorsers = [
        {
            "name": item.get("name", ""),
            "organisation": item.get("organisation", ""),
            "organisation_type": item.get("organisation_type", ""),
            "country": item.get("country", ""),
            "date": str(item.get("confirmed_at", ""))[:10],
        }
        for item in confirmed
        if item.get("list_publicly")
    ]
    return {"count": len(confirmed), "endorsers": endorsers}
