"""The API in the seven languages of the site: the language a request is answered in, its
Content-Language on every kind of response, messages, pages and mail in it, and what is stored.

GIVEN a page of the site in some language WHEN its form posts with `?lang=` (or a client only
sends Accept-Language) THEN the answer, its pages, links and mail are in that language, and
what is stored is the same codes whatever the language, with the language and its consent.

Tests that compare messages with the catalogs pass once the catalogs are translated and
compiled (`make translations`): they fail naming the language and the msgid that is missing.
"""

from __future__ import annotations

import hashlib
import io
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from admin.exports import write_endorsements
from admin.records import endorsements as all_endorsements
from functions.domain.consent import form_consent_version
from functions.domain.submissions import REQUIRED
from functions.handlers import endorsements as endorsements_handler
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations_for
from functions.services import get_services
from functions.storage.endorsements import EndorsementsTable
from functions.usecases.endorsements import ACCEPTED
from tests.functions.conftest import API, SITE, Api, api_event, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_translations import extracted, pseudo_language  # noqa: F401 - fixtures

EMAIL_FORM = "Must be an email address, like name@example.org."
COUNTRY_LIST = "Choose a country from the list."
INVALID = {"name": "", "email": "not-an-address", "country": "XX"}
FIELD_MSGIDS = {"name": REQUIRED.msgid, "email": EMAIL_FORM, "country": COUNTRY_LIST}
OTHERS = [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]


def in_catalog(language: str, msgid: str) -> str:
    """The catalog's text, which must be a translation: the English one is not."""
    text = translations_for(language).gettext(msgid)
    if language != DEFAULT_LANGUAGE:
        assert text != msgid, f"catalog {language} has no translation of {msgid!r}"
    return text


def link_with(links: list[str], part: str) -> str:
    return next(link for link in links if part in link)


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


# ---------------------------------------------------------------- which language


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_field_error_is_in_the_language_of_the_page(api: Api, language: str) -> None:
    """A 422 for ?lang=X says Content-Language X and gives each field its own message in X."""
    response = api.post_json(ENDORSEMENTS, endorsement(**INVALID), query={"lang": language})
    assert response.status == 422
    assert response.header("Content-Language") == language
    errors = response.json()["errors"]
    assert set(errors) == set(FIELD_MSGIDS)
    for field, msgid in FIELD_MSGIDS.items():
        assert errors[field] == in_catalog(language, msgid), (language, field)
    assert len(set(errors.values())) == len(errors)  # a different message for each field


def test_the_same_field_reads_differently_in_every_language(api: Api) -> None:
    """Each field's error message is a different text in each of the seven languages."""
    answers = {
        language: api.post_json(
            ENDORSEMENTS, endorsement(**INVALID), query={"lang": language}
        ).json()["errors"]
        for language in LANGUAGES
    }
    for field in FIELD_MSGIDS:
        texts = {language: errors[field] for language, errors in answers.items()}
        assert len(set(texts.values())) == len(LANGUAGES), (field, texts)


def test_a_refused_plain_form_comes_back_in_the_page_language(api: Api) -> None:
    """A refused form post with ?lang=de comes back as a German page that posts again in German."""
    body = list(endorsement(**INVALID).items())
    response = api.post_form(ENDORSEMENTS, body, query={"lang": "de"})
    assert response.status == 422
    assert response.header("Content-Language") == "de"
    assert '<html lang="de">' in response.body
    # the form posts again with the page's language; a POST's answer has no switcher of its own
    assert f'action="{API}/endorsements?lang=de"' in response.body
    assert f'href="{SITE}/fr/" lang="fr"' in response.body
    assert translations_for("de").gettext(COUNTRY_LIST) in response.body


@pytest.mark.parametrize(
    ("lang", "accept", "expected"),
    [
        (None, "de-DE,de;q=0.9,en;q=0.5", "de"),  # no ?lang: Accept-Language's best
        (None, "ja, pt-BR;q=0.8, fr;q=0.3", "pt"),  # the best one the site has
        ("it", "de-DE,de;q=0.9", "it"),  # the page's language wins
        ("xx", "es", "es"),  # an unknown ?lang falls back to Accept-Language
        ("xx", None, "en"),  # and then to English
        (None, None, "en"),
        ("RU", None, "ru"),
    ],
)
def test_the_language_is_the_page_then_accept_language_then_english(
    api: Api, lang: str | None, accept: str | None, expected: str
) -> None:
    """The language is ?lang (any case), else Accept-Language's best match, else English."""
    headers = {"Accept-Language": accept} if accept else {}
    query = {"lang": lang} if lang else None
    response = api.post_json(ENDORSEMENTS, endorsement(email="x"), query=query, headers=headers)
    assert response.status == 422
    assert response.header("Content-Language") == expected
    assert response.json()["errors"]["email"] == translations_for(expected).gettext(EMAIL_FORM)


