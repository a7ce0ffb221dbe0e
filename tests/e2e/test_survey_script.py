"""survey.js on the journey's step pages, against the live local stack, JavaScript on.

The city is picked from the gazetteer with the keyboard (ARIA 1.2 combobox, list
autocomplete), so the step goes straight on, with no page to choose the city; answers are saved
as they are given (autosave) and survive a reload; what was typed but not saved yet (offline)
comes back from this device after a reload; the open combobox passes axe.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import boto3
import pytest
from boto3.dynamodb.types import TypeDeserializer
from playwright.sync_api import expect

from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES
from tests.support.browser import axe_violations, describe
from tests.support.browser_fixtures import new_context
from tests.support.filled_forms import (
    SURVEY,
    SURVEY_FORM,
    SURVEY_ID,
    SURVEY_PATH,
    new_respondent,
    starts_with,
)

pytestmark = pytest.mark.browser

UTRECHT = "geonames:2745912"
STEP = re.compile(r"/api/surveys/[^/]+/drafts/(?P<draft>[0-9a-f]+)/steps/(?P<step>[\w-]+)\?t=")
FIRST_DOMAIN = SURVEY["domains"][0]
STRATEGY = FIRST_DOMAIN["questions"][0]  # leadership_strategy, a single choice
FEEDBACK = next(q for q in FIRST_DOMAIN["questions"] if q["type"] == "scale")
STORED_COPIES = "Object.keys(localStorage).filter((key) => key.startsWith('cf-survey:'))"
SAVED = "Saved"
NOT_SAVED = "Not saved: check your connection."
RESTORED = "We put back answers you typed on this device"
CHANGED = "These answers were changed on another page or device."


# ---- helpers


def start_journey(page) -> str:
    """Press "Start now" on the survey page; the API redirects to the first step."""
    page.goto(SURVEY_PATH)
    with page.expect_navigation(url=STEP):
        page.get_by_role("button", name="Start now").click()
    found = STEP.search(page.url)
    assert found and found["step"] == "about", page.url
    return found["draft"]


def step_url(page, step_id: str) -> str:
    return re.sub(r"/steps/[\w-]+\?", f"/steps/{step_id}?", page.url)


def stored_draft(stack, draft_id: str) -> dict:
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


def form(page):
    return page.locator(f"#{SURVEY_FORM}")


def version_field(page):
    return form(page).locator("input[data-draft-version]")


def status(page):
    return form(page).locator("[data-autosave-status]")


def city_box(page):
    return form(page).get_by_role("combobox", name=starts_with("City"))


def listbox(page):
    return page.get_by_role("listbox", name=starts_with("City"))


def city_id(page):
    return form(page).locator("input[data-city-id]")


def textbox(page, label: str):
    return form(page).get_by_role("textbox", name=starts_with(label))


def choose_country(page, code: str) -> None:
    form(page).get_by_role("combobox", name=starts_with("Country")).select_option(code)


def type_city(page, text: str) -> None:
    box = city_box(page)
    box.click()
    box.press_sequentially(text, delay=40)


def is_step_post(step_id: str):
    def matches(url: str) -> bool:
        return urlsplit(url).path.endswith(f"/steps/{step_id}")

    return matches


def stored_copies(page) -> list[str]:
    return page.evaluate(STORED_COPIES)


# ---- (a) the city combobox


def test_city_chosen_with_the_keyboard_goes_straight_to_the_next_step(page, stack):
    """A city chosen in the combobox by keyboard skips the city page; the draft holds the place."""
    draft_id = start_journey(page)
    who = new_respondent()
    textbox(page, "Your name").fill(who["name"])
    textbox(page, "Your role").fill(who["role"])
    textbox(page, "Email address").fill(who["email"])
    choose_country(page, "NL")

    box = city_box(page)
    expect(box).to_have_attribute("aria-autocomplete", "list")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_attribute("aria-controls", f"{SURVEY_ID}-city-listbox")
    type_city(page, "utr")

    suggestions = listbox(page)
    expect(suggestions).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    utrecht = suggestions.get_by_role("option", name="Utrecht", exact=True)
    expect(utrecht).to_be_visible()
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Places found: 1.")).to_have_count(1)

    box.press("ArrowDown")
    expect(utrecht).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", utrecht.get_attribute("id"))
    expect(box).to_be_focused()  # visual focus only: the keyboard stays in the text field
    box.press("Enter")

    expect(box).to_have_value("Utrecht")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(suggestions).to_be_hidden()
    expect(city_id(page)).to_have_value(UTRECHT)
    assert STEP.search(page.url)["step"] == "about", "Enter chose the place, it did not send"

    with page.expect_navigation(url=STEP):
        form(page).get_by_role("button", name="Save and continue").click()
    assert STEP.search(page.url)["step"] == FIRST_DOMAIN["id"], page.url  # not the city page
    expect(page.get_by_role("heading", level=1)).to_have_text(FIRST_DOMAIN["title"])

    draft = stored_draft(stack, draft_id)
    assert draft["city"]["place_id"] == UTRECHT
    assert draft["city"]["key"] == f"NL#{UTRECHT}"
    assert draft["respondent"]["city"] == "Utrecht"
    assert draft["steps"]["about"] == "completed"
    assert stored_copies(page) == []


def test_combobox_escape_typing_again_and_another_country_drop_the_choice(page, stack):
    """Arrows wrap, Escape closes then clears; typing on, Tab or another country drop the place."""
    start_journey(page)
    choose_country(page, "NL")
    type_city(page, "ut")
    box, suggestions = city_box(page), listbox(page)
    expect(suggestions.get_by_role("option").first).to_be_visible()
    count = suggestions.get_by_role("option").count()
    assert 2 <= count <= 8
    names = suggestions.get_by_role("option").all_inner_texts()
    assert all(not re.search(r"\d", name) for name in names), names  # no region codes

    box.press("ArrowUp")  # to the last one, and round to the first
    expect(suggestions.get_by_role("option").last).to_have_attribute("aria-selected", "true")
    box.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    expect(suggestions.locator("[aria-selected='true']")).to_have_count(1)

    box.press("Escape")  # first Escape: closes, keeps the text
    expect(suggestions).to_be_hidden()
    expect(box).not_to_have_attribute("aria-activedescendant", re.compile(".+"))
    expect(box).to_have_value("ut")
    box.press("Escape")  # second Escape: clears
    expect(box).to_have_value("")

    type_city(page, "utr")
    suggestions.get_by_role("option", name="Utrecht", exact=True).click()  # with the mouse
    expect(box).to_have_value("Utrecht")
    expect(box).to_be_focused()
    expect(city_id(page)).to_have_value(UTRECHT)

    box.press("End")
    box.press_sequentially(" Oost")  # typing again: the chosen place no longer holds
    expect(city_id(page)).to_have_value("")

    box.fill("")
    type_city(page, "utr")
    expect(suggestions.get_by_role("option")).to_have_count(1)
    box.press("Tab")  # leaves without choosing
    expect(suggestions).to_be_hidden()
    expect(city_id(page)).to_have_value("")
    expect(box).to_have_value("utr")

    type_city(page, "echt")
    box.press("ArrowDown")
    box.press("Enter")
    expect(city_id(page)).to_have_value(UTRECHT)
    choose_country(page, "BE")  # a place of another country
    expect(city_id(page)).to_have_value("")


# ---- (b) autosave


def test_an_answer_is_saved_as_it_is_given_and_is_there_after_a_reload(page, stack):
    """Two answers autosave as one version within 5 s, survive a reload, and a change saves too."""
    draft_id = start_journey(page)
    page.goto(step_url(page, FIRST_DOMAIN["id"]))
    before = int(version_field(page).input_value())
    strategy = form(page).get_by_role("group", name=STRATEGY["text"])
    adopted = next(o for o in STRATEGY["options"] if o["value"] == "adopted")
    feedback = form(page).get_by_role("group", name=FEEDBACK["text"])

    changed_at = time.monotonic()
    strategy.get_by_label(adopted["label"], exact=True).check()
    feedback.get_by_label(starts_with("4")).check()  # within the delay: one save for both
    expect(version_field(page)).to_have_value(str(before + 1), timeout=6000)
    assert time.monotonic() - changed_at < 5
    expect(status(page)).to_have_text(SAVED)
    answers = stored_draft(stack, draft_id)["answers"]
    assert answers["leadership_strategy"] == "adopted"
    assert int(answers[FEEDBACK["id"]]) == 4
    assert stored_copies(page) == [], "the copy on this device goes once the server has it"

    page.reload()
    expect(strategy.get_by_label(adopted["label"], exact=True)).to_be_checked()
    expect(feedback.get_by_label(starts_with("4"))).to_be_checked()
    expect(version_field(page)).to_have_value(str(before + 1))
    expect(status(page)).to_have_text("")  # nothing put back: the page has it all

    # An answer taken back is removed from the draft, the next version on
    feedback.get_by_label(starts_with("2")).check()
    expect(version_field(page)).to_have_value(str(before + 2), timeout=6000)
    assert int(stored_draft(stack, draft_id)["answers"][FEEDBACK["id"]]) == 2


def test_a_button_pressed_while_an_autosave_is_on_its_way_sends_the_latest_version(page, stack):
    """'Later' pressed during an autosave waits for it, then saves without a conflict."""
    draft_id = start_journey(page)
    page.goto(step_url(page, FIRST_DOMAIN["id"]))
    held = []

    def hold(route):
        if route.request.method == "POST" and "autosave" in (route.request.post_data or ""):
            held.append(route)  # answered below, after the button is pressed
        else:
            route.continue_()

    page.route(is_step_post(FIRST_DOMAIN["id"]), hold)
    strategy = form(page).get_by_role("group", name=STRATEGY["text"])
    strategy.get_by_label("Being drafted", exact=True).check()
    deadline = time.monotonic() + 6
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert held, "no autosave was sent"

    form(page).get_by_role("button", name="Save and come back later").click()
    page.wait_for_timeout(300)
    assert STEP.search(page.url), "the form waits for the autosave on its way"
    with page.expect_navigation(url=re.compile(r"/drafts/[0-9a-f]+\?t=.*saved=1")):
        held[0].continue_()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    draft = stored_draft(stack, draft_id)
    assert draft["answers"]["leadership_strategy"] == "drafting"
    assert int(draft["version"]) == 2, "the autosave, then the button: no conflict"


def test_saved_on_another_page_stops_the_autosave(chromium, stack):
    """After a conflict with another page's save, the second page says so and saves no more."""
    context = new_context(chromium, stack)
    try:
        first = context.new_page()
        start_journey(first)
        first.goto(step_url(first, FIRST_DOMAIN["id"]))
        second = context.new_page()
        second.goto(first.url)
        strategy = "Being drafted"
        form(first).get_by_role("group", name=STRATEGY["text"]).get_by_label(
            strategy, exact=True
        ).check()
        expect(status(first)).to_have_text(SAVED, timeout=6000)

        posts = []
        second.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
        form(second).get_by_role("group", name=STRATEGY["text"]).get_by_label(
            "Adopted", exact=True
        ).check()
        expect(status(second)).to_contain_text(CHANGED, timeout=6000)
        form(second).get_by_role("group", name=FEEDBACK["text"]).get_by_label(
            starts_with("3")
        ).check()
        second.wait_for_timeout(2500)
        assert len(posts) == 1, "no save after the conflict: it would overwrite newer answers"
    finally:
        context.close()


