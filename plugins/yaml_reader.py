"""A Markdown reader for files that open with YAML front matter.

Pelican's own Markdown reader only knows `Key: value` lines. This reader parses the
`---` block with PyYAML, turns the fields Pelican understands (date, tags, category,
author, status) into Pelican's objects and keeps the type-specific ones (event start
and end, interviewees, image) as parsed values for the templates. Validation lives in
plugins.support.content_model and runs once per build (plugins.content_checks).
"""

from __future__ import annotations

import datetime as dt
import html
import os
from typing import Any, ClassVar

from markdown import Markdown
from pelican import signals
from pelican.readers import BaseReader
from pelican.utils import pelican_open

from plugins.support.content_languages import split_language
from plugins.support.content_model import (
    EVENT_STATUSES,
    content_type_of,
    parse_date,
    parse_timezone,
)
from plugins.support.front_matter import split_front_matter

CATEGORY_NAMES = {"news": "News", "events": "Events", "interviews": "Interviews"}
# Handed to Pelican's own metadata processors, so they become Tag, Author, Category, datetime.
PELICAN_FIELDS = ("tags", "author", "slug")


class FrontMatterMarkdownReader(BaseReader):
    """Reads `.md` files: YAML front matter, then a Markdown body."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self._markdown: Markdown | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        with pelican_open(source_path) as text:
            raw, body = split_front_matter(text)
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        # A translation (manifesto.fr.md) takes its original's slug and location.
        original, language = split_language(relative)
        content_type = content_type_of(relative) or "pages"
        metadata = self._common_metadata(raw, content_type)
        if content_type == "events":
            metadata.update(event_metadata(raw))
            del metadata["timezone"]
        if content_type == "pages":
            metadata.update(page_location(original, raw, language))
        elif language and not raw.get("slug"):
            metadata["slug"] = os.path.splitext(os.path.basename(original))[0]
        return self._render(body), metadata

    def _common_metadata(self, raw: dict[str, Any], content_type: str) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            key: value for key, value in raw.items() if key not in PELICAN_FIELDS
        }
        metadata["content_type"] = content_type
        metadata["status"] = "draft" if raw.get("status") == "draft" else "published"
        for key in PELICAN_FIELDS:
            if raw.get(key):
                metadata[key] = self.process_metadata(key, raw[key])
        if content_type in CATEGORY_NAMES:
            metadata["category"] = self.process_metadata("category", CATEGORY_NAMES[content_type])
        for key in ("date", "modified"):
            if raw.get(key):
                metadata[key] = as_datetime(parse_date(raw[key]))
        if raw.get("summary"):
            # Pelican treats summary as HTML; ours is plain text written by an editor.
            metadata["summary"] = html.escape(str(raw["summary"]).strip())
            metadata["summary_text"] = str(raw["summary"]).strip()
        return metadata

    def _render(self, body: str) -> str:
        # One Markdown instance per reader, reset per file: building it (extensions and all)
        # costs more than converting a typical article.
        if self._markdown is None:
            config = dict(self.settings["MARKDOWN"])
            configured = [*config.get("extensions", []), *config.get("extension_configs", {})]
            # Front matter is ours: the `meta` extension would eat a body's first lines.
            config["extensions"] = [
                e for e in dict.fromkeys(configured) if e != "markdown.extensions.meta"
            ]
            self._markdown = Markdown(**config)
        return self._markdown.reset().convert(body)


def as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    """Pelican sorts and formats on datetimes; a bare date means midnight local time."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


def event_metadata(raw: dict[str, Any]) -> dict[str, Any]:
    """Start and end as dates (all-day) or aware datetimes in the event's own time zone."""
    zone = parse_timezone(raw["timezone"])
    start, end = parse_date(raw["start"]), parse_date(raw["end"])
    all_day = not isinstance(start, dt.datetime)
    if not all_day:
        start, end = start.replace(tzinfo=zone), end.replace(tzinfo=zone)
    status = raw.get("status")
    return {
        "start": start,
        "end": end,
        "all_day": all_day,
        # Not `timezone`: Pelican reads that attribute as the zone of `date`.
        "event_timezone": str(raw["timezone"]),
        "event_status": status if status in EVENT_STATUSES else "save-the-date",
        # Pelican orders articles by date: an event sorts by when it happens.
        "date": as_datetime(parse_date(raw["date"])) if raw.get("date") else as_datetime(start),
    }


def page_location(
    relative: str, raw: dict[str, Any], language: str | None = None
) -> dict[str, Any]:
    """Pages in sub-folders (pages/manifesto/thank-you.md) keep their folder in the URL; a
    translation (given its original's path) lives under its language's prefix."""
    inner = relative.split("/", 1)[1] if "/" in relative else relative
    folder, filename = os.path.split(inner)
    slug = raw.get("slug") or os.path.splitext(filename)[0]
    prefix = f"{language}/" if language else ""
    if slug == "404":
        return {"slug": slug, "url": f"{prefix}404.html", "save_as": f"{prefix}404.html"}
    if not folder:
        return (
            {"slug": slug, "url": f"{prefix}{slug}/", "save_as": f"{prefix}{slug}/index.html"}
            if language
            else {}
        )
    return {
        "slug": f"{folder.replace('/', '-')}-{slug}",  # unique: two folders may hold "thank-you"
        "url": f"{prefix}{folder}/{slug}/",
        "save_as": f"{prefix}{folder}/{slug}/index.html",
    }


def use_front_matter_reader(readers: Any) -> None:
    readers.reader_classes["md"] = FrontMatterMarkdownReader


def register() -> None:
    signals.readers_init.connect(use_front_matter_reader)
