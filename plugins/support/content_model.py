"""What each content type's front matter must hold, and the checks that say what is wrong.

The folder a file sits in gives its type: `news/`, `events/`, `interviews/`, `pages/`.
Every problem is reported as "<file>: <field>: <what is wrong>" so an editor can fix it
without reading code; the build and `python -m plugins.content_checks` share these checks.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from plugins.support.countries import COUNTRY_NAMES

CONTENT_TYPES = ("news", "events", "interviews", "pages")
EVENT_STATUSES = ("save-the-date", "confirmed", "cancelled")
PUBLICATION_STATUSES = ("published", "draft")
INTERVIEW_FORMATS = ("qa", "profile")
PAGE_TEMPLATES = (
    "page",
    "manifesto",
    "ambassador-cities",
    "survey",
    "search",
    "action-cluster",
    "thank-you",
    "not-found",
)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file, in words an editor can act on."""

    path: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.problem}"


class InvalidContent(Exception):
    """Raised by the build when any content file fails its checks."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors = sorted(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} content error(s):\n{lines}")


# --- value parsers: return the parsed value or raise ValueError with the problem ---------


def parse_date(value: Any) -> dt.date | dt.datetime:
    """A date (YYYY-MM-DD) or a local date and time (YYYY-MM-DD HH:MM)."""
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = str(value).strip()
    if DATE_PATTERN.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date") from exc
    if DATETIME_PATTERN.match(text):
        try:
            return dt.datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date and time") from exc
    raise ValueError(f"{text!r} is not a date: write YYYY-MM-DD or YYYY-MM-DD HH:MM")


def parse_timezone(value: Any) -> zoneinfo.ZoneInfo:
    if str(value) not in available_timezones():
        raise ValueError(f"{value!r} is not an IANA time zone such as Europe/Brussels")
    return zoneinfo.ZoneInfo(str(value))


@cache
def available_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _text(value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be non-empty text")


def _slug(value: Any) -> None:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ValueError(f"{value!r} is not a slug: use lower-case letters, digits and hyphens")


def _date(value: Any) -> None:
    parse_date(value)


def _url(value: Any) -> None:
    parts = urlsplit(str(value))
    if parts.scheme != "https" or not parts.netloc:
        raise ValueError(f"{value!r} is not an https:// address")


def _country(value: Any) -> None:
    if str(value) not in COUNTRY_NAMES:
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 code such as BE")


def _tags(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
        raise ValueError("must be a list of words, e.g. [participation, survey]")


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of: {', '.join(choices)}")

    return check


def _boolean(value: Any) -> None:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")


def _positive_int(value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("must be a whole number, 0 or more")


@dataclass(frozen=True)
class Field:
    check: Callable[[Any], None]
    required: bool = False


COMMON_FIELDS = {
    "title": Field(_text, required=True),
    "slug": Field(_slug),
    "summary": Field(_text),
    "status": Field(_one_of(PUBLICATION_STATUSES)),
    # A translation's language and the path of its original (plugins/support/content_languages.py).
    "lang": Field(_text),
    "original": Field(_text),
}
ARTICLE_FIELDS = {
    **COMMON_FIELDS,
    "summary": Field(_text, required=True),
    "tags": Field(_tags),
    "image": Field(lambda value: None),  # checked by check_image, which names sub-fields
}

SCHEMAS: dict[str, dict[str, Field]] = {
    "news": {
        **ARTICLE_FIELDS,
        "date": Field(_date, required=True),
        "modified": Field(_date),
        "author": Field(_text, required=True),
        "source": Field(_url),
    },
    "events": {
        **ARTICLE_FIELDS,
        "status": Field(_one_of((*EVENT_STATUSES, "draft")), required=True),
        "date": Field(_date),
        "start": Field(_date, required=True),
        "end": Field(_date, required=True),
        "timezone": Field(parse_timezone, required=True),
        "online": Field(_boolean),
        "venue": Field(_text),  # venue, city and country: required unless online (see below)
        "city": Field(_text),
        "country": Field(_country),
        "organiser": Field(_text, required=True),
        "link": Field(_url),
    },
    "interviews": {
        **ARTICLE_FIELDS,
        "date": Field(_date, required=True),
        "author": Field(_text),
        "format": Field(_one_of(INTERVIEW_FORMATS)),
        "interviewees": Field(lambda value: None, required=True),  # see check_interviewees
    },
    "pages": {
        **COMMON_FIELDS,
        "template": Field(_one_of(PAGE_TEMPLATES)),
        "menu": Field(_positive_int),
        "survey": Field(_slug),
        "form": Field(_slug),
    },
}


def content_type_of(relative_path: str) -> str | None:
    """The type named by the file's top folder, or None when it is in no known folder."""
    top = relative_path.replace("\\", "/").split("/", 1)[0]
    return top if top in CONTENT_TYPES else None


