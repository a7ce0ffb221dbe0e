"""The site and its forms in another language, in a real browser: switching language on an
article, endorsing in German with and without JavaScript, a survey step in Portuguese."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from functions.i18n import translations_for
from tests.e2e.inbox import wait_for_mail
from tests.support.browser_fixtures import fresh_page

pytestmark = pytest.mark.browser

GERMAN = translations_for("de").gettext
PORTUGUESE = translations_for("pt").gettext


def test_switch_language_on_an_article_lands_on_its_translation(page) -> None:
    """The switcher on a translated article leads to its French version and back to English."""
    page.goto("/news/ambassador-cities-survey/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page).to_have_url(re.compile(r"/fr/news/ambassador-cities-survey/$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("navigation", name=translations_for("fr").gettext("Language")).get_by_role(
        "link", name="English"
    ).click()
    expect(page).to_have_url(re.compile(r"/news/ambassador-cities-survey/$"))


def test_switch_language_on_an_english_only_article_lands_on_that_home(page) -> None:
    """On an English-only page 'Deutsch' leads to the German home; back, a German note shows."""
    page.goto("/interviews/utrecht-ambassador-city/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    expect(page).to_have_url(re.compile(r"/de/$"))
    expect(page.locator("h1")).to_have_text(GERMAN("Citizens at the heart of smart cities"))
    # Back on an English-only page, it says so in German (the language last read in).
    page.goto("/interviews/utrecht-ambassador-city/")
    note = page.locator("[data-language-note] [lang=de]")
    expect(note).to_be_visible()
    expect(note).to_contain_text(GERMAN("This page is available in English only."))


def fill_german(form, who: dict[str, str]) -> None:
    form.get_by_label(GERMAN("Your name")).fill(who["name"])
    form.get_by_label(GERMAN("Organisation"), exact=False).first.fill(who["org"])
    group = form.get_by_role("group", name=GERMAN("Type of organisation"))
    group.get_by_label(GERMAN("Public authority")).check()
    form.get_by_label(GERMAN("Country")).select_option("DE")
    form.get_by_label(GERMAN("Email address")).fill(who["email"])
    shown = GERMAN("Show my name and organisation in the public list of endorsers")
    form.get_by_role("group", name=shown).get_by_label(GERMAN("Yes"), exact=True).check()
    form.get_by_label(GERMAN("I agree to the use of my data described above"), exact=False).check()


def person() -> dict[str, str]:
    tag = uuid.uuid4().hex[:8]
    return {"name": f"Grete {tag}", "email": f"grete.{tag}@example.org", "org": f"Stadt {tag}"}


def assert_german_mail(stack, email: str) -> None:
    mail = wait_for_mail(stack.outbox, email)
    assert mail["Content-Language"] == "de"
    subject = GERMAN("Please confirm your endorsement of the manifesto")
    assert subject != "Please confirm your endorsement of the manifesto"
    assert mail["Subject"] == subject


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_endorse_in_german(chromium, stack, javascript: bool) -> None:
    """Endorsing on the German page, with or without JavaScript: German refusal, thanks, mail."""
    who = person()
    with fresh_page(chromium, stack, java_script_enabled=javascript) as page:
        page.goto("/de/manifesto/")
        form = page.locator("#endorsement-form")
        fill_german(form, {**who, "email": "keine-adresse"})
        button = form.get_by_role("button", name=GERMAN("Endorse the Manifesto"))
        button.click()
        # The refusal is German, field by field, and keeps what was typed.
        error = page.locator("#endorsement-email-error")
        expect(error).to_contain_text(GERMAN("Must be an email address, like name@example.org."))
        assert page.locator("html").get_attribute("lang") == "de"
        email = page.get_by_label(GERMAN("Email address"))
        expect(page.get_by_label(GERMAN("Your name"))).to_have_value(who["name"])
        email.fill(who["email"])
        if not javascript:
            page.get_by_label(
                GERMAN("I agree to the use of my data described above"), exact=False
            ).check()
        page.get_by_role("button", name=GERMAN("Endorse the Manifesto")).click()
        if javascript:
            expect(page.locator(".confirmation")).to_contain_text(GERMAN("Thank you"))
        else:
            expect(page).to_have_url(re.compile(r"/de/manifesto/thank-you/$"))
            assert page.locator("html").get_attribute("lang") == "de"
    assert_german_mail(stack, who["email"])


def test_a_survey_step_in_portuguese(chromium, stack) -> None:
    """Starting the survey in Portuguese, the first two steps are answered and stay Portuguese."""
    with fresh_page(chromium, stack) as page:
        page.goto("/pt/ambassador-cities/survey/")
        page.get_by_role("button", name=PORTUGUESE("Start now")).click()
        expect(page.locator("html")).to_have_attribute("lang", "pt")
        tag = uuid.uuid4().hex[:8]
        page.get_by_label(PORTUGUESE("Your name")).fill(f"Inês {tag}")
        page.get_by_label(PORTUGUESE("Your role in the city administration")).fill("Técnica")
        page.get_by_label(PORTUGUESE("Email address")).fill(f"ines.{tag}@example.org")
        page.get_by_label(PORTUGUESE("Country")).select_option("PT")
        # The combobox: its name starts with the label, then the required marker.
        city = page.get_by_role("combobox", name=re.compile("^" + PORTUGUESE("City")))
        city.fill("Porto")
        page.get_by_role("option", name=re.compile("^Porto")).first.click()
        page.get_by_role("button", name=PORTUGUESE("Save and continue")).click()
        expect(page.locator("html")).to_have_attribute("lang", "pt")
        expect(page.locator("h1")).to_contain_text(PORTUGUESE("Leadership in citizen engagement"))
        group = page.get_by_role(
            "group",
            name=PORTUGUESE(
                "Does the city have an adopted strategy or policy for citizen engagement?"
            ),
        )
        group.get_by_label(PORTUGUESE("Being drafted")).check()
        page.get_by_role("button", name=PORTUGUESE("Save and continue")).click()
        expect(page.locator("html")).to_have_attribute("lang", "pt")
        assert "Not started" not in page.content()
