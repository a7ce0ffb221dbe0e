"""Page weight of every page of the survey journey (issue 13: at most 15 KB gzipped each).

The pages come from a live local stack, as a browser gets them: each step, the city page, the
task list and the check page; each weighed with what it loads (site.css, survey.js).
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

import requests

SURVEY_ID = "ambassador-cities-2026"
ASSETS = ("/theme/css/site.css", "/theme/js/survey.js")


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def journey_weights(base_url: str) -> dict[str, float]:
    """KB gzipped (-9, each file on its own) of each journey page with its assets."""
    session = requests.Session()
    assets = sum(_gzipped(session.get(base_url + path, timeout=30).content) for path in ASSETS)
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
        weights[f"step {step}"] = (_gzipped(page.content) + assets) / 1024
    for name, path in (("task list", ""), ("check page", "/check")):
        page = session.get(f"{base_url}{draft}{path}", params={"t": token}, timeout=30)
        weights[name] = (_gzipped(page.content) + assets) / 1024
    return weights
