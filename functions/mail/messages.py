"""The text of every message the functions send, in the language of the person it goes to.

Every sentence is a msgid of the one catalog (functions/i18n.py); names, links and codes are
parameters, so that translators move them where their language needs them.
"""

from __future__ import annotations

from functions.i18n import DEFAULT_LANGUAGE, translations_for
from functions.mail.base import Mail


def paragraphs(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def signature(language: str) -> str:
    _ = translations_for(language).gettext
    return "-- \n" + _(
        "Citizen Focus Action Cluster, European Innovation Partnership on Smart Cities and "
        "Communities"
    )


def confirm_endorsement(
    to: str, name: str, confirm_url: str, withdraw_url: str, language: str = DEFAULT_LANGUAGE
) -> Mail:
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello %(name)s,") % {"name": name},
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
        signature(language),
    )
    subject = _("Please confirm your endorsement of the manifesto")
    return Mail(to=to, subject=subject, text=text, language=language)


def already_endorsed(
    to: str, name: str, withdraw_url: str, language: str = DEFAULT_LANGUAGE
) -> Mail:
    _ = translations_for(language).gettext
    text = paragraphs(
        _("Hello %(name)s,") % {"name": name},
        _(
            "Someone, probably you, filled in the manifesto endorsement form again with this "
            "email address. Your endorsement is already confirmed: there is nothing more to do."
        ),
        _("If you want to withdraw your endorsement, open this link within 7 days:"),
        withdraw_url,
        signature(language),
    )
    subject = _("You have already endorsed the manifesto")
    return Mail(to=to, subject=subject, text=text, language=language)
