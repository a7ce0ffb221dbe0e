"""GDPR: consent recorded, unconfirmed data expires, withdrawal one link and one button away."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from functions.domain.consent import form_consent_version
from functions.services import get_services
from functions.storage.dynamo import to_item
from tests.functions.conftest import Api, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.security.stored import scan

THIRTY_DAYS = timedelta(days=30).total_seconds()


def only_item(api: Api) -> dict:
    [item] = scan(api.env["ENDORSEMENTS_TABLE"])
    return item


def test_consent_version_and_time_are_stored(api: Api) -> None:
    """An endorsement stores the consent text's version as read (English) and when it was given."""
    before = datetime.now(UTC).replace(microsecond=0)
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    item = only_item(api)
    form = get_services().catalog.forms["endorsement"]
    # The version of the consent text as the person read it: the form's, in English here.
    assert item["consent_version"] == form_consent_version(form, "en")
    assert item["consent_version"].startswith(f"{form.consent_version}-en-")
    consented = datetime.fromisoformat(item["consent_at"])
    assert before <= consented <= datetime.now(UTC)


def test_unconfirmed_endorsement_expires_after_30_days_and_confirmation_keeps_it(api: Api) -> None:
    """A pending endorsement expires in 30 days; confirming it removes the expiry."""
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    item = only_item(api)
    assert abs(item["expires_at"] - (datetime.now(UTC).timestamp() + THIRTY_DAYS)) < 120
    confirm = next(link for link in api.last_mail_links() if "/confirm" in link)
    assert api.post_json(f"{ENDORSEMENTS}/confirm", {"token": token_of(confirm)}).status == 200
    assert "expires_at" not in only_item(api)


def test_resending_the_link_keeps_the_30_days_from_the_first_submission(api: Api) -> None:
    # GIVEN a pending endorsement 25 days old (5 days left)
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    item = only_item(api)
    five_days_left = int(datetime.now(UTC).timestamp() + timedelta(days=5).total_seconds())
    get_services().endorsements.client.update_item(
        TableName=api.env["ENDORSEMENTS_TABLE"],
        Key=to_item({"pk": item["pk"]}),
        UpdateExpression="SET expires_at = :t",
        ExpressionAttributeValues=to_item({":t": five_days_left}),
    )
    # WHEN the form is filled in again with the address (its links are mailed again)
    assert api.post_json(ENDORSEMENTS, endorsement(name="Ada L.")).status == 202
    assert len(api.mails()) == 2
    # THEN the unconfirmed data still goes 30 days after it was first given: a submission by
    # anyone (it may not be the address's owner) changes nothing of it, so nobody can keep
    # someone's unconfirmed details alive by submitting their address again and again
    assert only_item(api)["expires_at"] == five_days_left
    assert only_item(api)["name"] == "Ada Lovelace"


def withdraw_links(api: Api) -> list[str]:
    return [link for link in api.last_mail_links() if "/endorsements/withdraw" in link]


def withdraw_with_one_button(api: Api, link: str) -> None:
    """Open the mailed link, find the page's one POST form and button, and press it."""
    page = api.get(f"{ENDORSEMENTS}/withdraw", query={"token": token_of(link)})
    assert page.status == 200
    main = page.body.split('<main id="main"', 1)[1].split("</main>", 1)[0]  # not the header search
    assert main.count('<form method="post"') == 1 and main.count("<button") == 1
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page.body))
    done = api.post_form(f"{ENDORSEMENTS}/withdraw", fields, headers={"origin": "http://site.test"})
    assert done.status == 200 and "withdrawn" in done.body


def test_every_mail_has_one_withdraw_link_that_takes_one_button(api: Api) -> None:
    """The withdraw link of a pending or confirmed endorser's mail erases it with one button."""
    # pending: the confirmation mail
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    [link] = withdraw_links(api)
    withdraw_with_one_button(api, link)
    assert scan(api.env["ENDORSEMENTS_TABLE"]) == []
    # confirmed: the "already endorsed" mail sent when the form is filled in again
    assert api.post_json(ENDORSEMENTS, endorsement(email="b@example.org")).status == 202
    confirm = next(link for link in api.last_mail_links() if "/confirm" in link)
    assert api.post_json(f"{ENDORSEMENTS}/confirm", {"token": token_of(confirm)}).status == 200
    assert api.post_json(ENDORSEMENTS, endorsement(email="b@example.org")).status == 202
    [link] = withdraw_links(api)
    withdraw_with_one_button(api, link)
    assert scan(api.env["ENDORSEMENTS_TABLE"]) == []
    assert api.get(ENDORSEMENTS).json()["count"] == 0
