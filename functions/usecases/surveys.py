"""A survey's definition and whether it is open; shared by the journey and sending."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.domain.errors import NotFound, SurveyNotOpen
from functions.domain.forms import Survey
from functions.i18n import N_
from functions.services import Services


def find_survey(services: Services, survey_id: str) -> Survey:
    survey = services.catalog.surveys.get(survey_id)
    if survey is None:
        raise NotFound(N_("There is no survey %(survey)r.", survey=survey_id[:80]))
    return survey


def describe(services: Services, survey_id: str) -> dict[str, Any]:
    survey = find_survey(services, survey_id)
    return {**survey.to_dict(), "open": survey.is_open(services.clock())}


def human_moment(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return moment.strftime("%d %B %Y, %H:%M") + f" (UTC{offset[:3]}:{offset[3:]})"


def check_open(services: Services, survey: Survey) -> None:
    """SurveyNotOpen (410) before it opens and after it closes: no saves, no sends."""
    now = services.clock()
    if now < survey.opens:
        raise SurveyNotOpen(
            N_(
                "This survey is not open yet: it opens on %(opens)s and closes on %(closes)s.",
                opens=human_moment(survey.opens),
                closes=human_moment(survey.closes),
            )
        )
    if now > survey.closes:
        raise SurveyNotOpen(
            N_(
                "This survey is closed: it was open from %(opens)s to %(closes)s.",
                opens=human_moment(survey.opens),
                closes=human_moment(survey.closes),
            )
        )
