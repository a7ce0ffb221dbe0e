"""The survey journey in the language of its page: every page, link, form action, redirect and
mail keeps the language; answers and scores are stored the same whatever the language.

GIVEN the survey page of the site in French WHEN a city officer starts and goes through the
journey by following only what the API's pages and mails give them THEN everything stays in
French, and the stored answers are exactly those of an English officer who answers the same.
"""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

from admin.exports import write_responses
from admin.standing import classify
from functions.domain.journey import steps_of
from functions.i18n import LANGUAGES
from functions.services import get_services
from tests.functions.conftest import SITE, Api
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, SURVEY_ID, respondent
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture
from tests.functions.test_survey_journey import BASE, about, form_pairs, hidden, location

LINK = re.compile(r"https?://\S+")
SURVEY_LINK = re.compile(r'(?:href|action)="([^"]*/api/surveys/[^"]*)"')


def path_and_query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(unescape(url))
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def survey_links(page: str) -> list[str]:
    """The links and form actions of a page that lead into the survey's API (not the switcher's
    own, which lead to every language)."""
    main = page.split('<main id="main"', 1)[1]
    return [unescape(url) for url in SURVEY_LINK.findall(main)]


def post_action(page: str) -> str:
    found = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page)
    assert found, page[:2000]
    return unescape(found.group(1))


def mail_links(mail: Any) -> list[str]:
    return LINK.findall(mail.get_body(preferencelist=("plain",)).get_content())


class PageJourney:
    """A browser without JavaScript that only follows what the pages give it, checking that
    every page is in `language` and every link into the journey keeps it."""

    def __init__(self, api: Api, language: str) -> None:
        self.api = api
        self.language = language
        self.pages: list[str] = []
        start = api.post_form(f"{BASE}/drafts", [("start", "")], query={"lang": language})
        self.url = location(start)
        self.token = path_and_query(self.url)[1]["t"]
        self.draft_id = path_and_query(self.url)[0].split("/drafts/")[1].split("/")[0]

    def open(self, url: str) -> str:
        path, query = path_and_query(url)
        assert query.get("lang") == self.language, url
        response = self.api.get(path, query)
        assert response.status == 200, response.body[:2000]
        assert response.header("Content-Language") == self.language
        assert f'<html lang="{self.language}">' in response.body
        for link in survey_links(response.body):
            assert path_and_query(link)[1].get("lang") == self.language, link
        self.pages.append(response.body)
        return response.body

    def submit(self, page: str, pairs: list[tuple[str, str]]) -> str:
        """Post the page's form to its action; the URL it redirects to."""
        path, query = path_and_query(post_action(page))
        assert query == {"lang": self.language}, query
        response = self.api.post_form(path, pairs, query=query)
        assert response.header("Content-Language") == self.language
        return location(response)

    def step(self, url: str, values: dict[str, Any], action: str = "continue") -> str:
        page = self.open(url)
        body = [("t", self.token), ("version", hidden(page, "version")), ("action", action)]
        return self.submit(page, body + form_pairs(values))

    def answer_all(self, who: dict[str, str], answers: dict[str, Any]) -> str:
        """Every step, the city chosen on its page; the URL of the sent answers."""
        after = self.step(self.url, who)
        if "/city?" in after:
            page = self.open(after)
            place = re.search(r'name="place" value="(geonames:\d+)"', page).group(1)
            pairs = [("t", self.token), ("version", hidden(page, "version")), ("place", place)]
            after = self.submit(page, pairs)
        survey = get_services().catalog.surveys[SURVEY_ID]
        for step in steps_of(survey)[1:]:
            assert f"/steps/{step.id}?" in after, after
            chosen = {q.id: answers[q.id] for q in step.questions if q.id in answers}
            after = self.step(after, chosen)
        check = self.open(after)
        return self.submit(check, [("t", self.token), ("version", "0")])

    def reading(self, language: str) -> PageJourney:
        """The same draft, read in another language (its pages' language switcher)."""
        other = object.__new__(PageJourney)
        other.__dict__.update(self.__dict__, language=language, pages=[])
        other.url = f"{self.url.split('&lang=')[0]}&lang={language}"
        return other

    def draft(self) -> dict[str, Any]:
        return get_services().surveys.get_draft(SURVEY_ID, self.draft_id)


def test_the_same_answers_in_french_and_english_are_stored_alike(survey_api: Api) -> None:  # noqa: F811
    """A French and an English journey with the same answers store the same answers and scores."""
    sent = {}
    for language, email in (("fr", "fr@utrecht.example"), ("en", "en@utrecht.example")):
        journey = PageJourney(survey_api, language)
        view = journey.answer_all(about(email=email), ALL_BEST)
        assert path_and_query(view)[1]["lang"] == language
        journey.open(view)  # the sent answers' page, in the journey's language
        sent[language] = journey
    drafts = {language: journey.draft() for language, journey in sent.items()}
    assert drafts["fr"]["answers"] == drafts["en"]["answers"] == ALL_BEST
    assert drafts["fr"]["respondent"]["country"] == drafts["en"]["respondent"]["country"] == "NL"
    assert (drafts["fr"]["language"], drafts["en"]["language"]) == ("fr", "en")
    responses = {r["language"]: r for r in get_services().surveys.responses(SURVEY_ID)}
    assert responses["fr"]["answers"] == responses["en"]["answers"] == ALL_BEST
    assert responses["fr"]["scores"] == responses["en"]["scores"]
    assert responses["fr"]["city"]["key"] == responses["en"]["city"]["key"]
    version = get_services().catalog.surveys[SURVEY_ID].version
    assert responses["fr"]["consent_version"] == drafts["fr"]["consent_version"] == f"{version}-fr"
    assert responses["en"]["consent_version"] == f"{version}-en"


