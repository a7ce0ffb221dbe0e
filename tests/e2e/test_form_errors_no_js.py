"""A refused form, with and without JavaScript, against the live local stack: the manifesto
form, and a step page of the survey journey.

Without JavaScript the form posts as plain HTML and the API answers 422 with the same form
again (GOV.UK's validation pattern): every answer still chosen or filled in, "Error: " in the
title, an error summary that takes focus and links to the field, the field marked invalid.
Corrected and sent again, the form is accepted: 303 See Other to the thank-you page (the
manifesto) or to the next step (the survey, whose draft then holds every answer).

With JavaScript the manifesto form posts JSON and shows the same summary in place, without a
reload: visible, focused, one link per problem, and the link moves focus to the field. The
survey's step, with JavaScript on, shows the same summary and gives it focus (whether
survey.js posts the step or the browser does).
"""

from __future__ import annotations

import re

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer
from playwright.sync_api import expect

from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES
from tests.e2e.inbox import wait_for_mail
from tests.support.filled_forms import (
    ENDORSEMENT,
    ENDORSEMENT_FORM,
    MANIFESTO_PATH,
    SURVEY_FORM,
    SURVEY_ID,
    SURVEY_QUESTIONS,
    SURVEY_STEPS,
    active_element_id,
    assert_shows,
    fill_endorsement,
    fill_survey,
    invalid_controls,
    new_endorser,
    open_step,
    start_survey,
    starts_with,
    step_answers,
    step_title,
)

pytestmark = pytest.mark.browser

CONTINUE = "Save and continue"
# The survey's step refused: every question answered but one required yes/no question.
REFUSED_STEP, MISSING = "leadership", "leadership_champion"
MANIFESTO_BUTTON = "Endorse the Manifesto"
SURVEY_SUMMARY = f"#{SURVEY_ID}-summary"
ENDORSEMENT_SUMMARY = "#endorsement-summary"
FORM_BODY = "application/x-www-form-urlencoded"


def is_post_to(path: str):
    return lambda response: (
        response.request.method == "POST" and response.url.split("?")[0].endswith(path)
    )


def question(question_id: str) -> tuple[int, dict]:
    """The question's number on the page (1-based, as its legend and the summary say it)."""
    for number, item in enumerate(SURVEY_QUESTIONS, start=1):
        if item["id"] == question_id:
            return number, item
    raise KeyError(question_id)


def plain(value):
    """A stored answer as a comparable value: sets and lists sorted, numbers as text."""
    if isinstance(value, set | list | tuple):
        return sorted(str(item) for item in value)
    return str(value)


def assert_summary_links_to(page, summary_selector: str, control_id: str, text: str) -> None:
    """The summary lists one problem, as a link to the control; following it focuses it."""
    summary = page.locator(summary_selector)
    expect(summary).to_be_visible()
    expect(summary.locator("[role='alert']")).to_have_count(1)
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", f"#{control_id}")
    expect(links).to_contain_text(text)
    links.click()
    expect(page.locator(f"#{control_id}")).to_be_focused()
    assert active_element_id(page) == control_id


# ---- without JavaScript: the API renders the form again


def refuse_a_step(page, stack) -> tuple[str, dict, dict]:
    """A new draft's "leadership" step with every question answered but one required
    yes/no question; Save and continue. (The missing id, its question, the answers given.)"""
    start_survey(page)
    open_step(page, REFUSED_STEP)
    number, missing_question = question(MISSING)
    answers = {k: v for k, v in step_answers(REFUSED_STEP).items() if k != MISSING}
    assert len(answers) == len(step_answers(REFUSED_STEP)) - 1 >= 2
    fill_survey(page, {}, answers)
    assert_shows(page, SURVEY_FORM, answers, "")  # what the browser sends
    page.get_by_role("button", name=CONTINUE).click()
    return number, missing_question, answers


def assert_step_refused(page, number: int, answers: dict) -> None:
    """The same step again: every other answer as it was chosen, the question marked, the
    summary focused on arrival, its one link leading to the question's first option."""
    expect(page.locator(SURVEY_SUMMARY)).to_be_visible()
    expect(page.locator("h1")).to_have_text(step_title(REFUSED_STEP))
    assert page.title().startswith("Error: "), page.title()
    assert_shows(page, SURVEY_FORM, answers, "")
    assert invalid_controls(page, SURVEY_FORM) == {MISSING}
    error = page.locator(f"#{SURVEY_ID}-{MISSING}-error")
    expect(error).to_be_visible()
    expect(page.locator(SURVEY_SUMMARY)).to_be_focused()
    assert active_element_id(page) == SURVEY_SUMMARY.lstrip("#")
    control_id = f"{SURVEY_ID}-{MISSING}-1"
    assert_summary_links_to(page, SURVEY_SUMMARY, control_id, f"Question {number}: ")
    message = page.locator(SURVEY_SUMMARY).get_by_role("link").inner_text().split(": ", 1)[1]
    expect(error).to_contain_text(message)


def answer_and_continue(page, stack, question_text: str, answers: dict) -> None:
    """The missing answer given, Save and continue: the next step, the answers in the draft."""
    page.get_by_role("group", name=question_text).get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name=CONTINUE).click()
    next_step = SURVEY_STEPS[[s["id"] for s in SURVEY_STEPS].index(REFUSED_STEP) + 1]["id"]
    page.wait_for_url(re.compile(rf"/steps/{next_step}\?t="))
    expect(page.locator("h1")).to_have_text(step_title(next_step))
    draft = stored_draft(stack, page.url)
    assert draft["steps"][REFUSED_STEP] == "completed"
    given = {**answers, MISSING: "yes"}
    assert {k: plain(v) for k, v in draft["answers"].items()} == {
        k: plain(v) for k, v in given.items()
    }


