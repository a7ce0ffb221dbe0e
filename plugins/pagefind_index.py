"""Index the built site with Pagefind at the end of every build, so `make html` is searchable.

Runs the binary shipped in the pagefind-bin wheel on the output folder; the search page
loads /pagefind/pagefind-ui.js from there. Set PAGEFIND = False to build without it.

Indexing is most of a build's time, and Pelican writes every page again on each build: when
the HTML is byte for byte what was indexed last time, the index kept in the cache folder is
copied back instead (a no-change rebuild, or a restart of `make serve`).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

from pagefind_bin import get_executable
from pelican import signals

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 300
BUNDLE = "pagefind"  # the folder Pagefind writes into the site


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


def html_fingerprint(output: Path) -> str:
    """A digest of every HTML file's path and bytes, and of the Pagefind binary used."""
    digest = hashlib.sha256(Path(get_executable()).name.encode())
    digest.update(str(Path(get_executable()).stat().st_size).encode())
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output)
        if relative.parts[0] == BUNDLE:
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def index_site(pelican: Any) -> None:
    if not pelican.settings.get("PAGEFIND", True):
        logger.info("PAGEFIND is off: no search index built")
        return
    output = Path(pelican.settings["OUTPUT_PATH"])
    kept = Path(pelican.settings["CACHE_PATH"]) / "pagefind"
    fingerprint = html_fingerprint(output)
    if (kept / fingerprint).is_dir():
        shutil.copytree(kept / fingerprint, output / BUNDLE, dirs_exist_ok=True)
        logger.info("Pagefind index unchanged since the last build: reused")
        return
    run_pagefind(str(output))
    shutil.rmtree(kept, ignore_errors=True)  # only the latest index is worth keeping
    shutil.copytree(output / BUNDLE, kept / fingerprint)
    logger.info("Pagefind index written to %s/%s", output, BUNDLE)


def register() -> None:
    signals.finalized.connect(index_site)
