"""Editors' checks: every content file's front matter against its type, and its links.

Run standalone with `python -m plugins.content_checks content` (exit 1 and a list of
"<file>: <field>: <problem>" lines when anything is wrong). As a Pelican plugin it is the
build's gate: Pelican logs and skips a file whose reader raises, and carries on, which would
publish a site with pages silently missing; checking the whole tree when Pelican starts, and
raising, stops the build with the same messages.

The checks run once per build. The site build (sitebuild.build_site, `make html`) runs them
standalone first, for their plain list of problems, and tells Pelican so with the setting
CONTENT_CHECKED; a bare `pelican` run has the gate check.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES
from plugins.support.content_languages import (
    StaleTranslation,
    check_translation,
    split_language,
    stale_translations,
)
from plugins.support.content_model import (
    ContentError,
    InvalidContent,
    check_front_matter,
    content_type_of,
)
from plugins.support.front_matter import FrontMatterError, split_front_matter

logger = logging.getLogger(__name__)

# The setting that says the site build ran the checks just before Pelican (pelicanconf.py
# declares it; sitebuild.CHECKED_OVERRIDE and the Makefile set it: tests/site check they agree).
CHECKED_SETTING = "CONTENT_CHECKED"
# URLs the site always has, whatever the content (see pelicanconf.py): with each language's home.
FIXED_URLS = frozenset(
    {"/", "/news/", "/events/", "/interviews/", "/tags/"}
    | {f"/{language}/" for language in LANGUAGES if language != DEFAULT_LANGUAGE}
)
GENERATED_PREFIXES = ("/feeds/", "/tags/", "/theme/", "/pagefind/", "/news/page/")
LINK_PATTERN = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}(.+)$")
CACHE_FILE = "content-checks.pickle"


@dataclass(frozen=True)
class FileFacts:
    """What the checks need from one file; depends on that file alone, so it can be cached."""

    urls: frozenset[str]
    links: tuple[tuple[int, bool, str, str], ...]  # line number, is image, text, target
    problems: tuple[ContentError, ...]
    metadata: dict = field(default_factory=dict, compare=False)  # for the translation checks


def check_content_tree(root: Path, cache_dir: Path | None = None) -> list[ContentError]:
    """All problems in every Markdown file under root, sorted by file and field.

    With a cache folder, a file whose size and modification time are unchanged since the
    last check is not read again; links are always checked against the whole tree."""
    facts = _facts_of_tree(root, cache_dir)
    errors = [error for fact in facts.values() for error in fact.problems]
    known_urls = set(FIXED_URLS).union(*(fact.urls for fact in facts.values()))
    for relative, fact in facts.items():
        errors.extend(check_links(root, relative, fact.links, known_urls))
        errors.extend(check_translation(relative, fact.metadata, lambda path: path in facts))
    return sorted(errors)


def stale_translations_of_tree(root: Path) -> list[StaleTranslation]:
    """Translations whose original changed after them: warnings, never errors."""
    relatives = (path.relative_to(root).as_posix() for path in root.rglob("*.md"))
    return stale_translations(root, relatives)


def _checker_version() -> str:
    """The checks' own source: a change to them must not reuse old answers."""
    here = Path(__file__).resolve().parent
    sources = (
        "content_checks.py", "support/content_model.py", "support/front_matter.py",
        "support/countries.py", "support/content_languages.py",
    )  # fmt: skip
    return hashlib.sha256(b"".join((here / name).read_bytes() for name in sources)).hexdigest()


def _load_cache(path: Path, version: str) -> dict[str, tuple[int, int, FileFacts]]:
    try:
        saved_version, entries = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return {}
    return entries if saved_version == version else {}


def _save_cache(path: Path, version: str, entries: dict[str, tuple[int, int, FileFacts]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((version, entries), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _facts_of_tree(root: Path, cache_dir: Path | None) -> dict[str, FileFacts]:
    version = _checker_version() if cache_dir else ""
    cache_path = cache_dir / CACHE_FILE if cache_dir else None
    cached = _load_cache(cache_path, version) if cache_path else {}
    entries: dict[str, tuple[int, int, FileFacts]] = {}
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        stat = path.stat()
        hit = cached.get(relative)
        if hit and hit[:2] == (stat.st_mtime_ns, stat.st_size):
            entries[relative] = hit
        else:
            entries[relative] = (stat.st_mtime_ns, stat.st_size, facts_of_file(path, relative))
    if cache_path and entries != cached:
        _save_cache(cache_path, version, entries)
    return {relative: entry[2] for relative, entry in entries.items()}


def facts_of_file(path: Path, relative: str) -> FileFacts:
    content_type = content_type_of(relative)
    if content_type is None:
        problem = "not in news/, events/, interviews/ or pages/: its type is unknown"
        return FileFacts(frozenset(), (), (ContentError(relative, "(file)", problem),))
    try:
        metadata, body = split_front_matter(path.read_text(encoding="utf-8"))
    except (FrontMatterError, UnicodeDecodeError) as exc:
        return FileFacts(frozenset(), (), (ContentError(relative, "(front matter)", str(exc)),))
    return FileFacts(
        frozenset(urls_of(relative, metadata)),
        links_in(body),
        tuple(check_front_matter(content_type, metadata, relative)),
        {key: metadata[key] for key in ("lang", "original") if key in metadata},
    )


def links_in(body: str) -> tuple[tuple[int, bool, str, str], ...]:
    return tuple(
        (line_number, bool(is_image), text, target)
        for line_number, line in enumerate(body.splitlines(), start=1)
        if "](" in line
        for is_image, text, target in LINK_PATTERN.findall(line)
    )


def urls_of(relative: str, metadata: dict) -> set[str]:
    """The root-relative URLs a file will be published at (page, and .ics for events)."""
    if metadata.get("status") == "draft":
        return set()
    original, language = split_language(relative)
    if language:
        return {f"/{language}{url}" for url in urls_of(original, metadata)}
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


def check_links(
    root: Path, relative: str, links: Iterable[tuple[int, bool, str, str]], known_urls: set[str]
) -> list[ContentError]:
    """Images need alt text; internal links and images must point at something that exists."""
    errors = []
    source_folder = (root / relative).parent
    for line_number, is_image, text, target in links:
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


def refuse_invalid_content(pelican: Any) -> None:
    """The build's gate: raise InvalidContent (every problem, by file and field) unless the
    site build checked the same tree just before starting Pelican."""
    settings = pelican.settings
    if settings.get(CHECKED_SETTING):
        logger.debug("content checked before the build: %s", settings["PATH"])
        return
    # Alongside Pelican's own content cache: files unchanged since the last build are not
    # parsed again (their links are still checked against the whole tree).
    cache_dir = Path(settings["CACHE_PATH"]) if settings.get("CACHE_CONTENT") else None
    errors = check_content_tree(Path(settings["PATH"]), cache_dir)
    if errors:
        raise InvalidContent(errors)
    for stale in stale_translations_of_tree(Path(settings["PATH"])):
        logger.warning("%s", stale)
    logger.debug("content checks passed for %s", settings["PATH"])


def register() -> None:
    from pelican import signals  # here: the standalone check does not need Pelican loaded

    signals.initialized.connect(refuse_invalid_content)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0] if args else "content")
    if not root.is_dir():
        print(f"content folder not found: {root}", file=sys.stderr)
        return 2
    errors = check_content_tree(root)
    for stale in stale_translations_of_tree(root):
        print(f"warning: {stale}", file=sys.stderr)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} content error(s)", file=sys.stderr)
        return 1
    print(f"content OK: {sum(1 for _ in root.rglob('*.md'))} files checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
