"""Events: upcoming and past lists at build time, one .ics per event and a calendar feed.

Each event page links to /events/<slug>.ics (RFC 5545, built with icalendar); all events
are also in /events/calendar.ics for subscription. Timed events carry a TZID and the
matching VTIMEZONE; all-day events are DATE values, which RFC 5545 defines as local
dates wherever the reader is, with DTEND the day after the last day.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from pelican import signals

from functions.domain.countries import country_name
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, localise, translations_for
from plugins.support.clock import build_now
from plugins.support.urls import site_origin

logger = logging.getLogger(__name__)

PRODID = "-//EIP-SCC Citizen Focus//Events//EN"
ICAL_STATUS = {"confirmed": "CONFIRMED", "save-the-date": "TENTATIVE", "cancelled": "CANCELLED"}
CALENDAR_FEED = "events/calendar.ics"


def is_event(article: Any) -> bool:
    return getattr(article, "content_type", None) == "events"


def event_ends_at(event: Any) -> dt.datetime:
    """The moment an event is over: its end time, or midnight after its last day."""
    if event.all_day:
        next_day = event.end + dt.timedelta(days=1)
        return dt.datetime.combine(next_day, dt.time(), tzinfo=ZoneInfo(event.event_timezone))
    return event.end


def split_events(articles: Iterable[Any], now: dt.datetime) -> tuple[list[Any], list[Any]]:
    """(upcoming soonest first, past latest first); an event under way counts as upcoming."""
    events = [article for article in articles if is_event(article)]
    upcoming = sorted((e for e in events if event_ends_at(e) > now), key=_start_key)
    past = sorted((e for e in events if event_ends_at(e) <= now), key=_start_key, reverse=True)
    return upcoming, past


def _start_key(event: Any) -> dt.datetime:
    if event.all_day:
        return dt.datetime.combine(event.start, dt.time(), tzinfo=ZoneInfo(event.event_timezone))
    return event.start


def ics_path(event: Any) -> str:
    return f"events/{event.slug}.ics"


ONLINE = N_("Online")
ORGANISER = N_("Organiser: %(organiser)s")
CALENDAR_NAME = N_("%(site)s events")


def location_text(event: Any, language: str = DEFAULT_LANGUAGE) -> str:
    if getattr(event, "online", False):
        return localise(ONLINE, translations_for(language))
    return f"{event.venue}, {event.city}, {country_name(event.country, language)}"


def build_vevent(
    event: Any, siteurl: str, uid_domain: str, language: str = DEFAULT_LANGUAGE
) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", f"{event.slug}@{uid_domain}")
    vevent.add("dtstamp", (getattr(event, "modified", None) or event.date).astimezone(dt.UTC))
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.start)
    if event.all_day:
        vevent.add("dtend", event.end + dt.timedelta(days=1))  # DTEND of a DATE is exclusive
    else:
        vevent.add("dtend", event.end)
    vevent.add("location", location_text(event, language))
    vevent.add("status", ICAL_STATUS[event.event_status])
    page_url = f"{siteurl}/{event.url}"
    vevent.add("url", page_url)
    summary = getattr(event, "summary_text", "")
    organiser = localise(N_(ORGANISER, organiser=event.organiser), translations_for(language))
    vevent.add("description", f"{summary}\n{organiser}\n{page_url}")
    return vevent


def build_calendar(
    events: Sequence[Any],
    siteurl: str,
    name: str,
    uid_domain: str,
    language: str = DEFAULT_LANGUAGE,
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-language", language)
    for event in events:
        calendar.add_component(build_vevent(event, siteurl, uid_domain, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def uid_domain(settings: dict[str, Any]) -> str:
    # UIDs must not change between local and production builds, or calendars duplicate events.
    return settings.get("ICS_UID_DOMAIN", "citizenfocus.eu")


def publish_event_lists(generator: Any) -> None:
    upcoming, past = split_events(generator.articles, build_now(generator.settings))
    generator.context["upcoming_events"] = upcoming
    generator.context["past_events"] = past
    for event in upcoming + past:
        event.ics_url = ics_path(event)
        event.is_upcoming = event in upcoming


def write_calendars(generator: Any, writer: Any) -> None:
    del writer  # calendars are bytes, not templates: written directly
    settings = generator.settings
    events = [article for article in generator.articles if is_event(article)]
    siteurl, domain = site_origin(settings), uid_domain(settings)
    output = generator.output_path
    os.makedirs(os.path.join(output, "events"), exist_ok=True)
    for event in events:
        name = f"{event.title} ({settings['SITENAME']})"
        _write(
            os.path.join(output, ics_path(event)), build_calendar([event], siteurl, name, domain)
        )
    # The calendar to subscribe to, in every language: its name, places and labels translated.
    for language in settings.get("LANGUAGES") or LANGUAGES:
        prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
        feed_name = localise(
            N_(CALENDAR_NAME, site=settings["SITENAME"]), translations_for(language)
        )
        path = os.path.join(output, prefix + CALENDAR_FEED)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write(path, build_calendar(events, siteurl, feed_name, domain, language))
    logger.info(
        "Wrote %s event calendars and %s in %s languages",
        len(events),
        CALENDAR_FEED,
        len(LANGUAGES),
    )


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)


def register() -> None:
    signals.article_generator_finalized.connect(publish_event_lists)
    signals.article_writer_finalized.connect(write_calendars)
