"""The moment the build treats as "now", so tests can build the site as of any date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any


def build_now(settings: Mapping[str, Any]) -> dt.datetime:
    """`BUILD_NOW` (ISO 8601 with offset) when set, else the current UTC time."""
    fixed = settings.get("BUILD_NOW")
    if fixed:
        moment = dt.datetime.fromisoformat(str(fixed))
        if moment.tzinfo is None:
            raise ValueError(f"BUILD_NOW needs a UTC offset, got {fixed!r}")
        return moment
    return dt.datetime.now(dt.UTC)