# ---------------------------------------------------------------- Content-Language everywhere


def test_every_kind_of_response_says_its_language(api: Api) -> None:
    """Every kind of answer (202, 200, 400, 404, 422 page, 303) carries Content-Language: fr."""
    fr = {"lang": "fr"}
    answers = {
        "json 202": api.post_json(ENDORSEMENTS, endorsement(), query=fr),
        "json 200 list": api.get(ENDORSEMENTS, fr),
        "json 400": api.call(
            api_event("POST", ENDORSEMENTS, body="{", content_type="application/json", query=fr)
        ),
        "json 404 unknown path": api.get("/api/nothing-here", fr),
        "html 422 page": api.get("/api/endorsements/confirm", {"token": "forged", **fr}),
        "redirect 303": api.post_form(
            ENDORSEMENTS, list(endorsement(email="b@example.org").items()), query=fr
        ),
    }
    for what, response in answers.items():
        assert response.header("Content-Language") == "fr", what
    assert answers["redirect 303"].status == 303
    # the thank-you page of the page's language
    assert answers["redirect 303"].header("Location") == f"{SITE}/fr/manifesto/thank-you/"
    assert answers["json 404 unknown path"].status == 404
    assert answers["json 404 unknown path"].json()["error"] == translations_for("fr").gettext(
        "There is nothing at this address."
    )
    assert answers["json 400"].json()["error"] == translations_for("fr").gettext(
        "The request body is not valid JSON."
    )


