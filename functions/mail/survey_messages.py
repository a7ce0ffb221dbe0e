"""The survey's mail: the resume link, the confirm request, the copy of the answers, contests.

In the respondent's language, every sentence a msgid (see functions/mail/message_parts.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.domain.forms import Survey
from functions.i18n import DEFAULT_LANGUAGE, translations_for
from functions.mail.base import Mail
from functions.mail.message_parts import paragraphs, signature


def resume_link(
    to: str,
    survey: Survey,
    resume_url: str,
    closes: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    site_url: str,
) -> Mail:
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello,"),
        _(
            "Your answers to the %(survey)s are saved. To go on where you left off, on this or any other device, open this link:"
        )
        % {"survey": _(survey.title)},
        resume_url,
        _(
            "Keep this link to yourself: anyone who has it can see and change the answers. It works until %(closes)s, when the survey closes."
        )
        % {"closes": closes},
        signature(language, site_url),
    )
    return Mail(to=to, subject=_("Continue your city's answers"), text=text, language=language)


def confirm_response(
    to: str,
    survey: Survey,
    reference: str,
    confirm_url: str,
    view_url: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    site_url: str,
) -> Mail:
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello,"),
        _(
            "Thank you: we have received your city's answers to the %(survey)s. Your reference is %(reference)s."
        )
        % {"survey": _(survey.title), "reference": reference},
        _(
            "The answers count only once you confirm this email address. Open this link within 7 days and press the Confirm button:"
        ),
        confirm_url,
        _("You can read the answers you sent here:"),
        view_url,
        _(
            "If you did not send these answers, ignore this message: without confirmation they are deleted after 7 days."
        ),
        signature(language, site_url),
    )
    subject = _("Please confirm your city's answers (reference %(reference)s)") % {
        "reference": reference
    }
    return Mail(to=to, subject=subject, text=text, language=language)


def _answer_lines(survey: Survey, answers: Mapping[str, Any], language: str) -> list[str]:
    _ = translations_for(language).gettext
    lines = []
    for number, question in enumerate(survey.questions, start=1):
        value = answers.get(question.id)
        if value is None:
            shown = _("Not answered")
        elif question.type == "scale":
            shown = str(value)
        else:
            chosen = value if isinstance(value, list) else [value]
            labels = {option.value: _(option.label) for option in question.options}
            shown = ", ".join(labels.get(item, str(item)) for item in chosen)
        lines.append(f"{number}. {_(question.text)}\n   {shown}")
    return lines


def answers_copy(
    to: str,
    survey: Survey,
    reference: str,
    city: str,
    answers: Mapping[str, Any],
    view_url: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    site_url: str,
) -> Mail:
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello,"),
        _(
            "Your email address is confirmed: these are the answers for %(city)s to the %(survey)s (reference %(reference)s)."
        )
        % {"city": city, "survey": _(survey.title), "reference": reference},
        "\n".join(_answer_lines(survey, answers, language)),
        _("To read or change the answers until the survey closes, open this link:"),
        view_url,
        signature(language, site_url),
    )
    subject = _("Your city's answers (reference %(reference)s)") % {"reference": reference}
    # Its owner asked for it by confirming: not under the daily cap.
    return Mail(to=to, subject=subject, text=text, language=language, solicited=True)


def contested(
    to: str,
    survey: Survey,
    reference: str,
    city: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    site_url: str,
) -> Mail:
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello,"),
        _(
            "Someone else has also confirmed answers for %(city)s to the %(survey)s. Only one response per city counts, so the programme team will check which one is the city's and contact you."
        )
        % {"city": city, "survey": _(survey.title)},
        _("Your answers (reference %(reference)s) are kept. There is nothing you need to do now.")
        % {"reference": reference},
        signature(language, site_url),
    )
    subject = _("Your city's answers will be checked (reference %(reference)s)") % {
        "reference": reference
    }
    # To an address proven by its owner, once per change of the contest's state (the
    # response records it): bounded by staff decisions, not by anyone's requests.
    return Mail(to=to, subject=subject, text=text, language=language, solicited=True)
