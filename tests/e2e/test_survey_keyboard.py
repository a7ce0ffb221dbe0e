"""A city officer answers the Ambassador Cities survey with the keyboard only, step by step
through the journey; the stored record carries the scores the definition's rule gives,
computed here independently.

Keyboard only: Tab and Shift+Tab between controls, typing into text fields, Space for boxes,
arrow keys in radio groups, type-ahead in selects, Enter on links and buttons. The page is
read (what has focus, what is checked) but never clicked or filled. The helpers here are what
tests/e2e/test_survey_journey_browser.py drives the whole journey with.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Mapping
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer
from playwright.sync_api import expect

from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES
from tests.e2e.survey_scoring import expected_scores, load_definition
from tests.support.browser_fixtures import new_context

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEFINITION = load_definition()
SURVEY_ID = DEFINITION["id"]
STEP_FORM = f"#{SURVEY_ID}-form"
CITY_FORM = 'form[action*="/city?"]'
SURVEY_PATH = "/ambassador-cities/survey/"
CONTINUE, LATER = "Save and continue", "Save and come back later"
SEND = "Send your city's answers"
# The journey's question steps: the definition's own grouping, else one domain a step.
STEPS: list[dict[str, Any]] = DEFINITION.get("steps") or [
    {"id": d["id"], "title": d["title"], "domains": [d["id"]]} for d in DEFINITION["domains"]
]
QUESTIONS_OF_STEP = {
    step["id"]: [
        q["id"] for d in DEFINITION["domains"] if d["id"] in step["domains"] for q in d["questions"]
    ]
    for step in STEPS
}
# Navigating can wait for an autosave still on its way (survey.js waits up to 10 s).
NAVIGATION_TIMEOUT = 30_000

# Chosen so that two domains land on a half (62.5) and the overall mean too (51.5): rounding
# half up and half to even would disagree.
ANSWERS = {
    "leadership_strategy": "drafting",
    "leadership_champion": "yes",
    "leadership_inclusion": ["older-people", "migrants"],
    "leadership_feedback": 4,
    "training_officers": "many",
    "training_citizens": "no",
    "training_formats": ["online"],
    "collaboration_stage": "co-design",
    "collaboration_budgeting": "pilot",
    "collaboration_influence": 3,
    "digital_programme": "yes",
    "digital_access": ["libraries", "phone-online"],
    "digital_offline": "some",
    "networks_membership": "two-three",
    "networks_sharing": "no",
    "networks_small_cities": 2,
    "open_data_portal": "portal",
    "open_data_privacy": "yes",
    "open_data_citizen_science": ["open-source"],
}


def of_step(step_id: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a step's page asks for."""
    return {name: answers[name] for name in QUESTIONS_OF_STEP[step_id] if name in answers}


# ---- what the page shows: read, never changed

ACTIVE = """(formSelector) => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const form = formSelector ? document.querySelector(formSelector) : null;
  return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "",
          value: el.value || "", checked: !!el.checked, id: el.id || "",
          text: (el.textContent || "").replace(/\\s+/g, " ").trim(),
          href: el.getAttribute("href") || "", inForm: !!form && el.form === form};
}"""


def active(page, form_selector: str = "") -> dict[str, Any] | None:
    return page.evaluate(ACTIVE, form_selector)


