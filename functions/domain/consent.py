"""Which consent a person gave: the version of the text they read, in the language they read it.

A form's consent text is translated like every other text, so the version stored with a
submission names the form's own consent version, the language, and the first 8 hex digits of
the SHA-256 of the text as the catalog translates it into that language
("2026-01-fr-3f9a0c1d"): a translation corrected later gives a new version, and a language
whose catalog lacks the text hashes the English text the page then showed.

The survey has no consent text of its own (its definition has no `consent_text`; respondents
answer for their city under the privacy notice), so its version is the survey's definition
version and the language ("1-fr").
"""

from __future__ import annotations

import hashlib

from functions.domain.forms import Form, Survey
from functions.i18n import translations_for


def consent_text(form: Form, language: str) -> str:
    """The consent text as a person reading the form in `language` was shown it."""
    return translations_for(language).gettext(form.consent_text) if form.consent_text else ""


def form_consent_version(form: Form, language: str) -> str:
    digest = hashlib.sha256(consent_text(form, language).encode("utf-8")).hexdigest()[:8]
    return f"{form.consent_version or form.version}-{language}-{digest}"


def survey_consent_version(survey: Survey, language: str) -> str:
    return f"{survey.version}-{language}"
