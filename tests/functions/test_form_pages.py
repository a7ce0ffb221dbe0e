"""Pages the API renders come from the site's templates: refused form POSTs get their form back.

GIVEN a plain HTML form post (no JavaScript) WHEN the API refuses it THEN the answer is the
same form again, with every value the person sent, "Error: " in the title, an error summary
linking to each field and the message at each field, inside the site's header and footer.
"""

from __future__ import annotations

from typing import Any

import pytest

from functions.services import get_services
from tests.functions.conftest import API, SITE, Api, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, respondent
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture
from tests.site.html_tools import parse_page


def controls(page: str) -> dict[str, dict[str, str | None]]:
    """Every input, select option and textarea by id (options by 'select-id=value')."""
    found: dict[str, dict[str, str | None]] = {}
    select = ""
    for tag, attributes in parse_page(page).elements:
        if tag == "select":
            select = attributes.get("id") or ""
        if tag in ("input", "textarea", "select") and attributes.get("id"):
            found[str(attributes["id"])] = attributes
        if tag == "option":
            found[f"{select}={attributes.get('value')}"] = attributes
    return found


def assert_site_chrome(page: str) -> None:
    parsed = parse_page(page)
    tags = [tag for tag, _ in parsed.elements]
    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">' in page
    assert {"header", "nav", "main", "footer"} <= set(tags)
    assert f'href="{SITE}/manifesto/"' in page  # the main navigation
    assert f'href="{SITE}/privacy/"' in page  # the footer
    sheets = [
        a.get("href") for t, a in parsed.elements if t == "link" and a.get("rel") == "stylesheet"
    ]
    assert sheets == [f"{SITE}/theme/css/site.css"]
    scripts = [a for t, a in parsed.elements if t == "script"]
    assert all(script.get("src", "").startswith(f"{SITE}/theme/js/") for script in scripts)
    assert "<style" not in page and " style=" not in page


def assert_no_inline_script_allowed(policy: str) -> None:
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "script-src" in policy


def form_body(**changes: Any) -> list[tuple[str, str]]:
    return [(key, value) for key, value in endorsement(**changes).items()]


def test_invalid_endorsement_comes_back_with_every_value(api: Api) -> None:
    # GIVEN a form with one bad field and a name that looks like markup
    sent = form_body(email="nope", name="<b>Ada</b> & co", role="Mayor's aide")
    response = api.post_form(ENDORSEMENTS, sent)
    # THEN the form comes back as a 422 page of the site
    assert response.status == 422
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert response.header("Content-Language") == "en"
    page = response.body
    assert_site_chrome(page)
    assert_no_inline_script_allowed(response.header("Content-Security-Policy") or "")
    assert parse_page(page).title.startswith("Error: ")
    found = controls(page)
    # AND every value is kept, escaped
    assert found["endorsement-name"]["value"] == "<b>Ada</b> & co"
    assert "<b>Ada</b>" not in page
    assert found["endorsement-role"]["value"] == "Mayor's aide"
    assert found["endorsement-organisation"]["value"] == "City of Utrecht"
    assert found["endorsement-email"]["value"] == "nope"
    assert "checked" in found["endorsement-organisation_type-1"]  # public-authority
    assert "checked" not in found["endorsement-organisation_type-2"]
    assert "selected" in found["endorsement-country=NL"]
    assert "selected" not in found["endorsement-country=BE"]
    assert "checked" in found["endorsement-list_publicly-1"]
    assert "checked" in found["endorsement-consent"]
    assert found["endorsement-website"]["value"] == ""
    # AND the summary links to the bad field, which is marked invalid with its message
    assert 'role="alert"' in page and "There is a problem" in page
    assert '<a href="#endorsement-email">Email address: Must be an email address' in page
    assert found["endorsement-email"].get("aria-invalid") == "true"
    assert "aria-invalid" not in found["endorsement-name"]
    assert 'id="endorsement-email-error">' in page
    # AND the form posts to the API again
    assert f'action="{API}/endorsements?lang=en"' in page


def test_missing_consent_and_no_values_still_render_the_form(api: Api) -> None:
    """An empty form post gets the form back: consent unchecked and invalid, 7 summary links."""
    response = api.post_form(ENDORSEMENTS, [("name", ""), ("website", "")])
    assert response.status == 422
    found = controls(response.body)
    assert found["endorsement-consent"].get("aria-invalid") == "true"
    assert "checked" not in found["endorsement-consent"]
    assert response.body.count('<li><a href="#endorsement-') == 7  # each of the 7 required fields


def test_honeypot_value_is_never_sent_back(api: Api) -> None:
    """The refused form's honeypot field comes back empty."""
    response = api.post_form(ENDORSEMENTS, form_body(email="bad", website=""))
    assert controls(response.body)["endorsement-website"]["value"] == ""


def survey_form(**changes: Any) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = list(respondent().items())
    answers = {**ALL_BEST, **changes}
    for question, value in answers.items():
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((question, str(item)))
    return pairs


