"""The survey journey's drafts: start, open with the resume link, save a step, choose the city.

A draft is its own DynamoDB item; saving a step is one conditional write on its version (a
stale page is told to reload, never overwrites). The resume link is a signed token naming the
draft and its secret: it opens the draft on any device until the draft expires.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from functions.domain import places
from functions.domain.city_choice import (  # noqa: F401 - re-exported for the journey's pages
    NOT_LISTED,
    city_choices,
    city_from_gazetteer,
    free_text_key,
)
from functions.domain.consent import survey_consent_version
from functions.domain.errors import DraftChanged, RateLimited, TokenInvalid
from functions.domain.forms import Survey
from functions.domain.journey import (
    ABOUT,
    COMPLETED,
    IN_PROGRESS,
    Step,
    validate_step,
)
from functions.domain.tokens import INVALID, new_nonce
from functions.i18n import N_
from functions.request_log import note
from functions.services import Services
from functions.storage import surveys as storage
from functions.usecases.guard import (
    TOO_MANY,
    Outcome,
    Refused,
    client_hash_of,
    guarded_write,
    make_guard,
)
from functions.usecases.resume_links import (
    resume_address,
    resume_mail,
    should_mail_resume_link,
)

log = logging.getLogger(__name__)

DRAFT = "survey-draft"
KEPT_AFTER_CLOSE = timedelta(weeks=6)  # a draft outlives the survey a little, for reading
CHANGED_ELSEWHERE = N_(
    "These answers were saved from another page or device since you opened this one. Reload "
    "the page to see the latest answers, then make your change again."
)
CITY_ID = "city_id"  # the gazetteer id the combobox chose, sent with the first step


def draft_expiry(survey: Survey) -> datetime:
    return survey.closes + KEPT_AFTER_CLOSE


def draft_token(services: Services, survey: Survey, draft: dict[str, Any]) -> str:
    return services.tokens.issue(
        DRAFT,
        f"{survey.id}|{draft['draft_id']}",
        draft["secret"],
        services.clock(),
        expires=draft_expiry(survey),
    )


def new_draft(survey: Survey, language: str, now: datetime, **prefill: Any) -> dict[str, Any]:
    return {
        "survey_id": survey.id,
        "draft_id": uuid.uuid4().hex,
        "secret": new_nonce(),
        "version": 0,
        "respondent": {},
        "answers": {},
        "city": {},
        "steps": {},
        "current_step": ABOUT,
        "language": language,
        "consent_version": survey_consent_version(survey, language),
        "created_at": now.isoformat(timespec="seconds"),
        storage.TTL_ATTRIBUTE: int(draft_expiry(survey).timestamp()),
        **prefill,
    }


def language_change(survey: Survey, language: str | None) -> dict[str, str]:
    """What a draft stores when it takes another language: the language and its consent."""
    if not language:
        return {}
    return {"language": language, "consent_version": survey_consent_version(survey, language)}


def start(
    services: Services, survey: Survey, language: str, client_ip: str
) -> tuple[dict[str, Any], str]:
    """A new, empty draft and its resume token. Rate-limited per client, in the same write:
    the start is the one step of the journey that needs no token."""
    draft = new_draft(survey, language, services.clock())
    outcome = Outcome(201, {"draft_id": draft["draft_id"]})
    # Each start is its own request: a second person behind the same address never gets
    # the first one's draft back as a replay.
    guard = make_guard(services, f"survey-draft-{survey.id}", client_ip, None, draft["draft_id"])
    written = guarded_write(
        services, guard, services.surveys.draft_item(draft), outcome, services.clock()
    )
    if isinstance(written, Refused):  # a draft id drawn twice: uuid4 makes this all but impossible
        raise DraftChanged(CHANGED_ELSEWHERE)
    note(log, "Survey draft started (%s)", survey.id)
    return draft, draft_token(services, survey, draft)


STEP_SCOPE = "survey-step"


def open_draft(services: Services, survey: Survey, draft_id: str, token: Any) -> dict[str, Any]:
    """The draft the token names; TokenInvalid for any other draft, a forged or old token."""
    claims = services.tokens.verify(token, DRAFT, services.clock())
    if claims.subject != f"{survey.id}|{draft_id}":
        raise TokenInvalid(INVALID)
    draft = services.surveys.get_draft(survey.id, draft_id)
    if draft is None or draft.get("secret") != claims.nonce:
        raise TokenInvalid(INVALID)
    return draft


MAX_VERSION = 10**9  # far beyond any real draft; keeps the number DynamoDB-sized


def _version(value: Any) -> int:
    """The version the page was read at; any other value is a page we did not send."""
    text = value[0] if isinstance(value, list) and value else value
    try:
        version = int(str(text)[:12])
    except ValueError as exc:
        raise DraftChanged(CHANGED_ELSEWHERE) from exc
    if not 0 <= version < MAX_VERSION:
        raise DraftChanged(CHANGED_ELSEWHERE)
    return version


def _about_city(draft: dict[str, Any], respondent: dict[str, Any], values: Any) -> dict[str, Any]:
    """The city as the step leaves it: chosen with the combobox, kept, or to be chosen."""
    country, typed = respondent.get("country", ""), respondent.get("city", "")
    chosen = city_from_gazetteer(country, values.get(CITY_ID))
    # A chosen place counts only while the field still shows its name (the combobox puts it
    # there; a name typed over it is a new city to choose).
    if chosen and places.normalise_city_name(chosen["name"]) == places.normalise_city_name(typed):
        return {**chosen, "typed": typed}
    known = draft.get("city") or {}
    if known.get("key") and known.get("typed") == typed and known.get("country") == country:
        return known
    return {"typed": typed, "country": country}


def save_step(
    services: Services,
    survey: Survey,
    draft: dict[str, Any],
    step: Step,
    values: dict[str, Any],
    form_encoded: bool,
    *,
    complete: bool,
    resume_url: str | None = None,
    language: str | None = None,
    client_ip: str = "",
) -> tuple[int, bool]:
    """Validate and store one step; (new version, whether the city must still be chosen).
    `resume_url` (come back later) mails that link, at most every RESUME_MAIL_INTERVAL, to
    the draft's validated address, in the same transaction, with the time it was asked for
    (two presses cannot both mail, and a saved step never loses its mail); `language`, when
    given, becomes the draft's (the step was sent from a page in it). Counted against the
    client's limit of step saves (`client_ip`)."""
    version = _version(values.get("version", draft.get("version", 0)))
    saved = validate_step(
        step,
        values,
        form_encoded,
        complete=complete,
        allowed_domains=services.config.allowed_email_domains,
    )
    resume_to = None
    if resume_url and should_mail_resume_link(draft, services.clock()):
        resume_to = resume_address(services, step, saved.respondent, draft)
    mail_language = language or str(draft.get("language") or "en")
    mail = (
        resume_mail(services, survey, resume_to, resume_url or "", mail_language)
        if resume_to
        else None
    )
    changes: dict[str, dict[str, Any]] = {}
    removed: dict[str, list[str]] = {}
    whole: dict[str, Any] = {}
    city_open = False
    status = IN_PROGRESS if saved.missing else COMPLETED
    mail_item = None
    if mail is not None:
        asked = services.clock()
        whole["resume_mailed_at"] = asked.isoformat(timespec="seconds")
        mail_item = services.outbox.mail_item(mail, asked)
    whole.update(language_change(survey, language))
    if step.id == ABOUT:
        changes["respondent"] = saved.respondent
        # A field emptied since the last save goes: its old value must not come back.
        stored = draft.get("respondent") or {}
        if emptied := [name for name in saved.blanked if name in stored]:
            removed["respondent"] = emptied
        city = _about_city(draft, saved.respondent, values)
        whole["city"] = city
        city_open = not city.get("key") and bool(city.get("typed"))
        if city_open:
            status = IN_PROGRESS
    else:
        if saved.answers:
            changes["answers"] = saved.answers
        if saved.cleared:
            removed["answers"] = list(saved.cleared)
    try:
        new_version = services.surveys.save_draft(
            survey.id,
            draft["draft_id"],
            version,
            changes,
            removed,
            {step.id: status},
            step.id,
            services.clock(),
            whole,
            mail_item,
            _step_counter(services, client_ip),
        )
    except storage.OverLimit as exc:
        raise RateLimited(TOO_MANY, services.limits.retry_after(services.clock())) from exc
    except storage.VersionConflict as exc:
        raise DraftChanged(CHANGED_ELSEWHERE) from exc
    return new_version, city_open


