"""The Pagefind index finds a known article; no internal link or asset is broken."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from tests.site.conftest import SITE_URL, Build
from tests.site.html_tools import parse_page
from tests.site.pagefind_reader import pages_with_word


def test_pagefind_index_finds_a_known_article(published: Build) -> None:
    """The Pagefind index finds known articles by a word, and not the draft."""
    bundle = published.output / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert pages_with_word(bundle, "blockchain") == ["/interviews/utrecht-ambassador-city/"]
    assert "/news/ambassador-cities-survey/" in pages_with_word(bundle, "ambassador")
    assert pages_with_word(bundle, "zeppelinpilot") == []  # the draft is not indexed


def test_pagefind_indexes_every_page_marked_for_search(published: Build) -> None:
    """Pagefind walks only the article and page folders: nothing marked for search is missed."""
    marked = [
        page
        for page in published.output.rglob("*.html")
        if "pagefind" not in page.parts and "data-pagefind-body" in page.read_text("utf-8")
    ]
    entry = json.loads((published.output / "pagefind" / "pagefind-entry.json").read_text())
    assert len(marked) >= 10
    # One index per <html lang>: each holds exactly that language's marked pages.
    by_language = Counter(
        re.search(r'<html lang="([^"]+)"', page.read_text("utf-8")).group(1) for page in marked
    )
    assert len(by_language) == 7
    counts = {language: index["page_count"] for language, index in entry["languages"].items()}
    assert counts == dict(by_language)


def test_search_page_works_without_javascript_politely(published: Build) -> None:
    """The search page has a <noscript> note and names the Pagefind bundle."""
    html = published.html("search/index.html")
    assert "<noscript>" in html and "Search needs JavaScript" in html
    assert f'data-bundle="{SITE_URL}/pagefind/pagefind.js"' in html


def resolve(output: Path, link: str) -> Path | None:
    """The output file a link points at, or None when it is not a link into this site."""
    parts = urlsplit(link)
    if parts.scheme in ("mailto", "tel"):
        return None
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != SITE_URL:
        return None
    if not parts.path.startswith("/"):
        return None if not parts.path else output / "__relative_link_not_allowed__"
    target = output / parts.path.lstrip("/")
    return target / "index.html" if parts.path.endswith("/") else target


def test_no_broken_internal_links(published: Build) -> None:
    """Every internal link of every built page (500+ checked) leads to a file of the build."""
    broken, checked = [], 0
    for page in published.output.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        for link in parse_page(page.read_text("utf-8")).links:
            target = resolve(published.output, link)
            if target is None:
                continue
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(published.output)} -> {link}")
    assert broken == []
    assert checked > 500  # the walk really saw the site's links


def test_article_page_weight_under_20_kb_gzipped(published: Build) -> None:
    """An interview page loads one deferred script; with its assets it is at most 20 KB gzipped."""
    page = "interviews/utrecht-ambassador-city/index.html"
    assets = [page, "theme/css/site.css", "theme/js/language.js"]
    html = published.html(page)
    # One deferred script, for the "English only" note in the reader's language; the page
    # reads the same without it.
    scripts = re.findall(r'<script src="[^"]*/([^/"]+)" defer>', html)
    assert scripts == ["language.js"] and len(re.findall(r"<script\b[^>]*\bsrc=", html)) == 1
    total = sum(len(gzip.compress((published.output / a).read_bytes())) for a in assets)
    assert total <= 20 * 1024, f"{total} bytes gzipped"
