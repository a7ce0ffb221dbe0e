"""Which output files Pagefind walks: the folders of articles and pages, not the list pages."""

from __future__ import annotations

import fnmatch

from plugins.pagefind_index import ALL_HTML, searchable_glob


def expand(glob: str) -> list[str]:
    assert glob.startswith("{") and glob.endswith("}")
    return glob[1:-1].split(",")


def matches(glob: str, path: str) -> bool:
    # Pagefind's `*` never crosses a folder; fnmatch's does, so compare folder depth too.
    return any(
        fnmatch.fnmatchcase(path, pattern) and path.count("/") == pattern.count("/")
        for pattern in expand(glob)
    )


def test_each_article_folder_and_top_level_pages_become_one_pattern() -> None:
    glob = searchable_glob(
        [
            "news/a/index.html",
            "news/b/index.html",
            "events/sofia/index.html",
            "manifesto/index.html",
            "privacy/index.html",
            "manifesto/thank-you/index.html",
            "404.html",
        ]
    )
    assert expand(glob) == [
        "*/index.html",
        "404.html",
        "events/*/index.html",
        "manifesto/*/index.html",
        "news/*/index.html",
    ]


def test_list_pages_and_their_pagination_are_not_walked() -> None:
    glob = searchable_glob(["news/a/index.html", "events/sofia/index.html", "about/index.html"])
    assert matches(glob, "news/z/index.html")
    assert not matches(glob, "tags/open-data/index.html")
    assert not matches(glob, "tags/open-data/page/2/index.html")
    assert not matches(glob, "news/page/2/index.html")
    assert not matches(glob, "feeds/all.atom.xml")


def test_nothing_to_index_falls_back_to_every_html_file() -> None:
    assert searchable_glob([]) == ALL_HTML
