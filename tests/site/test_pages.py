"""Every page type is built with its title and metadata; drafts and future news stay out."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.site.conftest import API_BASE_URL, ROOT, SITE_URL, Build
from tests.site.html_tools import parse_page

PAGES = {
    "index.html": "Citizen Focus",
    "news/index.html": "News",
    "events/index.html": "Events",
    "interviews/index.html": "Interviews",
    "news/ambassador-cities-survey/index.html": "Citizen Focus: Ambassador Cities Survey",
    "news/public-consultation-eu-funds/index.html": "Public consultation on EU funds",
    "news/webinar-participatory-budgeting/index.html": "Webinar: the role of local",
    "events/eip-scc-general-assembly-2018/index.html": "EIP-SCC General Assembly 2018",
    "events/urban-future-global-conference-2018/index.html": "Urban Future Global Conference 2018",
    "interviews/utrecht-ambassador-city/index.html": "Interview: Utrecht, Ambassador City",
    "interviews/glasgow-ambassador-city/index.html": "City profile: Glasgow",
    "action-cluster/index.html": "The Citizen Focus Action Cluster",
    "manifesto/index.html": "Inclusive Smart Cities: a European Manifesto",
    "manifesto/thank-you/index.html": "Thank you for endorsing",
    "ambassador-cities/index.html": "Inclusive Smart Cities Ambassadors",
    "ambassador-cities/survey/index.html": "Ambassador Cities survey",
    "ambassador-cities/survey/thank-you/index.html": "Thank you for answering",
    "privacy/index.html": "Privacy notice",
    "accessibility/index.html": "Accessibility statement",
    "search/index.html": "Search",
    "tags/index.html": "Tags",
    "tags/ambassador-cities/index.html": "ambassador cities",
    "404.html": "Page not found",
}


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_page_exists_with_title_and_metadata(published: Build, path: str, title: str) -> None:
    """Each page has its title, description, social and canonical tags, landmarks, skip link."""
    page = parse_page(published.html(path))
    assert title in page.title
    assert page.meta["description"].strip()
    assert page.meta["og:title"].strip() and page.meta["twitter:card"] == "summary"
    assert page.meta["canonical"].startswith(SITE_URL + "/")
    assert len(page.with_tag("main")) == 1 and page.with_tag("nav") and page.with_tag("footer")
    assert '<a class="skip-link" href="#main">' in published.html(path)


def test_canonical_url_is_the_clean_url(published: Build) -> None:
    """A news item's canonical and og:url are its clean URL, with article type and date."""
    page = parse_page(published.html("news/ambassador-cities-survey/index.html"))
    assert page.meta["canonical"] == f"{SITE_URL}/news/ambassador-cities-survey/"
    assert page.meta["og:url"] == page.meta["canonical"]
    assert page.meta["og:type"] == "article"
    assert page.meta["article:published_time"].startswith("2018-01-16")


def test_drafts_never_reach_the_site(published: Build, local_2018: Build) -> None:
    """Neither build has the draft news, draft page or drafts folder, nor their words."""
    for build in (published, local_2018):
        assert not (build.output / "news" / "draft-secret-pilot").exists()
        assert not (build.output / "draft-page").exists()
        assert not (build.output / "drafts").exists()
        everything = " ".join(p.read_text("utf-8") for p in build.output.rglob("*.html"))
        assert "secret pilot" not in everything
        assert "zeppelinpilot" not in (build.output / "feeds" / "all.atom.xml").read_text("utf-8")


def test_future_news_hidden_when_published_but_previewed_locally(
    published: Build, local_2018: Build
) -> None:
    """Future-dated news is left out of the published build but built in the 2018 local one."""
    assert not (published.output / "news" / "scheduled-announcement").exists()
    assert "Scheduled announcement" not in published.html("news/index.html")
    assert not (published.output / "tags" / "scheduled").exists()
    assert (local_2018.output / "news" / "scheduled-announcement" / "index.html").exists()


def test_events_split_into_upcoming_and_past_at_build_time(
    local_2018: Build, published: Build
) -> None:
    """Events are split at build time: in 2018 upcoming soonest first, today all past."""
    events_2018 = local_2018.html("events/index.html")
    upcoming, past = events_2018.split('id="past-title"')
    order = [upcoming.index(name) for name in ("Urban Future", "Webinar:", "General Assembly")]
    assert order == sorted(order), "upcoming events must be soonest first"
    assert "General Assembly" not in past
    home_2018 = local_2018.html("index.html")
    assert home_2018.index("Upcoming events") < home_2018.index("Urban Future")
    today_upcoming, today_past = published.html("events/index.html").split('id="past-title"')
    assert "No events are planned" in today_upcoming
    assert "General Assembly" in today_past


def test_event_page_shows_status_place_and_calendar_link(published: Build) -> None:
    """An event page shows its status, place, dates or times and its .ics link."""
    html = published.html("events/eip-scc-general-assembly-2018/index.html")
    assert "Save the date" in html and "Marinela Hotel, Sofia, Bulgaria" in html
    assert "27\u201328 June 2018" in html
    assert f'href="{SITE_URL}/events/eip-scc-general-assembly-2018.ics"' in html
    webinar = published.html("events/webinar-participatory-budgeting-2018/index.html")
    assert "14 March 2018, 14:00\u201315:30 CET" in webinar


