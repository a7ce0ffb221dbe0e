"""Pages reach Pagefind while the build writes them (plugins/pagefind_index.py, through
plugins/support/pagefind_service.py): with the real binary, on a small site in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pagefind_bin import get_executable
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator

from plugins.pagefind_index import BUNDLE, KeptIndex, PageFeed, searchable_first
from plugins.support.pagefind_service import PagefindService, PagefindServiceError, exact_files_glob
from tests.site.pagefind_reader import pages_with_word

PAGE = """<!doctype html><html lang="{lang}"><head><title>{word}</title></head>
<body><main data-pagefind-body><h1>{word}</h1><p>A page about {word}.</p></main></body></html>
"""


def write_page(site: Path, relative: str, word: str, lang: str = "en") -> Path:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(word=word, lang=lang), "utf-8")
    return path


def page_counts(bundle: Path) -> dict[str, int]:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return {language: index["page_count"] for language, index in entry["languages"].items()}


def test_the_glob_names_exactly_the_files_even_with_glob_characters_in_their_names() -> None:
    """exact_files_glob joins the paths in braces, escaping commas, braces and stars."""
    assert exact_files_glob(["news/a/index.html", "b.html"]) == "{news/a/index.html,b.html}"
    assert exact_files_glob(["odd,name/{x}*.html"]) == "{odd\\,name/\\{x\\}\\*.html}"


def test_the_service_indexes_only_the_files_it_is_given(tmp_path: Path) -> None:
    """The Pagefind service indexes the files it is given, odd names too, and no other."""
    site = tmp_path / "site"
    write_page(site, "news/kestrel/index.html", "kestrel")
    write_page(site, "odd,name/index.html", "ptarmigan")
    write_page(site, "news/left-out/index.html", "cormorant")
    service = PagefindService(get_executable())
    try:
        service.add_files(site, ["news/kestrel/index.html"])
        service.add_files(site, ["odd,name/index.html"])
        service.write_files(site / BUNDLE)
    finally:
        service.close()
    assert pages_with_word(site / BUNDLE, "kestrel") == ["/news/kestrel/"]
    assert pages_with_word(site / BUNDLE, "ptarmigan") == ["/odd,name/"]
    assert pages_with_word(site / BUNDLE, "cormorant") == []


def test_a_service_that_stopped_is_an_error_not_a_hang(tmp_path: Path) -> None:
    """Using a service whose process was killed raises PagefindServiceError, not a hang."""
    service = PagefindService(get_executable())
    service._process.kill()  # the crash under test
    service._process.wait()
    with pytest.raises(PagefindServiceError, match="stopped"):
        service.add_files(tmp_path, ["index.html"])
        service.write_files(tmp_path / BUNDLE)
    service.close()


def feed_site(site: Path, kept: dict[str, str], expected: set[str], words: dict[str, str]):
    """Write the pages like a build, each announced to a feed, and finish it."""
    feed = PageFeed(site, kept, expected)
    for relative, word in words.items():
        feed.page_written(write_page(site, relative, word))
    return feed, feed.finish()


def test_a_first_build_indexes_every_page_and_a_rebuild_with_the_same_pages_reuses(
    tmp_path: Path,
) -> None:
    """A rebuild of the same pages reuses the kept index; one changed page re-indexes all."""
    site = tmp_path / "site"
    words = {f"news/p{n}/index.html": f"word{n}" for n in range(5)}
    feed, wrote = feed_site(site, {}, set(words), words)
    assert wrote
    assert page_counts(site / BUNDLE) == {"en": 5}
    KeptIndex(tmp_path / "cache").keep(site / BUNDLE, feed.pages)

    kept = KeptIndex(tmp_path / "cache").pages()
    assert kept == feed.pages and len(kept) == 5
    _, wrote = feed_site(site, kept, set(words), words)
    assert not wrote  # nothing sent: the kept index is placed instead

    words["news/p3/index.html"] = "changedword"
    _, wrote = feed_site(site, kept, set(words), words)
    assert wrote
    assert page_counts(site / BUNDLE) == {"en": 5}  # every page, not only the changed one
    assert pages_with_word(site / BUNDLE, "changedword") == ["/news/p3/"]


def test_a_page_gone_since_the_kept_index_means_a_new_index(tmp_path: Path) -> None:
    """A page removed since the kept index makes a new index, without that page."""
    site = tmp_path / "site"
    words = {f"news/p{n}/index.html": f"word{n}" for n in range(3)}
    first, _ = feed_site(site, {}, set(words), words)
    del words["news/p2/index.html"]
    (site / "news/p2/index.html").unlink()
    _, wrote = feed_site(site, dict(first.pages), set(words), words)
    assert wrote
    assert page_counts(site / BUNDLE) == {"en": 2}


def test_a_page_written_after_the_bundle_was_begun_is_still_indexed(tmp_path: Path) -> None:
    """The bundle starts once every announced page is written; one more page means another."""
    site = tmp_path / "site"
    words = {"news/a/index.html": "alpha", "news/b/index.html": "bravo"}
    late = {"fr/c/index.html": "gannet"}
    _, wrote = feed_site(site, {}, set(words), words | late)
    assert wrote
    assert pages_with_word(site / BUNDLE, "gannet") == ["/fr/c/"]
    assert page_counts(site / BUNDLE) == {"en": 3}


def test_pages_are_written_before_the_articles_and_their_lists() -> None:
    """searchable_first puts the pages generator before the articles, the static one last."""
    articles = object.__new__(ArticlesGenerator)
    pages = object.__new__(PagesGenerator)
    static = object.__new__(StaticGenerator)
    generators = [articles, pages, static]
    searchable_first(generators)
    assert generators == [pages, articles, static]
