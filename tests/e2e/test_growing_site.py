"""The site as it will be in a few years: more than one page of news. Builds a generated corpus
(the benchmark's) with our settings into a temporary folder; the list pages must paginate."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bench import corpus

ROOT = Path(__file__).resolve().parents[2]


def test_news_and_tag_lists_paginate(tmp_path):
    """With 75 generated articles the news list has page 2, prev/next links and a windowed bar."""
    content = corpus.write(corpus.generate(75), tmp_path / "content", corpus.as_front_matter)
    output = tmp_path / "output"
    argv = [sys.executable, "-m", "pelican", str(content), "-o", str(output)]
    argv += ["-s", str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"']
    argv += ["PAGEFIND=false"]  # not what this test is about; it saves seconds
    built = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stdout[-4000:] + built.stderr[-2000:]

    first, second = output / "news" / "index.html", output / "news" / "page" / "2" / "index.html"
    assert second.is_file(), sorted(
        p.relative_to(output).as_posix() for p in output.rglob("*.html")
    )[:40]
    assert 'rel="next" href="/news/page/2/"' in first.read_text()
    assert 'rel="prev" href="/news/"' in second.read_text()
    # 75 articles, 10 a page: the first page shows 1, 2, 3, a gap and the last page.
    bar = first.read_text().split('<nav class="pagination"', 1)[1].split("</nav>", 1)[0]
    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>', bar)
    assert numbers == ["1", "2", "3", "8"]
    assert bar.count('<li aria-hidden="true">…</li>') == 1
    assert 'aria-current="page" href="/news/"' in bar
