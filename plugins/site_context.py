"""What every template can use: latest news, JSON-LD builders, date and country helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from jinja2 import pass_context
from pelican import signals

from functions.i18n import DEFAULT_LANGUAGE
from functions.rendering.languages import context_language
from plugins.support import dates, jsonld
from plugins.support.clock import build_now
from plugins.support.urls import absolute_url

LATEST_NEWS_COUNT = 3


def add_template_helpers(generator: Any) -> None:
    settings = generator.settings
    generator.env.filters.update(
        {
            "jsonld_script": jsonld.as_script,
            "country_name": jsonld.country_name,
            "event_when": event_when_filter,
            "human_date": human_date_filter,
        }
    )
    generator.env.globals.update(
        {
            "news_jsonld": partial(jsonld.news_article, settings=settings),
            "event_jsonld": partial(jsonld.event, settings=settings),
            "absolute_url": partial(absolute_url, settings),
            "page_window": page_window,
            "build_now": build_now(settings),
        }
    )


@dataclass(frozen=True)
class StoryLink:
    """One line of the "Latest news" block, worked out once instead of on every article page."""

    title: str
    url: str
    date_iso: str
    date_text: str


def publish_latest_news(generator: Any) -> None:
    """The newest news items and interviews: whole articles for the home page's cards, and
    ready-made links for the "Latest news" block that every article page repeats."""
    stories = [a for a in generator.articles if a.content_type in ("news", "interviews")]
    stories.sort(key=lambda article: article.date, reverse=True)
    latest = stories[:LATEST_NEWS_COUNT]
    generator.context["latest_news"] = latest
    generator.context["latest_news_links"] = tuple(
        StoryLink(story.title, story.url, story.date.isoformat(), human_date(story.date))
        for story in latest
    )


def page_window(current: int, last: int, around: int = 2) -> list[int | None]:
    """The page numbers a pagination bar shows: the first, the last and `around` either side
    of the current one; None where a run of numbers is left out."""
    shown: list[int | None] = []
    nearby = range(max(1, current - around - 1), min(last, current + around + 1) + 1)
    for number in sorted({1, last, *nearby}):
        if number in (1, last) or abs(number - current) <= around:
            shown.append(number)
        else:  # just beyond the window: the gap marker
            shown.append(None)
    return shown


def human_date(value: dt.date | dt.datetime, language: str = DEFAULT_LANGUAGE) -> str:
    """'2 December 2026' in the language (Babel, CLDR)."""
    return dates.long_date(value, language)


def event_when(event: Any, language: str = DEFAULT_LANGUAGE) -> str:
    """'27-28 June 2018', or '14 March 2018, 14:00-15:30 CET', in the language."""
    return dates.event_when(event.start, event.end, event.all_day, language)


@pass_context
def human_date_filter(context: Any, value: dt.date | dt.datetime) -> str:
    return human_date(value, context_language(context))


@pass_context
def event_when_filter(context: Any, event: Any) -> str:
    return event_when(event, context_language(context))


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_finalized.connect(publish_latest_news)
