"""The published site in Chromium: forms submit in place with inline errors, search finds an
article, endorsers are inserted as text, and axe-core finds no WCAG 2.1 AA violation.

No server: Playwright answers every request for the site's origin from the build output and
plays the API with canned responses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route

from tests.site.conftest import API_BASE_URL, SITE_URL, Build
from tests.support.browser import axe_violations, describe
from tests.support.filled_forms import SURVEY_ID

pytestmark = pytest.mark.browser

HOSTILE_NAME = '<img src=x onerror="window.pwned=1">Eve'


def serve_output(output: Path):
    def handle(route: Route) -> None:
        path = urlsplit(route.request.url).path
        target = output / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        if target.is_file():
            route.fulfill(path=str(target))
        else:
            route.fulfill(status=404, path=str(output / "404.html"))

    return handle


def json_reply(route: Route, status: int, body: dict) -> None:
    route.fulfill(status=status, content_type="application/json", body=json.dumps(body))


@pytest.fixture(scope="module")
def browser_page(chromium, published: Build) -> Iterator[Page]:
    context = chromium.new_context()
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
    page.route(f"{SITE_URL}/**", serve_output(published.output))
    yield page
    context.close()


def test_endorsement_errors_are_shown_inline_and_announced(browser_page: Page) -> None:
    """A refused JSON post shows a focused summary, field errors, a live count; names as text."""
    posted: list[dict] = []

    def api(route: Route) -> None:
        if route.request.method == "GET":
            json_reply(
                route,
                200,
                {
                    "count": 1,
                    "endorsers": [
                        {
                            "name": HOSTILE_NAME,
                            "organisation": "Org",
                            "organisation_type": "company",
                            "country": "BE",
                            "date": "2026-11-20",
                        }
                    ],
                },
            )
            return
        posted.append(json.loads(route.request.post_data or "{}"))
        assert route.request.headers["content-type"] == "application/json"
        json_reply(
            route,
            422,
            {
                "errors": {
                    "email": "Enter a valid email address.",
                    "organisation_type": "Choose a type.",
                }
            },
        )

    browser_page.route(f"{API_BASE_URL}/endorsements*", api)
    browser_page.goto(f"{SITE_URL}/manifesto/")
    browser_page.wait_for_selector("[data-endorser-list] li")
    listed = browser_page.inner_text("[data-endorser-list]")
    assert HOSTILE_NAME in listed and "Company" in listed and "Belgium" in listed
    assert browser_page.evaluate("window.pwned") is None
    browser_page.fill("#endorsement-name", "Ada")
    browser_page.fill("#endorsement-email", "not-an-email")
    browser_page.click("form#endorsement-form button[type=submit]")
    browser_page.wait_for_selector("#endorsement-summary:not([hidden])")
    assert posted[0]["name"] == "Ada" and "website" in posted[0]
    assert browser_page.evaluate("document.activeElement.id") == "endorsement-summary"
    assert browser_page.get_attribute("#endorsement-email", "aria-invalid") == "true"
    # GOV.UK's visually hidden "Error:" prefix, then the message
    assert (
        browser_page.text_content("#endorsement-email-error")
        == "Error: Enter a valid email address."
    )
    described = browser_page.get_attribute("#endorsement-email", "aria-describedby")
    assert "endorsement-email-error" in described
    assert "Choose a type." in browser_page.inner_text("#endorsement-summary")
    browser_page.wait_for_function("document.querySelector('[data-live]').textContent.length > 0")
    assert "Problems with the form: 2." in browser_page.inner_text("[data-live]")


def test_survey_start_now_is_a_plain_form_post_that_opens_the_first_step(
    browser_page: Page,
) -> None:
    """The survey page itself asks nothing: "Start now" posts a plain form (no script takes
    it over) to the API, which answers with the journey's first step."""
    posted: list[dict] = []
    first_step = "<!doctype html><title>Step 1</title><main><h1>About you and your city</h1></main>"

    def api(route: Route) -> None:
        if route.request.method == "GET":
            json_reply(route, 200, {"id": "x", "open": True})
            return
        posted.append(
            {
                "url": route.request.url,
                "type": route.request.headers.get("content-type", ""),
                "navigation": route.request.is_navigation_request(),
            }
        )
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=first_step)

    browser_page.route(f"{API_BASE_URL}/surveys/**", api)
    browser_page.goto(f"{SITE_URL}/ambassador-cities/survey/")
    assert browser_page.locator("form.cf-form").count() == 0, "no questions on the survey page"
    browser_page.get_by_role("button", name="Start now").click()
    browser_page.wait_for_selector("h1:text('About you and your city')")
    [start] = posted
    assert start["url"] == f"{API_BASE_URL}/surveys/{SURVEY_ID}/drafts?lang=en"
    assert start["type"].startswith("application/x-www-form-urlencoded")
    assert start["navigation"], "the browser itself sent the form: a page comes back"


def test_server_error_message_is_shown(browser_page: Page) -> None:
    """A 429 answer to the form shows the API's message in the form's message area."""
    browser_page.route(
        f"{API_BASE_URL}/endorsements*",
        lambda route: (
            json_reply(route, 429, {"error": "Too many requests. Try again in a minute."})
            if route.request.method == "POST"
            else json_reply(route, 200, {"count": 0, "endorsers": []})
        ),
    )
    browser_page.goto(f"{SITE_URL}/manifesto/")
    browser_page.click("form#endorsement-form button[type=submit]")
    browser_page.wait_for_selector("[data-form-message]:not([hidden])")
    assert "Too many requests" in browser_page.inner_text("[data-form-message]")


def test_search_finds_a_known_article(browser_page: Page) -> None:
    """The search page for 'blockchain' lists a link to the Utrecht interview."""
    browser_page.goto(f"{SITE_URL}/search/?q=blockchain")
    browser_page.wait_for_selector("[data-search-results] li a")
    links = browser_page.eval_on_selector_all(
        "[data-search-results] a", "els => els.map(e => e.href)"
    )
    assert any("/interviews/utrecht-ambassador-city/" in link for link in links)


@pytest.mark.parametrize(
    "path",
    ["", "news/ambassador-cities-survey/", "events/", "manifesto/", "ambassador-cities/survey/"],
)
def test_no_axe_violations(browser_page: Page, path: str) -> None:
    """axe-core finds no violation on the home, a news item, events, manifesto and survey pages."""
    browser_page.goto(f"{SITE_URL}/{path}")
    violations = axe_violations(browser_page)
    assert violations == [], describe(violations)
