"""Index the built site with Pagefind at the end of every build, so `make html` is searchable.

Runs the binary shipped in the pagefind-bin wheel on the output folder; the search page
loads /pagefind/pagefind-ui.js from there. Set PAGEFIND = False to build without it.
"""

from __future__ import annotations

import logging
import subprocess
from typing import Any

from pagefind_bin import get_executable
from pelican import signals

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 300


class SearchIndexError(RuntimeError):
    """Pagefind did not produce an index; the site would ship a search page that cannot search."""


def run_pagefind(output_path: str) -> None:
    command = [str(get_executable()), "--site", output_path, "--silent"]
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, binary from our own venv
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        raise SearchIndexError(f"pagefind failed on {output_path}: {exc} {detail}".strip()) from exc
    logger.debug("pagefind: %s", result.stdout)


def index_site(pelican: Any) -> None:
    if not pelican.settings.get("PAGEFIND", True):
        logger.info("PAGEFIND is off: no search index built")
        return
    run_pagefind(pelican.settings["OUTPUT_PATH"])
    logger.info("Pagefind index written to %s/pagefind", pelican.settings["OUTPUT_PATH"])


def register() -> None:
    signals.finalized.connect(index_site)
