"""The request schemas of functions/openapi.yaml are generated from functions/forms/ (by
scripts/openapi_schemas.py), and say what the validator really accepts: a changed definition
makes the check fail, every body the schemas allow passes validation, and the bodies the flow
tests send are allowed by the schemas."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from functions.domain.forms import DEFAULT_FORMS_DIR, load_catalog
from functions.domain.journey import steps_of, validate_step
from functions.domain.submissions import (
    BIDI_CONTROLS,
    check_field,
    validate_endorsement,
    validate_survey_answers,
)
from functions.usecases.endorsements import FORM_ID
from scripts import openapi_schemas
from scripts.openapi_schemas import BEGIN, DOCUMENT, END, NOT_BLANK, main
from tests.functions.test_endorsement_flow import endorsement
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID, respondent

SURVEY_FILE = "ambassador-survey.yml"
# JSON Schema cannot refuse control characters in a few words; the validator does (see the
# module docstring of scripts/openapi_schemas.py), so generated text leaves them out.
TEXT = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=BIDI_CONTROLS)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@pytest.fixture
def forms_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_FORMS_DIR, tmp_path / "forms"))


def edit(folder: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Change one definition file of a copied folder through its parsed YAML."""
    path = folder / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def question(data: dict[str, Any], question_id: str) -> dict[str, Any]:
    return next(q for d in data["domains"] for q in d["questions"] if q["id"] == question_id)


# ---------------------------------------------------------------- the document and its check


def test_the_committed_document_is_what_the_definitions_generate() -> None:
    """The committed document's generated schemas equal what the shipped definitions generate."""
    document = DOCUMENT.read_text(encoding="utf-8")
    schemas = openapi_schemas.generate(load_catalog())
    assert openapi_schemas.differences(document, schemas) == []
    assert openapi_schemas.rewrite(document, schemas) == document
    assert main(["--check"]) == 0


