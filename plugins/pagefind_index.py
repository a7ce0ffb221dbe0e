"""Index the built site with Pagefind at the end of every build, so `make html` is searchable.

Runs the binary shipped in the pagefind-bin wheel on the output folder; the search page
loads /pagefind/pagefind.js from there. Set PAGEFIND = False to build without it.

Only the folders holding articles and pages are walked (see `searchable_glob`): tag pages,
category lists and their pagination carry no `data-pagefind-body`, so Pagefind would read and
then ignore them, about a third of its time on a large site.

Pelican writes every page again on each build: when the HTML is byte for byte what was
indexed last time, the index kept in the cache folder is linked back instead (a no-change
rebuild, or a restart of `make serve`).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from pagefind_bin import get_executable
from pelican import signals

from plugins.output_files import html_files

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 300
BUNDLE = "pagefind"  # the folder Pagefind writes into the site
ALL_HTML = "**/*.{html}"  # Pagefind's own default

# Absolute paths of the article and page files written by the build under way.
_written_pages: set[str] = set()


class SearchIndexError(RuntimeError):
    """Pagefind did not produce an index; the site would ship a search page that cannot search."""


def searchable_glob(save_as_paths: Iterable[str]) -> str:
    """A Pagefind glob covering every given output file and its siblings' folders:
    news/a/index.html -> news/*/index.html, manifesto/index.html -> */index.html.

    Generalising each path keeps the command line short for any number of articles."""
    patterns = set()
    for save_as in save_as_paths:
        parts = PurePosixPath(save_as).parts
        if not parts:
            continue
        if len(parts) == 1:
            patterns.add(parts[0])
        else:
            patterns.add("/".join((*parts[:-2], "*", parts[-1])))
    if not patterns:
        return ALL_HTML
    return "{" + ",".join(sorted(patterns)) + "}"


def forget_written_pages(_pelican: Any) -> None:
    _written_pages.clear()


def remember_written_page(path: str, context: dict[str, Any]) -> None:
    """Pelican announces every file it writes; articles and pages carry their content object."""
    if "article" in context or "page" in context:
        _written_pages.add(os.path.abspath(path))


def written_pages_under(output: Path) -> list[str]:
    root = os.path.abspath(output)
    return [
        os.path.relpath(path, root).replace(os.sep, "/")
        for path in _written_pages
        if path.startswith(root + os.sep)
    ]


def run_pagefind(output_path: str, glob: str = ALL_HTML) -> None:
    logger.debug("pagefind --glob %s", glob)
    command = [str(get_executable()), "--site", output_path, "--glob", glob, "--silent"]
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, binary from our own venv
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        raise SearchIndexError(f"pagefind failed on {output_path}: {exc} {detail}".strip()) from exc
    logger.debug("pagefind: %s", result.stdout)


def html_fingerprint(output: Path, glob: str) -> str:
    """A digest of every HTML file's path and bytes, of the glob and of the Pagefind binary."""
    digest = hashlib.sha256(Path(get_executable()).name.encode())
    digest.update(str(Path(get_executable()).stat().st_size).encode())
    digest.update(glob.encode() + b"\0")
    for relative in html_files(output, (BUNDLE,)):
        digest.update(relative.encode() + b"\0")
        digest.update((output / relative).read_bytes())
    return digest.hexdigest()


def _link_or_copy(source: str, target: str) -> None:
    """Hard links cost nothing; a cache on another file system falls back to a copy.
    Safe because nothing writes into an index in place: a new index goes to a fresh folder."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def place_tree(source: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=_link_or_copy)


def index_site(pelican: Any) -> None:
    if not pelican.settings.get("PAGEFIND", True):
        logger.info("PAGEFIND is off: no search index built")
        return
    output = Path(pelican.settings["OUTPUT_PATH"])
    glob = searchable_glob(written_pages_under(output))
    forget_written_pages(pelican)
    kept = Path(pelican.settings["CACHE_PATH"]) / "pagefind"
    fingerprint = html_fingerprint(output, glob)
    if (kept / fingerprint).is_dir():
        place_tree(kept / fingerprint, output / BUNDLE)
        logger.info("Pagefind index unchanged since the last build: reused")
        return
    shutil.rmtree(output / BUNDLE, ignore_errors=True)  # never write through a link to the cache
    run_pagefind(str(output), glob)
    shutil.rmtree(kept, ignore_errors=True)  # only the latest index is worth keeping
    place_tree(output / BUNDLE, kept / fingerprint)
    logger.info("Pagefind index written to %s/%s", output, BUNDLE)


def register() -> None:
    signals.initialized.connect(forget_written_pages)
    signals.content_written.connect(remember_written_page)
    signals.finalized.connect(index_site)