# ---- (c) kept on this device


def test_what_was_typed_offline_comes_back_after_a_reload(page, stack):
    """Typed offline, an answer is kept on the device, put back on reload, saved once online."""
    draft_id = start_journey(page)
    refused = []

    def offline(route):
        if route.request.method == "POST":
            refused.append(route.request.post_data)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    about = is_step_post("about")
    page.route(about, offline)
    typed = "Deputy mayor for participation"
    textbox(page, "Your role").fill(typed)
    copies = stored_copies(page)
    assert len(copies) == 1 and copies[0].endswith("/steps/about"), copies
    page.reload()  # well within the autosave's delay, and offline anyway

    expect(textbox(page, "Your role")).to_have_value(typed)
    expect(status(page)).to_contain_text(RESTORED)
    expect(status(page)).to_contain_text(NOT_SAVED)  # the save after putting it back failed
    assert refused, "putting the answers back tries to save them"
    assert len(stored_copies(page)) == 1, "still kept on this device"

    page.unroute(about, offline)
    textbox(page, "Your name").fill("Ines Online")  # the next change saves it all
    # Chromium sends the save started as the old page went away (keepalive) past page.route:
    # the draft may be a version on already. That save is this device's own, so no conflict.
    expect(status(page)).to_have_text(SAVED, timeout=6000)
    respondent = stored_draft(stack, draft_id)["respondent"]
    assert respondent == {"role": typed, "name": "Ines Online"}
    assert stored_copies(page) == []
    page.reload()
    expect(textbox(page, "Your role")).to_have_value(typed)
    expect(status(page)).to_have_text("")