def test_an_unexpected_failure_is_a_500_in_the_person_language(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crashing handler gives a 500 whose message and header are in the request's language."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(endorsements_handler, "public_list", broken)
    response = api.get(ENDORSEMENTS, {"lang": "es"})
    assert response.status == 500
    assert response.header("Content-Language") == "es"
    assert response.json() == {
        "error": translations_for("es").gettext(
            "Sorry, something went wrong on our side. Please try again later."
        )
    }


def test_a_replayed_answer_is_in_the_language_of_the_retry(api: Api) -> None:
    """A retried Idempotency-Key mails once and answers in the retry's language."""
    key = {"Idempotency-Key": "retry-1"}
    first = api.post_json(ENDORSEMENTS, endorsement(), headers=key, query={"lang": "en"})
    again = api.post_json(ENDORSEMENTS, endorsement(), headers=key, query={"lang": "pt"})
    assert first.status == again.status == 202
    assert len(api.mails()) == 1  # a replay, not a second endorsement
    assert first.json()["message"] == str(ACCEPTED.body["message"])
    assert again.header("Content-Language") == "pt"
    assert again.json()["message"] == translations_for("pt").gettext(ACCEPTED.body["message"].msgid)


def test_the_survey_definition_is_in_the_request_language_with_the_same_values(
    api: Api,
    pseudo_language: str,  # noqa: F811 - the fixture: every msgid translated as ⟦msgid⟧
) -> None:
    """The survey definition's texts follow ?lang; its ids, values and scores do not."""
    english = api.get("/api/surveys/ambassador-cities-2026").json()
    pseudo = api.get("/api/surveys/ambassador-cities-2026", {"lang": pseudo_language})
    assert pseudo.header("Content-Language") == pseudo_language
    data = pseudo.json()
    assert data["title"] == f"⟦{english['title']}⟧"
    first, first_en = data["domains"][0]["questions"][0], english["domains"][0]["questions"][0]
    assert first["text"] == f"⟦{first_en['text']}⟧"
    assert first["options"][0]["label"] == f"⟦{first_en['options'][0]['label']}⟧"
    assert data["respondent"][0]["label"] == f"⟦{english['respondent'][0]['label']}⟧"
    # ids, values and scores are the same in every language
    assert first["id"] == first_en["id"]
    assert [o["value"] for o in first["options"]] == [o["value"] for o in first_en["options"]]
    assert [o["score"] for o in first["options"]] == [o["score"] for o in first_en["options"]]


# ---------------------------------------------------------------- an endorsement in French


def stored_endorsements(api: Api) -> EndorsementsTable:
    """The API's endorsements table, through its adapter (as the admin CLI reads it)."""
    return EndorsementsTable(get_services().endorsements.client, api.env["ENDORSEMENTS_TABLE"])


def test_a_french_endorsement_is_stored_with_its_language_and_consent(api: Api) -> None:
    """A French endorsement stores language fr, the French consent's version, the same codes."""
    french = api.post_json(ENDORSEMENTS, endorsement(), query={"lang": "fr"})
    english = api.post_json(ENDORSEMENTS, endorsement(email="en@example.org"))
    assert french.status == english.status == 202
    records = {r["email"]: r for r in all_endorsements(stored_endorsements(api))}
    stored_fr, stored_en = records["Ada@example.org"], records["en@example.org"]
    form = get_services().catalog.forms["endorsement"]
    shown = translations_for("fr").gettext(form.consent_text)
    digest = hashlib.sha256(shown.encode("utf-8")).hexdigest()[:8]
    assert stored_fr["language"] == "fr" and stored_en["language"] == "en"
    assert stored_fr["consent_version"] == f"{form.consent_version}-fr-{digest}"
    assert stored_fr["consent_version"] == form_consent_version(form, "fr")
    assert stored_en["consent_version"].startswith(f"{form.consent_version}-en-")
    # codes, not labels, whatever the language
    for name in ("organisation_type", "country", "list_publicly"):
        assert stored_fr[name] == stored_en[name], name
    assert stored_fr["organisation_type"] == "public-authority" and stored_fr["country"] == "NL"


def test_the_endorsement_export_has_a_language_column_in_english(api: Api) -> None:
    """The endorsements CSV has language and consent_version columns, holding codes."""
    api.post_json(ENDORSEMENTS, endorsement(), query={"lang": "ru"})
    records = all_endorsements(stored_endorsements(api))
    stream = io.StringIO()
    write_endorsements(stream, records, "csv")
    header, row = stream.getvalue().splitlines()[:2]
    columns = header.split(",")
    assert "language" in columns and "consent_version" in columns
    values = dict(zip(columns, row.split(","), strict=True))
    assert values["language"] == "ru"
    assert values["country"] == "NL" and values["status"] == "pending"


def test_the_french_confirmation_mail_is_french_and_names_the_other_languages(api: Api) -> None:
    """The French mail is French, its links keep lang=fr, its last line lists other languages."""
    api.post_json(ENDORSEMENTS, endorsement(), query={"lang": "fr"})
    [mail] = api.mails()
    assert mail["Content-Language"] == "fr"
    body = mail.get_body(preferencelist=("plain",)).get_content()
    last = body.rstrip("\n").splitlines()[-1]
    also_in = "This site is also in: %(languages)s"
    assert last.startswith(translations_for("fr").gettext(also_in).split("%(")[0])
    for language, name in (("en", "English"), ("de", "Deutsch"), ("ru", "Русский")):
        prefix = "" if language == "en" else f"{language}/"
        assert f"{name} {SITE}/{prefix}" in last
    assert "Français" not in last
    # both links open their page in French
    links = re.findall(r"https?://\S+", body)
    for part in ("/endorsements/confirm?", "/endorsements/withdraw?"):
        assert query_of(link_with(links, part))["lang"] == "fr"
    # and its words are the French catalog's
    assert mail["Subject"] == in_catalog("fr", "Please confirm your endorsement of the manifesto")
    assert body.startswith(in_catalog("fr", "Hello,"))
    assert "Ada Lovelace" not in body  # nobody proved the address: nothing the sender typed
    assert in_catalog("fr", also_in).split("%(")[0] in last


def test_the_pages_of_the_mail_links_stay_in_french_and_offer_every_language(api: Api) -> None:
    """The French mail's confirm page and its answer are French; the switcher keeps the token."""
    api.post_json(ENDORSEMENTS, endorsement(), query={"lang": "fr"})
    confirm_url = link_with(api.last_mail_links(), "/endorsements/confirm?")
    page = api.get("/api/endorsements/confirm", query_of(confirm_url))
    assert page.status == 200
    assert page.header("Content-Language") == "fr"
    assert '<html lang="fr">' in page.body
    assert f'action="{API}/endorsements/confirm?lang=fr"' in page.body
    # the switcher leads to this very page in each language, token and all
    token = token_of(confirm_url)
    for language in LANGUAGES:
        href = f"{SITE}/api/endorsements/confirm?token={token}&amp;lang={language}"
        assert f'href="{href}"' in page.body, language
    # the button's answer: French, with the manifesto's French page; no switcher to itself
    done = api.post_form(
        "/api/endorsements/confirm",
        {"token": token},
        query={"lang": "fr"},
        headers={"origin": SITE},
    )
    assert done.status == 200 and '<html lang="fr">' in done.body
    assert done.header("Content-Language") == "fr"
    assert f'href="{SITE}/fr/manifesto/"' in done.body
    assert "/api/endorsements/confirm?" not in done.body.split("<main")[0]
    assert in_catalog("fr", "Confirm my endorsement") in page.body


def test_a_known_email_gets_its_new_links_in_the_stored_language(api: Api) -> None:
    """A known address posted again in German gets its second mail in its stored Italian."""
    api.post_json(ENDORSEMENTS, endorsement(), query={"lang": "it"})
    api.post_json(
        ENDORSEMENTS, endorsement(), query={"lang": "de"}, headers={"Idempotency-Key": "b"}
    )
    first, second = api.mails()
    assert first["Content-Language"] == second["Content-Language"] == "it"
    links = re.findall(r"https?://\S+", second.get_body(preferencelist=("plain",)).get_content())
    assert query_of(link_with(links, "/endorsements/withdraw?"))["lang"] == "it"
