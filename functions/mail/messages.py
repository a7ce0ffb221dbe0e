"""The text of every message the functions send."""

from __future__ import annotations

from functions.mail.base import Mail

SIGNATURE = "\n-- \nCitizen Focus Action Cluster, European Innovation Partnership on Smart Cities and Communities\n"


def confirm_endorsement(to: str, name: str, confirm_url: str, withdraw_url: str) -> Mail:
    text = (
        f"Hello {name},\n\n"
        'Thank you for endorsing "Inclusive Smart Cities: a European Manifesto on Citizen '
        'Engagement".\n\n'
        "Please confirm your endorsement within 7 days by opening this link and pressing "
        "the Confirm button:\n\n"
        f"{confirm_url}\n\n"
        "If you did not ask for this, ignore this message: without confirmation we delete "
        "your details after 30 days.\n\n"
        "You can withdraw your endorsement at any time (this link works for 7 days; to get a "
        "new one, fill in the endorsement form again with the same email address):\n\n"
        f"{withdraw_url}\n" + SIGNATURE
    )
    return Mail(to=to, subject="Please confirm your endorsement of the manifesto", text=text)


def already_endorsed(to: str, name: str, withdraw_url: str) -> Mail:
    text = (
        f"Hello {name},\n\n"
        "Someone, probably you, filled in the manifesto endorsement form again with this "
        "email address. Your endorsement is already confirmed: there is nothing more to do.\n\n"
        "If you want to withdraw your endorsement, open this link within 7 days:\n\n"
        f"{withdraw_url}\n" + SIGNATURE
    )
    return Mail(to=to, subject="You have already endorsed the manifesto", text=text)


def survey_received(
    to: str, name: str, survey_title: str, city: str, edit_url: str, edit_token: str, closes: str
) -> Mail:
    text = (
        f"Hello {name},\n\n"
        f"Thank you: we have received the answers for {city} to the {survey_title}.\n\n"
        "Only one response per city is kept. To correct your city's answers, open this "
        "link within 7 days and send the survey again (each link works once; you get a new "
        "one each time):\n\n"
        f"{edit_url}\n\n"
        f"If the form asks for an edit code, it is:\n{edit_token}\n\n"
        f"The survey closes on {closes}.\n" + SIGNATURE
    )
    return Mail(to=to, subject=f"Your city's answers to the {survey_title}", text=text)
