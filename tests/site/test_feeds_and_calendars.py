"""The published build's feeds parse with feedparser and its .ics files with icalendar, with
the right items and time zones.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import feedparser
import icalendar

from tests.site.conftest import SITE_URL, Build


def parse_feed(build: Build, name: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((build.output / "feeds" / name).read_bytes())
    assert not feed.bozo, f"{name}: {feed.get('bozo_exception')}"
    return feed


def test_site_wide_feeds_list_every_published_item(published: Build) -> None:
    """The Atom and RSS feeds of the site list its 8 published items, no draft or scheduled one."""
    for name in ("all.atom.xml", "all.rss.xml"):
        feed = parse_feed(published, name)
        links = {entry.link for entry in feed.entries}
        assert f"{SITE_URL}/news/ambassador-cities-survey/" in links
        assert f"{SITE_URL}/interviews/utrecht-ambassador-city/" in links
        assert f"{SITE_URL}/events/eip-scc-general-assembly-2018/" in links
        assert len(feed.entries) == 8
        assert not any("scheduled" in link or "draft" in link for link in links)


def test_category_feeds_hold_only_their_category(published: Build) -> None:
    """The news, events and interviews feeds hold only their own items, news in date order."""
    news = parse_feed(published, "news.atom.xml")
    assert [entry.title for entry in news.entries] == [
        "Webinar: the role of local administrations in participatory budgeting",
        "Citizen Focus: Ambassador Cities Survey",
        "Public consultation on EU funds for investment, research and innovation, SMEs and the "
        "single market",
    ]
    assert news.entries[1].published.startswith("2018-01-16")
    events = parse_feed(published, "events.rss.xml")
    assert all("/events/" in entry.link for entry in events.entries) and len(events.entries) == 3
    interviews = parse_feed(published, "interviews.atom.xml")
    assert len(interviews.entries) == 2


def read_calendar(build: Build, name: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((build.output / "events" / name).read_bytes())


def test_each_event_has_an_ics_with_its_dates(published: Build) -> None:
    """Each all-day event's .ics has its dates (DTEND exclusive), status, location and URL."""
    sofia = read_calendar(published, "eip-scc-general-assembly-2018.ics")
    [event] = sofia.walk("VEVENT")
    assert event.decoded("dtstart") == dt.date(2018, 6, 27)
    assert event.decoded("dtend") == dt.date(2018, 6, 29)  # DTEND of a DATE is exclusive
    assert str(event["status"]) == "TENTATIVE"
    assert str(event["location"]) == "Marinela Hotel, Sofia, Bulgaria"
    assert str(event["url"]) == f"{SITE_URL}/events/eip-scc-general-assembly-2018/"
    vienna = read_calendar(published, "urban-future-global-conference-2018.ics")
    [event] = vienna.walk("VEVENT")
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        dt.date(2018, 2, 28),
        dt.date(2018, 3, 3),
    )


def test_timed_event_carries_tzid_and_vtimezone(published: Build) -> None:
    """A timed event's .ics has a TZID start, its 90 minutes, and a Europe/Brussels VTIMEZONE."""
    raw = (published.output / "events" / "webinar-participatory-budgeting-2018.ics").read_text()
    assert "DTSTART;TZID=Europe/Brussels:20180314T140000" in raw
    calendar = icalendar.Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == dt.datetime(2018, 3, 14, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    assert end - start == dt.timedelta(minutes=90)
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_calendar_feed_has_every_event_with_stable_uids(published: Build) -> None:
    """calendar.ics holds the three events, each with its own UID under citizenfocus.eu."""
    calendar = read_calendar(published, "calendar.ics")
    events = calendar.walk("VEVENT")
    assert {str(e["summary"]) for e in events} == {
        "EIP-SCC General Assembly 2018",
        "Urban Future Global Conference 2018",
        "Webinar: the role of local administrations in participatory budgeting",
    }
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == 3 and all(uid.endswith("@citizenfocus.eu") for uid in uids)
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"])
