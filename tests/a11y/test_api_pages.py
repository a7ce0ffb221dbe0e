"""Every page the API renders, checked with axe-core (WCAG 2.0/2.1 A and AA, and best practice,
as tests/a11y/test_axe.py runs it) and with the W3C Nu HTML Checker: zero violations, zero
errors.

Most pages come from the live local stack, as a visitor reaches them: the links of the
confirmation mail, the buttons on those pages, forms sent without JavaScript and refused (the
manifesto form; a step of the survey journey, left incomplete or saved from a stale tab).
The journey's other pages are checked in tests/a11y/test_survey_journey_axe.py.
The answers a live stack does not give on demand (429 too many requests, 503 unavailable,
410 survey closed) come from the handlers called in-process, with DynamoDB Local, exactly as
tests/functions/test_form_pages.py provokes them, rendered for the live stack's address.

Each page is captured once (its status, headers and HTML as the API sent them); axe then looks
at it in Chromium at its own address on the live stack's origin, so the site's stylesheet and
scripts load as they do for a visitor, and the checker gets the HTML as sent, all in one run.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from functions.config import load_config
from functions.services import get_services, reset_services
from functions.storage.tables import ensure_tables
from tests.e2e.inbox import link_to, wait_for_mail
from tests.functions.conftest import Api, configure
from tests.functions.test_survey_flow import write_survey
from tests.support.browser import axe_violations, describe
from tests.support.browser_fixtures import fresh_page
from tests.support.filled_forms import (
    ENDORSEMENT,
    MANIFESTO_PATH,
    SURVEY_ANSWERS,
    SURVEY_ID,
    fill_endorsement,
    fill_survey,
    new_endorser,
    new_respondent,
    open_step,
    start_survey,
    step_answers,
)
from tests.support.vnu import check_html, format_errors

pytestmark = pytest.mark.browser

ENDORSEMENTS = "/api/endorsements"
RESPONSES = f"/api/surveys/{SURVEY_ID}/responses"
FORM_BODY = "application/x-www-form-urlencoded"
# Headers of the API's answer the replayed page keeps (the body's length is Playwright's job).
KEPT_HEADERS = ("content-type", "content-language", "content-security-policy", "retry-after")


@dataclass(frozen=True)
class ApiPage:
    """One answer of the API, as it was sent."""

    url: str
    status: int
    html: str
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        kind = {k.lower(): v for k, v in self.headers.items()}.get("content-type", "")
        assert kind.startswith("text/html"), f"{self.url} answered {kind!r}, not a page"


# Every page of the API: name (the test id) -> (status, words the page shows).
PAGES = {
    "confirm page": (200, "Press the button to confirm your endorsement"),
    "confirm form sent empty (400)": (400, "The request body is empty."),
    "endorsement confirmed": (200, "Endorsement confirmed"),
    "withdraw page": (200, "Press the button to withdraw your endorsement"),
    "endorsement withdrawn": (200, "Your endorsement is withdrawn"),
    "withdraw link used again (422)": (422, "This link has already been used."),
    "bad confirm link (422)": (422, "This link is not valid"),
    "endorsement form refused (422)": (422, "Email address: Must be an email address"),
    "survey step refused (422)": (422, "Question 5: "),
    "survey step saved elsewhere (409)": (
        409,
        "These answers were saved from another page or device since you opened this one.",
    ),
    "form sent from another site (403)": (403, "Requests from this site are not allowed."),
    "unknown survey (404)": (404, "There is no survey"),
    "endorsement form busy (429)": (429, "Too many submissions from your connection."),
    "survey form busy (429)": (429, "Too many submissions from your connection."),
    "endorsement form unavailable (503)": (503, "The service is busy or unavailable."),
    "survey form unavailable (503)": (503, "The service is busy or unavailable."),
    "survey closed (410)": (410, "This survey is closed"),
}
MAIL_PAGES = (
    "confirm page",
    "confirm form sent empty (400)",
    "endorsement confirmed",
    "withdraw page",
    "endorsement withdrawn",
    "withdraw link used again (422)",
    "bad confirm link (422)",
)
OTHER_REFUSALS = ("form sent from another site (403)", "unknown survey (404)")
# The refusals that show the form again with a notice instead of a field's error.
NOTICE_STATUSES = {409, 410, 429, 503}


def from_browser(response) -> ApiPage:
    return ApiPage(response.url, response.status, response.text(), response.all_headers())


def from_requests(response) -> ApiPage:
    return ApiPage(response.url, response.status_code, response.text, dict(response.headers))


def post(page, path: str, click):
    """Send a form of the page (a plain POST: the page has no JavaScript); the API's answer."""
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.split("?")[0].endswith(path)
    ) as posted:
        click()
    page.wait_for_load_state()
    return posted.value


