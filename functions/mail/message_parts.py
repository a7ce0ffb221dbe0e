"""What every message the functions send is made of, in the language of the person it goes to.

Every sentence is a msgid of the one catalog (functions/i18n.py); names, links and codes are
parameters, so that translators move them where their language needs them. Every message ends
with its signature and a line naming the site's other languages, each with its home page.
The messages themselves: endorsement_messages.py and survey_messages.py.
"""

from __future__ import annotations

from functions.cldr import language_names
from functions.i18n import LANGUAGES, home_path, translations_for


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def other_languages(language: str, site_url: str) -> str:
    """The line naming the site's other languages with their home pages, translated:
    "This site is also in: Français https://…/fr/ · Deutsch https://…/de/ …"."""
    _ = translations_for(language).gettext
    names = language_names()
    versions = " · ".join(
        f"{names.get(other, other)} {site_url}/{home_path(other)}"
        for other in LANGUAGES
        if other != language
    )
    return _("This site is also in: %(languages)s") % {"languages": versions}


def signature(language: str, site_url: str) -> str:
    _ = translations_for(language).gettext
    return (
        "-- \n"
        + _(
            "Citizen Focus Action Cluster, European Innovation Partnership on Smart Cities and "
            "Communities"
        )
        + "\n"
        + other_languages(language, site_url)
    )
