"""Index the built site with Pagefind during every build, so `make html` is searchable.

Articles and pages go to Pagefind as Pelican writes them, a hundred at a time
(`pagefind --service`: plugins/support/pagefind_service.py): Pagefind reads and parses them on another
core while Pelican renders the rest, and only the writing of the bundle is left for the end of
the build. Tag pages, category lists and their pagination are not sent: they carry no
`data-pagefind-body`. Set PAGEFIND = False to build without an index.

Pelican writes every page again on each build. The index kept in the cache folder comes with
the digest of each page it holds; while every page written matches, nothing is sent, and when
the build ends with the same pages the kept index is linked back (a no-change rebuild, or a
restart of `make serve`). The first page that differs sends everything written so far.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from pagefind_bin import get_executable
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from plugins.support.pagefind_service import PagefindService, PagefindServiceError

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # the folder Pagefind writes into the site
KEPT_INDEX = "index"  # in CACHE_PATH/pagefind: the latest bundle...
KEPT_PAGES = "pages.json"  # ...and the digest of each page it holds
# Pages per request: Pagefind reads and parses a batch while Pelican writes the next one.
BATCH = 100


class SearchIndexError(RuntimeError):
    """Pagefind did not produce an index; the site would ship a search page that cannot search."""


def page_url(relative_path: str) -> str:
    """The URL Pagefind gives a file of the site: news/a/index.html -> /news/a/."""
    url = "/" + relative_path
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def binary_identity() -> str:
    """Another Pagefind makes another index: its name and size go with the page digests."""
    executable = Path(get_executable())
    return f"{executable.name}:{executable.stat().st_size}"


class PageFeed:
    """The pages of one build, on their way to Pagefind.

    Everything happens on Pelican's own thread, as each page is written: a thread of ours
    would cost more in handing the interpreter back and forth than the work it would take.
    Once every page the build announced (`expected`) is written, Pagefind starts writing the
    bundle while Pelican goes on with the tag and category lists."""

    def __init__(self, output: Path, kept_pages: dict[str, str], expected: set[str]) -> None:
        self.output = output
        self.bundle = output / BUNDLE
        self.kept_pages = kept_pages  # {url: digest} of the kept index, empty when there is none
        self.pages: dict[str, str] = {}  # {url: digest} of this build
        self._expected = set(expected)  # relative paths still to be written
        self._held: list[str] = []  # written, not yet sent (relative paths)
        self._sent: set[str] = set()
        self._changed = False  # a page differs from the kept index: this build indexes anew
        self._writing = False  # the bundle is begun...
        self._stale = False  # ...and a page was sent after it: it needs writing again
        self._service: PagefindService | None = None

    def page_written(self, path: Path) -> None:
        relative = os.path.relpath(path, self.output).replace(os.sep, "/")
        url = page_url(relative)
        self.pages[url] = hashlib.sha256(path.read_bytes()).hexdigest()
        self._held.append(relative)
        self._expected.discard(relative)
        self._changed = self._changed or self.kept_pages.get(url) != self.pages[url]
        if not self._changed:
            return
        if len(self._held) >= BATCH or not self._expected:
            self._send_held()
        if not self._expected and not self._writing:
            self._start_writing()

    def finish(self) -> bool:
        """Have the bundle written unless the kept one holds the same pages; whether it was."""
        try:
            if not self._changed and self.pages == self.kept_pages:
                return False
            self._send_held()
            if self._stale or not self._writing:
                self._start_writing()
            assert self._service is not None
            self._service.wait()
            return True
        finally:
            self.close()

    def close(self) -> None:
        if self._service is not None:
            self._service.close()
            self._service = None

    def _send_held(self) -> None:
        if self._service is None:
            self._service = PagefindService(get_executable())
        # A page written twice is indexed once, as it ends (Pagefind reads it from disk).
        batch = [relative for relative in dict.fromkeys(self._held) if relative not in self._sent]
        self._held.clear()
        for start in range(0, len(batch), BATCH):
            self._service.add_files(self.output, batch[start : start + BATCH])
        self._sent.update(batch)
        self._stale = self._stale or (self._writing and bool(batch))

    def _start_writing(self) -> None:
        assert self._service is not None
        # A bundle Pagefind is still writing (a page came after it began) is never deleted
        # under it: its answer first, then the folder goes, then the new bundle.
        self._service.wait()
        shutil.rmtree(self.bundle, ignore_errors=True)  # never write through a link to the cache
        self._service.start_writing(self.bundle)
        self._writing, self._stale = True, False


def searchable_outputs(generators: list[Any]) -> set[str]:
    """The output files the build will write with an article or a page: Pelican's articles,
    pages and their translations that have somewhere to go (drafts have no SAVE_AS here)."""
    lists = (
        "articles",
        "translations",
        "hidden_articles",
        "hidden_translations",
        "pages",
        "hidden_pages",
        "draft_pages",
        "draft_translations",
        "drafts",
        "drafts_translations",
    )
    return {
        content.save_as.replace(os.sep, "/")
        for generator in generators
        if isinstance(generator, ArticlesGenerator | PagesGenerator)
        for name in lists
        for content in getattr(generator, name, ())
        if content.save_as
    }


def searchable_first(generators: list[Any]) -> None:
    """Pelican writes the articles, then their lists (tags, categories), then the pages. Pages
    first, then articles, and the index can be written while Pelican writes the lists."""
    pages = [generator for generator in generators if isinstance(generator, PagesGenerator)]
    articles = [
        i for i, generator in enumerate(generators) if isinstance(generator, ArticlesGenerator)
    ]
    if not pages or not articles:
        return
    for generator in pages:
        generators.remove(generator)
    first = min(
        i for i, generator in enumerate(generators) if isinstance(generator, ArticlesGenerator)
    )
    generators[first:first] = pages


class KeptIndex:
    """The latest index and its pages' digests, in the cache folder."""

    def __init__(self, cache: Path) -> None:
        self.folder = cache / BUNDLE

    def pages(self) -> dict[str, str]:
        try:
            kept = json.loads((self.folder / KEPT_PAGES).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if kept.get("pagefind") != binary_identity() or not (self.folder / KEPT_INDEX).is_dir():
            return {}
        return dict(kept.get("pages") or {})

    def place(self, bundle: Path) -> None:
        place_tree(self.folder / KEPT_INDEX, bundle)

    def keep(self, bundle: Path, pages: dict[str, str]) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # only the latest index is worth keeping
        place_tree(bundle, self.folder / KEPT_INDEX)
        record = {"pagefind": binary_identity(), "pages": pages}
        (self.folder / KEPT_PAGES).write_text(json.dumps(record, sort_keys=True), "utf-8")


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


_feed: PageFeed | None = None  # the build under way's


def start_feed(generators: list[Any]) -> None:
    """Every build, once its content is read and before it writes a page."""
    global _feed
    stop_feed()
    settings = generators[0].settings
    if not settings.get("PAGEFIND", True):
        return
    searchable_first(generators)  # Pelican writes in the order of this very list
    kept = KeptIndex(Path(settings["CACHE_PATH"]))
    output = Path(os.path.abspath(settings["OUTPUT_PATH"]))  # as Pelican joins its pages' paths
    _feed = PageFeed(output, kept.pages(), searchable_outputs(generators))


def stop_feed() -> None:
    global _feed
    if _feed is not None:
        _feed.close()
    _feed = None


def page_written(path: str, context: dict[str, Any]) -> None:
    """Pelican announces every file it writes; articles and pages carry their content object."""
    if _feed is not None and ("article" in context or "page" in context):
        try:
            _feed.page_written(Path(os.path.abspath(path)))
        except (OSError, PagefindServiceError) as exc:
            raise SearchIndexError(f"Pagefind failed on {path}: {exc}") from exc


def index_site(pelican: Any) -> None:
    global _feed
    if _feed is None:
        logger.info("PAGEFIND is off: no search index built")
        return
    feed, _feed = _feed, None
    bundle = feed.bundle
    kept = KeptIndex(Path(pelican.settings["CACHE_PATH"]))
    try:
        wrote = feed.finish()
    except (OSError, PagefindServiceError) as exc:
        raise SearchIndexError(f"Pagefind failed on {bundle.parent}: {exc}") from exc
    if not wrote:
        kept.place(bundle)
        logger.info("Pagefind index unchanged since the last build: reused")
        return
    kept.keep(bundle, feed.pages)
    logger.info("Pagefind index of %d pages written to %s", len(feed.pages), bundle)


def register() -> None:
    signals.all_generators_finalized.connect(start_feed)
    signals.content_written.connect(page_written)
    signals.finalized.connect(index_site)
