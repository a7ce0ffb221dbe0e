"""Full-page screenshots of the main page types at phone and desktop widths, for review.

Written to var/screenshots/ (ignored by git). The test also checks what a reviewer would see
first on a phone: nothing wider than the screen.
"""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests.support.browser_fixtures import new_context

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PAGES = {
    "home": "/",
    "article": "/news/webinar-participatory-budgeting/",
    "event": "/events/webinar-participatory-budgeting-2018/",
    "manifesto": "/manifesto/",
    "survey": "/ambassador-cities/survey/",
}
WIDTHS = (375, 1280)


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">I", data[16:20])[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots(chromium, stack, width):
    """Each main page is no wider than the window, and its full-page screenshot is written."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = new_context(chromium, stack, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        for name, path in PAGES.items():
            page.goto(path)
            page.wait_for_load_state("networkidle")  # the live endorsement count, the survey status
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{name} is {overflow} px wide in a {width} px window"
            target = SCREENSHOTS / f"{name}-{width}.png"
            data = page.screenshot(path=target, full_page=True)
            assert png_width(data) == width
            assert target.stat().st_size > 5_000, f"{target.name} looks empty"
    finally:
        context.close()
