"""Confirm a sent response, read it with its link, and start changing it.

Confirming is one conditional write on the response (pending -> confirmed, single use), then
an atomic set ADD on its city. Two confirmations for one city at the same moment both land in
the set: the city is contested, both respondents are told, nothing is lost or doubled, and
staff settle it (`admin survey accept`).
"""

from __future__ import annotations

import logging
from typing import Any

from functions.domain.emails import normalise
from functions.domain.errors import AlreadyAnswered, NotFound, TokenInvalid
from functions.domain.forms import Survey
from functions.domain.journey import COMPLETED, steps_of
from functions.domain.statuses import Status
from functions.domain.tokens import ALREADY_USED, INVALID, keyed_hash
from functions.i18n import N_
from functions.mail import survey_messages
from functions.request_log import note
from functions.services import Services
from functions.storage import surveys as storage
from functions.usecases.drafts import draft_token, new_draft
from functions.usecases.guard import LINK_SCOPE, check_rate
from functions.usecases.sending import CONFIRM, VIEW, language_of, view_url
from functions.usecases.surveys import check_open

log = logging.getLogger(__name__)

ONE_VOICE = N_(
    "This email address has already confirmed answers for this city. To change them, open "
    "the link in the email with your answers."
)
GONE = N_("These answers are no longer stored: unconfirmed answers are deleted after 7 days.")


def _reference_of(survey: Survey, subject: str) -> str:
    survey_id, _, reference = subject.partition("|")
    if survey_id != survey.id or not reference:
        raise TokenInvalid(INVALID)
    return reference


def check_confirm_token(services: Services, survey: Survey, token: Any) -> str:
    """The token of the confirm page (GET changes nothing; its single use is checked on POST)."""
    claims = services.tokens.verify(token, CONFIRM, services.clock())
    _reference_of(survey, claims.subject)
    return str(token)


def confirm(services: Services, survey: Survey, token: Any, client_ip: str = "") -> dict[str, Any]:
    """Confirm a sent response; the copy of its answers goes to the now proven address in the
    same write. Read first, so that the copy can be written with the confirmation."""
    check_rate(services, LINK_SCOPE, client_ip, services.config.rate_limit_per_minute)
    claims = services.tokens.verify(token, CONFIRM, services.clock())
    reference = _reference_of(survey, claims.subject)
    now = services.clock()
    record = services.surveys.get_response(survey.id, reference)
    if record is None or record.get("status") != Status.PENDING:
        raise TokenInvalid(ALREADY_USED)  # as the conditional write would say
    city = record.get("city") or {}
    copy = survey_messages.answers_copy(
        record["respondent"]["email"],
        survey,
        reference,
        city.get("name", ""),
        record.get("answers") or {},
        view_url(services, survey, record),
        language_of(record),
        site_url=services.config.site_url,
    )
    mailbox = keyed_hash(services.keys.emails, normalise(record["respondent"]["email"]))
    try:
        services.surveys.confirm(
            survey.id,
            reference,
            claims.nonce,
            now,
            services.outbox.mail_item(copy, now),
            city["key"],
            mailbox,
        )
    except storage.MailboxCounted as exc:
        raise AlreadyAnswered(ONE_VOICE) from exc
    joined = services.surveys.join_city(survey.id, city["key"], reference, now)
    refs = set(joined.get("refs") or ())
    note(log, "Survey response confirmed (%s); %d confirmed for its city", survey.id, len(refs))
    if len(refs) > 1:
        state = str(joined.get("accepted_at") or "open")
        _tell_contest(services, survey, refs, city.get("name", ""), state)
    return {**record, "status": Status.CONFIRMED, "contested": len(refs) > 1}


def _tell_contest(
    services: Services, survey: Survey, refs: set[str], city: str, state: str
) -> None:
    """Every respondent of a contested city hears that the programme team will check: once
    per state of the contest (open; open again after staff settled it), however many more
    confirm. Who else is there is known only after the confirmation (join_city), so this is
    not in its transaction: a crash in between loses the notice; staff see contests anyway."""
    for reference in sorted(refs):
        other = services.surveys.get_response(survey.id, reference)
        if not (other and other.get("respondent", {}).get("email")):
            continue
        if other.get("contest_told") == state:
            continue  # told of this state already: no second write, no second mail
        notice = survey_messages.contested(
            other["respondent"]["email"],
            survey,
            reference,
            city,
            language_of(other),
            site_url=services.config.site_url,
        )
        now = services.clock()
        services.surveys.contest_notice(
            survey.id, reference, state, services.outbox.mail_item(notice, now)
        )


def open_response(services: Services, survey: Survey, reference: str, token: Any) -> dict[str, Any]:
    """The response its view link names (readable even after the survey closed)."""
    claims = services.tokens.verify(token, VIEW, services.clock())
    if _reference_of(survey, claims.subject) != reference:
        raise TokenInvalid(INVALID)
    record = services.surveys.get_response(survey.id, reference)
    if record is None:
        raise NotFound(GONE)
    if record.get("access_nonce") != claims.nonce:
        raise TokenInvalid(INVALID)
    return record


def start_edit(
    services: Services,
    survey: Survey,
    record: dict[str, Any],
    language: str | None = None,
    client_ip: str = "",
) -> tuple[dict[str, Any], str]:
    """A draft prefilled with a confirmed response, every step completed; sending it makes a
    new revision of that response. In `language` (the page's) when given, else the
    response's."""
    check_rate(services, LINK_SCOPE, client_ip, services.config.rate_limit_per_minute)
    check_open(services, survey)
    if record.get("status") != Status.CONFIRMED:
        raise TokenInvalid(INVALID)
    respondent = {
        key: value for key, value in record["respondent"].items() if key != "email_domain"
    }
    draft = new_draft(
        survey,
        language or language_of(record),
        services.clock(),
        respondent=respondent,
        answers=dict(record.get("answers") or {}),
        city={**record["city"], "typed": record["city"].get("name", "")},
        steps={step.id: COMPLETED for step in steps_of(survey)},
        editing=record["reference"],
        base_revision=record["revision"],
    )
    services.surveys.put_draft(draft)
    return draft, draft_token(services, survey, draft)