def is_button(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda el: el["tag"] == "button" and el["text"] == text


def is_link(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda el: el["tag"] == "a" and el["text"].startswith(text)


def tab_to(page, wanted: Callable[[dict[str, Any]], bool], *, back: bool = False, limit=200):
    """Tab (or Shift+Tab) until the focused element is the one wanted; what it is."""
    key = "Shift+Tab" if back else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        here = active(page)
        if here and wanted(here):
            return here
    raise AssertionError(f"{key} never reached the element wanted on {page.url}")


# A link's #fragment naming a control: the browser focuses it when it scrolls to it, which can
# come after the load event on a busy machine; a key pressed before then starts from the top.
FRAGMENT_FOCUSED = """() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const target = id ? document.getElementById(id) : null;
  const control = target && target.matches("input, select, textarea, button, [tabindex]");
  return !control || document.activeElement === target;
}"""


def press_enter_and_wait(page) -> None:
    """Enter on the focused link or button: a new page (a GET, or a POST's 303 and its GET),
    loaded, with the control its #fragment names (if any) focused."""
    with page.expect_navigation(timeout=NAVIGATION_TIMEOUT):
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_function(FRAGMENT_FOCUSED, timeout=NAVIGATION_TIMEOUT)


def move_in_radio_group(page, form_selector: str, here: dict[str, Any], wanted: str) -> None:
    """Focus is on a radio of the group (the checked one, else the first): Space takes the
    focused one, each arrow key moves to and selects the next one (round the end too)."""
    values = page.evaluate(
        "([sel, name]) => Array.from(document.querySelector(sel).elements)"
        ".filter(e => e.name === name && e.type === 'radio').map(e => e.value)",
        [form_selector, here["name"]],
    )
    steps = (values.index(wanted) - values.index(here["value"])) % len(values)
    if steps == 0 and not here["checked"]:
        page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def fill_with_keyboard(
    page,
    form_selector: str,
    answers: Mapping[str, Any],
    button: str,
    *,
    select: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    """Tab through the page from where focus is (the focused control first, if it is one of
    the form's), setting every control named in `answers` on the way (texts typed over what
    is there, radios moved, boxes ticked or unticked to match; `select`: name -> (label
    typed, value it must pick)), up to `button`, then Enter.

    Controls not named are left as they are. Fails if Tab leaves the form before the button,
    or reaches the button without passing every control named."""
    select = select or {}
    entered = False
    reached: set[str] = set()
    here = active(page, form_selector)  # a Change link's #fragment focuses its field
    for turn in range(400):  # the pages have far fewer stops; more means focus is stuck
        if turn or not (here and here["inForm"]):
            page.keyboard.press("Tab")
            here = active(page, form_selector)
        if not here or not here["inForm"]:
            assert not entered, f"Tab left {form_selector} without reaching {button!r}"
            continue
        entered = True
        name = here["name"]
        reached.add(name)
        if here["tag"] == "button":
            if here["text"] == button:
                missed = (set(answers) | set(select)) - reached
                assert not missed, f"Tab never reached {sorted(missed)} on {page.url}"
                press_enter_and_wait(page)
                return
        elif here["tag"] == "select" and name in select:
            label, value = select[name]
            page.keyboard.type(label)  # the select's type-ahead picks the option
            assert page.evaluate("() => document.activeElement.value") == value
        elif here["type"] == "radio" and name in answers:
            move_in_radio_group(page, form_selector, here, str(answers[name]))
        elif here["type"] == "checkbox" and name in answers:
            wanted = here["value"] in [str(item) for item in answers[name]]
            if here["checked"] != wanted:
                page.keyboard.press("Space")
        elif here["tag"] in ("input", "textarea") and name in answers:
            text = str(answers[name])
            if here["value"] != text:
                page.keyboard.press("ControlOrMeta+A")  # typing replaces what is there
                page.keyboard.type(text)
            assert page.evaluate("() => document.activeElement.value") == text
    raise AssertionError(f"never reached {button!r} of {form_selector} with Tab")


def step_id_of(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit("/steps/", 1)[1] if "/steps/" in path else path.rsplit("/", 1)[1]


def draft_token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


# ---- the journey's pages, with the keyboard

COUNTRIES = {"NL": "Netherlands", "BE": "Belgium", "PT": "Portugal"}


def start_with_keyboard(page) -> None:
    page.goto(SURVEY_PATH)
    tab_to(page, is_button("Start now"))
    press_enter_and_wait(page)
    assert step_id_of(page.url) == "about", page.url


def about_you_with_keyboard(page, who: Mapping[str, str], button: str = CONTINUE) -> None:
    texts = {name: who[name] for name in ("name", "role", "email", "city")}
    country = {"country": (COUNTRIES[who["country"]], who["country"])}
    fill_with_keyboard(page, STEP_FORM, texts, button, select=country)


def choose_city_with_keyboard(page, name: str) -> str:
    """On the "Choose your city" page: the place called `name`, else "not listed"; its id."""
    expect(page.locator("h1")).to_have_text("Choose your city")
    places = page.evaluate(
        """(form) => Array.from(document.querySelectorAll(form + ' input[name=place]'))
          .map(e => [e.value, document.querySelector('label[for="' + e.id + '"]')
                                .firstChild.textContent.trim()])""",
        CITY_FORM,
    )
    wanted = next((value for value, label in places if label == name), "not-listed")
    fill_with_keyboard(page, CITY_FORM, {"place": wanted}, CONTINUE)
    return wanted


def city_step_with_keyboard(page, name: str) -> str | None:
    """After the first step: the city page without JavaScript (or when the combobox did not
    choose), else the combobox chose it already. The place id chosen on the page, if any."""
    if urlsplit(page.url).path.endswith("/city"):
        return choose_city_with_keyboard(page, name)
    return None


def answer_step_with_keyboard(page, answers: Mapping[str, Any], button: str = CONTINUE) -> str:
    """Answer the step on the page; the step it was."""
    step = step_id_of(page.url)
    expect(page.locator("h1")).to_have_text(next(s["title"] for s in STEPS if s["id"] == step))
    fill_with_keyboard(page, STEP_FORM, of_step(step, answers), button)
    return step


def send_with_keyboard(page) -> str:
    """On the check page: Send; the reference the confirmation page shows."""
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    tab_to(page, is_button(SEND))
    press_enter_and_wait(page)
    expect(page.locator("h1")).to_have_text("Answers sent")
    reference = page.locator(".reference").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{8}", reference), reference
    return reference


def confirm_with_keyboard(page, link: str) -> None:
    page.goto(link)  # the link from the mail: a page with one button
    expect(page.locator("h1")).to_have_text("Confirm your city's answers")
    tab_to(page, is_button("Confirm my email address"))
    press_enter_and_wait(page)
    expect(page.locator("h1")).to_have_text("Answers confirmed")


# ---- the mail and the table


def wait_for_subject(outbox: Path, to: str, subject: str, timeout: float = 10.0) -> EmailMessage:
    """The message to `to` whose subject starts with `subject` (mail is written after the
    answer, and files of one second sort in no particular order: the subject tells)."""
    deadline = time.monotonic() + timeout
    while True:
        for path in outbox.glob("*.eml"):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if to in message.get("To", "") and str(message["Subject"]).startswith(subject):
                return message
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {to} about {subject!r} in {outbox}")
        time.sleep(0.1)


def _client(stack):
    return boto3.client(
        "dynamodb", endpoint_url=f"http://localhost:{stack.ddb_port}", **LOCAL_CREDENTIALS
    )


def _decode(item: dict) -> dict:
    decode = TypeDeserializer().deserialize
    return {key: decode(value) for key, value in item.items()}


def stored_responses(stack, survey_id: str) -> list[dict]:
    """Every sent response of the survey (its items named response#<reference>; not the
    drafts, which hold a respondent too, nor the cities)."""
    client = _client(stack)
    request = {
        "TableName": LOCAL_TABLE_NAMES["SURVEYS_TABLE"],
        "KeyConditionExpression": "survey_id = :id AND begins_with(city_key, :kind)",
        "ExpressionAttributeValues": {":id": {"S": survey_id}, ":kind": {"S": "response#"}},
        "ConsistentRead": True,
    }
    found = []
    while True:
        page = client.query(**request)
        found += [_decode(item) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return found
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def stored_response(stack, survey_id: str, reference: str) -> dict:
    found = _client(stack).get_item(
        TableName=LOCAL_TABLE_NAMES["SURVEYS_TABLE"],
        Key={"survey_id": {"S": survey_id}, "city_key": {"S": f"response#{reference}"}},
        ConsistentRead=True,
    )
    assert "Item" in found, f"no response {reference} in the table"
    return _decode(found["Item"])


def as_plain(value):
    """DynamoDB numbers come back as Decimal."""
    if isinstance(value, dict):
        return {key: as_plain(item) for key, item in value.items()}
    return int(value)


def comparable(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as text, multiple choices as sorted lists (stored: sets and Decimals)."""
    return {
        key: sorted(str(v) for v in value) if isinstance(value, set | list) else str(value)
        for key, value in answers.items()
    }


# ---- the test


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_survey_answered_with_keyboard_only_is_scored_by_the_rule(chromium, stack, javascript):
    """Answered by keyboard only, the stored record holds the answers and the rule's scores."""
    context = new_context(chromium, stack, java_script_enabled=javascript)
    try:
        answer_and_check(context.new_page(), stack)
    finally:
        context.close()


def answer_and_check(page, stack) -> None:
    tag = uuid.uuid4().hex[:6]
    # A city no gazetteer knows: the choice page offers "not listed" only, already chosen.
    who = {
        "name": "Kim Keys",
        "role": "Head of participation",
        "email": f"kim.{tag}@example.org",
        "city": f"Keyboardia {tag}",
        "country": "NL",
    }
    start_with_keyboard(page)
    about_you_with_keyboard(page, who)
    assert city_step_with_keyboard(page, who["city"]) in (None, "not-listed")
    for step in STEPS:
        assert answer_step_with_keyboard(page, ANSWERS) == step["id"]
    reference = send_with_keyboard(page)

    record = stored_response(stack, SURVEY_ID, reference)
    assert record["reference"] == reference and record["status"] == "pending"
    assert record["respondent"]["country"] == "NL"
    assert record["city"]["name"] == who["city"] and record["city"]["place_id"] == ""
    assert comparable(record["answers"]) == comparable(ANSWERS), (
        "every answer given with the keyboard reached the record"
    )
    assert as_plain(record["scores"]) == expected_scores(DEFINITION, ANSWERS)
    assert int(record["definition_version"]) == DEFINITION["version"]
