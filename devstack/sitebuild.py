"""Build the site with Pelican in a child process, and rebuild it when sources change."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from pathlib import Path

from watchfiles import watch

log = logging.getLogger(__name__)

WATCHED = ("content", "theme", "plugins", "pelicanconf.py", "functions/forms")


def _run(root: Path, env: dict[str, str] | None, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - fixed argv, no shell
        [sys.executable, "-m", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def build_site(
    root: Path, output: Path, settings: str = "pelicanconf.py", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Editors' checks first: they list every problem as "file: field: problem", where a
    refused Pelican build would bury the same list in a traceback. Used by `make serve` and
    by publishing (settings publishconf.py)."""
    checked = _run(root, env, "plugins.content_checks", "content")
    if checked.returncode != 0:
        return checked
    return _run(root, env, "pelican", "content", "-o", str(output), "-s", settings)


def build_errors(result: subprocess.CompletedProcess) -> str:
    """What a failed build said: Pelican logs to stdout, Python errors go to stderr."""
    return "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())


class Rebuilder(threading.Thread):
    """Rebuilds the site whenever a watched file changes, until stopped."""

    def __init__(self, root: Path, output: Path, report) -> None:
        super().__init__(name="site-rebuilder", daemon=True)
        self.root = root
        self.output = output
        self.report = report
        self.stopped = threading.Event()

    def run(self) -> None:
        paths = [self.root / name for name in WATCHED if (self.root / name).exists()]
        for changes in watch(*paths, stop_event=self.stopped, debounce=300, raise_interrupt=False):
            names = sorted({Path(path).relative_to(self.root).as_posix() for _, path in changes})
            self.report(
                f"Changed: {', '.join(names[:5])}{' ...' if len(names) > 5 else ''}; rebuilding"
            )
            result = build_site(self.root, self.output)
            if result.returncode == 0:
                self.report("Site rebuilt.")
            else:
                self.report(f"Build failed:\n{build_errors(result)}")

    def stop(self) -> None:
        self.stopped.set()
