"""Every string a person reads is a msgid: extraction finds it, and a new language needs no code.

The proof is a pseudo-language: a catalog made from the extracted msgids, each translated as
"⟦msgid⟧", compiled into a temporary folder and offered as language "xx". A text the API, its
pages or its mail show in English under "xx" was never marked for translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from functions import i18n
from functions.cldr import language_names
from functions.domain.forms import YES_NO_CHOICES, load_catalog
from functions.http.errors import TITLES
from functions.mail import endorsement_messages, survey_messages
from functions.rendering import renderer
from functions.rendering.site import MENU, SITENAME, SITESUBTITLE
from scripts.translations import extract
from tests.functions.conftest import Api, api_event, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, RESPONSES, respondent
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture

PSEUDO = "xx"
SITE_URL = "https://x"
SURVEY = load_catalog().surveys["ambassador-cities-2026"]


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return extract()


def definition_texts() -> Iterator[str]:
    """Every person-readable value of the form definitions, as the loader gives it."""
    catalog = load_catalog()
    for form in catalog.forms.values():
        yield from (form.title, form.description, form.consent_text)
        for field in form.fields:
            yield from (field.label, field.help, *(choice.label for choice in field.choices))
    for survey in catalog.surveys.values():
        yield from (survey.title, survey.description, survey.scoring.summary)
        for field in survey.respondent:
            yield from (field.label, field.help, *(choice.label for choice in field.choices))
        for domain in survey.domains:
            yield from (domain.title, domain.description)
            for question in domain.questions:
                yield from (question.text, question.help, question.min_label, question.max_label)
                yield from (option.label for option in question.options)


def test_extraction_finds_every_form_definition_text(extracted: Catalog) -> None:
    """Every person-readable text of the form and survey definitions is an extracted msgid."""
    missing = [text for text in definition_texts() if text and text not in extracted]
    assert missing == []


def test_extraction_finds_chrome_titles_and_choices(extracted: Catalog) -> None:
    """The subtitle, menu labels, error titles and yes/no labels are extracted msgids."""
    wanted = [SITESUBTITLE, *(label for label, _ in MENU), *TITLES.values()]
    wanted += [choice.label for choice in YES_NO_CHOICES]
    assert [text for text in wanted if text not in extracted] == []


@pytest.fixture
def pseudo_language(
    extracted: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Language "xx": every extracted msgid translated as ⟦msgid⟧, compiled and installed."""
    catalog = Catalog(locale="en", domain=i18n.DOMAIN)
    for message in extracted:
        if message.id:
            catalog.add(message.id, f"⟦{message.id}⟧", flags=message.flags)
    folder = tmp_path / "translations" / PSEUDO / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{i18n.DOMAIN}.mo").open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path / "translations")
    i18n.forget_catalogs()
    renderer.environment.cache_clear()
    yield PSEUDO
    i18n.forget_catalogs()
    renderer.environment.cache_clear()


def translated(text: str) -> bool:
    # Markup inside a message ({% trans %}) splits it: either end marks a translated node.
    return "⟦" in text or "⟧" in text


def test_a_new_language_is_offered_without_code(pseudo_language: str) -> None:
    """The compiled pseudo-language is available and chosen by Accept-Language, with no code."""
    assert PSEUDO in i18n.available_languages()
    assert i18n.negotiate(None, "xx;q=0.9, en;q=0.1", i18n.available_languages()) == PSEUDO


# Links, codes, the signature mark and answers that are numbers (a scale's value) are data.
URL_OR_CODE = re.compile(r"^(https?://\S+|[A-Za-z0-9_.=-]{20,}|--|\d+)$")


@pytest.mark.parametrize(
    "mail",
    [
        lambda lang: endorsement_messages.confirm_endorsement(
            "a@b.c", "https://x/c", "https://x/w", lang, site_url=SITE_URL
        ),
        lambda lang: endorsement_messages.already_endorsed(
            "a@b.c", "Ada", "https://x/w", lang, site_url=SITE_URL
        ),
        lambda lang: survey_messages.resume_link(
            "a@b.c", SURVEY, "https://x/r", "5 May", lang, site_url=SITE_URL
        ),
        lambda lang: survey_messages.confirm_response(
            "a@b.c", SURVEY, "ABCD2345", "https://x/c", "https://x/v", lang, site_url=SITE_URL
        ),
        lambda lang: survey_messages.answers_copy(
            "a@b.c",
            SURVEY,
            "ABCD2345",
            "Utrecht",
            {"leadership_feedback": 3},
            "https://x/v",
            lang,
            site_url=SITE_URL,
        ),
        lambda lang: survey_messages.contested(
            "a@b.c", SURVEY, "ABCD2345", "Utrecht", lang, site_url=SITE_URL
        ),
    ],
)
def test_every_line_of_every_mail_is_translated(pseudo_language: str, mail: Any) -> None:
    """Under the pseudo-language, each mail's subject and lines (links aside) are translated."""
    message = mail(pseudo_language)
    assert translated(message.subject), message.subject
    assert message.language == PSEUDO
    for line in message.text.splitlines():
        if line.strip() and not URL_OR_CODE.match(line.strip()):
            assert translated(line), line


