"""Hostile text is shown as text, end to end, in real Chromium against the running local stack.

tests/site/test_browser.py checks the manifesto page's script with a canned API answer; this
goes through the real API: a hostile name is endorsed, confirmed by pressing the button on the
API's own confirm page, and listed; the manifesto page, the JSON list opened directly, and the
API's HTML error pages echoing hostile values must all show it as text and run nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from playwright.sync_api import Page

from tests.e2e.inbox import link_to, wait_for_mail
from tests.support.live_stack import LiveStack

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ORG = '"><svg onload=alert(2)>'


@pytest.fixture(scope="module")
def page(chromium, live_stack: LiveStack) -> Iterator[Page]:
    # The session's one Chromium (tests/support/browser_fixtures.py): a second sync
    # Playwright cannot start while it runs.
    context = chromium.new_context()
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    # Only the stack on loopback answers: nothing leaves the machine.
    page.route("**/*", lambda route: route.abort())
    page.route(f"{live_stack.url}/**", lambda route: route.continue_())
    yield page
    context.close()


def confirm_link(stack: LiveStack) -> str:
    """The confirm link of the hostile endorsement's mail, once the mail worker wrote it."""
    return link_to(wait_for_mail(stack.outbox, "hostile@example.org"), "/endorsements/confirm?")


def assert_nothing_ran(page: Page) -> None:
    page.wait_for_timeout(300)  # let an injected onerror/onload fire, if any was parsed
    assert page.dialogs == [], page.dialogs  # type: ignore[attr-defined]


def test_hostile_name_endorsed_confirmed_and_listed_shows_as_text(
    live_stack: LiveStack, page: Page
) -> None:
    # GIVEN a hostile endorsement sent through the real API
    body = {
        "name": HOSTILE,
        "organisation": HOSTILE_ORG,
        "organisation_type": "citizen",
        "country": "BE",
        "email": "hostile@example.org",
        "list_publicly": "yes",
        "consent": "yes",
        "website": "",
    }
    assert live_stack.post("/api/endorsements", json=body).status_code == 202
    # WHEN it is confirmed with the button on the API's own confirm page, in the browser
    page.goto(confirm_link(live_stack))
    with page.expect_response("**/api/endorsements/confirm?lang=en") as confirmed:
        page.click("main button[type=submit]")  # not the header's search button
    assert confirmed.value.status == 200, confirmed.value.text()
    assert_nothing_ran(page)
    # THEN the manifesto page lists it as text
    page.goto(f"{live_stack.url}/manifesto/")
    page.wait_for_selector("[data-endorser-list] li")
    listed = page.inner_text("[data-endorser-list]")
    assert HOSTILE in listed and HOSTILE_ORG in listed
    assert page.locator("[data-endorser-list] img, [data-endorser-list] svg").count() == 0
    assert_nothing_ran(page)
    # AND the JSON list opened directly is JSON, not a page
    response = page.goto(f"{live_stack.url}/api/endorsements")
    assert response is not None
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-content-type-options"] == "nosniff"
    listed_json = json.loads(page.inner_text("body"))
    assert HOSTILE in [item["name"] for item in listed_json["endorsers"]]
    assert page.locator("img, svg").count() == 0
    assert_nothing_ran(page)


def test_api_html_pages_echo_hostile_values_as_text(live_stack: LiveStack, page: Page) -> None:
    """The API's confirm and error pages show hostile token, field names and values as text."""
    # A confirm page opened with a hostile token
    page.goto(f"{live_stack.url}/api/endorsements/confirm?token={quote(HOSTILE_ORG + HOSTILE)}")
    assert page.locator("main img, main svg").count() == 0  # the header's logo is an svg
    assert_nothing_ran(page)
    # A plain form post whose field names and values are hostile: the error page lists them
    page.goto(f"{live_stack.url}/manifesto/")
    page.evaluate(
        """(hostile) => {
            const form = document.createElement("form");
            form.method = "post";
            form.action = "/api/endorsements";
            for (const [name, value] of [[hostile, hostile], ["name", hostile], ["email", hostile]]) {
                const input = document.createElement("input");
                input.type = "hidden"; input.name = name; input.value = value;
                form.appendChild(input);
            }
            document.body.appendChild(form);
            form.submit();
        }""",
        HOSTILE,
    )
    page.wait_for_selector("[role=alert]")
    assert HOSTILE in page.inner_text("[role=alert]")  # the unknown field, named as text
    assert page.locator("main img, main svg").count() == 0
    assert_nothing_ran(page)