def test_survey_with_one_missing_answer_keeps_all_others(survey_api: Api) -> None:  # noqa: F811
    """A survey form missing one answer comes back with every other answer and one summary link."""
    response = survey_api.post_form(RESPONSES, survey_form(training_officers=None))
    assert response.status == 422
    page = response.body
    assert parse_page(page).title.startswith("Error: ")
    found = controls(page)
    survey = get_services().catalog.surveys["ambassador-cities-2026"]
    checked = 0
    for number, question in enumerate(survey.questions, start=1):
        chosen = ALL_BEST[question.id]
        values = chosen if isinstance(chosen, list) else [chosen]
        for index, option in enumerate(question.options, start=1):
            control = found[f"ambassador-cities-2026-{question.id}-{index}"]
            if question.id == "training_officers":
                assert "checked" not in control
            else:
                assert ("checked" in control) == (option.value in values), question.id
                checked += "checked" in control
        if question.type == "scale":
            low, high = question.min or 0, question.max or 0
            for value in range(low, high + 1):
                control = found[f"ambassador-cities-2026-{question.id}-{value}"]
                assert ("checked" in control) == (value == chosen), question.id
                checked += "checked" in control
        if question.id == "training_officers":
            link = f'<a href="#ambassador-cities-2026-training_officers-1">Question {number}: '
            assert link in page
    assert checked >= len(survey.questions) - 1
    assert found["ambassador-cities-2026-city"]["value"] == "Utrecht"
    assert "selected" in found["ambassador-cities-2026-country=NL"]
    assert page.count('<li><a href="#') == 1


@pytest.mark.parametrize("status", [429, 503])
def test_busy_answers_keep_the_form_ready_to_send_again(make_api: Any, status: int) -> None:
    """A 429 or 503 page keeps the values, shows its notice and posts to the API again."""
    api = make_api(RATE_LIMIT_PER_MINUTE="1") if status == 429 else make_api()
    if status == 429:
        assert api.post_form(ENDORSEMENTS, form_body(email="first@example.org")).status == 303
    else:
        from botocore.exceptions import ClientError

        def throttle(**kwargs: Any) -> None:
            raise ClientError(
                {"Error": {"Code": "ThrottlingException", "Message": "slow down"}},
                "TransactWriteItems",
            )

        client = get_services().endorsements.client
        client.meta.events.register("before-call.dynamodb.TransactWriteItems", throttle)
    response = api.post_form(ENDORSEMENTS, form_body(email="second@example.org"))
    assert response.status == status
    assert response.header("Retry-After")
    found = controls(response.body)
    assert found["endorsement-email"]["value"] == "second@example.org"
    assert "checked" in found["endorsement-consent"]
    assert "data-form-message>" in response.body  # the notice is shown, not hidden
    assert (
        f'<form id="endorsement-form" class="cf-form" method="post" action="{API}/endorsements?lang=en"'
        in response.body
    )


def test_closed_survey_keeps_the_answers(make_api: Any, tmp_path: Any) -> None:
    """A post to a closed survey gets a 410 page saying so, with the typed email kept."""
    from tests.functions.test_survey_flow import write_survey

    write_survey(tmp_path / "closed", "2020-01-01T00:00:00+00:00", "2020-02-01T00:00:00+00:00")
    api = make_api(FORMS_DIR=str(tmp_path / "closed"))
    response = api.post_form(RESPONSES, survey_form())
    assert response.status == 410
    assert "This survey is closed" in response.body
    assert (
        controls(response.body)["ambassador-cities-2026-email"]["value"] == "pieter@utrecht.example"
    )


def test_confirm_page_has_the_site_chrome(api: Api) -> None:
    """The confirm link's page has the site's chrome, no inline script, noindex, the button."""
    api.post_json(ENDORSEMENTS, endorsement())
    link = next(link for link in api.last_mail_links() if "/confirm" in link)
    token = token_of(link)
    response = api.get("/api/endorsements/confirm", {"token": token})
    assert response.status == 200
    assert_site_chrome(response.body)
    assert_no_inline_script_allowed(response.header("Content-Security-Policy") or "")
    assert '<meta name="robots" content="noindex">' in response.body
    assert "Confirm my endorsement" in response.body


def test_bad_link_page_is_an_error_page_of_the_site(api: Api) -> None:
    """A confirm link with a bad token gets a 422 error page inside the site's chrome."""
    response = api.get("/api/endorsements/confirm", {"token": "nonsense"})
    assert response.status == 422
    assert_site_chrome(response.body)
    assert parse_page(response.body).title.startswith("Error: ")
    assert "This link is not valid" in response.body


def test_json_clients_still_get_json(api: Api) -> None:
    """A JSON post that is refused still gets a JSON 422 with the field's message, in English."""
    response = api.post_json(ENDORSEMENTS, endorsement(email="nope"))
    assert response.status == 422
    assert response.header("Content-Language") == "en"
    assert response.json()["errors"]["email"].startswith("Must be an email address")
