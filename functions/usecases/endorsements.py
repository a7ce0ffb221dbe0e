"""Endorse the manifesto, confirm, withdraw, and list: the rules, with storage and mail.

One DynamoDB round trip per accepted new endorsement, its mail written in the same transaction
(the outbox; the mail worker sends it). Submitting again with a known email sends a fresh link
instead (pending: confirm + withdraw; confirmed: withdraw, at most once a day) and answers
exactly as for a new one, so the answer never tells whether an email is known.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from functions.domain.consent import form_consent_version
from functions.domain.emails import is_disposable
from functions.domain.errors import ServiceUnavailable, ValidationFailed
from functions.domain.forms import Form
from functions.domain.submissions import honeypot_hit, normalise_email, validate_endorsement
from functions.domain.tokens import keyed_hash, new_nonce
from functions.i18n import DEFAULT_LANGUAGE, N_
from functions.mail import messages
from functions.request_log import note
from functions.services import Services
from functions.storage.dynamo import UNAVAILABLE
from functions.usecases.guard import Guard, Outcome, guarded_write, make_guard

log = logging.getLogger(__name__)

FORM_ID = "endorsement"
CONFIRM, WITHDRAW = "confirm", "withdraw"
ACCEPTED = Outcome(
    202,
    {
        "status": "pending",
        "message": N_(
            "Thank you. Check your inbox: we have sent you a link to confirm your "
            "endorsement. It counts once you have confirmed it."
        ),
    },
)
DISPOSABLE = N_(
    "Addresses of throwaway mail services cannot endorse. Please use an address you keep."
)
ALREADY_MAILED_EVERY = timedelta(days=1)


def endorsement_form(services: Services) -> Form:
    return services.catalog.forms[FORM_ID]


def _link(services: Services, action: str, token: str, language: str) -> str:
    """A link of the mail: its page opens in the language of the endorsement."""
    base = services.config.api_base_url
    return f"{base}/endorsements/{action}?token={quote(token)}&lang={language}"


def _language(record: dict[str, Any]) -> str:
    return str(record.get("language") or DEFAULT_LANGUAGE)  # records older than languages


def _tokens(services: Services, email_hash: str) -> tuple[str, str, str, str]:
    now = services.clock()
    confirm_nonce, withdraw_nonce = new_nonce(), new_nonce()
    confirm = services.tokens.issue(CONFIRM, email_hash, confirm_nonce, now)
    withdraw = services.tokens.issue(WITHDRAW, email_hash, withdraw_nonce, now)
    return confirm_nonce, withdraw_nonce, confirm, withdraw


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
    endorsement = validate_endorsement(form, values, form_encoded)
    if is_disposable(endorsement.email, services.config.allowed_email_domains):
        raise ValidationFailed({"email": DISPOSABLE})
    # One person, one endorsement: the key is the mailbox, not the string typed.
    email_hash = keyed_hash(services.keys.emails, normalise_email(endorsement.email))
    guard = make_guard(services, FORM_ID, client_ip, idempotency_key, endorsement.as_dict())
    now = services.clock()
    confirm_nonce, withdraw_nonce, confirm, withdraw = _tokens(services, email_hash)
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
    mail = messages.confirm_endorsement(
        endorsement.email,
        endorsement.name,
        _link(services, CONFIRM, confirm, language),
        _link(services, WITHDRAW, withdraw, language),
        language,
        site_url=services.config.site_url,
    )
    outcome = guarded_write(services, guard, item, ACCEPTED, now, mail)
    if outcome is not None:
        if not outcome.replayed:
            note(log, "Endorsement stored as pending, its confirmation mail in the outbox")
        return outcome
    return _send_new_links(services, guard, email_hash, now)


def _send_new_links(services: Services, guard: Guard, email_hash: str, now: datetime) -> Outcome:
    """The email is known: renew its links and mail them, answering as for a new endorsement.

    Read first, then write conditioned on the status read: a pending endorsement gets its 30
    days again; a status changed in between (confirmed, withdrawn) fails the write, and the
    client is asked to retry rather than mailed the wrong links. A confirmed endorser is told
    "you already endorsed" at most once a day (ALREADY_MAILED_EVERY): submitting their address
    again and again mails its owner once.
    """
    record = services.endorsements.get(email_hash)
    if record is None:  # withdrawn or expired since our first write: rare, and a retry will do
        raise ServiceUnavailable(UNAVAILABLE, retry_after=1)
    confirm_nonce, withdraw_nonce, confirm, withdraw = _tokens(services, email_hash)
    # In the language stored with the endorsement: the one its consent was given in.
    language, site_url = _language(record), services.config.site_url
    withdraw_url = _link(services, WITHDRAW, withdraw, language)
    mail: messages.Mail | None
    if record["status"] == "pending":
        confirm_url = _link(services, CONFIRM, confirm, language)
        mail = messages.confirm_endorsement(
            record["email"], record["name"], confirm_url, withdraw_url, language, site_url=site_url
        )
    elif _mailed_within(record, ALREADY_MAILED_EVERY, now):
        mail = None
    else:
        mail = messages.already_endorsed(
            record["email"], record["name"], withdraw_url, language, site_url=site_url
        )
    item = services.endorsements.renew_tokens(
        email_hash,
        record["status"],
        confirm_nonce,
        withdraw_nonce,
        now,
        mailed=mail is not None,
        mailed_before=record.get("already_mailed_at"),
    )
    outcome = guarded_write(services, guard, item, ACCEPTED, now, mail)
    if outcome is None:
        raise ServiceUnavailable(UNAVAILABLE, retry_after=1)
    if not outcome.replayed:
        note(
            log,
            "Known email submitted again (status %s): %s",
            record["status"],
            "new links in the outbox" if mail else "no mail (one a day)",
        )
    return outcome


def _mailed_within(record: dict[str, Any], period: timedelta, now: datetime) -> bool:
    last = record.get("already_mailed_at")
    if not isinstance(last, str):
        return False
    try:
        return now - datetime.fromisoformat(last) < period
    except ValueError:
        return False


def check_token(services: Services, token: Any, purpose: str) -> str:
    """The genuine, unexpired token of a GET page (its single use is checked on POST)."""
    services.tokens.verify(token, purpose, services.clock())
    return token


def confirm(services: Services, token: Any) -> Outcome:
    claims = services.tokens.verify(token, CONFIRM, services.clock())
    services.endorsements.confirm(claims.subject, claims.nonce, services.clock())
    note(log, "Endorsement confirmed")
    return Outcome(
        200, {"status": "confirmed", "message": N_("Thank you: your endorsement is confirmed.")}
    )


def withdraw(services: Services, token: Any) -> Outcome:
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