def post_and_capture(page, path: str, click) -> ApiPage:
    return from_browser(post(page, path, click))


def mail_pages(page, stack) -> dict[str, ApiPage]:
    """The pages behind the links of the confirmation mail, and behind their buttons."""
    found: dict[str, ApiPage] = {}
    email = f"api-pages.{uuid.uuid4().hex[:8]}@example.org"
    sent = stack.post(ENDORSEMENTS, json={**new_endorser(email), "list_publicly": "yes"})
    assert sent.status_code == 202, sent.text
    mail = wait_for_mail(stack.outbox, email)
    confirm_url = link_to(mail, "/endorsements/confirm?")
    withdraw_url = link_to(mail, "/endorsements/withdraw?")

    found["confirm page"] = from_browser(page.goto(confirm_url))
    # The same form with its only field gone (a tampered or broken page): an empty body.
    page.locator("input[name='token']").evaluate("(input) => input.remove()")
    found["confirm form sent empty (400)"] = post_and_capture(
        page,
        "/api/endorsements/confirm",
        page.get_by_role("button", name="Confirm my endorsement").click,
    )
    page.goto(confirm_url)
    found["endorsement confirmed"] = post_and_capture(
        page,
        "/api/endorsements/confirm",
        page.get_by_role("button", name="Confirm my endorsement").click,
    )
    found["withdraw page"] = from_browser(page.goto(withdraw_url))
    found["endorsement withdrawn"] = post_and_capture(
        page,
        "/api/endorsements/withdraw",
        page.get_by_role("button", name="Withdraw my endorsement").click,
    )
    page.goto(withdraw_url)  # the link still opens its page; its button is refused now
    found["withdraw link used again (422)"] = post_and_capture(
        page,
        "/api/endorsements/withdraw",
        page.get_by_role("button", name="Withdraw my endorsement").click,
    )
    found["bad confirm link (422)"] = from_browser(
        page.goto("/api/endorsements/confirm?token=not-a-real-token")
    )
    return found


SAVE_STEP = "Save and continue"


def refused_endorsement(page) -> dict[str, ApiPage]:
    """The manifesto form, sent without JavaScript and refused: it comes back filled in."""
    page.goto(MANIFESTO_PATH)
    fill_endorsement(page, {**new_endorser(), "email": "nope"})
    return {
        "endorsement form refused (422)": post_and_capture(
            page, ENDORSEMENTS, page.get_by_role("button", name="Endorse the Manifesto").click
        )
    }


def refused_survey(page) -> dict[str, ApiPage]:
    """A step of the survey journey with one required question unanswered."""
    start_survey(page)
    open_step(page, "training")
    unanswered = {k: v for k, v in step_answers("training").items() if k != "training_officers"}
    fill_survey(page, {}, unanswered)
    return {
        "survey step refused (422)": post_and_capture(
            page, "/steps/training", page.get_by_role("button", name=SAVE_STEP).click
        )
    }


def survey_saved_elsewhere(page) -> dict[str, ApiPage]:
    """The same step open in two tabs: saved in one, then saved in the other (stale) one."""
    start_survey(page)
    open_step(page, "networks")
    stale = page.context.new_page()
    try:
        stale.goto(page.url)
        fill_survey(page, {}, step_answers("networks"))
        saved = post(page, "/steps/networks", page.get_by_role("button", name=SAVE_STEP).click)
        assert saved.status == 303, saved.status
        fill_survey(stale, {}, step_answers("networks"))
        return {
            "survey step saved elsewhere (409)": post_and_capture(
                stale, "/steps/networks", stale.get_by_role("button", name=SAVE_STEP).click
            )
        }
    finally:
        stale.close()


