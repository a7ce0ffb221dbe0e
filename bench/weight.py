"""Page weight: a page's HTML plus the CSS (following @import) and JS it loads from the site,
raw and gzipped (each file on its own, level 9, as a CDN would serve it). Web fonts and images
are not counted; the notes in results.md say where a theme loads them."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?["']?([^"')\s;]+)""")


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and "stylesheet" in (values.get("rel") or "").split():
            self.found.append(values.get("href") or "")
        elif tag == "script" and values.get("src"):
            self.found.append(values["src"] or "")
        elif tag == "script" and values.get("data-bundle"):
            pass  # loaded on demand (search only), not on page load


def asset_urls(html: str) -> list[str]:
    """The stylesheets and scripts a page loads as it opens, as written in it."""
    parser = _Assets()
    parser.feed(html)
    return parser.found


@dataclass(frozen=True)
class Weight:
    files: tuple[str, ...]
    raw: int
    gzipped: int


def _local(output: Path, folder: Path, url: str, origin: str = "") -> Path | None:
    """The output file a URL names: root-relative, relative to `folder`, or under `origin`
    (the site's own address, as the API's pages write it)."""
    if origin and url.startswith(origin + "/"):
        url = url[len(origin) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None  # a third-party request: neither theme makes one, and it would not count here
    base = output if url.startswith("/") else folder
    target = (base / parts.path.lstrip("/")).resolve()
    return target if target.is_file() else None


def _with_imports(output: Path, css: Path, seen: set[Path]) -> list[Path]:
    if css in seen:
        return []
    seen.add(css)
    found = [css]
    for url in CSS_IMPORT.findall(css.read_text(encoding="utf-8", errors="replace")):
        target = _local(output, css.parent, url)
        if target is not None:
            found += _with_imports(output, target, seen)
    return found


def assets_of(output: Path, html: str, folder: Path, origin: str = "") -> list[Path]:
    """The output files a page loads as it opens, stylesheets with their @imports; relative
    URLs resolve against `folder`, and URLs under `origin` are the site's own."""
    files: list[Path] = []
    seen: set[Path] = set()
    for url in asset_urls(html):
        target = _local(output, folder, url, origin)
        if target is None:
            continue
        files += _with_imports(output, target, seen) if target.suffix == ".css" else [target]
    return files


def page_weight(output: Path, page: Path) -> Weight:
    files = [page, *assets_of(output, page.read_text(encoding="utf-8"), page.parent)]
    data = [path.read_bytes() for path in files]
    return Weight(
        tuple(path.relative_to(output).as_posix() for path in files),
        sum(len(item) for item in data),
        sum(len(gzip.compress(item, compresslevel=9, mtime=0)) for item in data),
    )


def gzipped_at(output: Path, weight: Weight, level: int) -> int:
    """The same files as `weight`, each gzipped on its own at another level."""
    return sum(
        len(gzip.compress((output / name).read_bytes(), compresslevel=level, mtime=0))
        for name in weight.files
    )
