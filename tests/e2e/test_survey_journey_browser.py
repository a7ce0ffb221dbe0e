"""The whole survey journey in Chromium, with JavaScript off and on, by keyboard only.

GIVEN the survey page WHEN a city officer starts, gives their details, chooses the city from
the gazetteer, answers two steps, saves to come back later, opens the emailed link on another
device, finishes, changes one answer from the check page, sends and confirms from the mail
THEN every page was reached with Tab, Shift+Tab, Space, Enter and arrow keys only, and the
confirmed record in DynamoDB holds the answers, the reference shown and the scores the
definition's rule gives (computed apart from the product, tests/e2e/survey_scoring.py).
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.inbox import link_to
from tests.e2e.survey_scoring import expected_scores
from tests.e2e.test_survey_keyboard import (
    CONTINUE,
    DEFINITION,
    LATER,
    STEP_FORM,
    STEPS,
    SURVEY_ID,
    about_you_with_keyboard,
    answer_step_with_keyboard,
    as_plain,
    city_step_with_keyboard,
    comparable,
    confirm_with_keyboard,
    draft_token,
    fill_with_keyboard,
    is_link,
    of_step,
    press_enter_and_wait,
    send_with_keyboard,
    start_with_keyboard,
    step_id_of,
    stored_response,
    tab_to,
    wait_for_subject,
)
from tests.support.browser_fixtures import new_context
from tests.support.filled_forms import assert_shows

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every question answered; not always the first or last option, several boxes ticked.
ANSWERS = {
    "leadership_strategy": "drafting",
    "leadership_champion": "no",
    "leadership_inclusion": ["young-people", "disabled-people"],
    "leadership_feedback": 2,
    "training_officers": "some",
    "training_citizens": "yes",
    "training_formats": ["workshops", "peer-exchange"],
    "collaboration_stage": "consulted",
    "collaboration_budgeting": "regular",
    "collaboration_methods": ["living-lab", "co-production"],
    "collaboration_influence": 4,
    "digital_programme": "yes",
    "digital_access": ["community-centres"],
    "digital_offline": "all",
    "networks_membership": "one",
    "networks_sharing": "yes",
    "networks_small_cities": 5,
    "open_data_portal": "portal-feedback",
    "open_data_privacy": "no",
    "open_data_citizen_science": ["citizen-science", "challenges"],
}
# The answer changed from the check page, and how the page words the new one.
CHANGED = ("leadership_strategy", "adopted-budget", "Adopted, with its own budget and staff")
# One city each: two confirmed responses for one city would make it contested.
CITIES = {True: ("Gent", "BE"), False: ("Braga", "PT")}
QUESTION_TEXT = {q["id"]: q["text"] for d in DEFINITION["domains"] for q in d["questions"]}


def draft_path(url: str) -> str:
    """/api/surveys/<id>/drafts/<draft id>, whatever page of the draft the URL is."""
    found = re.match(rf"(/api/surveys/{SURVEY_ID}/drafts/[0-9a-f]+)", urlsplit(url).path)
    assert found, url
    return found.group(1)


def assert_on_check_page(page, stack, draft: str, token: str) -> None:
    parts = urlsplit(page.url)
    assert f"{stack.url}{parts.path}" == f"{stack.url}{draft}/check", page.url
    assert draft_token(page.url) == token, "the check page of the same draft, same link"
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")


def answer_shown(page, question_id: str) -> str:
    """The answer the check page shows for a question (its row's first <dd>)."""
    row = page.locator(".summary-row").filter(
        has=page.get_by_role("term").filter(has_text=QUESTION_TEXT[question_id])
    )
    expect(row).to_have_count(1)
    return row.locator("dd").first.inner_text().strip()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_the_whole_journey_by_keyboard_on_two_devices(chromium, stack, javascript):
    """The module docstring's journey, by keyboard on two devices, JavaScript off or on."""
    first = new_context(chromium, stack, java_script_enabled=javascript)
    other = new_context(chromium, stack, java_script_enabled=javascript)  # another device
    try:
        journey(first.new_page(), other.new_page(), stack, javascript)
    finally:
        first.close()
        other.close()


def journey(page, elsewhere, stack, javascript: bool) -> None:
    tag = uuid.uuid4().hex[:8]
    city, country = CITIES[javascript]
    who = {
        "name": f"Rui Teclado {tag}",
        "role": "Participation officer",
        "email": f"rui.{tag}@example.org",
        "city": city,
        "country": country,
    }

    # Start now, then step 1: about you and your city
    start_with_keyboard(page)
    expect(page.locator(".step-caption")).to_have_text("Step 1 of 8")
    draft = draft_path(page.url)
    about_you_with_keyboard(page, who)
    # The city: chosen on the next page (without the combobox, or if it chose nothing)
    place = city_step_with_keyboard(page, city)
    assert place != "not-listed", f"{city} is in the gazetteer: the page should offer it"

    # Steps 2 and 3; on step 3, save to come back later
    assert answer_step_with_keyboard(page, ANSWERS) == STEPS[0]["id"]
    expect(page.locator(".step-caption")).to_have_text("Step 3 of 8")
    assert answer_step_with_keyboard(page, ANSWERS, button=LATER) == STEPS[1]["id"]
    expect(page.locator("h1")).to_have_text(DEFINITION["title"])
    expect(page.locator(".notice[role=status]")).to_contain_text("We have emailed you a link")
    mail = wait_for_subject(stack.outbox, who["email"], "Continue your city's answers")
    resume = link_to(mail, "/drafts/")

    # Another device: only the link. The task list, then step 3 with its answers in place
    elsewhere.goto(resume)
    assert draft_path(elsewhere.url) == draft
    expect(elsewhere.locator("h1")).to_have_text(DEFINITION["title"])
    expect(elsewhere.locator("main")).to_contain_text("You have completed 3 of 7 steps.")
    tab_to(elsewhere, is_link(STEPS[1]["title"]))
    press_enter_and_wait(elsewhere)
    assert step_id_of(elsewhere.url) == STEPS[1]["id"], elsewhere.url
    assert_shows(elsewhere, STEP_FORM.lstrip("#"), of_step(STEPS[1]["id"], ANSWERS), "")
    fill_with_keyboard(elsewhere, STEP_FORM, {}, CONTINUE)  # as it is: Save and continue
    for step in STEPS[2:]:
        assert answer_step_with_keyboard(elsewhere, ANSWERS) == step["id"]

    # The check page; one Change link, the answer changed, and back to the check page
    token = draft_token(elsewhere.url)
    assert_on_check_page(elsewhere, stack, draft, token)
    question, new_value, new_label = CHANGED
    assert answer_shown(elsewhere, question) == "Being drafted"
    change = tab_to(elsewhere, is_link(f"Change {QUESTION_TEXT[question]}"))
    assert "&return=check&" in change["href"] + "&", change
    press_enter_and_wait(elsewhere)
    changed_step = step_id_of(elsewhere.url)
    assert question in of_step(changed_step, ANSWERS), elsewhere.url
    answers = {**ANSWERS, question: new_value}
    assert_shows(elsewhere, STEP_FORM.lstrip("#"), of_step(changed_step, ANSWERS), "")
    fill_with_keyboard(elsewhere, STEP_FORM, {question: new_value}, CONTINUE)
    assert_on_check_page(elsewhere, stack, draft, token)
    assert answer_shown(elsewhere, question) == new_label

    # Send; the reference on the page; confirm from the mail, on the other device
    reference = send_with_keyboard(elsewhere)
    expect(elsewhere.get_by_role("heading", name="What happens next")).to_be_visible()
    confirmation = wait_for_subject(
        stack.outbox, who["email"], f"Please confirm your city's answers (reference {reference})"
    )
    confirm_with_keyboard(elsewhere, link_to(confirmation, "/confirm?"))
    expect(elsewhere.locator("main")).to_contain_text("your city's answers count")
    wait_for_subject(stack.outbox, who["email"], f"Your city's answers (reference {reference})")

    # The stored record: the answers as changed, the reference shown, the rule's scores
    record = stored_response(stack, SURVEY_ID, reference)
    assert record["reference"] == reference
    assert record["status"] == "confirmed"
    assert comparable(record["answers"]) == comparable(answers)
    assert as_plain(record["scores"]) == expected_scores(DEFINITION, answers)
    assert int(record["definition_version"]) == DEFINITION["version"]
    respondent = record["respondent"]
    assert {name: respondent[name] for name in who} == who
    assert record["city"]["name"] == city and record["city"]["country"] == country
    assert record["city"]["place_id"].startswith("geonames:")
    if place is not None:  # chosen on the page, not by the combobox
        assert record["city"]["place_id"] == place
    assert record["city"]["key"] == f"{country}#{record['city']['place_id']}"


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_changing_the_city_from_the_check_page_comes_back_to_it(chromium, stack, javascript):
    """GIVEN a draft ready to send, its city chosen from the gazetteer WHEN the officer
    follows "Change City" on the check page and types another city of the same country
    THEN the new city is the one chosen (on the city page, where the combobox did not choose
    it) and the journey comes back to the check page, which shows it."""
    context = new_context(chromium, stack, java_script_enabled=javascript)
    try:
        page = context.new_page()
        tag = uuid.uuid4().hex[:8]
        who = {
            "name": f"Ana Cidade {tag}",
            "role": "Participation officer",
            "email": f"ana.{tag}@example.org",
            "city": "Braga",
            "country": "PT",
        }
        start_with_keyboard(page)
        draft = draft_path(page.url)
        about_you_with_keyboard(page, who)
        city_step_with_keyboard(page, "Braga")
        for _step in STEPS:
            answer_step_with_keyboard(page, ANSWERS)
        token = draft_token(page.url)
        assert_on_check_page(page, stack, draft, token)
        assert city_shown(page) == "Braga"

        change = tab_to(page, is_link("Change City"))
        assert "&return=check&" in change["href"], change
        assert change["href"].endswith(f"#{SURVEY_ID}-city"), change
        press_enter_and_wait(page)
        assert step_id_of(page.url) == "about"
        fill_with_keyboard(page, STEP_FORM, {"city": "Porto"}, CONTINUE)
        if urlsplit(page.url).path.endswith("/city"):
            assert city_step_with_keyboard(page, "Porto") != "not-listed"
        assert_on_check_page(page, stack, draft, token)
        assert city_shown(page) == "Porto", "the city typed instead of Braga"
    finally:
        context.close()


def city_shown(page) -> str:
    row = page.locator(".summary-row").filter(
        has=page.get_by_role("term").filter(has_text=re.compile(r"^City$"))
    )
    expect(row).to_have_count(1)
    return row.locator("dd").first.inner_text().strip()