def test_api_json_messages_are_translated(api: Api, pseudo_language: str) -> None:
    """Under the pseudo-language, the API's 422, 202 and 400 JSON messages are translated."""
    headers = {"Accept-Language": pseudo_language}
    response = api.post_json(ENDORSEMENTS, endorsement(email="nope", name=""), headers=headers)
    assert response.status == 422
    assert response.header("Content-Language") == PSEUDO
    errors = response.json()["errors"]
    assert len(errors) == 2 and all(translated(text) for text in errors.values()), errors
    response = api.post_json(ENDORSEMENTS, endorsement(), headers=headers)
    assert response.status == 202 and translated(response.json()["message"])
    broken = api.call(
        api_event("POST", ENDORSEMENTS, body="{", content_type="application/json", headers=headers)
    )
    assert broken.status == 400 and translated(broken.json()["error"])


class TextNodes(HTMLParser):
    """The text a person reads in a page's body and title (not scripts, not country names)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip.append(tag)
        # Country names come from data: CLDR names per language are a later issue.
        if tag == "option" and dict(attrs).get("value"):
            self._skip.append(tag)
        for name, value in attrs:
            if name in ("aria-label", "alt", "placeholder", "title") and value:
                self.texts.append(value)
            if name.startswith("data-text-") or name in ("data-success", "data-error-label"):
                self.texts.append(value or "")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip and re.search(r"[^\W\d_]", data):
            self.texts.append(data.strip())


def untranslated(page: str, allowed: tuple[str, ...]) -> list[str]:
    """Texts not translated, but for the site's name and the language switcher's names (each
    language named in itself, from CLDR: data, like country names)."""
    parser = TextNodes()
    parser.feed(page)
    data = (SITENAME, *language_names().values())
    return [text for text in parser.texts if not translated(text) and text not in (*allowed, *data)]


def test_every_text_of_a_refused_form_page_is_translated(api: Api, pseudo_language: str) -> None:
    """Under the pseudo-language, a refused endorsement page has no untranslated text."""
    body = [(key, value) for key, value in endorsement(email="nope").items()]
    response = api.post_form(ENDORSEMENTS, body, headers={"Accept-Language": pseudo_language})
    assert response.status == 422
    page = response.body
    assert f'<html lang="{PSEUDO}">' in page
    assert untranslated(page, allowed=()) == []


def test_every_text_of_the_survey_form_page_is_translated(
    survey_api: Api,  # noqa: F811
    pseudo_language: str,
) -> None:
    """Under the pseudo-language, a refused survey form page has no untranslated text."""
    pairs: list[tuple[str, str]] = list(respondent(email="bad").items())
    for question, value in ALL_BEST.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((question, str(item)))
    response = survey_api.post_form(RESPONSES, pairs, headers={"Accept-Language": pseudo_language})
    assert response.status == 422
    assert untranslated(response.body, allowed=()) == []


def test_every_text_of_the_confirm_page_is_translated(api: Api, pseudo_language: str) -> None:
    """Under the pseudo-language, the endorsement's confirm page has no untranslated text."""
    api.post_json(ENDORSEMENTS, endorsement())
    link = next(link for link in api.last_mail_links() if "/confirm" in link)
    response = api.get(
        "/api/endorsements/confirm",
        {"token": token_of(link)},
        headers={"Accept-Language": pseudo_language},
    )
    assert response.status == 200
    assert untranslated(response.body, allowed=()) == []


def test_a_template_the_extractor_cannot_parse_fails_extraction(tmp_path: Path) -> None:
    """A template the extractor cannot parse makes extraction raise, not skip it."""
    # Silently skipped, it would drop every string of the template from the catalogs.
    templates = tmp_path / "theme" / "templates"
    templates.mkdir(parents=True)
    (templates / "broken.html").write_text("{% no_such_tag %}{{ _('Lost') }}", "utf-8")
    with pytest.raises(jinja2.TemplateSyntaxError):
        extract(root=tmp_path)


def test_strings_inside_fragments_are_extracted(extracted: Catalog) -> None:
    """Texts of base.html's header and footer fragments are extracted msgids."""
    # base.html's header and footer are fragments (functions/rendering/fragments.py)
    assert {"Skip to main content", "About the Action Cluster"} <= {m.id for m in extracted}