def test_the_check_names_each_schema_a_changed_definition_changes(
    forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After a field is added and an option removed, --check fails naming each changed schema."""
    edit(
        forms_copy,
        "endorsement.yml",
        lambda data: data["fields"].append({"name": "city", "label": "City", "type": "text"}),
    )
    budgeting = "collaboration_budgeting"
    edit(
        forms_copy,
        SURVEY_FILE,
        lambda data: question(data, budgeting)["options"].pop(1),  # "pilot"
    )
    assert main(["--check", "--forms", str(forms_copy)]) == 1
    message = capsys.readouterr().err
    assert "schema Endorsement differs at properties.city" in message
    assert "schema EndorsementUrlencoded differs at properties.city" in message
    assert f"schema SurveyResponse differs at properties.answers.properties.{budgeting}" in message
    assert f"schema SurveyResponseUrlencoded differs at properties.{budgeting}" in message
    assert "CountryCode" not in message
    assert "make openapi" in message


def test_the_check_notices_a_hand_edit_of_the_generated_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--check fails on a hand-edited value in the generated block, and on a changed layout."""
    document = tmp_path / "openapi.yaml"
    text = DOCUMENT.read_text(encoding="utf-8")
    document.write_text(text.replace("maxLength: 160", "maxLength: 161", 1), encoding="utf-8")
    assert main(["--check", "--document", str(document)]) == 1
    assert "schema Endorsement differs at properties.organisation.maxLength" in (
        capsys.readouterr().err
    )
    document.write_text(text.replace("    Endorsement:\n", "    Endorsement: \n"), encoding="utf-8")
    assert main(["--check", "--document", str(document)]) == 1
    assert "layout differs" in capsys.readouterr().err


def test_writing_changes_only_the_generated_block(forms_copy: Path, tmp_path: Path) -> None:
    """Writing rewrites only the generated block, quoting values YAML would misread."""
    # names and values YAML would read as booleans or numbers if they were not quoted
    tricky = {
        "name": "on",
        "label": "Tricky",
        "type": "single_choice",
        "choices": [{"value": "NO", "label": "Norway"}, {"value": "2026", "label": "A year"}],
    }
    edit(forms_copy, "endorsement.yml", lambda data: data["fields"].append(tricky))
    document = tmp_path / "openapi.yaml"
    document.write_bytes(DOCUMENT.read_bytes())
    assert main(["--forms", str(forms_copy), "--document", str(document)]) == 0
    assert main(["--check", "--forms", str(forms_copy), "--document", str(document)]) == 0
    before, after = DOCUMENT.read_text(encoding="utf-8"), document.read_text(encoding="utf-8")
    assert before != after
    assert after.split(BEGIN)[0] == before.split(BEGIN)[0]
    assert after.split(END)[1] == before.split(END)[1]
    written = yaml.safe_load(after)["components"]["schemas"]["Endorsement"]["properties"]["on"]
    assert written == {"type": "string", "enum": ["NO", "2026"]}


def test_several_surveys_give_one_schema_each_and_a_valid_document(
    forms_copy: Path, tmp_path: Path
) -> None:
    """Two surveys give one schema each, joined by anyOf, in a document that is valid OpenAPI."""
    shutil.copy(forms_copy / SURVEY_FILE, forms_copy / "other-survey.yml")
    edit(forms_copy, "other-survey.yml", lambda data: data.update(id="other-2027"))
    document = tmp_path / "openapi.yaml"
    document.write_bytes(DOCUMENT.read_bytes())
    assert main(["--forms", str(forms_copy), "--document", str(document)]) == 0
    spec = yaml.safe_load(document.read_text(encoding="utf-8"))
    validate_spec(spec)
    assert spec["components"]["schemas"]["SurveyResponse"]["anyOf"] == [
        {"$ref": f"#/components/schemas/SurveyResponse.{SURVEY_ID}"},
        {"$ref": "#/components/schemas/SurveyResponse.other-2027"},
    ]


def test_a_definition_the_validator_cannot_check_is_refused(
    forms_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A scale field in the endorsement form makes the script exit 2, naming the file and field."""
    scale = {"name": "mood", "label": "Mood", "type": "scale"}
    edit(forms_copy, "endorsement.yml", lambda data: data["fields"].append(scale))
    assert main(["--check", "--forms", str(forms_copy)]) == 2
    assert "endorsement.yml: field 'mood': type scale is not validated" in capsys.readouterr().err


def test_a_document_without_the_markers_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document without the END marker makes the script exit 2, naming the missing marker."""
    document = tmp_path / "openapi.yaml"
    document.write_text(DOCUMENT.read_text(encoding="utf-8").replace(END, "# the end"))
    assert main(["--document", str(document)]) == 2
    assert "END generated" in capsys.readouterr().err


# ---------------------------------------------------------------- the schemas against the validator


def schema_validator(spec: dict[str, Any], name: str) -> Draft202012Validator:
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    return Draft202012Validator({"$ref": f"urn:spec#/components/schemas/{name}"}, registry=registry)


def allowed(schema: dict[str, Any], spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the small JSON Schema subset the generator writes (a test of it, not a library)."""
    if "$ref" in schema:
        return allowed(spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], spec)
    if "anyOf" in schema:
        return st.one_of([allowed(option, spec) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if schema["type"] == "integer":
        return st.integers(schema["minimum"], schema.get("maximum"))
    if schema["type"] == "array":
        items = allowed(schema["items"], spec)
        return st.lists(items, min_size=schema.get("minItems", 0), unique=True)
    if schema["type"] == "string":  # as long as allowed, too: limits are checked after trimming
        most, pattern = schema.get("maxLength", 200), schema.get("pattern", "")
        if pattern not in ("", NOT_BLANK):  # an email address: random text would not match
            return st.from_regex(pattern, alphabet=TEXT).filter(lambda text: len(text) <= most)
        text = st.text(TEXT, max_size=most) | st.text(TEXT, min_size=most, max_size=most)
        return text.filter(lambda text: re.search(pattern, text))
    values = {key: allowed(value, spec) for key, value in schema["properties"].items()}
    required = schema.get("required", [])
    return st.fixed_dictionaries(
        {key: values[key] for key in required},
        optional={key: value for key, value in values.items() if key not in required},
    )


def as_posted(body: dict[str, Any]) -> dict[str, list[str]]:
    """What the handler parses from the urlencoded form of `body`: a list of strings per key."""
    return {
        key: [str(item) for item in (value if isinstance(value, list) else [value])]
        for key, value in body.items()
        if value != []
    }


CATALOG = load_catalog()
NAMES = (
    "Endorsement",
    "EndorsementUrlencoded",
    "SurveyResponse",
    "SurveyResponseUrlencoded",
    "SurveyStep",
    "SurveyStepUrlencoded",
)


def validate(name: str, body: dict[str, Any]) -> None:
    """The validator on `body`, sent as schema `name` describes; raises ValidationFailed.

    A step body is saved as "later" would save it on each step it could be posted to (the
    schema has every step's fields): what it allows must be kept, never refused."""
    urlencoded = name.endswith("Urlencoded")
    values = as_posted(body) if urlencoded else body
    # The throwaway-domain list is configuration, not syntax: no schema can say it.
    anywhere = None
    if name.startswith("Endorsement"):
        validate_endorsement(CATALOG.forms[FORM_ID], values, urlencoded, anywhere)
    elif name.startswith("SurveyStep"):
        for step in steps_of(CATALOG.surveys[SURVEY_ID]):
            validate_step(step, values, urlencoded, complete=False, allowed_domains=anywhere)
    else:
        validate_survey_answers(CATALOG.surveys[SURVEY_ID], values, urlencoded, anywhere)


@pytest.mark.parametrize("name", NAMES)
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_body_the_schema_allows_passes_the_validator(
    spec: dict[str, Any], name: str, data: st.DataObject
) -> None:
    """Every body Hypothesis draws from a request schema passes the functions' own validator."""
    body = data.draw(allowed(spec["components"]["schemas"][name], spec), label=name)
    schema_validator(spec, name).validate(body)  # the strategy keeps to the schema
    validate(
        name, body
    )  # raises ValidationFailed, naming the field, if the schema allowed too much


def test_every_country_code_the_schema_lists_passes_the_validator(spec: dict[str, Any]) -> None:
    """Each of the 200+ unique codes of CountryCode passes the country field's check."""
    codes = spec["components"]["schemas"]["CountryCode"]["enum"]
    field = CATALOG.forms[FORM_ID].field_named("country")
    assert field is not None and len(codes) == len(set(codes)) > 200
    assert [code for code in codes if check_field(field, code, False)[1]] == []


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("Endorsement", endorsement()),
        ("Endorsement", endorsement(list_publicly=False, consent=True, role="")),
        ("EndorsementUrlencoded", endorsement()),
        ("SurveyResponse", {"respondent": respondent(), "answers": ALL_BEST}),
        ("SurveyResponseUrlencoded", respondent() | ALL_BEST),
        # tests/functions/test_survey_journey.py: an autosave, and step pages' plain forms
        ("SurveyStep", {"t": "a.b", "version": 0, "action": "autosave", "leadership_feedback": 3}),
        ("SurveyStepUrlencoded", {"t": "a.b", "version": 0, "action": "later"} | respondent()),
        ("SurveyStepUrlencoded", {"t": "a.b", "version": 2, "leadership_strategy": "drafting"}),
        # what a browser sends for a step left empty: every text box, empty
        (
            "SurveyStepUrlencoded",
            {"t": "a.b", "action": "later", "city_id": ""} | dict.fromkeys(respondent(), ""),
        ),
    ],
)
def test_the_bodies_the_flow_tests_send_are_allowed(
    spec: dict[str, Any], name: str, body: dict[str, Any]
) -> None:
    """The bodies the flow tests send pass both the validator and the document's schema."""
    validate(name, body)  # accepted by the validator, so the schema must allow it too
    schema_validator(spec, name).validate(body)
