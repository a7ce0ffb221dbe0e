"""Editors' content checks (plugins/content_checks.py): the same messages from `python -m
plugins.content_checks` and from a Pelican build of a broken copy of content/, the front
matter rules, and the cache that re-reads only changed files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plugins import content_checks
from plugins.content_checks import check_content_tree
from plugins.support.content_model import check_front_matter
from tests.site.conftest import ROOT, run_pelican

BROKEN_EVENT = """---
title: Broken event
summary: An event whose end comes before its start.
status: postponed
start: 2018-06-28
end: 2018-06-27
timezone: Europe/Sofa
venue: Marinela Hotel
city: Sofia
country: BG
organiser: EIP-SCC
---
Body.
"""

NEWS_WITHOUT_ALT = """---
title: Story with an image
date: 16.01.2018
author: Marketplace Editorial
summary: An image without alt text and a link to nowhere.
image: {src: images/photo.jpg}
---
![](/images/photo.jpg) and [a missing page](/news/no-such-story/).
"""


@pytest.fixture(scope="module")
def broken_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("broken") / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "events" / "broken-event.md").write_text(BROKEN_EVENT, encoding="utf-8")
    (content / "news" / "no-alt.md").write_text(NEWS_WITHOUT_ALT, encoding="utf-8")
    return content


EXPECTED = [
    "events/broken-event.md: end: must be after start (2018-06-28)",
    "events/broken-event.md: status: 'postponed' is not one of: save-the-date, confirmed, "
    "cancelled, draft",
    "events/broken-event.md: timezone: 'Europe/Sofa' is not an IANA time zone",
    "news/no-alt.md: date: '16.01.2018' is not a date: write YYYY-MM-DD",
    "news/no-alt.md: image.alt: alt text is required for every image",
    "news/no-alt.md: body line 1: image /images/photo.jpg has no alt text",
    "news/no-alt.md: body line 1: link /news/no-such-story/ does not match any page of the site",
]


def test_build_refuses_invalid_content_naming_file_and_field(
    broken_content: Path, tmp_path: Path
) -> None:
    """A Pelican build of broken content fails with every expected message and writes no index."""
    result = run_pelican(broken_content, tmp_path / "out", "pelicanconf.py", "-e", "PAGEFIND=false")
    assert result.returncode != 0
    output = " ".join((result.stderr + result.stdout).split())  # undo the log's line wrapping
    for message in EXPECTED:
        assert message in output
    assert not (tmp_path / "out" / "index.html").exists()


def test_standalone_check_prints_the_same_messages(broken_content: Path) -> None:
    """`python -m plugins.content_checks` on broken content exits 1 with every expected message."""
    result = subprocess.run(
        [sys.executable, "-m", "plugins.content_checks", str(broken_content)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    for message in EXPECTED:
        assert message in result.stderr


def test_real_content_passes_the_checks() -> None:
    """content/ passes the checks, in-process and as `python -m plugins.content_checks`."""
    assert check_content_tree(ROOT / "content") == []
    result = subprocess.run(
        [sys.executable, "-m", "plugins.content_checks", "content"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def problems(content_type: str, metadata: dict) -> list[str]:
    return [str(error) for error in check_front_matter(content_type, metadata, "f.md")]


def test_required_fields_and_unknown_fields_are_reported() -> None:
    """News front matter reports an unknown field with the known ones, and each missing field."""
    assert problems("news", {"title": "T", "tittle": "x"}) == [
        "f.md: tittle: unknown field; known fields: author, date, image, lang, modified, original, slug, "
        "source, status, summary, tags, title",
        "f.md: summary: required for news, missing",
        "f.md: date: required for news, missing",
        "f.md: author: required for news, missing",
    ]


def test_event_place_is_required_unless_online() -> None:
    """An event needs venue, city and country unless online; start and end must be alike."""
    base = {
        "title": "E",
        "summary": "S",
        "status": "confirmed",
        "start": "2018-03-14 14:00",
        "end": "2018-03-14 15:30",
        "timezone": "Europe/Brussels",
        "organiser": "Citizen Focus",
    }
    assert problems("events", {**base, "online": True}) == []
    assert problems("events", base) == [
        f"f.md: {key}: required for events that are not online, missing"
        for key in ("venue", "city", "country")
    ]
    assert problems("events", {**base, "online": True, "end": "2018-03-14"}) == [
        "f.md: end: start and end must both be dates or both be date-times"
    ]


def test_interviewees_need_name_role_and_city() -> None:
    """An interviewee without a city is reported by its position in the list."""
    metadata = {
        "title": "I",
        "summary": "S",
        "date": "2018-01-16",
        "interviewees": [{"name": "Pieter in 't Hout", "role": "Strategist"}],
    }
    assert problems("interviews", metadata) == ["f.md: interviewees[1].city: required, missing"]


def test_cached_checks_read_only_changed_files_and_still_see_broken_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cache only changed files are read again, yet a link to a removed page is caught."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(ROOT / "content", content)
    assert check_content_tree(content, cache) == []

    read = []
    original = content_checks.facts_of_file
    monkeypatch.setattr(
        content_checks, "facts_of_file", lambda path, rel: read.append(rel) or original(path, rel)
    )
    assert check_content_tree(content, cache) == []
    assert read == []  # nothing changed: nothing parsed again

    # A changed file is checked again...
    (content / "news" / "no-alt.md").write_text(NEWS_WITHOUT_ALT, encoding="utf-8")
    errors = [str(error) for error in check_content_tree(content, cache)]
    assert read == ["news/no-alt.md"]
    assert "news/no-alt.md: image.alt: alt text is required for every image" in errors

    # ...and an unchanged file's link breaks when the page it points at goes away.
    (content / "news" / "no-alt.md").unlink()
    linked = "/interviews/utrecht-ambassador-city/"
    linking = [p for p in content.rglob("*.md") if f"]({linked})" in p.read_text("utf-8")]
    assert linking, "the test needs a file that links to the Utrecht interview"
    (content / "interviews" / "utrecht-ambassador-city.md").unlink()
    errors = [str(error) for error in check_content_tree(content, cache)]
    assert any(f"link {linked} does not match any page" in error for error in errors)


def test_a_change_to_the_checks_discards_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the checker's version changes, every content file is read again."""
    content, cache = tmp_path / "content", tmp_path / "cache"
    shutil.copytree(ROOT / "content", content)
    check_content_tree(content, cache)
    read = []
    original = content_checks.facts_of_file
    monkeypatch.setattr(
        content_checks, "facts_of_file", lambda path, rel: read.append(rel) or original(path, rel)
    )
    monkeypatch.setattr(content_checks, "_checker_version", lambda: "another version")
    check_content_tree(content, cache)
    assert len(read) == len(list(content.rglob("*.md")))
