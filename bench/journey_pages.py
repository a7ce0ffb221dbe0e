"""Page weight of every page of the survey journey (issue 13: at most 15 KB gzipped each).

The pages come from a live local stack, as a browser gets them: each step, the city page, the
task list and the check page; each weighed with the stylesheets (and their @imports) and
scripts it loads, as bench.weight weighs the static pages.
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin, urlsplit

import requests

from bench.weight import CSS_IMPORT, asset_urls

SURVEY_ID = "ambassador-cities-2026"


def _gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


class _Assets:
    """The site's files a page loads, fetched once each from the live stack."""

    def __init__(self, session: requests.Session, base_url: str) -> None:
        self.session = session
        self.base = urlsplit(base_url)
        self.fetched: dict[str, bytes] = {}

    def _path(self, url: str, referrer: str) -> str | None:
        parts = urlsplit(urljoin(referrer, url))
        return parts.path if parts.netloc == self.base.netloc else None  # ours only

    def _get(self, path: str) -> bytes:
        if path not in self.fetched:
            answer = self.session.get(self.base.geturl() + path, timeout=30)
            answer.raise_for_status()
            self.fetched[path] = answer.content
        return self.fetched[path]

    def of(self, page_url: str, html: str) -> set[str]:
        """The paths of everything the page loads, stylesheets with their @imports."""
        found: set[str] = set()
        waiting = [(url, page_url) for url in asset_urls(html)]
        while waiting:
            url, referrer = waiting.pop()
            path = self._path(url, referrer)
            if path is None or path in found:
                continue
            found.add(path)
            if path.endswith(".css"):
                text = self._get(path).decode("utf-8", "replace")
                waiting += [
                    (imported, self.base.geturl() + path) for imported in CSS_IMPORT.findall(text)
                ]
        return found

    def weight_kb(self, page: requests.Response) -> float:
        """KB gzipped (-9, each file on its own) of the page and what it loads."""
        files = self.of(page.url, page.text)
        return (_gzipped(page.content) + sum(_gzipped(self._get(path)) for path in files)) / 1024


def journey_weights(base_url: str) -> dict[str, float]:
    """KB gzipped (-9, each file on its own) of each journey page with its assets."""
    session = requests.Session()
    assets = _Assets(session, base_url)
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
        weights[f"step {step}"] = assets.weight_kb(page)
    for name, path in (("task list", ""), ("check page", "/check")):
        page = session.get(f"{base_url}{draft}{path}", params={"t": token}, timeout=30)
        weights[name] = assets.weight_kb(page)
    return weights
