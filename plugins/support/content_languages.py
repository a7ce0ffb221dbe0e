"""Translated content: which file is a translation, of which original, and whether it is stale.

A translation sits next to its original with the language before the extension
(`pages/manifesto.fr.md` translates `pages/manifesto.md`) and names both in its front matter:
`lang: fr` and `original: pages/manifesto.md` (the path under content/). It is published under
the language's prefix with the original's slug (`/fr/manifesto/`), which is how Pelican pairs it
with its original.

A translation is stale when its original changed after it was last translated: git knows when
each file last changed (its last commit, or now for a file with uncommitted changes). The build
and `make check-content` warn about stale translations; they never fail on them.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES
from plugins.support.content_model import ContentError


def split_language(relative: str) -> tuple[str, str | None]:
    """('pages/manifesto.md', 'fr') for 'pages/manifesto.fr.md'; (relative, None) for others."""
    path = PurePosixPath(relative)
    stem, dot, language = path.stem.rpartition(".")
    if dot and language in LANGUAGES and language != DEFAULT_LANGUAGE and stem:
        return str(path.with_name(stem + path.suffix)), language
    return relative, None


def check_translation(
    relative: str, metadata: dict, exists: Callable[[str], bool]
) -> list[ContentError]:
    """A translation names its language and its original, and both agree with its file name."""
    original, language = split_language(relative)
    declared = metadata.get("lang")
    errors = []
    if language is None:
        if declared not in (None, DEFAULT_LANGUAGE):
            suffix = f"name it {PurePosixPath(relative).stem}.{declared}.md next to its original"
            errors.append(
                ContentError(relative, "lang", f"a translation into {declared!r}: {suffix}")
            )
        if "original" in metadata:
            errors.append(
                ContentError(relative, "original", "only a translation names an original")
            )
        return errors
    if declared != language:
        errors.append(
            ContentError(
                relative, "lang", f"must be {language!r}, as the file name says (is {declared!r})"
            )
        )
    if metadata.get("original") != original:
        errors.append(
            ContentError(relative, "original", f"must be {original!r}, the file it translates")
        )
    elif not exists(original):
        errors.append(ContentError(relative, "original", f"{original} does not exist"))
    return errors


@dataclass(frozen=True)
class StaleTranslation:
    translation: str
    original: str

    def __str__(self) -> str:
        return (
            f"{self.translation}: stale translation: its original {self.original} changed after "
            "it was last translated"
        )


def translation_pairs(relatives: Iterable[str]) -> list[tuple[str, str]]:
    pairs = []
    for relative in relatives:
        original, language = split_language(relative)
        if language:
            pairs.append((relative, original))
    return sorted(pairs)


def stale_translations(root: Path, relatives: Iterable[str]) -> list[StaleTranslation]:
    """Translations whose original changed later than they did (empty outside a git work tree)."""
    pairs = translation_pairs(relatives)
    if not pairs:
        return []
    changed = last_changes(root)
    if changed is None:
        return []
    return [
        StaleTranslation(translation, original)
        for translation, original in pairs
        if changed.get(original, 0) > changed.get(translation, 0)
    ]


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(  # noqa: S603 - fixed git arguments, no shell
            ["git", "-C", str(root), *args],  # noqa: S607 - git from PATH, as make uses it
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def last_changes(root: Path) -> dict[str, float] | None:
    """{path under root: when it last changed}: its last commit, or now when it has changes not
    committed yet. One `git log` and one `git status` for the whole tree."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    log = _git(root, "log", "--format=%x00%ct", "--name-only", "--relative", "--", ".")
    status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
    if prefix is None or log is None or status is None:
        return None
    changed: dict[str, float] = {}
    moment = 0.0
    for line in log.splitlines():
        if line.startswith("\x00"):
            moment = float(line[1:])
        elif line and line not in changed:  # newest first: the first time seen is the last change
            changed[line] = moment
    now = time.time()
    # Porcelain paths are relative to the top of the repository, whatever the folder.
    for entry in status.split("\0"):
        path = entry[3:]
        if len(entry) > 3 and entry[2] == " " and path.startswith(prefix.strip()):
            changed[path[len(prefix.strip()) :]] = now
    return changed