def test_without_local_storage_the_page_still_saves(chromium, stack):
    """With localStorage denied the page autosaves and raises no script error."""
    context = new_context(chromium, stack)
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException("
        "'denied', 'SecurityError'); }});"
    )
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(error))
        draft_id = start_journey(page)
        textbox(page, "Your name").fill("Private Mode")
        expect(status(page)).to_have_text(SAVED, timeout=6000)
        assert stored_draft(stack, draft_id)["respondent"]["name"] == "Private Mode"
        assert errors == []
    finally:
        context.close()


# ---- (d) axe with the list open


def test_axe_on_the_about_step_with_the_combobox_open(page_for_axe, stack):
    """axe-core finds no violation on the first step with the combobox open, an option active."""
    page = page_for_axe
    start_journey(page)
    page.wait_for_load_state("networkidle")
    choose_country(page, "NL")
    type_city(page, "ut")
    expect(listbox(page).get_by_role("option").first).to_be_visible()
    city_box(page).press("ArrowDown")
    expect(listbox(page).get_by_role("option").first).to_have_attribute("aria-selected", "true")
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


def test_combobox_fits_a_320_px_screen(chromium, stack):
    """At 320 px the open combobox neither scrolls the page sideways nor leaves the screen."""
    context = new_context(chromium, stack, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        start_journey(page)
        choose_country(page, "NL")
        type_city(page, "ut")
        expect(listbox(page).get_by_role("option").first).to_be_visible()
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"the page scrolls sideways at 320 px: {widths}"
        box = listbox(page).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    finally:
        context.close()


def test_a_reload_right_after_typing_online_keeps_the_text_without_a_conflict(page, stack):
    """The save sent as the old page goes away lands after the new page was read: the new
    page puts the copy back, is told 409, finds its own save on the server and goes on."""
    draft_id = start_journey(page)
    typed = "Alderman for citizen participation"
    textbox(page, "Your role").fill(typed)
    page.reload()
    expect(textbox(page, "Your role")).to_have_value(typed)
    page.wait_for_timeout(2500)
    expect(status(page)).not_to_contain_text(CHANGED)
    assert stored_draft(stack, draft_id)["respondent"].get("role") == typed
    textbox(page, "Your name").fill("Ines Reloaded")
    expect(status(page)).to_have_text(SAVED, timeout=6000)
    draft = stored_draft(stack, draft_id)
    assert draft["respondent"] == {"role": typed, "name": "Ines Reloaded"}
