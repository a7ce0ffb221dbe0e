"""Every mail in the language of its recipient: Content-Language in the .eml of the local outbox
and in the raw message handed to SES, and a last line naming the site's other languages."""

from __future__ import annotations

import email
from collections.abc import Callable
from email import policy
from pathlib import Path
from typing import Any

import pytest

from functions.cldr import language_names
from functions.domain.forms import load_catalog
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations_for
from functions.mail import endorsement_messages, survey_messages
from functions.mail.base import Mail
from functions.mail.eml_files import EmlFileMailer
from functions.mail.ses import SesMailer

SITE_URL = "https://citizenfocus.example"
SURVEY = load_catalog().surveys["ambassador-cities-2026"]
SENDER = "Citizen Focus <no-reply@citizenfocus.example>"
MAILS: dict[str, Callable[[str], Mail]] = {
    "endorsement confirm": lambda lang: endorsement_messages.confirm_endorsement(
        "a@b.c", "https://x/c", "https://x/w", lang, site_url=SITE_URL
    ),
    "already endorsed": lambda lang: endorsement_messages.already_endorsed(
        "a@b.c", "Ada", "https://x/w", lang, site_url=SITE_URL
    ),
    "survey resume link": lambda lang: survey_messages.resume_link(
        "a@b.c", SURVEY, "https://x/r", "2027-02-05", lang, site_url=SITE_URL
    ),
    "survey confirm": lambda lang: survey_messages.confirm_response(
        "a@b.c", SURVEY, "ABCD2345", "https://x/c", "https://x/v", lang, site_url=SITE_URL
    ),
    "copy of the answers": lambda lang: survey_messages.answers_copy(
        "a@b.c", SURVEY, "ABCD2345", "Utrecht", {}, "https://x/v", lang, site_url=SITE_URL
    ),
    "contested notice": lambda lang: survey_messages.contested(
        "a@b.c", SURVEY, "ABCD2345", "Utrecht", lang, site_url=SITE_URL
    ),
}


def home(language: str) -> str:
    return f"{SITE_URL}/" if language == DEFAULT_LANGUAGE else f"{SITE_URL}/{language}/"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", MAILS)
def test_every_mail_ends_with_the_other_languages_of_the_site(kind: str, language: str) -> None:
    """Every mail in every language ends, after the signature, with the other languages' links."""
    mail = MAILS[kind](language)
    assert mail.language == language
    last = mail.text.rstrip("\n").splitlines()[-1]
    lead = translations_for(language).gettext("This site is also in: %(languages)s")
    assert last.startswith(lead.split("%(")[0])
    names = language_names()
    for other in LANGUAGES:
        if other == language:
            assert names[other] not in last
        else:
            assert f"{names[other]} {home(other)}" in last, other
    # the signature comes just before it
    assert "-- " in mail.text.splitlines()[-3:]


def test_the_outbox_eml_carries_content_language(tmp_path: Path) -> None:
    """The local .eml says Content-Language: it, is plain text, and lists no Italiano."""
    EmlFileMailer(tmp_path, SENDER).send(MAILS["endorsement confirm"]("it"))
    [eml] = tmp_path.glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["Content-Language"] == "it"
    assert message.get_content_type() == "text/plain"
    assert "Italiano" not in message.get_content().splitlines()[-1]


class CapturingSes:
    """The one SES call the mailer makes, kept as SES would receive it."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def send_raw_email(self, **request: Any) -> dict[str, str]:
        self.calls.append(request)
        return {"MessageId": "0100-test"}


def test_ses_gets_the_same_message_with_content_language() -> None:
    """SES receives the same mail as raw MIME with CRLF, Content-Language, and no Message-ID."""
    client = CapturingSes()
    SesMailer(client, SENDER).send(MAILS["survey confirm"]("ru"))
    [request] = client.calls
    assert request["Source"] == SENDER
    raw = request["RawMessage"]["Data"]
    assert b"\r\n" in raw  # SMTP's line ends
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["Content-Language"] == "ru"
    assert message["To"] == "a@b.c"
    assert message["Message-ID"] is None  # SES gives it its own
    sent = MAILS["survey confirm"]("ru")
    assert message["Subject"] == sent.subject
    assert message.get_content().replace("\r\n", "\n") == sent.text
