"""A survey's definition and whether it is open; shared by the journey and sending."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.domain.errors import NotFound, SurveyNotOpen
from functions.domain.forms import Survey
from functions.i18n import DEFAULT_LANGUAGE, N_, translations_for
from functions.services import Services

# The keys of a definition whose values people read (as scripts/translations.py extracts them).
PROSE_KEYS = frozenset(
    {"title", "description", "label", "help", "text", "min_label", "max_label", "summary"}
)


def find_survey(services: Services, survey_id: str) -> Survey:
    survey = services.catalog.surveys.get(survey_id)
    if survey is None:
        raise NotFound(N_("There is no survey %(survey)r.", survey=survey_id[:80]))
    return survey


def describe(
    services: Services, survey_id: str, language: str = DEFAULT_LANGUAGE
) -> dict[str, Any]:
    """The definition, its texts in the language; ids, values and scores as they are."""
    survey = find_survey(services, survey_id)
    texts = _in_language(survey.to_dict(), translations_for(language).gettext)
    return {**texts, "open": survey.is_open(services.clock())}


def _in_language(data: Any, gettext: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: gettext(value)
            if key in PROSE_KEYS and isinstance(value, str) and value
            else _in_language(value, gettext)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_in_language(item, gettext) for item in data]
    return data


def human_moment(moment: datetime, language: str = DEFAULT_LANGUAGE) -> str:
    """A moment for people: "05 February 2027, 23:59 (UTC+01:00)" in English; in the other
    languages in ISO 8601's order ("2027-02-05 23:59 (UTC+01:00)"), which reads alike in all
    of them (the functions carry no month names but English ones)."""
    offset = moment.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})"
    if language == DEFAULT_LANGUAGE:
        return moment.strftime("%d %B %Y, %H:%M") + zone
    return moment.strftime("%Y-%m-%d %H:%M") + zone


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
