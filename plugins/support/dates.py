"""Dates as each language writes them, from CLDR through Babel: '2 December 2026',
'2 décembre 2026', '2. Dezember 2026'; ranges and times of events too.

Babel is a build tool here (requirements-dev.txt): only the site's build formats dates.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_time

# The regional variant each language's dates follow: British English ('2 December 2026', not
# 'December 2, 2026'), the Portuguese of Portugal.
LOCALES = {"en": "en_GB", "pt": "pt_PT"}


def locale_of(language: str) -> str:
    return LOCALES.get(language, language)


@lru_cache(maxsize=8192)  # list pages show the same dates again and again
def long_date(value: dt.date, language: str) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_date(day, "long", locale=locale_of(language))


# CLDR's interval patterns abbreviate month names in several languages ('27-28 Jun 2018'); the
# site writes months in full, so a range of days within a month is built from the long date.
DAY_SUFFIX = {"de": "."}


@lru_cache(maxsize=1024)
def date_range(start: dt.date, end: dt.date, language: str) -> str:
    """'27-28 June 2018' within a month, else '28 February 2018 - 2 March 2018'."""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DAY_SUFFIX.get(language, '')}\u2013{long_date(end, language)}"
    return f"{long_date(start, language)} \u2013 {long_date(end, language)}"


def clock(value: dt.datetime, language: str) -> str:
    return format_time(value, "HH:mm", locale=locale_of(language))


def event_when(
    start: dt.datetime | dt.date, end: dt.datetime | dt.date, all_day: bool, language: str
) -> str:
    """When an event happens, in the language: a day, a range of days, or a day with times."""
    if all_day:
        return long_date(start, language) if start == end else date_range(start, end, language)
    zone = start.strftime("%Z")
    if start.date() == end.date():
        return f"{long_date(start, language)}, {clock(start, language)}\u2013{clock(end, language)} {zone}"
    return (
        f"{long_date(start, language)} {clock(start, language)} \u2013 "
        f"{long_date(end, language)} {clock(end, language)} {zone}"
    )
