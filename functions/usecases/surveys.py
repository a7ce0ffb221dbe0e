"""Answer a survey: one response per city, changed only with the edit link emailed after it.

One DynamoDB round trip per accepted response (plus the mail with the edit link).
"""

from __future__ import annotations

import logging
import uuid
from typing import Any
from urllib.parse import quote

from functions.domain.errors import (
    AlreadyAnswered,
    NotFound,
    SurveyNotOpen,
    TokenInvalid,
    ValidationFailed,
)
from functions.domain.forms import Survey
from functions.domain.scoring import score
from functions.domain.submissions import SurveyAnswers, honeypot_hit, validate_survey_answers
from functions.domain.tokens import ALREADY_USED, new_nonce
from functions.i18n import N_
from functions.mail import messages
from functions.mail.base import MailError
from functions.services import Services
from functions.usecases.guard import Outcome, guarded_write, make_guard

log = logging.getLogger(__name__)

EDIT = "edit"
WRONG_CITY = N_(
    "This edit link is for another city's response: keep the city and country as they were."
)


def find_survey(services: Services, survey_id: str) -> Survey:
    survey = services.catalog.surveys.get(survey_id)
    if survey is None:
        raise NotFound(N_("There is no survey %(survey)r.", survey=survey_id[:80]))
    return survey


def describe(services: Services, survey_id: str) -> dict[str, Any]:
    survey = find_survey(services, survey_id)
    return {**survey.to_dict(), "open": survey.is_open(services.clock())}


def _human(moment: Any) -> str:
    return (
        moment.strftime("%d %B %Y, %H:%M")
        + f" (UTC{moment.strftime('%z')[:3]}:{moment.strftime('%z')[3:]})"
    )


def check_open(services: Services, survey: Survey) -> None:
    now = services.clock()
    if now < survey.opens:
        raise SurveyNotOpen(
            N_(
                "This survey is not open yet: it opens on %(opens)s and closes on %(closes)s.",
                opens=_human(survey.opens),
                closes=_human(survey.closes),
            )
        )
    if now > survey.closes:
        raise SurveyNotOpen(
            N_(
                "This survey is closed: it was open from %(opens)s to %(closes)s.",
                opens=_human(survey.opens),
                closes=_human(survey.closes),
            )
        )


def _subject(survey: Survey, city_key: str, response_id: str) -> str:
    return f"{survey.id}|{city_key}|{response_id}"


def _edit_claims(services: Services, survey: Survey, answers: SurveyAnswers) -> tuple[str, str]:
    """(response id, nonce) named by a valid edit token for this survey and city."""
    try:
        claims = services.tokens.verify(answers.edit_token, EDIT, services.clock())
    except TokenInvalid as exc:
        raise ValidationFailed({"edit_token": exc.message}) from exc
    survey_id, _, rest = claims.subject.partition("|")
    city_key, _, response_id = rest.rpartition("|")
    if survey_id != survey.id or city_key != answers.city_key:
        raise ValidationFailed({"edit_token": WRONG_CITY})
    return response_id, claims.nonce


def submit(
    services: Services,
    survey_id: str,
    values: dict[str, Any],
    form_encoded: bool,
    client_ip: str,
    idempotency_key: str | None,
) -> Outcome:
    survey = find_survey(services, survey_id)
    check_open(services, survey)
    if honeypot_hit(values, survey.honeypot):
        log.info("Survey honeypot hit: answered as accepted, nothing stored")
        return Outcome(
            201, {"status": "received", "survey_id": survey.id, "response_id": uuid.uuid4().hex}
        )
    answers = validate_survey_answers(survey, values, form_encoded)
    editing = answers.edit_token is not None
    response_id, old_nonce = (
        _edit_claims(services, survey, answers) if editing else (uuid.uuid4().hex, "")
    )
    scores = score(survey, answers.answers)
    nonce = new_nonce()
    now = services.clock()
    record = {
        "survey_id": survey.id,
        "city_key": answers.city_key,
        "response_id": response_id,
        "definition_version": survey.version,
        "respondent": answers.respondent,
        "answers": answers.answers,
        "scores": scores.to_dict(),
        "edit_nonce": nonce,
    }
    table = services.surveys
    item = (
        table.replace_response(record, old_nonce, now)
        if editing
        else table.add_response(record, now)
    )
    outcome = Outcome(
        200 if editing else 201,
        {
            "status": "updated" if editing else "received",
            "survey_id": survey.id,
            "response_id": response_id,
        },
    )
    canonical = {
        "respondent": answers.respondent,
        "answers": answers.answers,
        "edit": answers.edit_token,
    }
    guard = make_guard(services, f"survey-{survey.id}", client_ip, idempotency_key, canonical)
    result = guarded_write(services, guard, item, outcome, now)
    if result is None:
        if editing:
            raise ValidationFailed({"edit_token": ALREADY_USED})
        raise AlreadyAnswered(
            N_(
                "Your city has already answered this survey. To change the answers, use the "
                "edit link we emailed to the person who answered first."
            )
        )
    if not result.replayed:
        log.info("Survey response %s (%s)", "updated" if editing else "stored", survey.id)
        _mail_edit_link(services, survey, answers, response_id, nonce)
    return result


def _mail_edit_link(
    services: Services, survey: Survey, answers: SurveyAnswers, response_id: str, nonce: str
) -> None:
    token = services.tokens.issue(
        EDIT, _subject(survey, answers.city_key, response_id), nonce, services.clock()
    )
    edit_url = f"{services.config.site_url}/ambassador-cities/survey/?edit_token={quote(token)}"
    respondent = answers.respondent
    mail = messages.survey_received(
        respondent["email"],
        respondent["name"],
        survey.title,
        respondent["city"],
        edit_url,
        token,
        _human(survey.closes),
    )
    try:
        services.mailer.send(mail)
    except MailError as exc:
        # The answers are safe; only the edit link is missing. Not worth failing the request.
        log.error("Edit-link mail failed after a stored survey response: %s", type(exc).__name__)
