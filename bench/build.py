"""Build timings: our site and bare Pelican (default theme `notmyidea`, no plugins) on the same
generated corpus, each a full build into an empty folder, then a rebuild with nothing changed."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench import corpus

ROOT = Path(__file__).resolve().parent.parent

# Bare Pelican: its defaults, plus only what makes the comparison like for like (the same
# pagination and time zone as ours; no relative URLs so pages match a deployed site).
BARE_SETTINGS = """\
SITENAME = "Citizen Focus"
SITEURL = ""
TIMEZONE = "Europe/Brussels"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
"""


@dataclass(frozen=True)
class BuildTimes:
    full: float
    rebuild: float
    pages: int


@dataclass(frozen=True)
class Site:
    """One site to build: its content folder, output folder and pelican arguments."""

    name: str
    content: Path
    output: Path
    argv: tuple[str, ...]


def pelican(site: Site) -> float:
    argv = [sys.executable, "-m", "pelican", str(site.content), "-o", str(site.output)]
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - fixed argv
        [*argv, *site.argv], cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(
            f"{site.name} build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return elapsed


def add_site_pages(content: Path, translations: bool = True) -> None:
    """Our own pages (Manifesto, survey, privacy...), in every language or in English only,
    with the site's own stories they link to (the content checks refuse a link to no page):
    a handful of files beside the corpus's 1,000."""
    for folder in ("pages", "interviews", "news", "events"):
        source = ROOT / "content" / folder
        for page in source.rglob("*.md"):
            relative = page.relative_to(source)
            if not translations and len(page.stem.split(".")) > 1:
                continue
            target = content / folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)


def english_only(work: Path, ours: Site) -> Site:
    """Our site on the same corpus with one language: what the other six cost."""
    content = work / "ours-en-content"
    shutil.rmtree(content, ignore_errors=True)
    # The corpus's news without the site's translated stories: this build has one language.
    shutil.copytree(
        ours.content / "news",
        content / "news",
        ignore=lambda _folder, names: [n for n in names if len(n.split(".")) > 2],
    )
    add_site_pages(content, translations=False)
    site = Site("ours-en", content, work / "ours-en-output", ours.argv)
    return with_settings(site, 'LANGUAGES=["en"]', f'CACHE_PATH="{work / "ours-en-cache"}"')


def prepare(work: Path, count: int) -> tuple[Site, Site]:
    articles = corpus.generate(count)
    ours_content = corpus.write(articles, work / "ours-content", corpus.as_front_matter)
    add_site_pages(ours_content)
    bare_content = corpus.write(articles, work / "bare-content", corpus.as_pelican_metadata)
    bare_conf = work / "bare_pelicanconf.py"
    # Pelican's default cache folder is relative to the working folder: keep it out of the repo.
    bare_conf.write_text(BARE_SETTINGS + f'CACHE_PATH = "{work / "bare-cache"}"\n')
    ours = Site(
        "ours",
        ours_content,
        work / "ours-output",
        # Our settings; only the cache moves out of the repository.
        ("-s", str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{work / "ours-cache"}"'),
    )
    bare = Site("bare", bare_content, work / "bare-output", ("-s", str(bare_conf)))
    return ours, bare


def count_pages(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def with_settings(site: Site, *settings: str) -> Site:
    """The same site with extra `-e NAME=json` settings (after the ones it has)."""
    return replace(
        site, argv=(*site.argv, *settings) if "-e" in site.argv else (*site.argv, "-e", *settings)
    )


def clean(site: Site) -> None:
    shutil.rmtree(site.output, ignore_errors=True)
    for cache in site.output.parent.glob(f"{site.name}-cache*"):
        shutil.rmtree(cache)


def measure(sites: list[Site], repeats: int = 3) -> dict[str, BuildTimes]:
    """Median full build (empty output, no cache) and no-change rebuild of each site; the sites
    take turns so that a change in machine load reaches them alike."""
    full: dict[str, list[float]] = {site.name: [] for site in sites}
    rebuild: dict[str, list[float]] = {site.name: [] for site in sites}
    for _ in range(repeats):
        for site in sites:
            clean(site)
            full[site.name].append(pelican(site))
            rebuild[site.name].append(pelican(site))
    return {
        site.name: BuildTimes(
            statistics.median(full[site.name]),
            statistics.median(rebuild[site.name]),
            count_pages(site.output),
        )
        for site in sites
    }
