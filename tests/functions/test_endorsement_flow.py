"""The whole endorsement flow against DynamoDB Local, by direct handler calls."""

from __future__ import annotations

import re
from typing import Any

from functions.domain.consent import form_consent_version
from functions.services import get_services
from tests.functions.conftest import SITE, Api, token_of

ENDORSEMENTS = "/api/endorsements"


def endorsement(**changes: Any) -> dict[str, Any]:
    body = {
        "name": "Ada Lovelace",
        "organisation": "City of Utrecht",
        "role": "Strategist",
        "organisation_type": "public-authority",
        "country": "NL",
        "email": "Ada@Example.org",
        "list_publicly": "yes",
        "consent": "yes",
        "website": "",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def links(api: Api) -> tuple[str, str]:
    found = api.last_mail_links()
    confirm = next(link for link in found if "/endorsements/confirm" in link)
    withdraw = next(link for link in found if "/endorsements/withdraw" in link)
    return confirm, withdraw


def test_submit_confirm_list_withdraw(api: Api) -> None:
    # GIVEN a new endorsement
    submitted = api.post_json(ENDORSEMENTS, endorsement())
    assert submitted.status == 202
    assert submitted.json()["status"] == "pending"
    assert submitted.header("Cache-Control") == "no-store"
    assert submitted.header("Content-Type") == "application/json; charset=utf-8"
    assert submitted.header("X-Content-Type-Options") == "nosniff"

    # THEN one mail went out, to the normalised address, with both links
    mails = api.mails()
    assert len(mails) == 1
    assert mails[0]["To"] == "Ada@example.org"  # the local part as typed; domains have no case
    confirm_url, withdraw_url = links(api)
    assert confirm_url.startswith("http://site.test/api/endorsements/confirm?token=")

    # AND nothing is listed or counted while pending
    assert api.get(ENDORSEMENTS).json() == {"count": 0, "endorsers": []}

    # WHEN the confirm link is opened (as a mail scanner would), nothing changes
    page = api.get("/api/endorsements/confirm", {"token": token_of(confirm_url)})
    assert page.status == 200
    assert page.header("Content-Type") == "text/html; charset=utf-8"
    assert '<html lang="en">' in page.body and "<h1>" in page.body
    assert 'method="post"' in page.body and f"{SITE}/theme/css/site.css" in page.body
    # no script but the site's own language memory (base.html), and none inline
    assert re.findall(r"<script[^>]*>", page.body) == [
        f'<script src="{SITE}/theme/js/language.js" defer>'
    ]
    assert api.get(ENDORSEMENTS).json()["count"] == 0

    # WHEN the button is pressed (a form POST)
    confirmed = api.post_form(
        "/api/endorsements/confirm", {"token": token_of(confirm_url)}, headers={"origin": SITE}
    )
    assert confirmed.status == 200
    assert "confirmed" in confirmed.body
    assert confirmed.header("Content-Type") == "text/html; charset=utf-8"

    # THEN the endorser is listed and counted
    listed = api.get(ENDORSEMENTS)
    assert listed.header("Cache-Control") == "public, max-age=60"
    data = listed.json()
    assert data["count"] == 1
    assert data["endorsers"] == [
        {
            "name": "Ada Lovelace",
            "organisation": "City of Utrecht",
            "organisation_type": "public-authority",
            "country": "NL",
            "date": data["endorsers"][0]["date"],
        }
    ]
    assert len(data["endorsers"][0]["date"]) == 10

    # AND the confirm link cannot be used twice
    again = api.post_json("/api/endorsements/confirm", {"token": token_of(confirm_url)})
    assert again.status == 422
    assert "already been used" in again.json()["errors"]["token"]

    # WHEN the endorser withdraws with the link from the same mail
    assert api.get("/api/endorsements/withdraw", {"token": token_of(withdraw_url)}).status == 200
    withdrawn = api.post_json("/api/endorsements/withdraw", {"token": token_of(withdraw_url)})
    assert withdrawn.status == 200
    assert withdrawn.json()["status"] == "withdrawn"

    # THEN they are gone from the list, the count and the table
    assert api.get(ENDORSEMENTS).json() == {"count": 0, "endorsers": []}
    client = get_services().endorsements.client
    scan = client.scan(TableName=api.env["ENDORSEMENTS_TABLE"])
    assert scan["Items"] == []


def test_unlisted_endorsers_count_but_are_not_listed(api: Api) -> None:
    """A confirmed endorser who chose not to be listed is counted but not named in the list."""
    api.post_json(ENDORSEMENTS, endorsement(list_publicly="no"))
    confirm_url, _ = links(api)
    assert (
        api.post_json("/api/endorsements/confirm", {"token": token_of(confirm_url)}).status == 200
    )
    assert api.get(ENDORSEMENTS).json() == {"count": 1, "endorsers": []}


def test_stored_record_keeps_consent_and_hashes_the_key(api: Api) -> None:
    """The item's key hides the address; it keeps consent and expiry; limits hold no client IP."""
    api.post_json(ENDORSEMENTS, endorsement())
    items = get_services().endorsements.client.scan(TableName=api.env["ENDORSEMENTS_TABLE"])[
        "Items"
    ]
    assert len(items) == 1
    item = items[0]
    assert "example.org" not in item["pk"]["S"]
    assert item["email"]["S"] == "Ada@example.org"  # the local part as typed; the key folds case
    form = get_services().catalog.forms["endorsement"]
    assert item["consent_version"]["S"] == form_consent_version(form, "en")
    assert item["consent_version"]["S"].startswith(f"{form.consent_version}-en-")
    assert item["language"]["S"] == "en"
    assert item["consent_at"]["S"].startswith("20")
    assert item["status"]["S"] == "pending"
    assert "expires_at" in item
    limits = get_services().limits.client.scan(TableName=api.env["LIMITS_TABLE"])["Items"]
    assert all("203.0.113.7" not in str(limit) for limit in limits)
