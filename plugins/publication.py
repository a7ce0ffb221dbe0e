"""Keep drafts and (in the published build) future-dated news out of the site entirely.

Pelican would still write drafts to drafts/; the "skip" status makes it drop them
before any page, feed, tag or sitemap sees them. This runs on the context signals,
after Pelican's content cache, so a cached file is still judged against today's date.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from pelican import signals

from plugins.support.clock import build_now

logger = logging.getLogger(__name__)


def withhold_unpublished(generator: Any, metadata: dict[str, Any]) -> None:
    if metadata.get("status") == "draft":
        metadata["status"] = "skip"
        return
    settings = generator.settings
    if settings.get("HIDE_FUTURE_NEWS") and metadata.get("content_type") == "news":
        date = metadata.get("date")
        if isinstance(date, dt.datetime) and _aware(date, settings) > build_now(settings):
            logger.info("Holding back future-dated news %s until %s", metadata.get("title"), date)
            metadata["status"] = "skip"


def _aware(moment: dt.datetime, settings: dict[str, Any]) -> dt.datetime:
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=ZoneInfo(settings["TIMEZONE"]))


def register() -> None:
    signals.article_generator_context.connect(withhold_unpublished)
    signals.page_generator_context.connect(withhold_unpublished)
