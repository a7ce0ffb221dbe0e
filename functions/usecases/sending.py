"""Send a survey response: stored pending, counted only once its respondent confirms the email.

A response from a draft is checked again in full (the server trusts no step it did not just
validate) and stored with the draft marked sent, in one transaction. An edit of a confirmed
response (its draft came from the emailed link, so the address is already proven) becomes a
new revision; the one it replaces stays in the response's history.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from functions.domain import places
from functions.domain.city_choice import free_text_key
from functions.domain.consent import survey_consent_version
from functions.domain.errors import DraftChanged, ServiceUnavailable
from functions.domain.forms import Survey
from functions.domain.journey import validate_draft
from functions.domain.references import new_reference
from functions.domain.scoring import score
from functions.domain.statuses import Status
from functions.domain.submissions import honeypot_hit, validate_survey_answers
from functions.domain.tokens import new_nonce
from functions.i18n import DEFAULT_LANGUAGE, N_
from functions.mail import survey_messages
from functions.mail.base import Mail
from functions.request_log import note
from functions.services import Services
from functions.storage import surveys as storage
from functions.usecases.guard import Outcome, Refused, check_rate, guarded_write, make_guard
from functions.usecases.surveys import human_moment

log = logging.getLogger(__name__)

CONFIRM, VIEW = "survey-confirm", "survey-view"
PENDING_LIFETIME = timedelta(days=7)
ALREADY_SENT = N_(
    "These answers were already sent. Open the link in the email we sent to read them."
)


def _email_domain(email: str) -> str:
    return email.rpartition("@")[2].lower()


def view_token(services: Services, survey: Survey, record: dict[str, Any]) -> str:
    """Reading (and, while the survey is open, changing) the sent answers, until it closes
    and a little after: the link in every survey mail."""
    return services.tokens.issue(
        VIEW,
        f"{survey.id}|{record['reference']}",
        record["access_nonce"],
        services.clock(),
        expires=survey.closes + timedelta(weeks=6),
    )


def language_of(record: dict[str, Any]) -> str:
    """The language of a response (or draft): its pages and mail are in it."""
    return str(record.get("language") or DEFAULT_LANGUAGE)  # records older than languages


def view_url(services: Services, survey: Survey, record: dict[str, Any]) -> str:
    token = view_token(services, survey, record)
    base = f"{services.config.api_base_url}/surveys/{survey.id}/responses/{record['reference']}"
    return f"{base}?t={token}&lang={language_of(record)}"


def pending_record(
    services: Services,
    survey: Survey,
    respondent: dict[str, Any],
    city: dict[str, Any],
    answers: dict[str, Any],
    language: str,
) -> dict[str, Any]:
    now = services.clock()
    return {
        "survey_id": survey.id,
        "reference": new_reference(),
        "status": Status.PENDING,
        "definition_version": survey.version,
        "respondent": {**respondent, "email_domain": _email_domain(respondent["email"])},
        "city": {key: city.get(key, "") for key in ("key", "place_id", "name", "country")},
        "answers": answers,
        "scores": score(survey, answers).to_dict(),
        "language": language,
        "consent_version": survey_consent_version(survey, language),
        "revision": 1,
        "submitted_at": now.isoformat(timespec="seconds"),
        "confirm_nonce": new_nonce(),
        "access_nonce": new_nonce(),
        storage.TTL_ATTRIBUTE: int((now + PENDING_LIFETIME).timestamp()),
    }


def store_pending(
    services: Services, survey: Survey, record: dict[str, Any], draft_id: str | None
) -> None:
    """Store it with its confirm-request mail; a reference drawn twice is drawn again (a few
    times at most)."""
    for _attempt in range(3):
        mail = services.outbox.mail_item(
            confirm_request(services, survey, record), services.clock()
        )
        try:
            services.surveys.add_pending(record, draft_id, mail)
            return
        except storage.ReferenceTaken:
            record["reference"] = new_reference()
        except storage.VersionConflict as exc:
            raise DraftChanged(ALREADY_SENT) from exc
    raise ServiceUnavailable(N_("We could not store the answers. Please send them again."))


def confirm_request(services: Services, survey: Survey, record: dict[str, Any]) -> Mail:
    """The mail asking the respondent to confirm their address, with the link that does."""
    confirm = services.tokens.issue(
        CONFIRM, f"{survey.id}|{record['reference']}", record["confirm_nonce"], services.clock()
    )
    language = language_of(record)
    base = services.config.api_base_url
    confirm_url = f"{base}/surveys/{survey.id}/confirm?token={confirm}&lang={language}"
    return survey_messages.confirm_response(
        record["respondent"]["email"],
        survey,
        record["reference"],
        confirm_url,
        view_url(services, survey, record),
        language,
        site_url=services.config.site_url,
    )


SEND_SCOPE = "survey-send"


def send(
    services: Services,
    survey: Survey,
    draft: dict[str, Any],
    language: str | None = None,
    client_ip: str = "",
) -> dict[str, Any]:
    """The draft as a pending response (or a new revision of the response it edits), in the
    language of the page it was sent from (`language`), else the draft's."""
    check_rate(services, SEND_SCOPE, client_ip, services.config.rate_limit_per_minute)
    if draft.get("sent_reference"):
        raise DraftChanged(ALREADY_SENT)
    validate_draft(survey, draft, services.config.allowed_email_domains)
    language = language or language_of(draft)
    if draft.get("editing"):
        return _send_edit(services, survey, draft, language)
    record = pending_record(
        services, survey, draft["respondent"], draft["city"], draft["answers"], language
    )
    store_pending(services, survey, record, draft["draft_id"])
    note(log, "Survey response sent, pending confirmation (%s)", survey.id)
    return record