def check_front_matter(
    content_type: str, metadata: dict[str, Any], path: str
) -> list[ContentError]:
    """Every problem in one file's front matter; an empty list means it is valid."""
    schema = SCHEMAS[content_type]
    errors = [
        ContentError(path, name, "unknown field; known fields: " + ", ".join(sorted(schema)))
        for name in metadata
        if name not in schema
    ]
    for name, spec in schema.items():
        if name not in metadata or metadata[name] is None or metadata[name] == "":
            if spec.required:
                errors.append(ContentError(path, name, f"required for {content_type}, missing"))
            continue
        try:
            spec.check(metadata[name])
        except ValueError as exc:
            errors.append(ContentError(path, name, str(exc)))
    if "image" in metadata:
        errors.extend(check_image(metadata["image"], path))
    if content_type == "events":
        errors.extend(check_event_place(metadata, path))
        errors.extend(check_event_dates(metadata, path))
    if content_type == "interviews" and "interviewees" in metadata:
        errors.extend(check_interviewees(metadata["interviewees"], path))
    return errors


def check_image(image: Any, path: str) -> list[ContentError]:
    if not isinstance(image, dict):
        return [ContentError(path, "image", "must be a mapping with src and alt")]
    errors = []
    if not isinstance(image.get("src"), str) or not image["src"].strip():
        errors.append(ContentError(path, "image.src", "required, missing"))
    if not isinstance(image.get("alt"), str) or not image["alt"].strip():
        errors.append(ContentError(path, "image.alt", "alt text is required for every image"))
    return errors


def check_interviewees(people: Any, path: str) -> list[ContentError]:
    if not isinstance(people, list) or not people:
        return [ContentError(path, "interviewees", "must be a list of people (name, role, city)")]
    errors = []
    for number, person in enumerate(people, start=1):
        for key in ("name", "role", "city"):
            if not isinstance(person, dict) or not str(person.get(key) or "").strip():
                errors.append(
                    ContentError(path, f"interviewees[{number}].{key}", "required, missing")
                )
    return errors


def check_event_place(metadata: dict[str, Any], path: str) -> list[ContentError]:
    if metadata.get("online") is True:
        return []
    return [
        ContentError(path, key, "required for events that are not online, missing")
        for key in ("venue", "city", "country")
        if not metadata.get(key)
    ]


def check_event_dates(metadata: dict[str, Any], path: str) -> list[ContentError]:
    try:
        start, end = parse_date(metadata["start"]), parse_date(metadata["end"])
    except (KeyError, ValueError):
        return []  # already reported field by field
    if isinstance(start, dt.datetime) != isinstance(end, dt.datetime):
        return [ContentError(path, "end", "start and end must both be dates or both be date-times")]
    if isinstance(start, dt.datetime) and (start.tzinfo or end.tzinfo):
        return [ContentError(path, "start", "write local time without offset; set timezone")]
    if end < start or (isinstance(start, dt.datetime) and end == start):
        return [ContentError(path, "end", f"must be after start ({start})")]
    return []
