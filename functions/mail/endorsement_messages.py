"""The manifesto endorsement's mail: the confirm request, and "you already endorsed".

In the endorser's language, every sentence a msgid (see functions/mail/message_parts.py).
"""

from __future__ import annotations

from functions.i18n import DEFAULT_LANGUAGE, translations_for
from functions.mail.base import Mail
from functions.mail.message_parts import paragraphs, signature


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
