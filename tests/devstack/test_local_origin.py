"""`make serve` with another PORT: the pages' absolute links (canonical, Open Graph, feeds,
sitemap, calendars) name the origin the site is served from, not localhost:8000."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sitebuild
from devstack import sitebuild as rebuilds

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://localhost:8123"


def canonical_and_og_url(html: str) -> tuple[str, str]:
    canonical = re.search(r'<link rel="canonical" href="([^"]*)">', html)
    og_url = re.search(r'<meta property="og:url" content="([^"]*)">', html)
    assert canonical and og_url, "no canonical link or og:url"
    return canonical.group(1), og_url.group(1)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of a copy of the real project (the build writes its cache beside it)."""
    copy = tmp_path_factory.mktemp("origin") / "project"
    for name in ("content", "theme", "plugins", "functions"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", copy / "pelicanconf.py")
    output = copy / "output"
    result = sitebuild.build_site(copy, output, origin=ORIGIN)
    assert result.returncode == 0, sitebuild.build_errors(result)
    return output


@pytest.mark.slow
def test_pages_name_the_origin_they_are_served_from(built: Path) -> None:
    """Built for another origin, pages, sitemap and feed name it; no file names localhost:8000."""
    article = next(
        path for path in sorted(built.glob("news/*/index.html")) if "page" not in path.parts
    )
    pages = {
        "index.html": f"{ORIGIN}/",
        "privacy/index.html": f"{ORIGIN}/privacy/",
        article.relative_to(
            built
        ).as_posix(): f"{ORIGIN}/{article.parent.relative_to(built).as_posix()}/",
    }
    for relative, expected in pages.items():
        html = (built / relative).read_text(encoding="utf-8")
        assert canonical_and_og_url(html) == (expected, expected), relative
        assert f'<link rel="canonical" href="{expected}">' in html

    assert f"<loc>{ORIGIN}/</loc>" in (built / "sitemap.xml").read_text(encoding="utf-8")
    assert f'href="{ORIGIN}/' in (built / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    stale = [
        path.relative_to(built).as_posix()
        for path in built.rglob("*")
        if path.suffix in {".html", ".xml", ".ics", ".txt"}
        and "localhost:8000" in path.read_text(encoding="utf-8")
    ]
    assert not stale, f"still naming localhost:8000: {stale[:10]}"


def settings_origin(environ: dict[str, str]) -> list[str]:
    """LOCAL_ORIGIN and FEED_DOMAIN as pelicanconf.py reads them from this environment."""
    env = {key: value for key, value in os.environ.items() if key != "LOCAL_ORIGIN"}
    code = "import pelicanconf as s; print(s.LOCAL_ORIGIN); print(s.FEED_DOMAIN)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_pelicanconf_reads_the_origin_from_the_environment() -> None:
    """pelicanconf's LOCAL_ORIGIN and FEED_DOMAIN default to localhost:8000, else LOCAL_ORIGIN."""
    assert settings_origin({}) == ["http://localhost:8000"] * 2
    assert settings_origin({"LOCAL_ORIGIN": f"{ORIGIN}/"}) == [ORIGIN] * 2


def test_build_site_hands_the_origin_to_both_steps(monkeypatch, tmp_path: Path) -> None:
    """build_site gives the checks and Pelican the origin, or none, keeping the rest of the env."""
    seen: list[tuple[str, str | None, str | None]] = []

    def run(root, env, *args):
        seen.append((args[0], (env or {}).get("LOCAL_ORIGIN"), (env or {}).get("KEPT")))
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(sitebuild, "_run", run)
    sitebuild.build_site(tmp_path, tmp_path / "out", env={"KEPT": "yes"}, origin=ORIGIN)
    assert seen == [("plugins.content_checks", ORIGIN, "yes"), ("pelican", ORIGIN, "yes")]

    seen.clear()
    sitebuild.build_site(tmp_path, tmp_path / "out", env={"KEPT": "yes"})
    assert seen == [("plugins.content_checks", None, "yes"), ("pelican", None, "yes")]


def test_the_rebuilder_rebuilds_with_the_first_builds_origin(monkeypatch, tmp_path: Path) -> None:
    """After a change the Rebuilder builds again with the origin it was given."""
    origins: list[str | None] = []

    def build(root, output, settings="pelicanconf.py", env=None, origin=None):
        origins.append(origin)
        return subprocess.CompletedProcess([], 0, "", "")

    def one_change(*paths, **options):
        yield {(1, str(tmp_path / "content" / "pages" / "privacy.md"))}

    (tmp_path / "content").mkdir()
    monkeypatch.setattr(rebuilds, "build_site", build)
    monkeypatch.setattr(rebuilds, "watch", one_change)
    messages: list[str] = []
    rebuilds.Rebuilder(tmp_path, tmp_path / "output", messages.append, origin=ORIGIN).run()
    assert origins == [ORIGIN]
    assert messages[-1] == "Site rebuilt."
