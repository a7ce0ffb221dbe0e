"""What keyboard users and people who print see, in Chromium on the live local stack: the skip
link first, a visible focus on a link of the content, and a printout of the content without
header, footer, latest news or skip link.
"""

from __future__ import annotations

import pytest

from tests.support.browser_fixtures import fresh_page

pytestmark = pytest.mark.browser

ARTICLE = "/news/webinar-participatory-budgeting/"


def test_first_tab_shows_the_skip_link_and_it_moves_focus_to_main(chromium, stack) -> None:
    """The first Tab focuses a visible skip link, and Enter on it moves focus to main."""
    with fresh_page(chromium, stack, viewport={"width": 1280, "height": 800}) as page:
        page.goto(ARTICLE)
        page.keyboard.press("Tab")
        link = page.locator(".skip-link")
        assert link.evaluate("element => element === document.activeElement")
        box = link.bounding_box()
        assert box is not None and box["width"] > 40 and box["height"] > 10 and box["y"] >= 0
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_visible_on_links(chromium, stack) -> None:
    """The first link of main, reached with Tab, changes background and gets a box shadow."""
    with fresh_page(chromium, stack, viewport={"width": 1280, "height": 800}) as page:
        page.goto(ARTICLE)
        link = page.locator("main a:visible").first  # not the hidden "English only" note
        before = link.evaluate("e => getComputedStyle(e).backgroundColor")
        for _ in range(60):  # tab until keyboard focus reaches that link
            page.keyboard.press("Tab")
            if link.evaluate("element => element === document.activeElement"):
                break
        else:
            pytest.fail("Tab never reached the first link in main")
        style = link.evaluate(
            "e => { const s = getComputedStyle(e); return [s.backgroundColor, s.boxShadow]; }"
        )
        assert style[0] != before, "focused link looks the same as unfocused"
        assert style[1] != "none"


def test_print_keeps_the_content_and_drops_navigation_forms_and_footer(chromium, stack) -> None:
    """In print media the header, footer, latest news and skip link hide; the content shows."""
    with fresh_page(chromium, stack) as page:
        page.emulate_media(media="print")
        page.goto(ARTICLE)
        for hidden in (".site-header", ".site-footer", ".latest-news", ".skip-link"):
            assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
        assert page.locator("main h1").is_visible()
        assert page.locator("main .prose, main article").first.is_visible()
        page.emulate_media(media="screen")
        assert page.locator(".site-header").first.is_visible()
