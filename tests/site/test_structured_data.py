"""What the published build tells machines, read from its output files: the JSON-LD of news
and events, sitemap.xml, robots.txt and the SVG favicon.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from tests.site.conftest import SITE_URL, Build
from tests.site.html_tools import parse_page

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_news_article_json_ld(published: Build) -> None:
    """A news item's JSON-LD is a NewsArticle with headline, date, URL, author and publisher."""
    page = parse_page(published.html("news/ambassador-cities-survey/index.html"))
    [data] = page.jsonld
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "Citizen Focus: Ambassador Cities Survey"
    assert data["datePublished"].startswith("2018-01-16T00:00:00+01:00")
    assert data["url"] == f"{SITE_URL}/news/ambassador-cities-survey/"
    assert data["author"]["name"] == "Marketplace Editorial"
    assert data["publisher"]["@type"] == "Organization"


def test_event_json_ld(published: Build) -> None:
    """An event's JSON-LD has its dates, place, country and organiser; the webinar is virtual."""
    page = parse_page(published.html("events/urban-future-global-conference-2018/index.html"))
    [data] = page.jsonld
    assert data["@type"] == "Event"
    assert (data["startDate"], data["endDate"]) == ("2018-02-28", "2018-03-02")
    assert data["location"]["name"] == "Messe Wien"
    assert data["location"]["address"]["addressCountry"] == "AT"
    assert data["organizer"]["name"] == "UFGC GmbH, Graz"
    webinar = parse_page(published.html("events/webinar-participatory-budgeting-2018/index.html"))
    assert webinar.jsonld[0]["startDate"] == "2018-03-14T14:00:00+01:00"
    assert webinar.jsonld[0]["location"]["@type"] == "VirtualLocation"


def test_sitemap_lists_every_indexable_page(published: Build) -> None:
    """sitemap.xml lists exactly the built pages not marked noindex, outside pagefind and theme."""
    tree = ET.parse(published.output / "sitemap.xml")  # noqa: S314 - our own build output
    locations = {loc.text for loc in tree.getroot().findall("s:url/s:loc", SITEMAP_NS)}
    expected = set()
    for path in published.output.rglob("*.html"):
        relative = path.relative_to(published.output).as_posix()
        if relative.startswith(("pagefind/", "theme/")) or 'content="noindex"' in path.read_text():
            continue
        expected.add(f"{SITE_URL}/" + relative.removesuffix("index.html"))
    assert locations == expected
    assert f"{SITE_URL}/" in locations
    assert f"{SITE_URL}/news/ambassador-cities-survey/" in locations
    assert f"{SITE_URL}/404.html" not in locations
    assert len(locations) > 30


def test_robots_points_at_the_sitemap(published: Build) -> None:
    """robots.txt names the sitemap's absolute URL."""
    robots = (published.output / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots


def test_favicon_is_svg(published: Build) -> None:
    """The favicon is an SVG document."""
    svg = (published.output / "theme" / "favicon.svg").read_text()
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
