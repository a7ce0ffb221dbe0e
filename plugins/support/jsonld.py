"""schema.org JSON-LD for news, interviews and events, as plain dicts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from plugins.support.countries import COUNTRY_NAMES
from plugins.support.urls import absolute_url

EVENT_STATUS = {
    "confirmed": "https://schema.org/EventScheduled",
    "save-the-date": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
}


def _publisher(settings: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": f"EIP-SCC {settings['SITENAME']} Action Cluster",
        "url": absolute_url(settings, "/"),
        "logo": {"@type": "ImageObject", "url": absolute_url(settings, "theme/favicon.svg")},
    }


def news_article(article: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": getattr(article, "summary_text", ""),
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "mainEntityOfPage": absolute_url(settings, article.url),
        "url": absolute_url(settings, article.url),
        "publisher": _publisher(settings),
        "inLanguage": getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en"),
    }
    author = getattr(article, "author", None)
    data["author"] = {"@type": "Organization", "name": str(author or settings["SITENAME"])}
    image = getattr(article, "image", None)
    if image:
        data["image"] = absolute_url(settings, image["src"])
    tags = getattr(article, "tags", None)
    if tags:
        data["keywords"] = [str(tag) for tag in tags]
    return data


def event(article: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    online = bool(getattr(article, "online", False))
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": article.title,
        "description": getattr(article, "summary_text", ""),
        "startDate": _event_time(article.start),
        "endDate": _event_time(article.end),
        "eventStatus": EVENT_STATUS[article.event_status],
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"),
        "location": _virtual_place(article, settings) if online else _place(article),
        "organizer": {"@type": "Organization", "name": article.organiser},
        "url": absolute_url(settings, article.url),
        "inLanguage": getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en"),
        **({"sameAs": article.link} if getattr(article, "link", None) else {}),
    }


def _place(article: Any) -> dict[str, Any]:
    return {
        "@type": "Place",
        "name": article.venue,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": article.city,
            "addressCountry": article.country,
        },
    }


def _virtual_place(article: Any, settings: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "@type": "VirtualLocation",
        "url": getattr(article, "link", None) or absolute_url(settings, article.url),
    }


def _event_time(value: dt.date | dt.datetime) -> str:
    return value.isoformat()


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


def as_script(data: Mapping[str, Any]) -> Markup:
    """JSON for a <script> element: '<' escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S704 - escaped above
