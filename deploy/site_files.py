"""What each file of the built site is served as: Content-Type and Cache-Control.

Fingerprinted files (a content hash in the name, or Pagefind's hashed index chunks) never
change under the same name, so browsers and CloudFront may keep them for a year. HTML, feeds
and other unhashed files change at every publish under the same name, so they are kept briefly;
CloudFront's copy is refreshed by the invalidation that publish sends for changed paths.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

IMMUTABLE = "public, max-age=31536000, immutable"
PAGE = "public, max-age=300"  # HTML, feeds, sitemaps: new articles show within minutes
ASSET = "public, max-age=3600"  # unhashed CSS/JS/images: an hour of staleness at worst

# name.<8+ hex>.ext, as written by asset fingerprinting (e.g. site.3f2a9c1b.css).
FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$")
# Pagefind names its index chunks by content hash (fragment/en_1a2b3c4.pf_fragment).
PAGEFIND_HASHED = re.compile(r"^pagefind/(fragment|index|filter)/")
PAGE_SUFFIXES = (".html", ".xml", ".txt", ".json", ".ics", ".webmanifest")

TEXT = "; charset=utf-8"
CONTENT_TYPES = {
    ".html": "text/html" + TEXT,
    ".css": "text/css" + TEXT,
    ".js": "text/javascript" + TEXT,
    ".mjs": "text/javascript" + TEXT,
    ".json": "application/json" + TEXT,
    ".xml": "application/xml" + TEXT,
    ".txt": "text/plain" + TEXT,
    ".ics": "text/calendar" + TEXT,
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json" + TEXT,
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
}
# Feeds say what they are, so feed readers and browsers handle them as feeds.
SPECIAL_NAMES = {
    ".atom.xml": "application/atom+xml" + TEXT,
    ".rss.xml": "application/rss+xml" + TEXT,
}
BINARY = "application/octet-stream"


def content_type(key: str) -> str:
    name = PurePosixPath(key).name.lower()
    for ending, kind in SPECIAL_NAMES.items():
        if name.endswith(ending):
            return kind
    suffix = PurePosixPath(name).suffix
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    return guessed or BINARY  # Pagefind's .pf_* chunks and unknown files: plain bytes


def is_fingerprinted(key: str) -> bool:
    return bool(FINGERPRINT.search(key) or PAGEFIND_HASHED.match(key))


def cache_control(key: str) -> str:
    if is_fingerprinted(key):
        return IMMUTABLE
    if key.lower().endswith(PAGE_SUFFIXES):
        return PAGE
    return ASSET


@dataclass(frozen=True)
class SiteFile:
    key: str
    path: Path
    md5: str  # hex; equals the S3 ETag of a single-part upload
    content_type: str
    cache_control: str


def md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def site_files(output_dir: Path) -> dict[str, SiteFile]:
    """Every file under output_dir, keyed by its S3 key (the path with forward slashes)."""
    files = {}
    for path in sorted(output_dir.rglob("*")):
        if not path.is_file():
            continue
        key = path.relative_to(output_dir).as_posix()
        files[key] = SiteFile(key, path, md5_of(path), content_type(key), cache_control(key))
    return files
