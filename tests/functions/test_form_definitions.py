"""The shipped form definitions load, and broken ones are refused naming the file and key."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from functions.domain.countries import COUNTRIES, COUNTRY_NAMES
from functions.domain.errors import FormDefinitionError
from functions.domain.forms import (
    DEFAULT_FORMS_DIR,
    build_form,
    build_survey,
    load_catalog,
    load_form,
    load_form_by_id,
    load_survey,
    load_survey_by_id,
)

ENDORSEMENT = DEFAULT_FORMS_DIR / "endorsement.yml"
SURVEY = DEFAULT_FORMS_DIR / "ambassador-survey.yml"


def raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_shipped_definition_loads() -> None:
    """The shipped catalog holds exactly the endorsement form and the 2026 survey."""
    catalog = load_catalog()
    assert set(catalog.forms) == {"endorsement"}
    assert set(catalog.surveys) == {"ambassador-cities-2026"}


def test_endorsement_form_has_the_agreed_fields() -> None:
    """The endorsement form has the agreed fields, choices, consent and a separate honeypot."""
    form = load_form(ENDORSEMENT)
    assert [field.name for field in form.fields] == [
        "name",
        "organisation",
        "role",
        "organisation_type",
        "country",
        "email",
        "list_publicly",
        "consent",
    ]
    assert form.field_named("role").required is False
    assert form.field_named("organisation_type").choice_values() == (
        "public-authority",
        "company",
        "research-academia",
        "civil-society",
        "citizen",
    )
    assert form.field_named("consent").must_be == "yes"
    assert form.consent_version and form.consent_text
    assert form.honeypot not in {field.name for field in form.fields}


def test_survey_has_six_domains_of_three_to_six_scored_questions() -> None:
    """The survey has its dates, six domains of 3 to 6 questions, its respondent fields."""
    survey = load_survey(SURVEY)
    assert survey.id == "ambassador-cities-2026"
    assert survey.opens == datetime.fromisoformat("2026-11-02T00:00:00+01:00")
    assert survey.closes == datetime.fromisoformat("2027-02-05T23:59:59+01:00")
    assert len(survey.domains) == 6
    for domain in survey.domains:
        assert 3 <= len(domain.questions) <= 6
        assert domain.max_points > 0
    assert [field.name for field in survey.respondent] == [
        "name",
        "role",
        "email",
        "city",
        "country",
    ]
    assert survey.scoring.summary


def test_loading_by_id_finds_the_file() -> None:
    """Loading by id finds each definition's file, and an unknown survey id is refused by name."""
    assert load_form_by_id("endorsement").source == "endorsement.yml"
    assert load_survey_by_id("ambassador-cities-2026").source == "ambassador-survey.yml"
    with pytest.raises(FormDefinitionError, match="no survey with id 'nope'"):
        load_survey_by_id("nope")


def test_countries_are_iso_alpha_2() -> None:
    """The country list has at least 249 upper-case two-letter codes, NL named Netherlands."""
    assert len(COUNTRIES) >= 249
    assert all(len(code) == 2 and code.isupper() for code, _ in COUNTRIES)
    assert COUNTRY_NAMES["NL"] == "Netherlands"


def test_to_dict_round_trips_through_the_loader() -> None:
    # GIVEN the survey as the API returns it (minus fields the loader does not take)
    survey = load_survey(SURVEY)
    # WHEN it is built again from that dictionary
    again = build_survey(survey.to_dict(), "again")
    # THEN nothing was lost
    assert again.to_dict() == survey.to_dict()
    form = load_form(ENDORSEMENT)
    assert build_form(form.to_dict(), "again").to_dict() == form.to_dict()


def _edit(data: dict, path: list, value: object) -> dict:
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


DELETE = object()

BROKEN_SURVEYS = [
    (
        ["domains", 2, "questions", 0, "options", 1, "score"],
        "three",
        "domains[2].questions[0].options[1].score: must be a number",
    ),
    (["domains", 0, "questions", 0, "options", 0, "score"], -1, "must not be negative"),
    (
        ["domains", 0, "questions", 0, "type"],
        "slider",
        "domains[0].questions[0].type: must be one of",
    ),
    (["domains", 0, "questions", 0, "id"], "leadership_champion", "duplicate id"),
    (["domains", 0, "questions", 1, "id"], "email", "duplicate id 'email'"),
    (["domains", 1, "questions"], [], "domains[1].questions: must have at least 3 items"),
    (["domains", 0, "questions", 1, "options", 0, "value"], True, "must be a string (quote it"),
    (["domains", 0, "questions", 1, "options", 0, "value"], "maybe", '"yes" and "no"'),
    (["domains", 0, "questions", 3, "max"], 1, "domains[0].questions[3].max: must be greater"),
    (["domains", 0, "questions", 3, "options"], [], "not allowed for scale"),
    (["domains", 0, "questions", 0, "options"], DELETE, "options: is required"),
    (["domains", 0, "questions", 0, "colour"], "red", "unknown key 'colour'"),
    (["closes"], "2026-01-01T00:00:00+01:00", "closes: must be later than opens"),
    (["opens"], "2026-11-02T00:00:00", "opens: must include a UTC offset"),
    (["opens"], "next monday", "opens: must be an ISO 8601"),
    (["scoring", "domain"], "median", "scoring.domain: must be one of"),
    (["scoring"], DELETE, "scoring: is required"),
    (
        ["respondent", 3, "type"],
        "long_text",
        "respondent: must have a required text field named 'city'",
    ),
    (["honeypot"], "city", "honeypot: must not be the name of a field"),
    (["version"], "one", "version: must be a whole number"),
    (["domains", 1, "id"], "leadership", "duplicate domain id"),
]


