"""The published build in seven languages: pages, switcher, alternates, sitemap, feeds,
search, dates, read from its output files.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # our own build output, not untrusted XML
from pathlib import Path

import icalendar
import pytest

from functions.cldr import language_names
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations_for
from tests.site.conftest import SITE_URL, Build
from tests.site.html_tools import parse_page
from tests.site.pagefind_reader import pages_with_word

OTHERS = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
# The pages the issue asks in every language, as English output paths.
TRANSLATED = [
    "index.html",
    "manifesto/index.html",
    "ambassador-cities/index.html",
    "ambassador-cities/survey/index.html",
    "privacy/index.html",
    "accessibility/index.html",
    "search/index.html",
    "404.html",
    "manifesto/thank-you/index.html",
    "ambassador-cities/survey/thank-you/index.html",
]
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "no <html lang>"
    return match.group(1)


def alternates(html: str) -> dict[str, str]:
    return dict(ALTERNATE.findall(html.split("</head>", 1)[0]))


def output_path(url: str) -> str:
    """'https://…/fr/manifesto/' -> 'fr/manifesto/index.html'."""
    path = url.removeprefix(SITE_URL).lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


@pytest.mark.parametrize("language", OTHERS)
def test_every_language_has_its_pages_with_its_lang(published: Build, language: str) -> None:
    """Each language has each translated page under its prefix, with its <html lang>."""
    for english in TRANSLATED:
        html = published.html(f"{language}/{english}")
        assert html_lang(html) == language, f"{language}/{english}"
        assert html_lang(published.html(english)) == "en"


@pytest.mark.parametrize("language", OTHERS)
def test_translated_pages_read_in_their_language(published: Build, language: str) -> None:
    """Each language's home and manifesto show that catalog's texts, not the English."""
    catalog = translations_for(language)
    home = published.html(f"{language}/index.html")
    heading = catalog.gettext("Citizens at the heart of smart cities")
    assert heading != "Citizens at the heart of smart cities"
    assert heading in home
    manifesto = parse_page(published.html(f"{language}/manifesto/index.html"))
    english = parse_page(published.html("manifesto/index.html"))
    assert manifesto.title != english.title
    assert catalog.gettext("Endorse the Manifesto") in published.html(
        f"{language}/manifesto/index.html"
    )


def test_alternates_are_reciprocal_with_x_default(published: Build) -> None:
    """Every page's hreflang alternates name each other back, with x-default the English one."""
    checked = 0
    for page in published.output.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        links = alternates(page.read_text(encoding="utf-8"))
        if not links:
            continue
        checked += 1
        # Every translation the page has (the Manifesto all seven, a French news story two).
        assert {"en", "x-default"} < set(links) <= {*LANGUAGES, "x-default"}, page
        assert links["x-default"] == links["en"]
        for language, url in links.items():
            other = published.html(output_path(url))
            assert alternates(other) == links, f"{page} names {url}, which does not name it back"
            if language != "x-default":
                assert html_lang(other) == language
    assert checked >= len(TRANSLATED) * len(LANGUAGES)
    manifesto = alternates(published.html("manifesto/index.html"))
    assert set(manifesto) == {*LANGUAGES, "x-default"}


def test_english_only_pages_name_no_alternates_and_carry_a_note(published: Build) -> None:
    """An English-only page has no alternates and a note saying so in each other language."""
    html = published.html("interviews/utrecht-ambassador-city/index.html")
    assert alternates(html) == {}
    note = html.split("data-language-note", 1)[1].split("</div>", 1)[0]
    for language in OTHERS:
        text = translations_for(language).gettext("This page is available in English only.")
        assert text != "This page is available in English only."
        assert f'<p lang="{language}" data-language="{language}">{text}' in note


def test_switcher_names_each_language_in_itself_and_leads_to_the_same_page(
    published: Build,
) -> None:
    """The switcher names each language in itself, links the same page, marks the current one."""
    page = parse_page(published.html("de/manifesto/index.html"))
    links = [a for a in page.with_tag("a") if a.get("hreflang") and a.get("lang")]
    switcher = {a["lang"]: a["href"] for a in links if a.get("href", "").endswith("manifesto/")}
    assert switcher == {
        language: f"{SITE_URL}/{'' if language == 'en' else language + '/'}manifesto/"
        for language in LANGUAGES
    }
    current = [a for a in links if a.get("aria-current") == "true"]
    assert [a["lang"] for a in current] == ["de"]
    names = language_names()
    html = published.html("de/manifesto/index.html")
    for language in LANGUAGES:
        assert f'hreflang="{language}">{names[language]}</a>' in html or (
            f'hreflang="{language}" aria-current="true">{names[language]}</a>' in html
        )


def test_switcher_on_an_english_only_page_leads_to_each_home(published: Build) -> None:
    """On an English-only page the switcher leads to each language's home."""
    page = parse_page(published.html("news/public-consultation-eu-funds/index.html"))
    homes = {
        a["lang"]: a["href"] for a in page.with_tag("a") if a.get("lang") and a.get("hreflang")
    }
    assert homes["fr"] == f"{SITE_URL}/fr/" and homes["ru"] == f"{SITE_URL}/ru/"