def test_interview_is_structured_question_and_answer(published: Build) -> None:
    """The Utrecht interview has three question headings and its interviewee; Glasgow is prose."""
    html = published.html("interviews/utrecht-ambassador-city/index.html")
    assert 'class="prose qa"' in html
    questions = re.findall(r"<h2[^>]*>([^<]*\?)</h2>", html)
    assert len(questions) == 3
    assert "Pieter in 't Hout</strong>, Strategist, digital innovation, Utrecht" in html.replace(
        "&#39;", "'"
    )
    glasgow = published.html("interviews/glasgow-ambassador-city/index.html")
    assert "Colin Birchenall" in glasgow and 'class="prose qa"' not in glasgow


def test_news_list_and_latest_news_block(published: Build) -> None:
    """The news list is newest first; an article's latest news block links the three newest."""
    news = published.html("news/index.html")
    titles = ["Webinar: the role", "Citizen Focus: Ambassador Cities Survey", "Public consultation"]
    positions = [news.index(title) for title in titles]
    assert positions == sorted(positions), "newest first"
    article = published.html("news/public-consultation-eu-funds/index.html")
    assert 'aria-labelledby="latest-news-title"' in article
    block = article[article.index('<aside class="latest-news"') :]
    block = block[: block.index("</aside>")]
    newest = [
        "/news/webinar-participatory-budgeting/",
        "/news/ambassador-cities-survey/",
        "/interviews/utrecht-ambassador-city/",
    ]
    assert [f'href="{SITE_URL}{url}"' in block for url in newest] == [True, True, True]
    assert '<time datetime="2018-03-14T16:00:00+01:00">14 March 2018</time>' in block


def test_home_has_calls_to_action(published: Build) -> None:
    """The home page links to the manifesto with 'Endorse the Manifesto'."""
    home = published.html("index.html")
    assert f'href="{SITE_URL}/manifesto/"' in home
    assert "Endorse the Manifesto" in home


def test_thank_you_and_404_pages_are_not_indexed(published: Build) -> None:
    """The thank-you and 404 pages carry robots noindex."""
    for path in ("manifesto/thank-you/index.html", "404.html"):
        assert parse_page(published.html(path)).meta.get("robots") == "noindex"


def load_yaml(name: str) -> dict:
    return yaml.safe_load((ROOT / "functions" / "forms" / name).read_text("utf-8"))


def test_endorsement_form_is_rendered_from_its_definition(published: Build) -> None:
    """The manifesto's form has the definition's fields, labels, honeypot, limits and countries."""
    definition = load_yaml("endorsement.yml")
    page = parse_page(published.html("manifesto/index.html"))
    [form] = page.with_tag("form")[1:]  # the first form is the header search
    # The page's language goes with the form: the API answers in it (issue 14).
    assert form["action"] == f"{API_BASE_URL}/endorsements?lang=en"
    assert form["method"] == "post" and form["enctype"] == "application/x-www-form-urlencoded"
    names = {
        attrs.get("name") for tag in ("input", "select", "textarea") for attrs in page.with_tag(tag)
    }
    assert {field["name"] for field in definition["fields"]} <= names
    assert_accessible_controls(page)
    honeypot = next(a for a in page.with_tag("input") if a.get("name") == definition["honeypot"])
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"
    html = published.html("manifesto/index.html")
    assert "Leave this empty" in html and 'class="hp" aria-hidden="true"' in html
    assert 'maxlength="120"' in html and "more than 120" in html
    assert f'data-endorsements="{API_BASE_URL}/endorsements"' in html
    country = next(a for a in page.with_tag("select") if a.get("name") == "country")
    assert country["autocomplete"] == "country"
    assert '<option value="BE">Belgium</option>' in html


def test_survey_page_starts_the_journey_and_lists_its_steps(published: Build) -> None:
    """The questions themselves are on the journey's step pages, rendered by the API
    (tests/functions/test_survey_journey.py, tests/a11y/test_survey_journey_axe.py)."""
    definition = load_yaml("ambassador-survey.yml")
    html = published.html("ambassador-cities/survey/index.html")
    page = parse_page(html)
    action = f"{API_BASE_URL}/surveys/{definition['id']}/drafts?lang=en"
    assert any(form.get("action") == action for form in page.with_tag("form"))
    assert "Start now" in html
    for domain in definition["domains"]:
        assert domain["title"] in html.replace("&#39;", "'")
    questions = [q for domain in definition["domains"] for q in domain["questions"]]
    assert f"{len(questions)} questions in {len(definition['domains']) + 2} steps" in html
    assert_accessible_controls(page)
    scoring = published.html("ambassador-cities/index.html")
    assert definition["scoring"]["summary"].split(".")[0] in scoring.replace("&#39;", "'")


def assert_accessible_controls(page) -> None:
    """Every visible control has a <label for>, and every aria-describedby target exists."""
    ids = {attrs.get("id") for _, attrs in page.elements}
    labelled = {attrs.get("for") for attrs in page.with_tag("label")}
    controls = page.with_tag("input") + page.with_tag("select") + page.with_tag("textarea")
    for control in controls:
        if control.get("type") in ("submit", "hidden"):
            continue
        assert control.get("id") in labelled, f"no label for {control}"
    for _, attrs in page.elements:
        for target in (attrs.get("aria-describedby") or "").split():
            assert target in ids, f"aria-describedby points at missing #{target}"
