"""A visitor reads the site: home, a news item, an event and its calendar file, an interview,
then finds a known article with the site search (Pagefind, in the browser)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEWS_TITLE = "Webinar: the role of local administrations in participatory budgeting"
EVENT_URL = "/events/webinar-participatory-budgeting-2018/"
BRUSSELS = ZoneInfo("Europe/Brussels")


def test_visitor_reads_news_event_interview_and_searches(page, stack):
    """A visitor goes from home to a news item, an event and its .ics, an interview, search."""
    page.goto("/")
    expect(page.locator("h1")).to_be_visible()
    latest = page.get_by_role("region", name="Latest news")
    latest.get_by_role("link", name=NEWS_TITLE).click()
    expect(page).to_have_url(f"{stack.url}/news/webinar-participatory-budgeting/")
    expect(page.locator("h1")).to_have_text(NEWS_TITLE)

    # From the article to the events list, then to the webinar itself.
    page.locator("article .prose").get_by_role("link", name="Events").click()
    expect(page).to_have_url(f"{stack.url}/events/")
    page.locator(f'main a[href="{EVENT_URL}"]').first.click()
    expect(page).to_have_url(stack.url + EVENT_URL)
    expect(page.locator("h1")).to_have_text(NEWS_TITLE)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(download.path().read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == NEWS_TITLE
    assert event["DTSTART"].dt == datetime(2018, 3, 14, 14, 0, tzinfo=BRUSSELS)
    assert event["DTEND"].dt == datetime(2018, 3, 14, 15, 30, tzinfo=BRUSSELS)
    assert str(event["URL"]).endswith(EVENT_URL)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    expect(page).to_have_url(f"{stack.url}/interviews/")
    page.locator('main a[href="/interviews/utrecht-ambassador-city/"]').first.click()
    expect(page.locator("h1")).to_contain_text("Utrecht")

    # The header search box leads to the search page, where Pagefind runs in the browser.
    page.get_by_role("search").first.get_by_label("Search the site").fill("participatory budgeting")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page).to_have_url(f"{stack.url}/search/?q=participatory+budgeting")
    results = page.locator("[data-search-results] a")
    expect(results.first).to_be_visible()
    expect(page.locator("[data-search-status]")).to_contain_text("Results for")
    titles = results.all_inner_texts()
    assert NEWS_TITLE in titles, titles