def other_refusals(stack) -> dict[str, ApiPage]:
    """Plain form posts a browser sends from elsewhere: another site, a survey that is gone."""
    body = urlencode({"name": "Mallory", "email": "mallory@example.org"})
    headers = {"Content-Type": FORM_BODY, "Accept": "text/html"}
    return {
        "form sent from another site (403)": from_requests(
            stack.post(
                ENDORSEMENTS, data=body, headers={**headers, "Origin": "http://elsewhere.example"}
            )
        ),
        "unknown survey (404)": from_requests(
            stack.post(
                "/api/surveys/ambassador-cities-2019/responses",
                data=body,
                headers={**headers, "Origin": stack.url},
            )
        ),
    }


# ---- in-process: the handlers with DynamoDB Local, for the answers the stack gives rarely


@contextmanager
def handlers(stack, endpoint: str, work: Path, **overrides: str) -> Iterator[Api]:
    """The handlers in this process, on fresh tables, rendering pages for the live stack."""
    from devstack.localenv import local_aws_environment

    with pytest.MonkeyPatch.context() as patch:
        for name, value in local_aws_environment().items():
            patch.setenv(name, value)
        patch.setenv("DYNAMODB_ENDPOINT_URL", endpoint)
        prefix = f"p{uuid.uuid4().hex[:10]}-"
        outbox = work / prefix / "outbox"
        env = configure(
            patch,
            prefix,
            outbox,
            SITE_URL=stack.url,
            API_BASE_URL=f"{stack.url}/api",
            ALLOWED_ORIGINS=stack.url,
            **overrides,
        )
        reset_services()
        try:
            ensure_tables(get_services().endorsements.client, load_config())
            yield Api(outbox=outbox, env=env)
        finally:
            reset_services()


def endorsement_pairs() -> list[tuple[str, str]]:
    return [*new_endorser().items(), (ENDORSEMENT["honeypot"], "")]


def survey_pairs() -> list[tuple[str, str]]:
    pairs = list(new_respondent().items())
    for name, value in SURVEY_ANSWERS.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, str(item)))
    return pairs


def in_process(api: Api, path: str, pairs: list[tuple[str, str]], status: int) -> ApiPage:
    response = api.post_form(path, pairs)
    assert response.status == status, (path, response.status, response.body[:300])
    url = f"{api.env['SITE_URL']}{path}"
    return ApiPage(url, response.status, response.body, response.headers)