def test_a_translated_article_is_paired_with_its_original(published: Build) -> None:
    """A French article and its original name each other; each JSON-LD gives its own language."""
    french = published.html("fr/news/ambassador-cities-survey/index.html")
    links = alternates(french)
    assert links["en"] == f"{SITE_URL}/news/ambassador-cities-survey/"
    assert links["fr"] == f"{SITE_URL}/fr/news/ambassador-cities-survey/"
    jsonld = parse_page(french).jsonld
    assert [block["inLanguage"] for block in jsonld if "inLanguage" in block] == ["fr"]
    english = parse_page(published.html("news/ambassador-cities-survey/index.html")).jsonld
    assert [block["inLanguage"] for block in english if "inLanguage" in block] == ["en"]


def test_other_languages_list_english_stories_marked_as_such(published: Build) -> None:
    """The French home lists English stories marked 'In English', with dates in French."""
    home = published.html("fr/index.html")
    # The translated story is listed in French, the others in English, said and marked so.
    assert "/fr/news/ambassador-cities-survey/" in home
    assert 'hreflang="en"' in home
    assert translations_for("fr").gettext("In English") in home
    assert "16 janvier 2018" in home  # dates in the page's language (Babel, CLDR)
    assert "16 January 2018" in published.html("index.html")


def test_navigation_stays_in_the_language(published: Build) -> None:
    """An Italian page's menu and search lead to Italian pages; news stays English."""
    page = parse_page(published.html("it/privacy/index.html"))
    hrefs = {a.get("href") for a in page.with_tag("a")}
    assert f"{SITE_URL}/it/manifesto/" in hrefs
    assert f"{SITE_URL}/it/ambassador-cities/" in hrefs
    assert f"{SITE_URL}/it/" in hrefs
    assert f"{SITE_URL}/news/" in hrefs  # news stays in English
    search = [form for form in page.with_tag("form") if form.get("role") == "search"]
    assert search[0]["action"] == f"{SITE_URL}/it/search/"


def test_sitemap_lists_each_translation_with_its_alternates(published: Build) -> None:
    """sitemap.xml lists each translated page with itself, English and x-default as alternates."""
    tree = ET.parse(published.output / "sitemap.xml")  # noqa: S314 - our own output
    urls = {}
    for entry in tree.getroot().findall("s:url", SITEMAP):
        loc = entry.find("s:loc", SITEMAP).text
        urls[loc] = {
            link.get("hreflang"): link.get("href") for link in entry.findall("x:link", SITEMAP)
        }
    for language in OTHERS:
        for english in ("manifesto/", "ambassador-cities/", "privacy/", ""):
            loc = f"{SITE_URL}/{language}/{english}"
            assert loc in urls, loc
            assert urls[loc][language] == loc
            assert urls[loc]["en"] == f"{SITE_URL}/{english}"
            assert urls[loc]["x-default"] == f"{SITE_URL}/{english}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_has_feeds_that_parse(published: Build, language: str) -> None:
    """Each language's Atom, RSS and calendar feeds parse, say their language, and are linked."""
    prefix = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    atom = ET.parse(published.output / prefix / "feeds/all.atom.xml").getroot()  # noqa: S314
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) >= 5
    rss = ET.parse(published.output / prefix / "feeds/all.rss.xml").getroot()  # noqa: S314
    assert rss.find("channel/language").text == language
    calendar = icalendar.Calendar.from_ical(
        (published.output / prefix / "events/calendar.ics").read_bytes()
    )
    assert calendar["x-wr-language"] == language
    online = [e for e in calendar.walk("VEVENT") if "webinar" in str(e["url"])]
    assert str(online[0]["location"]) == translations_for(language).gettext("Online")
    home = published.html(f"{prefix}index.html")
    assert f'href="{SITE_URL}/{prefix}feeds/all.atom.xml"' in home


def test_french_search_finds_the_french_manifesto(published: Build) -> None:
    """In the Pagefind index 'citoyen' finds the French manifesto and only French pages."""
    bundle = published.output / "pagefind"
    french = pages_with_word(bundle, "citoyen", language="fr")
    assert "/fr/manifesto/" in french
    assert all(url.startswith("/fr/") for url in french)
    assert "/manifesto/" not in pages_with_word(bundle, "citoyen", language="en")


def test_each_language_has_its_own_search_index(published: Build) -> None:
    """The Pagefind bundle has a metadata file for each language."""
    bundle = published.output / "pagefind"
    for language in LANGUAGES:
        assert list(bundle.glob(f"pagefind.{language}_*.pf_meta")), language


def test_404_pages_exist_per_language(published: Build) -> None:
    """Each other language has a 404.html marked noindex."""
    for language in OTHERS:
        page = Path(published.output / language / "404.html")
        assert 'content="noindex"' in page.read_text(encoding="utf-8")
