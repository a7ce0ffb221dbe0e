"""Country names from CLDR in every language of the site, and country fields limited to a list."""

from __future__ import annotations

import pytest

from functions import cldr
from functions.domain import countries
from functions.domain.forms import build_form, load_catalog
from functions.domain.places import EUROPE
from functions.domain.submissions import check_field
from functions.i18n import LANGUAGES
from scripts import build_cldr


def test_the_committed_file_is_what_the_script_writes() -> None:
    """The committed CLDR data file is exactly what scripts/build_cldr.py renders now."""
    committed = cldr.CLDR_FILE.read_text(encoding="utf-8")
    assert committed == build_cldr.render(build_cldr.build()), "run `make translations`"


def test_every_language_of_the_site_has_names() -> None:
    """Every language of the site has a language name and a name for every country code."""
    assert set(cldr.language_names()) == set(LANGUAGES)
    for language in LANGUAGES:
        assert set(cldr.country_names(language)) == set(countries.COUNTRY_NAMES)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Netherlands"), ("fr", "Pays-Bas"), ("de", "Niederlande"), ("ru", "Нидерланды")],
)
def test_names_in_the_language(language: str, expected: str) -> None:
    """NL is named in the requested language (Netherlands, Pays-Bas, Niederlande, Нидерланды)."""
    assert countries.country_name("NL", language) == expected


def test_language_names_are_autonyms() -> None:
    """Each language is named in itself: English, Français, Deutsch, Русский."""
    names = cldr.language_names()
    assert (names["en"], names["fr"], names["de"], names["ru"]) == (
        "English",
        "Français",
        "Deutsch",
        "Русский",
    )


def test_sorted_by_name_ignoring_accents_and_case() -> None:
    """German country names sort ignoring accents: Oman, then Österreich, then Pakistan."""
    german = [name for _code, name in countries.countries_by_name("de")]
    assert german.index("Österreich") < german.index("Pakistan")
    assert german.index("Oman") < german.index("Österreich")


def test_limited_to_some_codes() -> None:
    """Limited to NL, BE and XK, the French list is those three, sorted by their French names."""
    pairs = countries.countries_by_name("fr", frozenset({"NL", "BE", "XK"}))
    assert pairs == (("BE", "Belgique"), ("XK", "Kosovo"), ("NL", "Pays-Bas"))


def test_not_countries_are_left_out() -> None:
    """EU, UN, ZZ and QO are not country codes; Kosovo (XK) is."""
    assert not {"EU", "UN", "ZZ", "QO"} & set(countries.COUNTRY_NAMES)
    assert "XK" in countries.COUNTRY_NAMES


def test_survey_country_field_offers_the_gazetteer_countries() -> None:
    """The survey's country field is limited to the gazetteer's European countries."""
    survey = next(iter(load_catalog().surveys.values()))
    field = next(f for f in survey.respondent if f.type == "country")
    assert field.countries == frozenset(EUROPE)


FORM = {
    "id": "f",
    "version": 1,
    "title": "T",
    "honeypot": "website",
    "fields": [
        {"name": "country", "label": "Country", "type": "country", "countries": ["NL", "BE"]}
    ],
}


def test_a_limited_field_refuses_other_countries() -> None:
    """A field limited to NL and BE takes ' be' as BE and refuses DE and ZZ with its message."""
    field = build_form(FORM, "f.yml").fields[0]
    assert check_field(field, " be", form_encoded=False) == ("BE", None)
    assert check_field(field, "DE", form_encoded=False) == (None, "Choose a country from the list.")
    assert check_field(field, "ZZ", form_encoded=False)[1] == "Choose a country from the list."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("europe", 'must be "gazetteer" or a list of country codes'),
        (["NL", "XX"], "unknown country codes: XX"),
    ],
)
def test_bad_country_lists_name_the_key(value: object, message: str) -> None:
    """A form whose countries is neither 'gazetteer' nor known codes is refused, naming the key."""
    data = {**FORM, "fields": [{**FORM["fields"][0], "countries": value}]}
    with pytest.raises(Exception, match=f"fields\\[0\\].countries: {message}"):
        build_form(data, "f.yml")
