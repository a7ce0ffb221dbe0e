"""The forms API's error answers (400, 403, 404, 413, 415, 422, 429) for JSON and urlencoded
bodies, the honeypot, tokens and Idempotency-Key: the handlers called as API Gateway calls
them, on real tables in DynamoDB Local.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from functions.domain.tokens import TokenSigner
from functions.services import get_services
from tests.functions.conftest import SITE, Api, api_event
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement


def stored_endorsements(api: Api) -> list:
    client = get_services().endorsements.client
    return client.scan(TableName=api.env["ENDORSEMENTS_TABLE"])["Items"]


def test_422_lists_every_invalid_field_at_once(api: Api) -> None:
    """One 422 names every invalid or unknown field, with their messages, and nothing is stored."""
    body = endorsement(
        name="  ",
        organisation="x" * 161,
        organisation_type="government",
        country="XX",
        email="not-an-email",
        list_publicly="maybe",
        consent="no",
        colour="blue",
    )
    response = api.post_json(ENDORSEMENTS, body)
    assert response.status == 422
    errors = response.json()["errors"]
    assert set(errors) == {
        "name",
        "organisation",
        "organisation_type",
        "country",
        "email",
        "list_publicly",
        "consent",
        "colour",
    }
    assert errors["name"] == "This field is required."
    assert "160" in errors["organisation"]
    assert errors["colour"] == "Unknown field."
    assert stored_endorsements(api) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Ada\x00"), ("name", "Ada\u202eevil"), ("organisation", "Line\nbreak"), ("name", 42)],
)
def test_control_characters_and_wrong_types_are_refused(api: Api, field: str, value: Any) -> None:
    """A NUL, a bidi override, a line break or a number in a text field gets a 422 for it."""
    response = api.post_json(ENDORSEMENTS, endorsement(**{field: value}))
    assert response.status == 422
    assert field in response.json()["errors"]


def test_422_for_a_plain_form_is_an_accessible_html_page(api: Api) -> None:
    """A refused plain form gets an HTML page: Error title, link to the field, text escaped."""
    response = api.post_form(ENDORSEMENTS, endorsement(email="nope", name="<b>x</b>" * 30))
    assert response.status == 422
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    page = response.body
    assert '<html lang="en">' in page and "<title>Error: " in page and "<h1>" in page
    assert '<a href="#endorsement-email">Email address: ' in page
    assert f'href="{SITE}/manifesto/"' in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page  # kept, escaped
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[1, 2]", "application/json", 400),
        ('{"a": 1, "a": 2}', "application/json", 400),
        ('{"a": NaN}', "application/json", 400),
        ("[" * 100_00 + "]" * 100_00, "application/json", 413),
        ("[" * 5000 + "]" * 5000, "application/json", 400),
        ("", "application/json", 400),
        ("name=%FF%FE", "application/x-www-form-urlencoded", 400),
        ("<xml/>", "application/xml", 415),
        ("name=x", "text/plain", 415),
        ('{"name": "x"}', "application/json; charset=latin-1", 415),
        ('{"name": "' + "x" * 17_000 + '"}', "application/json", 413),
    ],
)
def test_malformed_large_and_foreign_bodies(
    api: Api, body: str, content_type: str, status: int
) -> None:
    """Bad, deep, huge or foreign bodies get 400, 413 or 415, with an error, not cached."""
    response = api.call(api_event("POST", ENDORSEMENTS, body=body, content_type=content_type))
    assert response.status == status
    if content_type.startswith("application/x-www-form-urlencoded"):
        assert "<h1>" in response.body  # plain forms get a page
    else:
        assert isinstance(response.json()["error"], str)
    assert response.header("Cache-Control") == "no-store"


def test_invalid_utf8_in_a_base64_body_is_400(api: Api) -> None:
    """A base64 body that decodes to invalid UTF-8 is answered 400."""
    event = api_event(
        "POST",
        ENDORSEMENTS,
        body=b'{"name": "\xff"}',
        content_type="application/json",
        base64_body=True,
    )
    assert api.call(event).status == 400


def test_missing_content_type_is_415(api: Api) -> None:
    """A POST without Content-Type is answered 415."""
    assert api.call(api_event("POST", ENDORSEMENTS, body="{}")).status == 415


def test_403_for_an_origin_not_in_the_allow_list(api: Api) -> None:
    """An unlisted Origin gets 403 and stores nothing; an allowed one gets 202 and CORS."""
    response = api.post_json(ENDORSEMENTS, endorsement(), headers={"origin": "https://evil.test"})
    assert response.status == 403
    assert stored_endorsements(api) == []
    allowed = api.post_json(
        ENDORSEMENTS, endorsement(), headers={"origin": "http://other-allowed.test"}
    )
    assert allowed.status == 202
    assert allowed.header("Access-Control-Allow-Origin") == "http://other-allowed.test"


def test_404_for_an_unknown_survey(api: Api) -> None:
    """Posting to an unknown survey is a 404 whose error names the survey."""
    response = api.post_json("/api/surveys/unknown/responses", {"respondent": {}, "answers": {}})
    assert response.status == 404
    assert "unknown" in response.json()["error"]


def test_honeypot_answers_like_success_and_stores_nothing(api: Api) -> None:
    """A filled honeypot is answered like a success (202, or 303), storing and mailing nothing."""
    response = api.post_json(ENDORSEMENTS, endorsement(website="http://spam.test"))
    assert response.status == 202
    assert response.json() == api.post_json(ENDORSEMENTS, endorsement(email="b@example.org")).json()
    assert len(stored_endorsements(api)) == 1  # only the second one
    form = api.post_form(ENDORSEMENTS, endorsement(website="spam", email="c@example.org"))
    assert form.status == 303
    assert form.header("Location") == f"{SITE}/manifesto/thank-you/"
    assert len(stored_endorsements(api)) == 1
    assert len(api.mails()) == 1


def test_rate_limit_answers_429_with_retry_after(make_api: Any) -> None:
    """Over its limit a client gets 429 with Retry-After, storing nothing; another IP is let in."""
    api = make_api(RATE_LIMIT_PER_MINUTE="3")
    statuses = [
        api.post_json(ENDORSEMENTS, endorsement(email=f"p{i}@example.org")).status for i in range(3)
    ]
    assert statuses == [202, 202, 202]
    limited = api.post_json(ENDORSEMENTS, endorsement(email="p9@example.org"))
    assert limited.status == 429
    assert 1 <= int(limited.header("Retry-After")) <= 60
    assert "Too many" in limited.json()["error"]
    assert len(stored_endorsements(api)) == 3
    # another client is not affected
    other = api.post_json(
        ENDORSEMENTS, endorsement(email="q@example.org"), source_ip="198.51.100.1"
    )
    assert other.status == 202


def test_known_email_answers_the_same_and_resends_the_link(api: Api) -> None:
    """A known address gets the same answer, one record and a second mail with the same nonce."""
    first = api.post_json(ENDORSEMENTS, endorsement())
    second = api.post_json(ENDORSEMENTS, endorsement(name="Ada L.", email="ada@example.org"))
    assert (first.status, first.json()) == (second.status, second.json())
    assert len(stored_endorsements(api)) == 1
    assert len(api.mails()) == 2
    # the resent link is the one the owner holds: someone else's submission replaces no link
    # (issue: anyone could kill an endorser's links by submitting their address)
    old_link, new_link = (
        next(link for link in mail.get_body().get_content().split() if "/confirm?token=" in link)
        for mail in api.mails()
    )
    from tests.functions.conftest import token_of

    assert api.post_json("/api/endorsements/confirm", {"token": token_of(old_link)}).status == 200
    # both carry the one nonce, so the second is now used
    again = api.post_json("/api/endorsements/confirm", {"token": token_of(new_link)})
    assert again.status == 422


def test_tampered_expired_and_misused_tokens_are_refused(api: Api) -> None:
    """Tampered, garbage, expired, misused and missing tokens are refused with a 422."""
    api.post_json(ENDORSEMENTS, endorsement())
    link = next(link for link in api.last_mail_links() if "/confirm?token=" in link)
    from tests.functions.conftest import token_of

    token = token_of(link)
    payload, _, signature = token.partition(".")
    tampered = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    cases = {
        "tampered": tampered,
        "garbage": "not-a-token",
        "expired": TokenSigner(get_services().keys.tokens).issue(
            "confirm", "x", "n", datetime.now(UTC) - timedelta(days=8)
        ),
    }
    for name, bad in cases.items():
        response = api.post_json("/api/endorsements/confirm", {"token": bad})
        assert response.status == 422, name
    assert (
        "expired"
        in api.post_json("/api/endorsements/confirm", {"token": cases["expired"]}).json()["errors"][
            "token"
        ]
    )
    wrong_use = api.post_json("/api/endorsements/withdraw", {"token": token})
    assert wrong_use.status == 422
    assert "not meant for this action" in wrong_use.json()["errors"]["token"]
    page = api.get("/api/endorsements/confirm", {"token": tampered})
    assert page.status == 422 and page.header("Content-Type").startswith("text/html")
    assert api.get("/api/endorsements/confirm").status == 422


def test_idempotency_key_replays_the_first_answer_and_refuses_other_bodies(api: Api) -> None:
    """A repeated Idempotency-Key replays the first answer; with another body it is a 422."""
    key = {"Idempotency-Key": "retry-1"}
    first = api.post_json(ENDORSEMENTS, endorsement(), headers=key)
    again = api.post_json(ENDORSEMENTS, endorsement(), headers=key)
    assert (first.status, first.json()) == (again.status, again.json())
    assert len(api.mails()) == 1
    other = api.post_json(ENDORSEMENTS, endorsement(email="z@example.org"), headers=key)
    assert other.status == 422
    assert "Idempotency-Key" in other.json()["errors"]
    assert len(stored_endorsements(api)) == 1


def test_survey_errors_for_json_and_forms(api: Api) -> None:
    """Bad survey answers get a 422 per field, as JSON or as a form page (skips if closed)."""
    # The shipped survey is open in this round; 410 cases are in test_survey_flow.
    path = "/api/surveys/ambassador-cities-2026/responses"
    response = api.post_json(
        path, {"respondent": {"city": "Utrecht"}, "answers": {"leadership_feedback": 9, "x": 1}}
    )
    if response.status == 410:
        pytest.skip("the shipped survey round is not open today")
    assert response.status == 422
    errors = response.json()["errors"]
    assert errors["leadership_feedback"].startswith("Must be a whole number from 1 to 5")
    assert errors["x"] == "Unknown field."
    assert errors["email"] == "This field is required."
    assert errors["leadership_strategy"] == "This question needs an answer."
    wrong_shape = api.post_json(path, {"respondent": [], "answers": "all"})
    assert set(wrong_shape.json()["errors"]) >= {"respondent", "answers"}
    form = api.post_form(path, {"city": "Utrecht"})
    assert form.status == 422 and "<ul>" in form.body
    assert json.loads(api.post_json(path, [1]).body)["error"]
