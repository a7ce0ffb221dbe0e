"""Which output pages the sitemap lists, and their last modification date."""

from __future__ import annotations

from pathlib import Path

from plugins.sitemap import HEAD_BYTES, sitemap_entries


def page(head: str, body: str = "<p>Text</p>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def test_entries_skip_noindex_and_asset_folders_and_read_modified_dates(tmp_path: Path) -> None:
    """sitemap_entries skips noindex heads and asset folders, and reads modified dates."""
    files = {
        "index.html": page("<title>Home</title>"),
        "news/a/index.html": page(
            '<meta property="article:modified_time" content="2018-03-20T10:00:00+01:00">'
        ),
        "manifesto/thank-you/index.html": page('<meta name="robots" content="noindex">'),
        "404.html": page('<meta name="robots" content="NOINDEX, follow">'),
        "theme/x.html": page(""),
        "pagefind/y.html": page(""),
        # A body that mentions the tags is not a head that has them.
        "news/b/index.html": page("", '<meta name="robots" content="noindex">'),
        # A head longer than the first read is read whole.
        "news/long/index.html": page(
            "<!--" + "x" * HEAD_BYTES + '-->\n<meta name="robots" content="noindex">'
        ),
    }
    for relative, html in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(html, encoding="utf-8")

    assert sitemap_entries(tmp_path) == [
        ("", None, ()),
        ("news/a/", "2018-03-20", ()),
        ("news/b/", None, ()),
    ]
