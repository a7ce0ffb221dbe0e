"""Editors' checks: every content file's front matter against its type, and its links.

Run standalone with `python -m plugins.content_checks content` (exit 1 and a list of
"<file>: <field>: <problem>" lines when anything is wrong); the build runs the same
`check_content_tree` through plugins.content_gate and refuses to publish on any error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from plugins.content_model import (
    ContentError,
    check_front_matter,
    content_type_of,
)
from plugins.front_matter import FrontMatterError, split_front_matter

# URLs the site always has, whatever the content (see pelicanconf.py).
FIXED_URLS = frozenset({"/", "/news/", "/events/", "/interviews/", "/tags/"})
GENERATED_PREFIXES = ("/feeds/", "/tags/", "/theme/", "/pagefind/", "/news/page/")
LINK_PATTERN = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}(.+)$")


def check_content_tree(root: Path) -> list[ContentError]:
    """All problems in every Markdown file under root, sorted by file and field."""
    documents = list(_read_all(root))
    errors = [error for _, _, _, problems in documents for error in problems]
    known_urls = set(FIXED_URLS)
    for relative, metadata, _, _ in documents:
        known_urls.update(urls_of(relative, metadata))
    for relative, _, body, _ in documents:
        errors.extend(check_links(root, relative, body, known_urls))
    return sorted(errors)


def _read_all(root: Path) -> Iterable[tuple[str, dict, str, list[ContentError]]]:
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        content_type = content_type_of(relative)
        if content_type is None:
            problem = "not in news/, events/, interviews/ or pages/: its type is unknown"
            yield relative, {}, "", [ContentError(relative, "(file)", problem)]
            continue
        try:
            metadata, body = split_front_matter(path.read_text(encoding="utf-8"))
        except (FrontMatterError, UnicodeDecodeError) as exc:
            yield relative, {}, "", [ContentError(relative, "(front matter)", str(exc))]
            continue
        yield relative, metadata, body, check_front_matter(content_type, metadata, relative)


def urls_of(relative: str, metadata: dict) -> set[str]:
    """The root-relative URLs a file will be published at (page, and .ics for events)."""
    if metadata.get("status") == "draft":
        return set()
    content_type = content_type_of(relative)
    inner = PurePosixPath(relative.split("/", 1)[1])
    slug = str(metadata.get("slug") or inner.stem)
    if content_type == "pages":
        if slug == "404":
            return {"/404.html"}
        folder = "" if str(inner.parent) == "." else f"{inner.parent}/"
        return {f"/{folder}{slug}/"}
    urls = {f"/{content_type}/{slug}/"}
    if content_type == "events":
        urls.add(f"/events/{slug}.ics")
    return urls


def check_links(root: Path, relative: str, body: str, known_urls: set[str]) -> list[ContentError]:
    """Images need alt text; internal links and images must point at something that exists."""
    errors = []
    source_folder = (root / relative).parent
    for line_number, line in enumerate(body.splitlines(), start=1):
        for is_image, text, target in LINK_PATTERN.findall(line):
            where = f"body line {line_number}"
            if is_image and not text.strip():
                errors.append(ContentError(relative, where, f"image {target} has no alt text"))
            problem = _broken_target(root, source_folder, target, known_urls)
            if problem:
                errors.append(ContentError(relative, where, problem))
    return errors


def _broken_target(root: Path, folder: Path, target: str, known_urls: set[str]) -> str | None:
    pelican_link = PELICAN_LINK.match(target)
    if pelican_link:
        path = urlsplit(pelican_link.group(2)).path
        resolved = root / path.lstrip("/") if path.startswith("/") else folder / path
        return None if resolved.exists() else f"{target} points at a file that does not exist"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None  # external, mail or in-page links are not ours to resolve
    path = parts.path if parts.path.endswith(("/", ".html", ".ics", ".xml")) else parts.path + "/"
    if path in known_urls or path.startswith(GENERATED_PREFIXES):
        return None
    if (root / parts.path.lstrip("/")).is_file():
        return None
    return f"link {target} does not match any page of the site"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "content")
    if not root.is_dir():
        print(f"content folder not found: {root}", file=sys.stderr)
        return 2
    errors = check_content_tree(root)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} content error(s)", file=sys.stderr)
        return 1
    print(f"content OK: {sum(1 for _ in root.rglob('*.md'))} files checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