def test_the_survey_mails_and_their_pages_stay_in_the_draft_language(survey_api: Api) -> None:  # noqa: F811
    """A Portuguese draft's mails, confirm page, copy and edit link all stay in Portuguese."""
    journey = PageJourney(survey_api, "pt")
    journey.answer_all(about(), ALL_BEST)
    [request] = survey_api.mails()
    assert request["Content-Language"] == "pt"
    links = mail_links(request)
    confirm = next(link for link in links if "/confirm?" in link)
    view = next(link for link in links if "/responses/" in link)
    assert path_and_query(view)[1]["lang"] == "pt"
    page = journey.open(confirm)
    # the button's page answers in Portuguese; so does the copy of the answers it mails
    path, query = path_and_query(post_action(page))
    assert query == {"lang": "pt"}
    token = [("token", path_and_query(confirm)[1]["token"])]
    confirmed = survey_api.post_form(path, token, query=query)
    assert confirmed.status == 200 and '<html lang="pt">' in confirmed.body
    assert confirmed.header("Content-Language") == "pt"
    copy = survey_api.mails()[-1]
    assert copy["Content-Language"] == "pt"
    last = copy.get_body(preferencelist=("plain",)).get_content().rstrip().splitlines()[-1]
    assert f"Français {SITE}/fr/" in last and f"English {SITE}/" in last
    assert "Português" not in last
    # the sent answers' page offers the change, which opens a Portuguese draft
    response_page = journey.open(next(link for link in mail_links(copy) if "/responses/" in link))
    edit = post_action(response_page)
    assert edit.endswith("/edit?lang=pt")
    path, query = path_and_query(edit)
    check = location(survey_api.post_form(path, [("t", path_and_query(view)[1]["t"])], query=query))
    assert "/check?" in check and path_and_query(check)[1]["lang"] == "pt"


def test_a_page_in_another_language_takes_the_draft_into_it(survey_api: Api) -> None:  # noqa: F811
    """The draft's language beats Accept-Language; saving from its German page makes it German."""
    journey = PageJourney(survey_api, "fr")
    path, query = path_and_query(journey.url)
    # the draft's language wins over Accept-Language...
    page = survey_api.get(path, query | {"lang": "fr"}, headers={"Accept-Language": "de"})
    assert '<html lang="fr">' in page.body
    without = {key: value for key, value in query.items() if key != "lang"}
    assert (
        '<html lang="fr">' in survey_api.get(path, without, headers={"Accept-Language": "de"}).body
    )
    # ...and the page's own ?lang wins over the draft's (the language switcher)
    german = journey.reading("de")
    page = german.open(german.url)
    for language in LANGUAGES:
        version = f"api{path.removeprefix('/api')}?t={journey.token}&amp;lang={language}"
        assert f'href="{SITE}/{version}"' in page, language
    # saving from the German page makes the draft German, its consent and its mail too
    later = german.step(german.url, about(), action="later")
    assert "saved=1" in later and path_and_query(later)[1]["lang"] == "de"
    draft = journey.draft()
    version = get_services().catalog.surveys[SURVEY_ID].version
    assert (draft["language"], draft["consent_version"]) == ("de", f"{version}-de")
    [resume] = survey_api.mails()
    assert resume["Content-Language"] == "de"
    link = next(link for link in mail_links(resume) if "/drafts/" in link)
    assert path_and_query(link)[1]["lang"] == "de"
    german.open(link)


def test_answers_sent_in_one_request_are_stored_alike_in_every_language(survey_api: Api) -> None:  # noqa: F811
    """Answers posted as JSON in English and Russian store alike; the export names each one."""
    for number, language in enumerate(("en", "ru")):
        body = {"respondent": respondent(email=f"p{number}@utrecht.example"), "answers": ALL_BEST}
        response = survey_api.post_json(RESPONSES, body, query={"lang": language})
        assert response.status == 201 and response.header("Content-Language") == language
    english, russian = sorted(
        get_services().surveys.responses(SURVEY_ID), key=lambda r: r["language"]
    )
    assert (english["language"], russian["language"]) == ("en", "ru")
    assert english["answers"] == russian["answers"] and english["scores"] == russian["scores"]
    assert russian["consent_version"].endswith("-ru")
    assert [mail["Content-Language"] for mail in survey_api.mails()] == ["en", "ru"]
    # the staff export: in English, with each response's language and consent version
    standings = classify(SURVEY_ID, get_services().surveys.items(SURVEY_ID))
    stream = io.StringIO()
    write_responses(stream, standings, "csv")
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert sorted(row["language"] for row in rows) == ["en", "ru"]
    assert {row["consent_version"] for row in rows} == {
        english["consent_version"],
        russian["consent_version"],
    }
