"""The theme's CSS and JavaScript, minified in the built site.

The sources keep their comments, which say why the scripts do what they do (a third of
survey.js); visitors need none of them. rjsmin and rcssmin strip comments and spaces without
renaming anything, so a minified file behaves as its source does, and both are fast enough
to run at every build (a few milliseconds). The API's pages load these same files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rcssmin
import rjsmin
from pelican import signals

logger = logging.getLogger(__name__)

MINIFIERS: dict[str, Callable[[str], str]] = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}


def minify_folder(folder: Path) -> int:
    """Minify every .js and .css file under `folder` in place; the number rewritten."""
    rewritten = 0
    for path in sorted(folder.rglob("*")):
        minify = MINIFIERS.get(path.suffix)
        if minify is None or not path.is_file():
            continue
        source = path.read_text(encoding="utf-8")
        smaller = minify(source)
        if smaller != source:  # a rebuild that copied nothing new finds them minified already
            path.write_text(smaller, encoding="utf-8")
            rewritten += 1
    return rewritten


def minify_theme_assets(pelican: Any) -> None:
    folder = Path(pelican.output_path) / pelican.settings["THEME_STATIC_DIR"]
    if folder.is_dir():
        logger.debug("minified %d theme files", minify_folder(folder))


def register() -> None:
    signals.finalized.connect(minify_theme_assets)
