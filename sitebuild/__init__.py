"""The one way the site is built: content checks, then Pelican, in child processes.

Used by `make serve`'s devstack (first build and every rebuild) and by deploy/publish
(settings publishconf.py), so neither imports the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Tells Pelican (`-e`) that the content checks ran just before it, so its gate
# (plugins/content_checks.py, CHECKED_SETTING) does not run them a second time in the build.
# Not imported from there: that would load the checks into every process that builds.
CHECKED_OVERRIDE = "CONTENT_CHECKED=true"


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
    root: Path,
    output: Path,
    settings: str = "pelicanconf.py",
    env: dict[str, str] | None = None,
    origin: str | None = None,
) -> subprocess.CompletedProcess:
    """Editors' checks first: they list every problem as "file: field: problem", where a
    refused Pelican build would bury the same list in a traceback. Pelican is told they ran
    (CONTENT_CHECKED), so they run once per build.

    `origin` (e.g. "http://localhost:8123") is where a local build will be served: the
    canonical, Open Graph, feed, sitemap and calendar links use it (LOCAL_ORIGIN in
    pelicanconf.py). Without it the build keeps the environment's (default port 8000).
    """
    if origin is not None:
        env = {**(os.environ if env is None else env), "LOCAL_ORIGIN": origin}
    checked = _run(root, env, "plugins.content_checks", "content")
    if checked.returncode != 0:
        return checked
    built = _run(
        root, env, "pelican", "content", "-o", str(output), "-s", settings, "-e", CHECKED_OVERRIDE
    )
    # The checks' warnings (stale translations) stay part of what the build said, as when
    # Pelican's gate logged them.
    built.stderr = (checked.stderr or "") + (built.stderr or "")
    return built


def build_errors(result: subprocess.CompletedProcess) -> str:
    """What a failed build said: Pelican logs to stdout, Python errors go to stderr."""
    return "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())
