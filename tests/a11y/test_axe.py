"""axe-core in every page type a visitor can reach: zero violations at WCAG 2.0/2.1 A and AA
and zero best-practice violations (the rules tests/support/browser.py selects)."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.e2e.inbox import link_to, wait_for_mail
from tests.support.browser import axe_violations, describe
from tests.support.browser_fixtures import new_context

pytestmark = pytest.mark.browser

STATIC_PAGES = {
    "home": "/",
    "news list": "/news/",
    "article": "/news/webinar-participatory-budgeting/",
    "event list": "/events/",
    "event": "/events/webinar-participatory-budgeting-2018/",
    "interview": "/interviews/utrecht-ambassador-city/",
    "manifesto": "/manifesto/",
    "survey": "/ambassador-cities/survey/",
    "ambassador cities": "/ambassador-cities/",
    "tag": "/tags/participatory-budgeting/",
    "manifesto thank-you": "/manifesto/thank-you/",
    "survey thank-you": "/ambassador-cities/survey/thank-you/",
    "privacy": "/privacy/",
    "accessibility statement": "/accessibility/",
    "about": "/action-cluster/",
}


def assert_no_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{describe(violations)}"


@pytest.mark.parametrize("path", STATIC_PAGES.values(), ids=STATIC_PAGES.keys())
def test_page(page_for_axe, path):
    """Each static page type answers 200 and, once its scripts ran, has no axe violation."""
    page = page_for_axe
    response = page.goto(path)
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")  # scripts have filled the live parts
    assert_no_violations(page)


def test_search_with_results(page_for_axe):
    """The search page showing results has no axe violation."""
    page = page_for_axe
    page.goto("/search/?q=participatory")
    expect(page.locator("[data-search-results] li").first).to_be_visible()
    assert_no_violations(page)


def test_not_found(page_for_axe):
    """An unknown address answers 404 with a page that has no axe violation."""
    page = page_for_axe
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    assert_no_violations(page)


def test_form_error_page(page_for_axe):
    """What a visitor without JavaScript gets for a bad field: the form again, from the API."""
    page = page_for_axe
    page.goto("/manifesto/")
    page.fill("#endorsement-name", "Ada")
    page.fill("#endorsement-email", "not-an-email")
    with page.expect_navigation():
        page.evaluate("document.getElementById('endorsement-form').submit()")  # a plain POST
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator("#endorsement-summary")).to_be_visible()
    assert_no_violations(page)


def test_confirm_page(page_for_axe, stack):
    """The page the confirmation mail links to."""
    page = page_for_axe
    email = f"axe.{uuid.uuid4().hex[:8]}@example.org"
    answer = stack.post(
        "/api/endorsements",
        json={
            "name": "Axe Tester",
            "organisation": "Axe",
            "organisation_type": "citizen",
            "country": "BE",
            "email": email,
            "list_publicly": "no",
            "consent": "yes",
        },
    )
    assert answer.status_code == 202, answer.text
    page.goto(link_to(wait_for_mail(stack.outbox, email), "/endorsements/confirm?"))
    expect(page.get_by_role("button", name="Confirm my endorsement")).to_be_visible()
    assert_no_violations(page)


def test_manifesto_form_showing_inline_errors(page_for_axe):
    """The state a visitor with JavaScript sees after sending the form empty."""
    page = page_for_axe
    page.goto("/manifesto/")
    page.get_by_role("button", name="Endorse the Manifesto").click()
    expect(page.locator("#endorsement-summary")).to_be_visible()
    expect(page.locator("#endorsement-form [aria-invalid='true']").first).to_be_visible()
    assert_no_violations(page)


PHONE_PAGES = {name: STATIC_PAGES[name] for name in ("home", "article", "manifesto", "survey")}


@pytest.mark.parametrize("path", PHONE_PAGES.values(), ids=PHONE_PAGES.keys())
def test_page_on_a_phone(chromium, stack, path):
    """At 375 px the layout changes (navigation wraps, tables and forms narrow)."""
    context = new_context(chromium, stack, viewport={"width": 375, "height": 800}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_no_violations(page)
    finally:
        context.close()
