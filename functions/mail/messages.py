"""The text of every message the functions send, in the language of the person it goes to.

Every sentence is a msgid of the one catalog (functions/i18n.py); names, links and codes are
parameters, so that translators move them where their language needs them. Every message ends
with its signature and a line naming the site's other languages, each with its home page.
"""

from __future__ import annotations

from functions.cldr import language_names
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, home_path, translations_for
from functions.mail.base import Mail


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


def confirm_endorsement(
    to: str,
    confirm_url: str,
    withdraw_url: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    site_url: str,
) -> Mail:
    """To an address nobody has proven yet: nothing the sender typed is in it (the name
    could be anyone's text), so it cannot carry someone else's message."""
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello,"),
        _(
            'Thank you for endorsing "Inclusive Smart Cities: a European Manifesto on Citizen '
            'Engagement".'
        ),
        _(
            "Please confirm your endorsement within 7 days by opening this link and pressing "
            "the Confirm button:"
        ),
        confirm_url,
        _(
            "If you did not ask for this, ignore this message: without confirmation we delete "
            "your details after 30 days."
        ),
        _(
            "You can withdraw your endorsement at any time (this link works for 7 days; to get "
            "a new one, fill in the endorsement form again with the same email address):"
        ),
        withdraw_url,
        signature(language, site_url),
    )
    subject = _("Please confirm your endorsement of the manifesto")
    return Mail(to=to, subject=subject, text=text, language=language)


def already_endorsed(
    to: str,
    name: str,
    withdraw_url: str,
    language: str = DEFAULT_LANGUAGE,
    *,
    site_url: str,
    once: str = "",
) -> Mail:
    """To a confirmed endorser: the name is the one they confirmed. `once`: the mail's
    once-key (at most one such mail a day)."""
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello %(name)s,") % {"name": name},
        _(
            "Someone, probably you, filled in the manifesto endorsement form again with this "
            "email address. Your endorsement is already confirmed: there is nothing more to do."
        ),
        _("If you want to withdraw your endorsement, open this link within 7 days:"),
        withdraw_url,
        signature(language, site_url),
    )
    subject = _("You have already endorsed the manifesto")
    return Mail(to=to, subject=subject, text=text, language=language, once_key=once)
