"""Refuse to build when any content file fails the editors' checks.

Pelican logs and skips a file whose reader raises, and carries on; that would publish a
site with pages silently missing. Checking the whole tree when Pelican starts, and
raising, stops the build with the same messages `make check-content` prints.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals

from plugins.content_checks import check_content_tree, stale_translations_of_tree
from plugins.content_model import InvalidContent

logger = logging.getLogger(__name__)


def refuse_invalid_content(pelican: Any) -> None:
    settings = pelican.settings
    # Alongside Pelican's own content cache: files unchanged since the last build are not
    # parsed again (their links are still checked against the whole tree).
    cache_dir = Path(settings["CACHE_PATH"]) if settings.get("CACHE_CONTENT") else None
    errors = check_content_tree(Path(settings["PATH"]), cache_dir)
    if errors:
        raise InvalidContent(errors)
    for stale in stale_translations_of_tree(Path(settings["PATH"])):
        logger.warning("%s", stale)
    logger.debug("content checks passed for %s", settings["PATH"])


def register() -> None:
    signals.initialized.connect(refuse_invalid_content)
