"""Two people's data made through the forms API as a browser sends it, and the mail worker
delivering their mail to .eml files: what `admin erase` must find, or leave alone."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from functions.domain.emails import mailbox_key
from functions.mail.base import Mail
from functions.services import get_services
from tests.functions.conftest import SITE, Api, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID
from tests.functions.test_survey_journey import Journey, about
from tests.functions.test_survey_journey import location as redirected_to

RESPONSES = f"/api/surveys/{SURVEY_ID}/responses"
LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Person:
    name: str
    # Spellings of one mailbox, used in turn: endorsement, its repetition, survey response,
    # draft, and the one staff type in the erasure request.
    spellings: tuple[str, str, str, str, str]
    city: tuple[str, str]  # typed name, country

    @property
    def typed_for_erasure(self) -> str:
        return self.spellings[4]


def _links_to(api: Api, spelling: str, path: str) -> str:
    """The newest link containing `path` in a mail to this mailbox (To is its ASCII form)."""
    for mail in reversed(api.mails()):
        if mailbox_key(str(mail["To"])) == mailbox_key(spelling):
            text = mail.get_body(preferencelist=("plain",)).get_content()
            for link in LINK.findall(text):
                if path in link:
                    return link
    raise AssertionError(f"no mail with {path} to {spelling}")


def endorse_and_confirm(api: Api, person: Person) -> None:
    """Submitted, confirmed with the mailed link, then submitted again (the "already endorsed"
    mail greets them by name)."""
    first, again = person.spellings[:2]
    assert api.post_json(ENDORSEMENTS, endorsement(name=person.name, email=first)).status == 202
    token = token_of(_links_to(api, first, "/endorsements/confirm"))
    confirmed = api.post_form(f"{ENDORSEMENTS}/confirm", {"token": token}, headers={"origin": SITE})
    assert confirmed.status == 200
    assert api.post_json(ENDORSEMENTS, endorsement(name=person.name, email=again)).status == 202
    api.deliver()


def answer_survey(api: Api, person: Person) -> None:
    """A response sent and confirmed (its answers mailed back), and a draft started."""
    spelling = person.spellings[2]
    city, country = person.city
    who = {"name": person.name, "role": "Clerk", "email": spelling, "city": city}
    sent = api.post_json(
        RESPONSES, {"respondent": {**who, "country": country}, "answers": ALL_BEST}
    )
    assert sent.status == 201, sent.body
    token = token_of(_links_to(api, spelling, f"/surveys/{SURVEY_ID}/confirm?"))
    assert api.post_form(f"/api/surveys/{SURVEY_ID}/confirm", {"token": token}).status == 200
    draft = Journey(api)
    about_them = about(name=person.name, email=person.spellings[3], city=city, country=country)
    redirected_to(draft.save("about", about_them))
    api.deliver()


def mail_that_fails(api: Api, person: Person) -> None:
    """While the local mailer is down: one mail left unsent (a second response's confirm
    mail), and one the worker gave up on."""
    (api.outbox / ".fail-until").write_text(str(time.time() + 3600), encoding="ascii")
    city, country = person.city
    who = {"name": person.name, "role": "Clerk", "email": person.spellings[1]}
    respondent = {**who, "city": f"{city} Noord", "country": country}
    assert api.post_json(RESPONSES, {"respondent": respondent, "answers": ALL_BEST}).status == 201
    outbox = get_services().outbox
    text = f"Hello {person.name}, a mail that could not be sent."
    outbox.put(Mail(to=person.spellings[3], subject="Undeliverable", text=text), now())
    api.deliver()
    [dead] = [item for item in outbox.mail_items() if item["subject"] == "Undeliverable"]
    assert outbox.mark_dead(dead["pk"], "MessageRejected", now())
    (api.outbox / ".fail-until").unlink()


def now() -> datetime:
    return datetime.now(UTC)


def outbox_states(items: list[dict[str, Any]]) -> set[str]:
    """Which states the given mail items are in: sent, unsent, dead."""
    return {
        "dead" if item.get("dead_at") else "sent" if item.get("sent_at") else "unsent"
        for item in items
    }