def _send_edit(
    services: Services, survey: Survey, draft: dict[str, Any], language: str
) -> dict[str, Any]:
    reference = draft["editing"]
    earlier = services.surveys.get_response(survey.id, reference)
    if earlier is None or earlier.get("revision") != draft.get("base_revision"):
        raise DraftChanged(ALREADY_SENT)
    answers = draft["answers"]
    changes = {
        "answers": answers,
        "scores": score(survey, answers).to_dict(),
        "respondent": {
            **earlier["respondent"],
            "name": draft["respondent"].get("name", ""),
            "role": draft["respondent"].get("role", ""),
        },
        "language": language,
        "consent_version": survey_consent_version(survey, language),
    }
    kept = {
        "revision": earlier["revision"],
        "answers": earlier["answers"],
        "scores": earlier["scores"],
        "language": language_of(earlier),
        "at": earlier.get("updated_at") or earlier.get("confirmed_at") or "",
    }
    try:
        services.surveys.edit(
            survey.id, reference, earlier["revision"], changes, kept, services.clock()
        )
    except storage.VersionConflict as exc:
        raise DraftChanged(ALREADY_SENT) from exc
    note(log, "Survey response changed (%s, revision %s)", survey.id, earlier["revision"] + 1)
    return {**earlier, **changes, "revision": earlier["revision"] + 1}


def closes_text(survey: Survey, language: str = DEFAULT_LANGUAGE) -> str:
    return human_moment(survey.closes, language)


def submit_all(
    services: Services,
    survey: Survey,
    values: dict[str, Any],
    form_encoded: bool,
    client_ip: str,
    idempotency_key: str | None,
    language: str,
) -> Outcome:
    """Every answer in one request (API clients): validated, stored pending, confirm mailed.

    Rate-limited and idempotent like every submission (functions.usecases.guard)."""
    if honeypot_hit(values, survey.honeypot):
        note(log, "Survey honeypot hit: answered as accepted, nothing stored")
        return Outcome(
            201, {"status": Status.PENDING, "survey_id": survey.id, "reference": new_reference()}
        )
    answers = validate_survey_answers(
        survey, values, form_encoded, services.config.allowed_email_domains
    )
    respondent = answers.respondent
    city = resolve_typed_city(respondent["country"], respondent["city"])
    record = pending_record(services, survey, respondent, city, answers.answers, language)
    outcome = Outcome(
        201, {"status": Status.PENDING, "survey_id": survey.id, "reference": record["reference"]}
    )
    canonical = {"respondent": respondent, "answers": answers.answers}
    guard = make_guard(services, f"survey-{survey.id}", client_ip, idempotency_key, canonical)
    item = services.surveys.pending_item(record)
    mail = confirm_request(services, survey, record)
    result = guarded_write(services, guard, item, outcome, services.clock(), mail)
    if isinstance(result, Refused):  # the one-in-billions reference clash
        raise ServiceUnavailable(N_("We could not store the answers. Please send them again."))
    if not result.replayed:
        note(log, "Survey response sent in one request, pending confirmation (%s)", survey.id)
    return result


def resolve_typed_city(country: str, typed: str) -> dict[str, Any]:
    """A typed name: the gazetteer's place when exactly one matches it, else the name itself."""
    matches = [
        place
        for place in places.gazetteer().search(country, typed, limit=5)
        if places.normalise_city_name(place.name) == places.normalise_city_name(typed)
    ]
    if len(matches) == 1:
        place = matches[0]
        return {
            "key": places.city_key(country, place.id, None),
            "place_id": place.id,
            "name": place.name,
            "country": country,
        }
    return {
        "key": free_text_key(country, typed, "city"),
        "place_id": "",
        "name": typed,
        "country": country,
    }
