"""sitemap.xml and robots.txt, from the HTML pages actually written to the output folder.

Walking the output (rather than the content) means tag pages, paginated lists and the
home page are listed too, and nothing that was not written can be. Pages that ask not to
be indexed (`<meta name="robots" content="noindex">`: 404, thank-you pages) are left out.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from pelican import signals

from plugins.support.output_files import html_files
from plugins.support.urls import absolute_url

logger = logging.getLogger(__name__)

NOINDEX = re.compile(rb'<meta name="robots" content="[^"]*noindex', re.IGNORECASE)
MODIFIED = re.compile(rb'<meta property="article:modified_time" content="([^"]+)"')
# A page's translations, as its head names them (base.html): the sitemap repeats them.
ALTERNATE = re.compile(rb'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
HEAD_END = b"</head>"
HEAD_BYTES = 16_384  # our heads end within about 3 KB; a longer one is read whole
SKIPPED_FOLDERS = ("pagefind", "theme", "drafts")


def page_url_path(relative: str) -> str:
    """Clean URL of an output file: news/x/index.html -> news/x/."""
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def head_of(path: Path) -> bytes:
    """The page up to </head>: both meta tags we look for live there."""
    with path.open("rb") as page:
        start = page.read(HEAD_BYTES)
        end = start.find(HEAD_END)
        return start[:end] if end != -1 else start + page.read()


Entry = tuple[str, str | None, tuple[tuple[str, str], ...]]  # path, lastmod, (hreflang, href)


def sitemap_entries(output: Path) -> list[Entry]:
    entries = []
    for relative in html_files(output, SKIPPED_FOLDERS):
        head = head_of(output / relative)
        if NOINDEX.search(head):
            continue
        modified = MODIFIED.search(head)
        lastmod = modified.group(1)[:10].decode("ascii", "replace") if modified else None
        alternates = tuple(
            (language.decode("ascii", "replace"), href.decode("utf-8", "replace"))
            for language, href in ALTERNATE.findall(head)
        )
        entries.append((page_url_path(relative), lastmod, alternates))
    return entries


def render_sitemap(entries: list[Entry], settings: dict[str, Any]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path, lastmod, alternates in entries:
        lines.append(f"  <url><loc>{escape(absolute_url(settings, path))}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{escape(lastmod)}</lastmod>")
        for language, href in alternates:
            # hrefs come from our own HTML, already escaped for an attribute.
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{language}" href="{href}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap_and_robots(pelican: Any) -> None:
    output = Path(pelican.settings["OUTPUT_PATH"])
    entries = sitemap_entries(output)
    (output / "sitemap.xml").write_text(render_sitemap(entries, pelican.settings), encoding="utf-8")
    robots = f"User-agent: *\nDisallow: /api/\n\nSitemap: {absolute_url(pelican.settings, 'sitemap.xml')}\n"
    (output / "robots.txt").write_text(robots, encoding="utf-8")
    logger.info("sitemap.xml lists %s pages", len(entries))


def register() -> None:
    signals.finalized.connect(write_sitemap_and_robots)
