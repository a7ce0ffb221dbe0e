"""The theme's promises on every page type: usable from 320 px wide (nothing wider than the
screen), and everything a page loads comes from the site itself: no third-party request, no
web font."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.a11y.test_axe import STATIC_PAGES
from tests.support.browser_fixtures import new_context

pytestmark = pytest.mark.browser

NARROWEST = 320
PAGES = {**STATIC_PAGES, "search": "/search/?q=participatory", "404": "/no-such-page/"}


def test_every_page_type_fits_320_px_and_loads_only_from_the_site(chromium, stack) -> None:
    """At 320 px no page of 17+ types is wider than the screen, loads from elsewhere, or a font."""
    context = new_context(chromium, stack, viewport={"width": NARROWEST, "height": 640})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    too_wide, foreign, fonts = [], [], []
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            requested.clear()
            page.goto(path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > NARROWEST:
                too_wide.append(f"{name}: {width} px")
            own = urlsplit(stack.url).netloc
            foreign += [f"{name}: {url}" for url in requested if urlsplit(url).netloc != own]
            if page.evaluate("document.fonts.size") > 0:
                fonts.append(name)
    finally:
        context.close()
    assert too_wide == []
    assert foreign == []
    assert fonts == [], "web fonts loaded"
    assert len(PAGES) >= 17
