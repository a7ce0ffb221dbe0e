"""axe-core in Chromium on the live local stack: the home, Manifesto and survey pages in every
language but English, each with its language switcher.
"""

from __future__ import annotations

import pytest

from functions.i18n import LANGUAGES
from tests.a11y.test_axe import assert_no_violations

pytestmark = pytest.mark.browser

PAGES = {"manifesto": "manifesto/", "survey": "ambassador-cities/survey/", "home": ""}


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_in_language(page_for_axe, language: str, path: str) -> None:
    """Each page in each other language answers 200 with its <html lang> and no axe violation."""
    page = page_for_axe
    response = page.goto(f"/{language}/{path}")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    page.wait_for_load_state("networkidle")
    assert_no_violations(page)


def test_english_only_page_with_its_note_shown(page_for_axe) -> None:
    """A reader of the French site on an English-only page: the note in French is visible."""
    page = page_for_axe
    page.goto("/fr/manifesto/")
    page.goto("/interviews/utrecht-ambassador-city/")
    note = page.locator("[data-language-note]")
    note.wait_for(state="visible")
    assert note.locator("[lang=fr]").is_visible()
    assert_no_violations(page)
