"""Translations: one gettext catalog for the site's templates, the API, the mail and the forms.

Catalogs live in `theme/translations/<lang>/LC_MESSAGES/messages.po` (compiled to `.mo` by
`make translations`); the Lambda package ships the compiled ones. Only the standard library's
`gettext` runs here: Babel extracts and compiles at build time, the functions never import it.

Code that raises an error or builds a message marks its text with `N_`, which keeps the
English text as the value (so logs and tests read it) and the message id with its parameters,
so that the HTTP layer can show it in the language of the person who asked.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# The languages of the site, English first: the one setting a new language needs, with its
# catalog (theme/translations/<lang>/) and its translated content (content/**/<lang>/).
LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "it", "es", "pt", "ru")
# Next to the templates, so that the site and the Lambda package find them in the same place.
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "theme" / "translations"


class Message(str):
    """Text for a person: the English text as the string, the msgid and parameters kept."""

    msgid: str
    params: Mapping[str, Any]

    def __new__(cls, msgid: str, params: Mapping[str, Any] | None = None) -> Message:
        params = dict(params or {})
        english = msgid % params if params else msgid
        text = super().__new__(cls, english)
        text.msgid = msgid
        text.params = params
        return text

    def translated(self, translations: gettext.NullTranslations) -> str:
        text = translations.gettext(self.msgid)
        if not self.params:
            return text
        return text % {name: localise(value, translations) for name, value in self.params.items()}


def N_(msgid: str, **params: Any) -> Message:
    """Mark text for translation where it is made; it is translated where it is shown."""
    return Message(msgid, params)


def localise(text: Any, translations: gettext.NullTranslations) -> Any:
    """A Message in the given language; anything else (a name someone typed) as it is."""
    return text.translated(translations) if isinstance(text, Message) else text


def translations_for(language: str, directory: Path | None = None) -> gettext.NullTranslations:
    """The compiled catalog of one language, or the English source text where there is none."""
    return _catalog(language, str(directory or TRANSLATIONS_DIR))


@functools.cache  # read once per cold start
def _catalog(language: str, directory: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, directory, languages=[language], fallback=True)


def available_languages(directory: Path | None = None) -> tuple[str, ...]:
    """English and every language with a compiled catalog: adding one takes no code."""
    return _languages(str(directory or TRANSLATIONS_DIR))


@functools.cache
def _languages(directory: str) -> tuple[str, ...]:
    found = sorted(
        path.parent.parent.name for path in Path(directory).glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return (DEFAULT_LANGUAGE, *(lang for lang in found if lang != DEFAULT_LANGUAGE))


def forget_catalogs() -> None:
    """Read the catalogs again on next use (after `make translations`, and in tests)."""
    _catalog.cache_clear()
    _languages.cache_clear()


def home_path(language: str) -> str:
    """The root-relative path of a language's home page: '' for English, 'fr/' for French."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def site_path(language: str, path: str) -> str:
    """A page of the site in a language: its translations live under the language's prefix."""
    return home_path(language) + path.lstrip("/")


def negotiate(wanted: str | None, accept_language: str | None, available: tuple[str, ...]) -> str:
    """The page's language if we have it, else the best of Accept-Language, else English."""
    if wanted and wanted.strip().lower() in available:
        return wanted.strip().lower()
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, quality = part.strip().partition(";q=")
        try:
            weight = float(quality) if quality else 1.0
        except ValueError:
            continue
        ranked.append((-weight, index, tag.strip().lower().split("-")[0]))
    for _weight, _index, tag in sorted(ranked):
        if tag in available:
            return tag
    return DEFAULT_LANGUAGE
