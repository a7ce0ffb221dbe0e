"""`make openapi`: the request schemas of functions/openapi.yaml, generated from functions/forms/.

By hand, the endorsement and survey body schemas drifted from the definitions the functions
validate against. Here they are built from the same catalog, after what the validators accept
(functions/domain/submissions.py; functions/domain/journey.py for the journey's step saves), and
written between two marker comments; the rest of the document is left byte for byte. They carry
the contract (names, types, limits, values), not the wording: editing a label or a question's
text leaves the document alone.

    python -m scripts.openapi_schemas          # rewrite the generated block
    python -m scripts.openapi_schemas --check  # exit 1, naming each schema that differs

What they accept passes the validator, except what JSON Schema cannot say well (control
characters in text, 3.0 for a scale); they are stricter on case, padding spaces and nulls.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

from functions.domain import forms
from functions.domain.countries import COUNTRIES
from functions.domain.errors import FormDefinitionError
from functions.domain.forms import Catalog, Field, Form, Question, Survey
from functions.domain.journey import CHECK, steps_of
from functions.domain.places import PLACE_ID
from functions.domain.submissions import EMAIL_PATTERN
from functions.domain.tokens import MAX_TOKEN_LENGTH
from functions.usecases.drafts import CITY_ID
from functions.usecases.endorsements import FORM_ID
from scripts.openapi_yaml import block_lines

FORMS = forms.DEFAULT_FORMS_DIR
DOCUMENT = FORMS.parent / "openapi.yaml"
BEGIN, END = "# BEGIN generated", "# END generated"
REF = "#/components/schemas/"
NOT_BLANK = r"\S"  # the validator trims, then treats an empty value as missing
HONEYPOT = {"type": "string", "maxLength": 0, "description": "The honeypot: leave it out or empty."}
DRAFT_TOKEN = {"type": "string", "maxLength": MAX_TOKEN_LENGTH, "pattern": "^[ -~]*$"}
DRAFT_TOKEN["description"] = "The draft's token: the `t` of the page's address (the resume link)."
STEP_CONTROLS: dict[str, dict[str, Any]] = {
    "t": DRAFT_TOKEN,
    "version": {
        "type": "integer",
        "minimum": 0,
        "description": "The draft's version the page was shown with (409 if it changed since).",
    },
    "action": {
        "type": "string",
        "enum": ["continue", "later", "autosave"],
        "description": "continue (the default) needs every required answer of the step; later "
        "and autosave keep what is valid. From a form, later also emails the resume link.",
    },
    "return": {
        "type": "string",
        "enum": [CHECK],
        "description": "Back to the check page after continue, instead of the next step.",
    },
    CITY_ID: {
        "type": "string",
        "pattern": f"^({PLACE_ID.pattern})?$",
        "description": "Step about: the id of the place GET /api/surveys/{survey_id}/places "
        "gave for the city typed; without it the city is chosen on the next page.",
    },
}
COUNTRY_CODE = {"type": "string", "enum": [code for code, _ in COUNTRIES]}
COUNTRY_CODE["description"] = (
    "ISO 3166-1 alpha-2 and Kosovo's XK, as in functions/domain/countries.py."
)
URLENCODED_FORM = "As a plain HTML form sends it: yes/no fields as the words only."
STEP = (
    "One step of the journey, as survey.js saves it as you type: the step's own respondent fields "
    "or answers, flat; keys of other steps are ignored. Any of them may be empty or left out "
    "unless action is continue."
)
URLENCODED_STEP = (
    "One step of the journey, as its page's plain HTML form sends it (a repeated key per "
    "multiple-choice answer); keys of other steps are ignored. Any of them may be empty or left "
    "out unless action is continue."
)
URLENCODED_SURVEY = (
    "As a plain HTML form sends it: respondent fields and question ids side by side, a repeated "
    "key per multiple-choice answer, scales as digits, yes/no as the words."
)


class GenerationError(Exception):
    """The definitions or the document cannot be turned into schemas; the message says why."""


# ---------------------------------------------------------------- schemas from definitions


def _choices(values: tuple[str, ...], many: bool, required: bool) -> dict[str, Any]:
    item = {"type": "string", "enum": list(values)}
    if not many:
        return item
    at_least_one = {"minItems": 1} if required else {}  # an empty list counts as no answer
    return {"type": "array", "items": item, "uniqueItems": True, **at_least_one}


def _yes_no(must_be: str | None, urlencoded: bool) -> dict[str, Any]:
    """JSON also takes true and false; a form can only send the words."""
    words = [must_be] if must_be else ["yes", "no"]
    if urlencoded:
        return {"type": "string", "enum": words}
    return {"enum": [*words, *(word == "yes" for word in words)]}


def field_schema(field: Field, urlencoded: bool, source: str) -> dict[str, Any]:
    if field.type in ("text", "long_text", "email"):
        schema = {"type": "string", "maxLength": field.max_length}
        pattern = EMAIL_PATTERN if field.type == "email" else NOT_BLANK if field.required else ""
        return schema | ({"pattern": pattern} if pattern else {})
    if field.type == "country" and field.countries is not None:
        return {"type": "string", "enum": sorted(field.countries)}
    if field.type == "country":
        return {"$ref": REF + "CountryCode"}
    if field.type in ("single_choice", "multiple_choice"):
        return _choices(field.choice_values(), field.type == "multiple_choice", field.required)
    if field.type == "yes_no":
        return _yes_no(field.must_be, urlencoded)
    # check_field has no branch for the remaining types (scale): the validator would fail too
    raise GenerationError(f"{source}: field {field.name!r}: type {field.type} is not validated")


def question_schema(question: Question, urlencoded: bool) -> dict[str, Any]:
    if question.type == "scale":  # a form sends the digits, which OpenAPI's form style implies
        return {"type": "integer", "minimum": question.min, "maximum": question.max}
    if question.type == "yes_no":
        return _yes_no(None, urlencoded)
    return _choices(question.option_values(), question.type == "multiple_choice", question.required)


def _object(properties: dict[str, Any], required: list[str], description: str = "") -> dict:
    """Unknown keys are refused by the validator, hence additionalProperties: false."""
    schema = {"type": "object", "description": description, "required": required}
    schema = {key: value for key, value in schema.items() if value}
    return schema | {"additionalProperties": False, "properties": properties}


def _origin(item: Form | Survey) -> str:
    kind = "form" if isinstance(item, Form) else "survey"
    return (
        f"Generated from functions/forms/{item.source} ({kind} {item.id}, version {item.version})"
    )


def form_body(form: Form, urlencoded: bool) -> dict[str, Any]:
    about = URLENCODED_FORM if urlencoded else f"{_origin(form)}, which has the labels and help."
    properties = {field.name: field_schema(field, urlencoded, form.source) for field in form.fields}
    properties[form.honeypot] = HONEYPOT
    return _object(properties, [field.name for field in form.fields if field.required], about)


def survey_body(survey: Survey, urlencoded: bool) -> dict[str, Any]:
    """JSON nests respondent and answers; a form sends both side by side (submissions.py)."""
    fields = {f.name: field_schema(f, urlencoded, survey.source) for f in survey.respondent}
    answers = {question.id: question_schema(question, urlencoded) for question in survey.questions}
    needed = [field.name for field in survey.respondent if field.required]
    answers_needed = [question.id for question in survey.questions if question.required]
    extra = {survey.honeypot: HONEYPOT}
    if urlencoded:
        return _object(fields | answers | extra, needed + answers_needed, URLENCODED_SURVEY)
    about = f"{_origin(survey)}; GET /api/surveys/{{survey_id}} has the question texts."
    parts = {"respondent": _object(fields, needed), "answers": _object(answers, answers_needed)}
    required = [name for name, part in parts.items() if part.get("required")]
    return _object(parts | extra, required, about)


def _may_be_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """A step saved for later keeps empty answers empty: "" (a plain form's empty field) or no
    choice at all are allowed wherever the whole survey needs an answer."""
    if schema.get("type") == "array":
        return {key: value for key, value in schema.items() if key != "minItems"}
    if "enum" in schema:
        return schema | {"enum": [*schema["enum"], ""]}
    if schema.get("type") == "string":
        pattern = schema.get("pattern", "")
        if pattern in ("", NOT_BLANK):
            return {key: value for key, value in schema.items() if key != "pattern"}
        return schema | {"pattern": f"^$|{pattern}"}
    return {"anyOf": [schema, {"enum": [""]}]}


def step_body(survey: Survey, urlencoded: bool) -> dict[str, Any]:
    """POST .../drafts/{draft_id}/steps/{step_id}: the controls and every step's fields, flat
    (functions/domain/journey.py validates the fields of the step the path names)."""
    fields = {f.name: field_schema(f, urlencoded, survey.source) for f in survey.respondent}
    answers = {question.id: question_schema(question, urlencoded) for question in survey.questions}
    properties = {name: _may_be_empty(schema) for name, schema in (fields | answers).items()}
    steps = "; ".join(f"{step.id}: {', '.join(step.names)}" for step in steps_of(survey))
    about = f"{URLENCODED_STEP if urlencoded else STEP} Steps of {survey.id}: {steps}."
    return _object(STEP_CONTROLS | properties, ["t"], about)


def generate(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """Every generated schema by component name, in the order they are written."""
    form = catalog.forms.get(FORM_ID)
    if form is None:
        raise GenerationError(f"no form with id {FORM_ID!r}: POST /api/endorsements needs it")
    if not catalog.surveys:
        raise GenerationError("no survey definition: the survey routes need at least one")
    surveys = list(catalog.surveys.values())
    schemas = {"Endorsement": form_body(form, False)}
    schemas["EndorsementUrlencoded"] = form_body(form, True)
    bodies = (
        ("SurveyResponse", survey_body, False),
        ("SurveyResponseUrlencoded", survey_body, True),
        ("SurveyStep", step_body, False),
        ("SurveyStepUrlencoded", step_body, True),
    )
    for name, body, urlencoded in bodies:
        if len(surveys) == 1:
            schemas[name] = body(surveys[0], urlencoded)
            continue
        each = {f"{name}.{survey.id}": body(survey, urlencoded) for survey in surveys}
        about = "The schema of the survey the path's survey_id names."
        schemas[name] = {"description": about, "anyOf": [{"$ref": REF + key} for key in each]}
        schemas.update(each)
    schemas["CountryCode"] = COUNTRY_CODE
    return schemas


# ---------------------------------------------------------------- the document


def _block(lines: list[str]) -> tuple[int, int, int]:
    """(BEGIN line index, END line index, indentation) of the generated block."""
    begins = [i for i, line in enumerate(lines) if line.strip().startswith(BEGIN)]
    ends = [i for i, line in enumerate(lines) if line.strip().startswith(END)]
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise GenerationError(f"needs one {BEGIN!r} and, after it, one {END!r} comment line")
    return begins[0], ends[0], len(lines[begins[0]]) - len(lines[begins[0]].lstrip())


def rewrite(document: str, schemas: dict[str, dict[str, Any]]) -> str:
    """The document with the generated block replaced, checked to read back as `schemas`."""
    lines = document.splitlines(keepends=True)
    begin, end, indent = _block(lines)
    block = [line + "\n" for line in block_lines(schemas, indent)]
    text = "".join(lines[: begin + 1] + block + lines[end:])
    written = yaml.safe_load(text)["components"]["schemas"]
    for name, schema in schemas.items():
        if written.get(name) != schema:
            raise GenerationError(f"{name} does not read back as generated (an emitter bug)")
    return text


def _first_difference(old: Any, new: Any, path: str = "") -> str:
    """Where two schemas part, as a key path: the message then says what to look at."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(key for key in old if key not in new)]:
            if old.get(key) != new.get(key):
                return _first_difference(old.get(key), new.get(key), f"{path}.{key}")
    return path.lstrip(".") or "(the whole schema)"


def differences(document: str, schemas: dict[str, dict[str, Any]]) -> list[str]:
    """What differs between the document's generated block and `schemas`; [] when equal."""
    lines = document.splitlines(keepends=True)
    begin, end, _ = _block(lines)
    committed = yaml.safe_load(textwrap.dedent("".join(lines[begin + 1 : end]))) or {}
    problems = []
    for name in [*schemas, *(name for name in committed if name not in schemas)]:
        if name not in committed:
            problems.append(f"schema {name} is missing")
        elif name not in schemas:
            problems.append(f"schema {name} is no longer generated")
        elif committed[name] != schemas[name]:
            where = _first_difference(committed[name], schemas[name])
            problems.append(f"schema {name} differs at {where}")
    if not problems and rewrite(document, schemas) != document:
        problems.append("the generated block's layout differs")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report, exit 1 on differences")
    parser.add_argument("--forms", type=Path, default=FORMS, help="the definitions folder")
    parser.add_argument("--document", type=Path, default=DOCUMENT, help="the OpenAPI document")
    args = parser.parse_args(argv)
    try:
        document = args.document.read_bytes().decode("utf-8")
        schemas = generate(forms.load_catalog(args.forms))
        updated = rewrite(document, schemas)
        problems = differences(document, schemas) if args.check else []
    except (OSError, yaml.YAMLError, FormDefinitionError, GenerationError) as exc:
        print(f"{args.document}: {exc}", file=sys.stderr)
        return 2
    if problems:
        lines = [f"{args.document} is out of date with {args.forms}:", *problems]
        print(*lines, "run `make openapi` and commit the result", sep="\n  ", file=sys.stderr)
        return 1
    if not args.check and updated != document:
        args.document.write_bytes(updated.encode("utf-8"))
        print(f"{args.document}: generated schemas rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