@pytest.mark.parametrize(("path", "value", "message"), BROKEN_SURVEYS)
def test_broken_survey_definitions_are_refused_with_file_and_key(
    tmp_path: Path, path: list, value: object, message: str
) -> None:
    # GIVEN the shipped survey with one key broken, in a file of its own
    broken = tmp_path / "broken-survey.yml"
    broken.write_text(yaml.safe_dump(_edit(raw(SURVEY), path, value)), encoding="utf-8")
    # WHEN it is loaded THEN the error names the file and the key
    with pytest.raises(FormDefinitionError) as caught:
        load_survey(broken)
    assert str(caught.value).startswith("broken-survey.yml: ")
    assert message in str(caught.value)


def test_the_error_message_has_the_documented_shape(tmp_path: Path) -> None:
    """A non-numeric score is refused as 'file: domains[2].questions[0].options[1].score: ...'."""
    broken = tmp_path / "ambassador-survey.yml"
    data = _edit(raw(SURVEY), ["domains", 2, "questions", 0, "options", 1, "score"], "x")
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_survey(broken)
    assert str(caught.value) == (
        "ambassador-survey.yml: domains[2].questions[0].options[1].score: must be a number"
    )


BROKEN_FORMS = [
    (["fields", 0, "type"], "textarea", "fields[0].type: must be one of"),
    (["fields", 1, "name"], "name", "fields[1]: duplicate field name 'name'"),
    (["fields", 3, "choices"], DELETE, "fields[3].choices: is required for single_choice"),
    (["fields", 3, "choices", 0, "label"], DELETE, "fields[3].choices[0].label: is required"),
    (["fields", 0, "max_length"], 0, "fields[0].max_length: must be at least 1"),
    (["fields", 4, "max_length"], 10, "fields[4].max_length: is only allowed"),
    (["fields", 7, "must_be"], "maybe", 'fields[7].must_be: must be "yes" or "no"'),
    (["fields", 0, "required"], "yes", "fields[0].required: must be true or false"),
    (["fields", 0, "name"], "Full Name", "fields[0].name: must be lower case"),
    (["consent_version"], DELETE, "consent_version: is required together"),
    (["fields"], "name", "fields: must be a list"),
    (["honeypot"], "email", "honeypot: must not be the name of a field"),
    (["title"], "  ", "title: must not be empty"),
]


@pytest.mark.parametrize(("path", "value", "message"), BROKEN_FORMS)
def test_broken_form_definitions_are_refused_with_file_and_key(
    tmp_path: Path, path: list, value: object, message: str
) -> None:
    """Each broken form definition is refused with the file's name and the expected message."""
    broken = tmp_path / "broken-form.yml"
    broken.write_text(yaml.safe_dump(_edit(raw(ENDORSEMENT), path, value)), encoding="utf-8")
    with pytest.raises(FormDefinitionError) as caught:
        load_form(broken)
    assert str(caught.value).startswith("broken-form.yml: ")
    assert message in str(caught.value)


def test_invalid_yaml_and_missing_files_are_definition_errors(tmp_path: Path) -> None:
    """Invalid YAML, a missing file and a top-level list each raise an error naming the file."""
    bad = tmp_path / "bad.yml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"^bad\.yml: is not valid YAML"):
        load_form(bad)
    with pytest.raises(FormDefinitionError, match=r"^missing\.yml: cannot be read"):
        load_form(tmp_path / "missing.yml")
    top = tmp_path / "list.yml"
    top.write_text("- 1\n", encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"^list\.yml: must be a mapping"):
        load_form(top)


def test_a_catalog_refuses_two_files_with_one_id(tmp_path: Path) -> None:
    """A catalog folder with two files of the same id is refused, naming the second file."""
    (tmp_path / "a.yml").write_text(ENDORSEMENT.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.yml").write_text(ENDORSEMENT.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FormDefinitionError, match=r"^b\.yml: id: 'endorsement' is used"):
        load_catalog(tmp_path)
