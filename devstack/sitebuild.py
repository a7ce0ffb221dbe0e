"""Rebuild the site when its sources change (the build itself is sitebuild.build_site)."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from watchfiles import watch

from sitebuild import build_errors, build_site

log = logging.getLogger(__name__)

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "functions/forms")
DEBOUNCE_MS = 300  # an editor's save often writes several files: one rebuild for them all


class Rebuilder(threading.Thread):
    """Rebuilds the site whenever a watched file changes, until stopped.

    `origin` is the one the first build used, so rebuilt pages keep the served port."""

    def __init__(
        self,
        root: Path,
        output: Path,
        report,
        origin: str | None = None,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(name="site-rebuilder", daemon=True)
        self.root = root
        self.debounce_ms = debounce_ms
        self.output = output
        self.report = report
        self.origin = origin
        self.stopped = threading.Event()

    def run(self) -> None:
        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        changed = watch(
            *paths, stop_event=self.stopped, debounce=self.debounce_ms, raise_interrupt=False
        )
        for changes in changed:
            names = sorted({Path(path).relative_to(self.root).as_posix() for _, path in changes})
            self.report(
                f"Changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; rebuilding"
            )
            result = build_site(self.root, self.output, origin=self.origin)
            if result.returncode == 0:
                self.report("Site rebuilt.")
            else:
                self.report(f"Build failed:\n{build_errors(result)}")

    def stop(self) -> None:
        self.stopped.set()