def _step_counter(services: Services, client_ip: str) -> dict[str, Any]:
    """The client's step-save counter, written in the save's own transaction: one round
    trip per save, and an over-limit client saves nothing."""
    return services.limits.count_request(
        STEP_SCOPE,
        client_hash_of(services, client_ip),
        services.clock(),
        services.config.step_rate_limit_per_minute,
    )


CHOOSE_ONE = N_("Choose your city, or say that it is not listed.")


def choose_city(
    services: Services,
    survey: Survey,
    draft: dict[str, Any],
    values: dict[str, Any],
    language: str | None = None,
    client_ip: str = "",
) -> int:
    """The no-JavaScript choice: a place of the list, or the typed name as it is (and the
    page's language, when given, as the draft's). Counted as a step save."""
    from functions.domain.errors import ValidationFailed

    version = _version(values.get("version", draft.get("version", 0)))
    city = draft.get("city") or {}
    country, typed = city.get("country", ""), city.get("typed", "")
    choice = values.get("place")
    choice = choice[0] if isinstance(choice, list) and choice else choice
    if choice == NOT_LISTED and typed:
        chosen = {
            "key": free_text_key(country, typed, "place"),
            "place_id": "",
            "name": typed,
            "country": country,
        }
    else:
        chosen = city_from_gazetteer(country, choice)
    if not chosen:
        raise ValidationFailed({"place": CHOOSE_ONE})
    try:
        return services.surveys.save_draft(
            survey.id,
            draft["draft_id"],
            version,
            {},
            {},
            {ABOUT: COMPLETED},
            ABOUT,
            services.clock(),
            {"city": {**chosen, "typed": typed}, **language_change(survey, language)},
            rate_item=_step_counter(services, client_ip),
        )
    except storage.OverLimit as exc:
        raise RateLimited(TOO_MANY, services.limits.retry_after(services.clock())) from exc
    except storage.VersionConflict as exc:
        raise DraftChanged(CHANGED_ELSEWHERE) from exc
