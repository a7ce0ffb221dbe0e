"""Build the real site into temporary folders, once per test session, the way `make html` does.

Three builds share a copy of content/ with a draft and a future-dated news item added:
- `published`: publishconf.py (absolute URLs, future news hidden), with the Pagefind index;
- `local`: pelicanconf.py as of 20 January 2018, so the 2018 events are still upcoming;
- a broken copy is built by the test that needs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PELICAN = [sys.executable, "-m", "pelican"]
SITE_URL = "https://citizenfocus.example"
API_BASE_URL = "https://api.citizenfocus.example"

DRAFT_NEWS = """---
title: Unfinished story about a secret pilot
date: 2018-01-20
author: Marketplace Editorial
summary: This draft must never be published.
status: draft
---
Draft body mentioning zeppelinpilot.
"""

FUTURE_NEWS = """---
title: Scheduled announcement from the future
date: 2099-01-01
author: Marketplace Editorial
summary: This item is dated in the future and is hidden until then.
tags: [scheduled]
---
Scheduled body.
"""

DRAFT_PAGE = """---
title: Draft page
summary: Not yet.
status: draft
---
Nothing yet.
"""


@dataclass(frozen=True)
class Build:
    output: Path
    result: subprocess.CompletedProcess[str]

    def html(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")


def copy_content(destination: Path) -> Path:
    content = destination / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "news" / "draft-secret-pilot.md").write_text(DRAFT_NEWS, encoding="utf-8")
    (content / "news" / "scheduled-announcement.md").write_text(FUTURE_NEWS, encoding="utf-8")
    (content / "pages" / "draft-page.md").write_text(DRAFT_PAGE, encoding="utf-8")
    return content


def run_pelican(
    content: Path, output: Path, settings_file: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    cache = output.parent / f"{output.name}-cache"
    # Pelican keeps only the last `-e`: every override goes after the one cache setting.
    overrides, flags, taking = [], [], False
    for item in extra:
        if item in ("-e", "--extra-settings"):
            taking = True
            continue
        taking = taking and not item.startswith("-")
        (overrides if taking else flags).append(item)
    command = [*PELICAN, str(content), "-o", str(output), "-s", str(ROOT / settings_file)]
    command += [*flags, "-e", f'CACHE_PATH="{cache}"', *overrides]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **(env or {}), "COLUMNS": "200"},
        check=False,
    )


@pytest.fixture(scope="session")
def content_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_content(tmp_path_factory.mktemp("site-content"))


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory, content_copy: Path) -> Build:
    output = tmp_path_factory.mktemp("published") / "output"
    env = {"SITE_URL": SITE_URL, "API_BASE_URL": API_BASE_URL}
    result = run_pelican(content_copy, output, "publishconf.py", env=env)
    assert result.returncode == 0, result.stderr + result.stdout
    return Build(output, result)


@pytest.fixture(scope="session")
def local_2018(tmp_path_factory: pytest.TempPathFactory, content_copy: Path) -> Build:
    output = tmp_path_factory.mktemp("local") / "output"
    extra = ("-e", 'BUILD_NOW="2018-01-20T12:00:00+01:00"', "PAGEFIND=false")
    result = run_pelican(content_copy, output, "pelicanconf.py", *extra)
    assert result.returncode == 0, result.stderr + result.stdout
    return Build(output, result)
