"""A rebuild with unchanged HTML reuses the kept Pagefind index; changed HTML is indexed anew."""

from __future__ import annotations

import json
from pathlib import Path

from tests.site.conftest import copy_content, run_pelican
from tests.site.pagefind_reader import pages_with_word

NEW_ARTICLE = """---
title: Zanzibarium workshop on civic data
date: 2018-02-01
summary: A made-up article whose rare word proves the index was rebuilt.
author: Citizen Focus Action Cluster
tags: [data]
---

The zanzibarium workshop brought officers and citizens together.
"""


def build(content: Path, output: Path) -> str:
    result = run_pelican(content, output, "pelicanconf.py", "--verbose")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def test_unchanged_html_reuses_the_index_and_changed_html_is_indexed(tmp_path: Path) -> None:
    """A rebuild reuses the kept Pagefind index; a new article is indexed; one index is kept."""
    content = copy_content(tmp_path / "site")
    output = tmp_path / "output"
    cache = tmp_path / "output-cache"  # where run_pelican keeps this output's cache

    first = build(content, output)
    assert "reused" not in first
    assert pages_with_word(output / "pagefind", "utrecht")

    second = build(content, output)
    assert "Pagefind index unchanged since the last build: reused" in second
    assert pages_with_word(output / "pagefind", "utrecht")

    (content / "news" / "zanzibarium-workshop.md").write_text(NEW_ARTICLE)
    third = build(content, output)
    assert "reused" not in third
    assert pages_with_word(output / "pagefind", "zanzibarium") == ["/news/zanzibarium-workshop/"]
    # Only the latest index is kept, with the digest of each page it holds.
    assert sorted(path.name for path in (cache / "pagefind").iterdir()) == ["index", "pages.json"]
    kept = json.loads((cache / "pagefind" / "pages.json").read_text("utf-8"))
    assert "/news/zanzibarium-workshop/" in kept["pages"]
