"""Every page of the survey journey, checked with axe-core (the tags tests/a11y/test_axe.py
runs: WCAG 2.0/2.1 A and AA, and best practice) and with the W3C Nu HTML Checker (one run for
every page): zero violations, zero errors.

One officer's journey on the live local stack, without JavaScript, captures each page as the
API sent it (status, headers, HTML): the first step, the city choice, every question step,
the task list (also with the "saved" notice), the check page (also refused: a step left
incomplete), the sent answers, the confirm page of the mail, the confirmed page, and the
answers read from its link. axe then looks at each page in Chromium at its own address on
the live stack's origin, with JavaScript on, so the stylesheet and the scripts (survey.js on
the steps) load as they do for a visitor. The refused step pages (422, 409) are checked in
tests/a11y/test_api_pages.py.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.a11y.test_api_pages import ApiPage, from_browser, open_as_sent
from tests.e2e.inbox import link_to
from tests.e2e.test_survey_keyboard import wait_for_subject
from tests.support.browser import axe_violations, describe
from tests.support.browser_fixtures import fresh_page
from tests.support.filled_forms import (
    SURVEY,
    SURVEY_STEPS,
    fill_survey,
    start_survey,
    step_answers,
)
from tests.support.vnu import check_html, format_errors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONTINUE, LATER = "Save and continue", "Save and come back later"
SEND = "Send your city's answers"
LAST = SURVEY_STEPS[-1]["id"]
# The required question of the last step left unanswered when saving for later.
LEFT_OUT = next(
    q["id"]
    for d in SURVEY["domains"]
    if d["id"] in SURVEY_STEPS[-1]["domains"]
    for q in d["questions"]
    if q["required"]
)
CHECK_TITLE = "Check your answers before sending them"

# name (the test id) -> (status, the page's h1)
PAGES = {
    "step 1: About you and your city": (200, "About you and your city"),
    "choose your city": (200, "Choose your city"),
    **{
        f"step {number}: {step['title']}": (200, step["title"])
        for number, step in enumerate(SURVEY_STEPS, start=2)
    },
    "task list": (200, SURVEY["title"]),
    "task list, saved for later": (200, SURVEY["title"]),
    "check page, a step incomplete (422)": (422, CHECK_TITLE),
    "check page": (200, CHECK_TITLE),
    "answers sent": (200, "Answers sent"),
    "confirm page": (200, "Confirm your city's answers"),
    "answers confirmed": (200, "Answers confirmed"),
    "your city's answers": (200, "Your city's answers"),
}


def arrive(page, act) -> ApiPage:
    """Do `act` (a click, a goto); the page the browser lands on, as the API sent it."""
    with page.expect_navigation() as landed:
        act()
    page.wait_for_load_state()
    return from_browser(landed.value)


def press(page, name: str):
    return page.get_by_role("button", name=name).click


def follow(page, name: str):
    return page.get_by_role("link", name=name, exact=True).click


def journey(page, stack) -> dict[str, ApiPage]:
    found: dict[str, ApiPage] = {}
    email = f"axe.{uuid.uuid4().hex[:8]}@example.org"
    who = {"name": "Alex Axe", "role": "Accessibility lead", "email": email}
    who |= {"city": "Porto", "country": "PT"}

    start_survey(page)
    found["step 1: About you and your city"] = arrive(page, lambda: page.goto(page.url))
    draft = re.match(r".*/drafts/[0-9a-f]+", urlsplit(page.url).path).group(0)
    token = re.search(r"[?&]t=([^&]+)", page.url).group(1)
    fill_survey(page, who, {})
    found["choose your city"] = arrive(page, press(page, CONTINUE))
    page.get_by_label(re.compile(r"^Porto( \(|$)")).check()  # "Porto (population ...)"
    found[f"step 2: {SURVEY_STEPS[0]['title']}"] = arrive(page, press(page, CONTINUE))
    for number, step in enumerate(SURVEY_STEPS, start=2):
        name = f"step {number}: {step['title']}"
        if number > 2:
            found[name] = from_browser(page.goto(page.url))
        expect(page.locator("h1")).to_have_text(step["title"])
        answers = step_answers(step["id"])
        if step["id"] == LAST:  # saved for later with a required answer left out
            fill_survey(page, {}, {k: v for k, v in answers.items() if k != LEFT_OUT})
            found["task list, saved for later"] = arrive(page, press(page, LATER))
            break
        fill_survey(page, {}, answers)
        arrive(page, press(page, CONTINUE))
        if number == 3:  # the list of steps, part done
            found["task list"] = arrive(page, follow(page, "Back to the list of steps"))
            page.go_back()
    # The check page by its address (the task list offers it once every step is done)
    arrive(page, lambda: page.goto(f"{draft}/check?t={token}"))
    found["check page, a step incomplete (422)"] = arrive(page, press(page, SEND))
    page.goto(f"{draft}/steps/{LAST}?t={token}")
    fill_survey(page, {}, step_answers(LAST))
    found["check page"] = arrive(page, press(page, CONTINUE))
    found["answers sent"] = arrive(page, press(page, SEND))
    reference = page.locator(".reference").inner_text()
    mail = wait_for_subject(
        stack.outbox, email, f"Please confirm your city's answers (reference {reference})"
    )
    found["confirm page"] = arrive(page, lambda: page.goto(link_to(mail, "/confirm?")))
    found["answers confirmed"] = arrive(page, press(page, "Confirm my email address"))
    found["your city's answers"] = arrive(page, follow(page, "Read your city's answers"))
    return found


@pytest.fixture(scope="module")
def journey_pages(chromium, stack) -> dict[str, ApiPage]:
    with fresh_page(chromium, stack, java_script_enabled=False) as page:
        pages = journey(page, stack)
    assert set(pages) == set(PAGES), set(pages) ^ set(PAGES)
    return pages


@pytest.mark.parametrize("name", PAGES)
def test_journey_page_has_no_axe_violations(page_for_axe, stack, journey_pages, name):
    """Each journey page is the one meant, styled, focused on its summary if refused; axe-clean."""
    page, sent = page_for_axe, journey_pages[name]
    status, heading = PAGES[name]
    assert sent.status == status, (name, sent.status, sent.url)
    assert sent.url.startswith(stack.url), sent.url
    open_as_sent(page, sent)
    # The page is the one meant, in the site's frame and style
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(heading)
    assert page.evaluate("document.styleSheets.length") >= 1, "the stylesheet did not load"
    if status >= 400:
        assert page.title().startswith("Error: "), page.title()
        summary = page.locator(".error-summary")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(page.locator(".summary-row.has-error").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{name} ({sent.url}):\n{describe(violations)}"


def test_journey_pages_are_valid_html(journey_pages):
    """One checker run for every page of the journey."""
    documents = {f"{name} [{page.url}]": page.html for name, page in journey_pages.items()}
    errors = check_html(documents)
    assert len(errors) == len(PAGES)
    assert not any(errors.values()), format_errors(errors)
