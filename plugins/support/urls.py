"""Absolute URLs for places that need them (calendars, sitemap, JSON-LD, canonical links)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def site_origin(settings: Mapping[str, Any]) -> str:
    """SITEURL, or LOCAL_ORIGIN when the local build leaves SITEURL empty for root-relative links."""
    return (settings.get("SITEURL") or settings.get("LOCAL_ORIGIN") or "").rstrip("/")


def absolute_url(settings: Mapping[str, Any], path: str) -> str:
    return f"{site_origin(settings)}/{path.lstrip('/')}"
