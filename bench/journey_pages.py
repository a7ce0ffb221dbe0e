"""Page weight of every page of the survey journey (issue 13: at most 15 KB gzipped each).

The pages come from a live local stack, as a browser gets them: each step, the city page, the
task list and the check page; each weighed with the stylesheets (and their @imports) and
scripts it loads, found as bench.weight finds them for the static pages.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import requests

from bench.weight import assets_of

SURVEY_ID = "ambassador-cities-2026"


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def _weight_kb(page: requests.Response, output: Path, origin: str) -> float:
    """KB gzipped (-9, each file on its own) of the page and what it loads from the site."""
    files = assets_of(output, page.text, output, origin)
    return (_gzipped(page.content) + sum(_gzipped(path.read_bytes()) for path in files)) / 1024


def journey_weights(base_url: str, output: Path) -> dict[str, float]:
    """KB gzipped (-9, each file on its own) of each journey page with its assets; `output`
    is the folder the stack serves the site from."""
    session = requests.Session()
    started = session.post(
        f"{base_url}/api/surveys/{SURVEY_ID}/drafts",
        data={"start": ""},
        headers={"Origin": base_url},
        allow_redirects=False,
        timeout=30,
    )
    first = started.headers["Location"]
    token = re.search(r"[?&]t=([^&]+)", first).group(1)
    draft = urlsplit(first).path.rsplit("/steps/", 1)[0]
    tasks = session.get(f"{base_url}{draft}", params={"t": token}, timeout=30).text
    steps = re.findall(r"/steps/([a-z0-9-]+)\?", tasks)
    weights = {}
    for step in dict.fromkeys(["about", *steps]):
        page = session.get(f"{base_url}{draft}/steps/{step}", params={"t": token}, timeout=30)
        weights[f"step {step}"] = _weight_kb(page, output, base_url)
    for name, path in (("task list", ""), ("check page", "/check")):
        page = session.get(f"{base_url}{draft}{path}", params={"t": token}, timeout=30)
        weights[name] = _weight_kb(page, output, base_url)
    return weights
