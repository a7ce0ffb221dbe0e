"""The survey journey with JavaScript on, against the real API of the local stack (no canned
responses): what the step pages send (the browser's form, or survey.js where it takes over)
is what the handlers accept, multiple choice as lists and scales as numbers; a confirmed
response changed from the emailed link becomes a new revision of the same response; and
answers sent once cannot be sent again from the same draft.

Whether survey.js is there or not, the pages work: every step is a plain HTML form."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.inbox import link_to
from tests.e2e.survey_scoring import expected_scores, load_definition
from tests.e2e.test_survey_keyboard import (
    as_plain,
    comparable,
    stored_response,
    stored_responses,
    wait_for_subject,
)
from tests.support.filled_forms import (
    SURVEY_ID,
    SURVEY_QUESTIONS,
    SURVEY_STEPS,
    fill_survey,
    start_survey,
    step_answers,
)
from tests.support.live_stack import LiveStack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONTINUE = "Save and continue"
SEND = "Send your city's answers"


@pytest.fixture
def page(chromium, stack: LiveStack) -> Iterator[Page]:
    context = chromium.new_context(base_url=stack.url)
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def pick(which: str) -> dict[str, Any]:
    """The first or the last option of every question (a scale's lowest or highest; one box
    of each multiple-choice group, in a list)."""
    answers: dict[str, Any] = {}
    for question in SURVEY_QUESTIONS:
        if question["type"] == "scale":
            answers[question["id"]] = question["min" if which == "first" else "max"]
        else:
            option = question["options"][0 if which == "first" else -1]["value"]
            multiple = question["type"] == "multiple_choice"
            answers[question["id"]] = [option] if multiple else option
    return answers


def officer(city: str) -> dict[str, str]:
    return {
        "name": "Officer Test",
        "role": "Participation lead",
        "email": f"officer.{uuid.uuid4().hex[:8]}@example.org",
        "city": city,
        "country": "NL",
    }


def continue_to(page: Page, pattern: str) -> None:
    page.get_by_role("button", name=CONTINUE).click()
    page.wait_for_url(re.compile(pattern))


def answer_the_journey(page: Page, who: dict[str, str], answers: dict[str, Any]) -> None:
    """Start, every step with clicks, up to the check page."""
    start_survey(page)
    fill_survey(page, who, {})
    continue_to(page, rf"/(city|steps/{SURVEY_STEPS[0]['id']})\?t=")
    if "/city?" in page.url:  # a city no gazetteer knows: "not listed" is the only choice
        expect(page.get_by_label(re.compile("My city is not listed"))).to_be_checked()
        continue_to(page, rf"/steps/{SURVEY_STEPS[0]['id']}\?t=")
    for index, step in enumerate(SURVEY_STEPS):
        fill_survey(page, {}, step_answers(step["id"], answers))
        following = SURVEY_STEPS[index + 1]["id"] if index + 1 < len(SURVEY_STEPS) else None
        continue_to(page, rf"/steps/{following}\?t=" if following else r"/check\?t=")
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")


def send(page: Page) -> str:
    page.get_by_role("button", name=SEND).click()
    expect(page.locator("h1")).to_have_text("Answers sent")
    return page.locator(".reference").inner_text().strip()


def confirm(page: Page, stack: LiveStack, email: str, reference: str) -> None:
    mail = wait_for_subject(
        stack.outbox, email, f"Please confirm your city's answers (reference {reference})"
    )
    page.goto(link_to(mail, "/confirm?"))
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.locator("h1")).to_have_text("Answers confirmed")


def responses_for(stack: LiveStack, city: str) -> list[dict]:
    return [r for r in stored_responses(stack, SURVEY_ID) if r["city"]["name"] == city]


def test_survey_journey_with_script_is_accepted_and_scored(stack: LiveStack, page: Page) -> None:
    # GIVEN the survey with JavaScript on
    city = f"Scriptville {uuid.uuid4().hex[:6]}"
    answers = pick("last")
    # WHEN an officer answers every step with the last option of every question and sends
    answer_the_journey(page, officer(city), answers)
    reference = send(page)
    # THEN exactly one response is stored for that city, lists and numbers as given, scored
    [record] = responses_for(stack, city)
    assert record["reference"] == reference and record["status"] == "pending"
    assert comparable(record["answers"]) == comparable(answers)
    for question in SURVEY_QUESTIONS:
        stored = record["answers"][question["id"]]
        if question["type"] == "multiple_choice":
            assert isinstance(stored, set | list), (question["id"], stored)
        elif question["type"] == "scale":
            assert not isinstance(stored, str), (question["id"], stored)  # a number
    definition = load_definition()
    assert as_plain(record["scores"]) == expected_scores(definition, answers)


def test_the_emailed_link_changes_the_confirmed_response(stack: LiveStack, page: Page) -> None:
    # GIVEN a confirmed response for a city
    city = f"Editham {uuid.uuid4().hex[:6]}"
    who = officer(city)
    answer_the_journey(page, who, pick("first"))
    reference = send(page)
    confirm(page, stack, who["email"], reference)
    before = stored_response(stack, SURVEY_ID, reference)
    assert before["status"] == "confirmed" and int(before["revision"]) == 1

    # WHEN the officer opens the answers from the mail and changes one of them
    copy = wait_for_subject(
        stack.outbox, who["email"], f"Your city's answers (reference {reference})"
    )
    page.goto(link_to(copy, f"/responses/{reference}?"))
    page.get_by_role("button", name="Change these answers").click()
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    first = SURVEY_QUESTIONS[0]
    page.get_by_role("link", name=f"Change {first['text']}").click()
    page.get_by_role("group", name=first["text"]).get_by_label(
        first["options"][-1]["label"], exact=True
    ).check()
    continue_to(page, r"/check\?t=")
    send(page)

    # THEN the city still has one response, the same reference, now with the new answer
    [after] = responses_for(stack, city)
    assert after["reference"] == reference and after["status"] == "confirmed"
    assert int(after["revision"]) == 2
    assert after["answers"][first["id"]] == first["options"][-1]["value"]
    assert after["answers"] != before["answers"]
    assert [int(kept["revision"]) for kept in after["history"]] == [1]


def test_answers_sent_once_are_not_sent_again(stack: LiveStack, page: Page) -> None:
    city = f"Twiceton {uuid.uuid4().hex[:6]}"
    answer_the_journey(page, officer(city), pick("first"))
    check_page = page.url
    reference = send(page)
    # WHEN the officer goes back to the check page and sends again
    page.goto(check_page)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name=SEND).click()
    assert posted.value.status == 409
    summary = page.locator(f"#{SURVEY_ID}-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("These answers were already sent.")
    assert page.title().startswith("Error: "), page.title()
    # THEN the city still has the one response sent first
    assert [r["reference"] for r in responses_for(stack, city)] == [reference]