def throttle(**kwargs: Any) -> None:
    from botocore.exceptions import ClientError

    raise ClientError(
        {"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, kwargs["model"].name
    )


def busy_and_unavailable(stack, endpoint: str, work: Path, name: str) -> dict[str, ApiPage]:
    """429 (RATE_LIMIT_PER_MINUTE=1, a second post) and 503 (DynamoDB throttling)."""
    path, pairs = {
        "endorsement form": (ENDORSEMENTS, endorsement_pairs),
        "survey form": (RESPONSES, survey_pairs),
    }[name]
    found: dict[str, ApiPage] = {}
    with handlers(stack, endpoint, work, RATE_LIMIT_PER_MINUTE="1") as api:
        # One accepted a minute; a new minute may begin between two posts: then one more.
        for _ in range(3):
            answer = api.post_form(path, pairs())
            if answer.status != 303:
                break
        assert answer.status == 429, (answer.status, answer.body[:300])
        found[f"{name} busy (429)"] = ApiPage(
            f"{stack.url}{path}", answer.status, answer.body, answer.headers
        )
    with handlers(stack, endpoint, work) as api:
        get_services().endorsements.client.meta.events.register("before-call.dynamodb", throttle)
        found[f"{name} unavailable (503)"] = in_process(api, path, pairs(), 503)
    return found


def survey_closed(stack, endpoint: str, work: Path) -> dict[str, ApiPage]:
    closed = work / "closed-forms"
    write_survey(closed, "2025-11-03T00:00:00+01:00", "2026-02-06T23:59:59+01:00")
    with handlers(stack, endpoint, work, FORMS_DIR=str(closed)) as api:
        return {"survey closed (410)": in_process(api, RESPONSES, survey_pairs(), 410)}


def gather(groups: list[tuple[Callable[[], dict[str, ApiPage]], tuple[str, ...]]]) -> dict:
    """Each group of pages captured on its own: a flow that breaks fails its own pages' tests
    (with the reason), and every other page is still checked."""
    pages: dict[str, ApiPage | str] = {}
    for capture, names in groups:
        try:
            found: dict[str, ApiPage | str] = dict(capture())
            missing = "the capture did not return it"
        except Exception as exc:  # the pages' own tests report it
            found, missing = {}, f"capturing it failed: {type(exc).__name__}: {exc}"
        assert set(found) <= set(names), set(found) - set(names)
        for name in names:
            pages[name] = found.get(name, missing)
    return pages


@pytest.fixture(scope="module")
def api_pages(chromium, stack, dynamodb_local, tmp_path_factory) -> dict[str, ApiPage | str]:
    """Every page of PAGES, or why it could not be captured."""
    work = tmp_path_factory.mktemp("api-pages")
    endpoint = dynamodb_local.endpoint_url
    with fresh_page(chromium, stack, java_script_enabled=False) as page:
        pages = gather(
            [
                (lambda: mail_pages(page, stack), MAIL_PAGES),
                (lambda: refused_endorsement(page), ("endorsement form refused (422)",)),
                (lambda: refused_survey(page), ("survey step refused (422)",)),
                (
                    lambda: survey_saved_elsewhere(page),
                    ("survey step saved elsewhere (409)",),
                ),
                (lambda: other_refusals(stack), OTHER_REFUSALS),
                *[
                    (
                        lambda form=form: busy_and_unavailable(stack, endpoint, work, form),
                        (f"{form} busy (429)", f"{form} unavailable (503)"),
                    )
                    for form in ("endorsement form", "survey form")
                ],
                (lambda: survey_closed(stack, endpoint, work), ("survey closed (410)",)),
            ]
        )
    assert set(pages) == set(PAGES), set(pages) ^ set(PAGES)
    return pages


def captured(api_pages: dict[str, ApiPage | str], name: str) -> ApiPage:
    found = api_pages[name]
    if isinstance(found, str):
        pytest.fail(f"{name}: {found}")
    return found


def open_as_sent(page, api_page: ApiPage) -> None:
    """Show the captured answer at its own address, on the live stack's origin."""
    sent = {k.lower(): v for k, v in api_page.headers.items()}
    headers = {name: sent[name] for name in KEPT_HEADERS if name in sent}
    url = api_page.url.split("#", 1)[0]
    page.route(
        lambda address: address == url,
        lambda route: route.fulfill(status=api_page.status, headers=headers, body=api_page.html),
    )
    response = page.goto(url)
    assert response is not None and response.status == api_page.status
    page.wait_for_load_state("networkidle")  # the stylesheet and forms.js are in


@pytest.mark.parametrize("name", PAGES)
def test_api_page_has_no_axe_violations(page_for_axe, stack, api_pages, name):
    """Each captured API page is the one meant, styled, with its error parts, and axe-clean."""
    page, api_page = page_for_axe, captured(api_pages, name)
    status, words = PAGES[name]
    assert api_page.status == status, (name, api_page.status)
    assert api_page.url.startswith(stack.url), api_page.url
    open_as_sent(page, api_page)
    # The page is the one meant, in the site's frame and style
    expect(page.locator("main")).to_contain_text(words)
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate("document.styleSheets.length") >= 1, "the stylesheet did not load"
    if status >= 400:
        assert page.title().startswith("Error: "), page.title()
    if page.locator("form.cf-form").count():  # a refused form, shown again
        summary = page.locator(".error-summary")
        expect(summary).to_be_visible()
        notice = summary.locator("[data-form-message]")
        if status in NOTICE_STATUSES:
            expect(notice).to_be_visible()
            expect(notice).to_contain_text(words)
        else:
            expect(summary.get_by_role("link")).to_have_count(1)
    violations = axe_violations(page)
    assert not violations, f"{name} ({api_page.url}):\n{describe(violations)}"


def test_api_pages_are_valid_html(api_pages):
    """One checker run for every page captured; a page that could not be captured fails too."""
    documents = {
        f"{name} [{page.url}]": page.html
        for name, page in api_pages.items()
        if isinstance(page, ApiPage)
    }
    errors = check_html(documents) if documents else {}
    problems = [format_errors(errors)] if any(errors.values()) else []
    problems += [
        f"{name}: not checked, {why}" for name, why in api_pages.items() if isinstance(why, str)
    ]
    assert documents, "no page was captured"
    assert not problems, "\n".join(problems)
