"""The site's form script against the real API of the local stack (no canned responses):
what forms.js sends is what the handlers accept, for the survey's nested JSON, scales and
multiple choice, and for the edit link emailed after a first response."""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from email import policy

import boto3
import pytest
from playwright.sync_api import Page

from devstack.dynamodb import LOCAL_CREDENTIALS
from devstack.localenv import TABLE_NAMES
from functions.domain.forms import load_survey_by_id
from tests.support.live_stack import LiveStack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SURVEY_PAGE = "/ambassador-cities/survey/"


@pytest.fixture
def page(chromium, stack: LiveStack) -> Iterator[Page]:
    context = chromium.new_context()
    try:
        yield context.new_page()
    finally:
        context.close()


def survey_id(page: Page) -> str:
    return page.get_attribute("form[data-respondent]", "id").removesuffix("-form")


def fill_survey(page: Page, city: str, pick: str) -> None:
    """Respondent details, then the first (pick='first') or last option of every question."""
    form = page.locator("form[data-respondent]")
    form.locator('input[name="name"]').fill("Officer Test")
    form.locator('input[name="role"]').fill("Participation lead")
    form.locator('input[name="email"]').fill("officer@example.org")
    form.locator('input[name="city"]').fill(city)
    form.locator('select[name="country"]').select_option("NL")
    for question in form.locator("fieldset.question").all():
        options = question.locator("input")
        (options.first if pick == "first" else options.last).check()


def stored_responses(stack: LiveStack) -> list[dict]:
    client = boto3.client(
        "dynamodb", endpoint_url=f"http://127.0.0.1:{stack.ddb_port}", **LOCAL_CREDENTIALS
    )
    items = client.scan(TableName=TABLE_NAMES["SURVEYS_TABLE"])["Items"]
    return [item for item in items if "overall_score" in item or "answers" in item]


def latest_mail_link(stack: LiveStack, pattern: str) -> str:
    newest = max(stack.outbox.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
    message = email.message_from_bytes(newest.read_bytes(), policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(pattern, text).group(0)


def test_survey_submitted_by_script_is_accepted_and_scored(stack: LiveStack, page: Page) -> None:
    # GIVEN the survey page with JavaScript on
    page.goto(stack.url + SURVEY_PAGE)
    # WHEN an officer answers every question with its last option and sends the form
    fill_survey(page, "Scriptville", pick="last")
    page.locator("form[data-respondent] button[type=submit]").click()
    # THEN the thank-you message replaces the form (the API accepted the nested JSON)
    page.locator(".confirmation").wait_for()
    assert page.locator("form[data-respondent]").is_hidden()
    # AND exactly one response is stored for that city
    survey = load_survey_by_id(survey_id(page))
    responses = [r for r in stored_responses(stack) if "Scriptville" in str(r)]
    assert len(responses) == 1
    assert survey.id in str(responses[0])


def test_edit_link_fills_the_code_and_updates_the_first_response(
    stack: LiveStack, page: Page
) -> None:
    # GIVEN a first response for a city, sent by the script
    page.goto(stack.url + SURVEY_PAGE)
    fill_survey(page, "Editham", pick="first")
    page.locator("form[data-respondent] button[type=submit]").click()
    page.locator(".confirmation").wait_for()
    before = [r for r in stored_responses(stack) if "Editham" in str(r)]
    assert len(before) == 1

    # WHEN the officer opens the edit link from the email
    link = latest_mail_link(stack, r"http://\S+\?edit_token=\S+")
    page.goto(link)
    # THEN the edit code is filled in and shown
    code = page.locator('input[name="edit_token"]')
    assert code.is_visible()
    assert code.input_value() != ""
    # WHEN the answers change and the form is sent again
    fill_survey(page, "Editham", pick="last")
    page.locator("form[data-respondent] button[type=submit]").click()
    page.locator(".confirmation").wait_for()
    # THEN the city still has one response, now with the new answers
    after = [r for r in stored_responses(stack) if "Editham" in str(r)]
    assert len(after) == 1
    assert after[0] != before[0]


def test_second_response_without_code_shows_the_refusal(stack: LiveStack, page: Page) -> None:
    page.goto(stack.url + SURVEY_PAGE)
    fill_survey(page, "Twiceton", pick="first")
    page.locator("form[data-respondent] button[type=submit]").click()
    page.locator(".confirmation").wait_for()

    page.goto(stack.url + SURVEY_PAGE)
    fill_survey(page, "Twiceton", pick="last")
    page.locator("form[data-respondent] button[type=submit]").click()
    message = page.locator("[data-form-message]")
    message.wait_for()
    assert "Twiceton" not in message.inner_text() or "already" in message.inner_text().lower()
    assert len([r for r in stored_responses(stack) if "Twiceton" in str(r)]) == 1