def stored_draft(stack, url: str) -> dict:
    """The draft a page of the journey belongs to, as DynamoDB Local holds it."""
    draft_id = re.search(r"/drafts/([0-9a-f]+)/", url).group(1)
    client = boto3.client(
        "dynamodb", endpoint_url=f"http://localhost:{stack.ddb_port}", **LOCAL_CREDENTIALS
    )
    found = client.get_item(
        TableName=LOCAL_TABLE_NAMES["SURVEYS_TABLE"],
        Key={"survey_id": {"S": SURVEY_ID}, "city_key": {"S": f"draft#{draft_id}"}},
        ConsistentRead=True,
    )
    decode = TypeDeserializer().deserialize
    return {key: decode(value) for key, value in found["Item"].items()}


def test_survey_step_without_javascript_keeps_every_answer_and_links_to_the_missing_one(
    page_without_js, stack
):
    page = page_without_js
    with page.expect_response(is_post_to(f"/steps/{REFUSED_STEP}")) as posted:
        number, missing_question, answers = refuse_a_step(page, stack)
    assert posted.value.status == 422
    assert posted.value.request.headers["content-type"].startswith(FORM_BODY)
    page.wait_for_load_state()
    assert_step_refused(page, number, answers)
    # WHEN the answer is given and the step saved again THEN the next step
    with page.expect_response(is_post_to(f"/steps/{REFUSED_STEP}")) as posted:
        answer_and_continue(page, stack, missing_question["text"], answers)
    assert posted.value.status == 303


def test_manifesto_without_javascript_keeps_every_value_and_links_to_the_bad_email(
    page_without_js, stack
):
    """Without JavaScript a 422 keeps every value and focuses a summary linking the email."""
    page = page_without_js
    who = new_endorser()
    values = {**who, "email": "nope"}

    page.goto(MANIFESTO_PATH)
    fill_endorsement(page, values)
    assert_shows(page, ENDORSEMENT_FORM, values, ENDORSEMENT["honeypot"])
    with page.expect_response(is_post_to("/api/endorsements")) as posted:
        page.get_by_role("button", name=MANIFESTO_BUTTON).click()
    assert posted.value.status == 422
    assert posted.value.request.headers["content-type"].startswith(FORM_BODY)
    page.wait_for_load_state()

    assert page.title().startswith("Error: "), page.title()
    assert_shows(page, ENDORSEMENT_FORM, values, ENDORSEMENT["honeypot"])
    assert invalid_controls(page, ENDORSEMENT_FORM) == {"email"}
    expect(page.locator("#endorsement-email-error")).to_contain_text("email address")
    assert active_element_id(page) == ENDORSEMENT_SUMMARY.lstrip("#")
    assert_summary_links_to(page, ENDORSEMENT_SUMMARY, "endorsement-email", "Email address: ")

    page.get_by_role("textbox", name=starts_with("Email address")).fill(who["email"])
    with page.expect_response(is_post_to("/api/endorsements")) as posted:
        page.get_by_role("button", name=MANIFESTO_BUTTON).click()
    assert posted.value.status == 303
    expect(page).to_have_url(f"{stack.url}{MANIFESTO_PATH}thank-you/")
    expect(page.locator("h1")).to_have_text("Thank you for endorsing the Manifesto")
    wait_for_mail(stack.outbox, who["email"])


# ---- with JavaScript: the summary is shown in place


def mark_the_document(page) -> None:
    """A mark a reload would wipe out."""
    page.evaluate("window.__notReloaded = true")


def assert_not_reloaded(page, path: str, stack) -> None:
    assert page.evaluate("window.__notReloaded === true"), "the page was loaded again"
    assert page.url.split("#", 1)[0] == f"{stack.url}{path}"


def test_survey_step_with_javascript_shows_the_summary_and_focuses_it(page, stack):
    """With JavaScript on (survey.js saving as you go, or not there at all) the same: the
    refused step shows the summary, which takes focus, and every answer is kept."""
    number, missing_question, answers = refuse_a_step(page, stack)
    assert_step_refused(page, number, answers)
    answer_and_continue(page, stack, missing_question["text"], answers)


def test_manifesto_with_javascript_shows_the_summary_in_place(page, stack):
    """With JavaScript a 422 shows a focused summary in place, values kept; corrected, accepted."""
    who = new_endorser()
    values = {name: value for name, value in who.items() if name != "organisation_type"}

    page.goto(MANIFESTO_PATH)
    fill_endorsement(page, values)
    mark_the_document(page)
    with page.expect_response(is_post_to("/api/endorsements")) as posted:
        page.get_by_role("button", name=MANIFESTO_BUTTON).click()
    assert posted.value.status == 422
    assert posted.value.request.headers["content-type"].startswith("application/json")

    summary = page.locator(ENDORSEMENT_SUMMARY)
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert active_element_id(page) == ENDORSEMENT_SUMMARY.lstrip("#")
    assert invalid_controls(page, ENDORSEMENT_FORM) == {"organisation_type"}
    assert_shows(page, ENDORSEMENT_FORM, values, ENDORSEMENT["honeypot"])
    assert_summary_links_to(
        page, ENDORSEMENT_SUMMARY, "endorsement-organisation_type-1", "Type of organisation: "
    )
    assert_not_reloaded(page, MANIFESTO_PATH, stack)

    page.get_by_role("group", name=starts_with("Type of organisation")).get_by_label(
        "Research or academia", exact=True
    ).check()
    page.get_by_role("button", name=MANIFESTO_BUTTON).click()
    expect(page.locator(".confirmation")).to_contain_text("Thank you")
    assert_not_reloaded(page, MANIFESTO_PATH, stack)
    wait_for_mail(stack.outbox, who["email"])
