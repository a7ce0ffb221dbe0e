"""Endorsing the manifesto in Chromium on the live local stack, with JavaScript (in place, inline
errors) and without (plain POST), through the confirmation mail to the list.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.inbox import link_to, wait_for_mail

pytestmark = pytest.mark.browser

COUNT = re.compile(r"Confirmed endorsements through this site: (\d+)\.")


def person() -> dict[str, str]:
    """A new endorser per test: the stack is shared and an email endorses only once."""
    tag = uuid.uuid4().hex[:8]
    return {"name": f"Ada Tester {tag}", "email": f"ada.{tag}@example.org", "org": f"City {tag}"}


def live_count(page) -> int:
    """The count the page shows once its script has asked the API."""
    counter = page.locator("[data-endorsement-count]")
    expect(counter).to_contain_text(COUNT)
    found = COUNT.search(counter.inner_text())
    assert found, counter.inner_text()
    return int(found.group(1))


def fill_endorsement(form, who: dict[str, str], email: str) -> None:
    form.get_by_label("Your name").fill(who["name"])
    form.get_by_label("Organisation", exact=False).first.fill(who["org"])
    form.get_by_role("group", name="Type of organisation").get_by_label("Public authority").check()
    form.get_by_label("Country").select_option("NL")
    form.get_by_label("Email address").fill(email)
    form.get_by_role("group", name="Show my name").get_by_label("Yes").check()
    form.get_by_label("I agree to the use of my data").check()


def test_endorse_with_javascript_confirm_and_appear_in_the_list(page, stack):
    """With JavaScript: inline error, accepted in place, confirmed by the mail's button, listed."""
    who = person()
    page.goto("/manifesto/")
    before = live_count(page)
    form = page.locator("#endorsement-form")

    fill_endorsement(form, who, "not-an-email")
    form.get_by_role("button", name="Endorse the Manifesto").click()
    email_field = form.get_by_label("Email address")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    error = page.locator("#endorsement-email-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("email address")
    summary = page.locator("#endorsement-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # so screen readers read the problem at once
    expect(summary.get_by_role("link")).to_have_count(1)

    email_field.fill(who["email"])
    form.get_by_role("button", name="Endorse the Manifesto").click()
    confirmation = page.locator(".confirmation")
    expect(confirmation).to_be_visible()
    expect(confirmation).to_contain_text("Thank you")
    expect(form).to_be_hidden()
    expect(email_field).not_to_have_attribute("aria-invalid", "true")

    confirm_url = link_to(wait_for_mail(stack.outbox, who["email"]), "/endorsements/confirm?")
    page.goto(confirm_url)
    expect(page.locator("h1")).to_have_text("Confirm your endorsement")
    assert live_count_via_api(stack) == before, "opening the link must not confirm (mail scanners)"
    with page.expect_response(lambda r: r.request.method == "POST") as confirmed:
        page.get_by_role("button", name="Confirm my endorsement").click()
    origin = confirmed.value.request.all_headers().get("origin")
    assert confirmed.value.ok, (
        f"confirming answered {confirmed.value.status}; the browser sent Origin: {origin!r}"
    )
    expect(page.locator("h1")).to_have_text("Endorsement confirmed")

    page.goto("/manifesto/")
    assert live_count(page) == before + 1
    listed = page.locator("[data-endorser-list] li", has_text=who["name"])
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(f"{who['org']}, Public authority, Netherlands")


def live_count_via_api(stack) -> int:
    return stack.get("/api/endorsements").json()["count"]


def test_endorse_without_javascript_redirects_to_thank_you(page_without_js, stack):
    """Without JavaScript a plain form post gets a 303 to the thank-you page, and a mail."""
    page = page_without_js
    who = person()
    page.goto("/manifesto/")
    form = page.locator("#endorsement-form")
    fill_endorsement(form, who, who["email"])
    with page.expect_response(lambda r: r.url.endswith("/api/endorsements?lang=en")) as posted:
        form.get_by_role("button", name="Endorse the Manifesto").click()
    assert posted.value.status == 303
    assert posted.value.request.headers["content-type"].startswith(
        "application/x-www-form-urlencoded"
    )
    expect(page).to_have_url(f"{stack.url}/manifesto/thank-you/")
    expect(page.locator("h1")).to_have_text("Thank you for endorsing the Manifesto")
    wait_for_mail(stack.outbox, who["email"])


def test_bad_field_without_javascript_comes_back_filled_in(page_without_js, stack):
    """GOV.UK's validation pattern: the API answers with the same form, nothing lost."""
    page = page_without_js
    who = person()
    page.goto("/manifesto/")
    form = page.locator("#endorsement-form")
    fill_endorsement(form, who, "not-an-email")
    with page.expect_response(lambda r: r.url.endswith("/api/endorsements?lang=en")) as posted:
        form.get_by_role("button", name="Endorse the Manifesto").click()
    assert posted.value.status == 422
    assert page.title().startswith("Error: "), page.title()
    problems = page.get_by_role("alert").locator("li")
    expect(problems).to_have_count(1)
    expect(problems).to_contain_text("Email address")

    # THEN the form is there again, filled in as it was sent
    form = page.locator("#endorsement-form")
    expect(form.get_by_label("Your name")).to_have_value(who["name"])
    expect(form.get_by_label("Organisation", exact=False).first).to_have_value(who["org"])
    group = form.get_by_role("group", name="Type of organisation")
    expect(group.get_by_label("Public authority")).to_be_checked()
    expect(form.get_by_label("Country")).to_have_value("NL")
    email_field = form.get_by_label("Email address")
    expect(email_field).to_have_value("not-an-email")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_role("group", name="Show my name").get_by_label("Yes")).to_be_checked()
    expect(form.get_by_label("I agree to the use of my data")).to_be_checked()

    # AND the problem links to the field; corrected, the form is accepted
    problems.get_by_role("link").click()
    expect(email_field).to_be_focused()
    email_field.fill(who["email"])
    with page.expect_response(lambda r: r.url.endswith("/api/endorsements?lang=en")) as posted:
        form.get_by_role("button", name="Endorse the Manifesto").click()
    assert posted.value.status == 303
    expect(page).to_have_url(f"{stack.url}/manifesto/thank-you/")
    wait_for_mail(stack.outbox, who["email"])
