"""Security headers on every kind of API response, and the Origin allow-list on every POST:
the handlers called as API Gateway calls them, on real tables in DynamoDB Local.
"""

from __future__ import annotations

import pytest

from tests.functions.conftest import Api, Response, api_event, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, SURVEY_ID, respondent

POSTS = [
    (ENDORSEMENTS, lambda: endorsement()),
    (f"{ENDORSEMENTS}/confirm", lambda: {"token": "x"}),
    (f"{ENDORSEMENTS}/withdraw", lambda: {"token": "x"}),
    (RESPONSES, lambda: {"respondent": respondent(), "answers": ALL_BEST}),
]


def every_kind_of_response(api: Api) -> list[tuple[str, Response]]:
    """One of each: JSON success and errors, redirect, HTML pages and HTML error pages."""
    answers = [
        ("accepted", api.post_json(ENDORSEMENTS, endorsement())),
        ("redirect", api.post_form(ENDORSEMENTS, endorsement(email="f@example.org"))),
        ("422", api.post_json(ENDORSEMENTS, endorsement(email="nope"))),
        ("422 page", api.post_form(ENDORSEMENTS, endorsement(email="nope"))),
        ("400", api.post_json(ENDORSEMENTS, "[")),
        ("415", api.call(api_event("POST", ENDORSEMENTS, body="{}", content_type="text/plain"))),
        ("404", api.get("/api/nowhere")),
        ("survey", api.get(f"/api/surveys/{SURVEY_ID}")),
        ("no survey", api.get("/api/surveys/none")),
        ("bad token page", api.get(f"{ENDORSEMENTS}/confirm", query={"token": "x"})),
    ]
    confirm = next(link for link in api.last_mail_links() if "/confirm" in link)
    page = api.get(f"{ENDORSEMENTS}/confirm", query={"token": token_of(confirm)})
    answers.append(("confirm page", page))
    answers.append(("list", api.get(ENDORSEMENTS)))
    return answers


def test_every_response_has_nosniff_charset_and_no_store_except_the_public_list(
    survey_api: Api,
) -> None:
    """Every kind of answer has nosniff, utf-8, no-store (the list: 60 s); pages a strict CSP."""
    for label, response in every_kind_of_response(survey_api):
        assert response.header("X-Content-Type-Options") == "nosniff", label
        assert "charset=utf-8" in (response.header("Content-Type") or ""), label
        expected = "public, max-age=60" if label == "list" else "no-store"
        assert response.header("Cache-Control") == expected, label
        if (response.header("Content-Type") or "").startswith("text/html"):
            assert "default-src 'none'" in response.header("Content-Security-Policy"), label
            assert response.header("X-Frame-Options") == "DENY", label


@pytest.mark.parametrize("path, body", POSTS, ids=[path for path, _ in POSTS])
@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://site.test.evil"])
def test_a_post_from_an_origin_not_allowed_is_403_and_stores_nothing(
    survey_api: Api, path: str, body, origin: str
) -> None:
    """A POST from a foreign, null or look-alike Origin gets 403, no CORS header, no mail."""
    response = survey_api.post_json(path, body(), headers={"Origin": origin})
    assert response.status == 403
    assert response.header("Access-Control-Allow-Origin") is None
    assert survey_api.mails() == []


def test_an_allowed_origin_is_echoed_for_cors(api: Api) -> None:
    """An allowed Origin is echoed in Access-Control-Allow-Origin, with Vary: Origin."""
    response = api.post_json(ENDORSEMENTS, endorsement(), headers={"Origin": "http://site.test"})
    assert response.status == 202
    assert response.header("Access-Control-Allow-Origin") == "http://site.test"
    assert response.header("Vary") == "Origin"
