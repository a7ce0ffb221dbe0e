"""What every template can use: latest news, JSON-LD builders, date and country helpers."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from pelican import signals

from plugins import jsonld
from plugins.clock import build_now
from plugins.urls import absolute_url

LATEST_NEWS_COUNT = 3


def add_template_helpers(generator: Any) -> None:
    settings = generator.settings
    generator.env.filters.update(
        {
            "jsonld_script": jsonld.as_script,
            "country_name": jsonld.country_name,
            "event_when": event_when,
            "human_date": human_date,
        }
    )
    generator.env.globals.update(
        {
            "news_jsonld": partial(jsonld.news_article, settings=settings),
            "event_jsonld": partial(jsonld.event, settings=settings),
            "absolute_url": partial(absolute_url, settings),
            "build_now": build_now(settings),
        }
    )


def publish_latest_news(generator: Any) -> None:
    """The newest news items and interviews, for the home page and the "Latest news" block."""
    stories = [a for a in generator.articles if a.content_type in ("news", "interviews")]
    stories.sort(key=lambda article: article.date, reverse=True)
    generator.context["latest_news"] = stories[:LATEST_NEWS_COUNT]


def human_date(value: dt.date | dt.datetime) -> str:
    return f"{value.day} {value:%B %Y}"


def event_when(event: Any) -> str:
    """'27-28 June 2018', '28 February - 2 March 2018', or '14 March 2018, 14:00-15:30 CET'."""
    start, end = event.start, event.end
    if not event.all_day:
        zone = start.strftime("%Z")
        if start.date() == end.date():
            return f"{human_date(start)}, {start:%H:%M}\u2013{end:%H:%M} {zone}"
        return f"{human_date(start)} {start:%H:%M} \u2013 {human_date(end)} {end:%H:%M} {zone}"
    if start == end:
        return human_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} \u2013 {human_date(end)}"
    return f"{human_date(start)} \u2013 {human_date(end)}"


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_finalized.connect(publish_latest_news)
