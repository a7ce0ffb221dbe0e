"""The survey's resume link by mail: when to send it, and to which address.

A draft's "come back later" mails the link to its task list. The address is one the journey
validated (the "about" step's, or the draft's, parsed again), never a field of another step's
body; at most one such mail per draft every RESUME_MAIL_INTERVAL, and the mail worker's daily
cap per address on top.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from functions.domain.emails import AddressInvalid, parse_address
from functions.domain.forms import Survey
from functions.domain.journey import ABOUT, Step
from functions.mail import survey_messages
from functions.mail.base import Mail
from functions.services import Services
from functions.usecases.surveys import human_moment

RESUME_MAIL_INTERVAL = timedelta(minutes=10)


def should_mail_resume_link(draft: dict[str, Any], now: datetime) -> bool:
    """At most one resume mail per draft every 10 minutes: the address is not proven yet."""
    last = draft.get("resume_mailed_at")
    return not last or now - datetime.fromisoformat(str(last)) >= RESUME_MAIL_INTERVAL


def resume_address(
    services: Services, step: Step, saved_respondent: dict[str, Any], draft: dict[str, Any]
) -> str | None:
    """Where the resume link may go: the address this save validated (the "about" step), else
    the one the draft holds, parsed again (a draft saved before a rule changed proves nothing).
    Never a value of another step's body: a step validates its own fields only."""
    if step.id == ABOUT:
        typed = saved_respondent.get("email")
    else:
        typed = (draft.get("respondent") or {}).get("email")
    if not typed:
        return None
    try:
        return parse_address(typed, services.config.allowed_email_domains).mailbox
    except AddressInvalid:
        return None


def resume_mail(
    services: Services, survey: Survey, to: str, resume_url: str, language: str
) -> Mail:
    """The mail with the link back to a draft, in the language of the page that asked."""
    return survey_messages.resume_link(
        to,
        survey,
        resume_url,
        human_moment(survey.closes, language),
        language,
        site_url=services.config.site_url,
    )
