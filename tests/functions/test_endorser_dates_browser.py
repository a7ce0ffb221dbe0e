"""forms.js shows the endorsers' dates (GET /api/endorsements) in the page's language.

In Chromium, without a server: Playwright answers the page (the manifesto's endorsers section
as manifesto.html renders it, in a given <html lang>), forms.js from theme/static/js, and the
API's list from a canned answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser

ORIGIN = "http://dates.test"
FORMS_JS = Path(__file__).resolve().parents[2] / "theme" / "static" / "js" / "forms.js"
LISTED = {
    "count": 2,
    "endorsers": [
        {
            "name": "Ada",
            "organisation": "Org",
            "organisation_type": "company",
            "country": "BE",
            "date": "2026-11-20",
        },
        # a date it cannot read is left out, never shown as "Invalid Date"
        {"name": "Bob", "organisation": "", "organisation_type": "", "country": "", "date": ""},
    ],
}


def manifesto_page(language: str) -> str:
    return f"""<!doctype html>
<html lang="{language}"><head><meta charset="utf-8"><title>Manifesto</title></head><body>
<section class="endorsers" data-endorsements="{ORIGIN}/api/endorsements"
  data-text-count="Count: {{count}}." data-text-count-listed="Count: {{count}}. Listed:">
  <p data-endorsement-count>At build time</p>
  <ul class="endorser-list" data-endorser-list hidden></ul>
</section>
<script src="{ORIGIN}/theme/js/forms.js"></script>
</body></html>"""


@pytest.fixture
def page(chromium) -> Iterator[Page]:
    context = chromium.new_context(timezone_id="Pacific/Honolulu")  # UTC-10: a day earlier
    page = context.new_page()
    page.route("**/*", lambda route: route.abort())  # nothing leaves the machine
    yield page
    context.close()


def serve(page: Page, language: str) -> None:
    def answer(route: Route) -> None:
        path = route.request.url.removeprefix(ORIGIN)
        if path == "/manifesto/":
            route.fulfill(content_type="text/html", body=manifesto_page(language))
        elif path == "/theme/js/forms.js":
            route.fulfill(content_type="text/javascript", path=str(FORMS_JS))
        elif path == "/api/endorsements":
            route.fulfill(content_type="application/json", body=json.dumps(LISTED))
        else:
            route.fulfill(status=404, body="")

    page.route(f"{ORIGIN}/**", answer)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "November 20, 2026"),  # CLDR's "en" (no territory in <html lang>)
        ("fr", "20 novembre 2026"),
        ("de", "20. November 2026"),
        ("it", "20 novembre 2026"),
        ("es", "20 de noviembre de 2026"),
        ("pt", "20 de novembro de 2026"),
        ("ru", "20 ноября 2026 г."),  # noqa: RUF001 - Cyrillic, as Russian writes it
    ],
)
def test_dates_are_in_the_page_locale(page: Page, language: str, shown: str) -> None:
    """forms.js shows an endorser's date in the page's language in a <time>; omits an empty one."""
    serve(page, language)
    page.goto(f"{ORIGIN}/manifesto/")
    page.wait_for_selector("[data-endorser-list] li")
    expected = page.evaluate(
        """lang => new Intl.DateTimeFormat(lang, {day: 'numeric', month: 'long',
           year: 'numeric', timeZone: 'UTC'}).format(new Date(Date.UTC(2026, 10, 20)))""",
        language,
    )
    assert expected == shown  # the browser's CLDR data, as the test expects it
    first = page.locator("[data-endorser-list] li").first
    assert first.locator("time").get_attribute("datetime") == "2026-11-20"
    assert first.locator("time").inner_text() == shown
    assert first.inner_text() == f"Ada, Org, company, BE, {shown}"
    second = page.locator("[data-endorser-list] li").nth(1)
    assert second.inner_text() == "Bob" and second.locator("time").count() == 0
