"""Load and check form and survey definitions (the YAML files in functions/forms/).

A definition is checked completely when it is loaded: unknown keys, wrong types, duplicate
names, missing options and impossible scores all raise `FormDefinitionError` naming the file and
the key path, e.g. `ambassador-survey.yml: domains[2].questions[0].options[1].score: must be a
number`. The result is a tree of frozen dataclasses; `to_dict()` gives it back in the YAML's own
key names, which is what `GET /api/surveys/{id}` returns and what the site renders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The definitions and their reader, re-exported: callers import everything from here.
from functions.domain.definitions import (  # noqa: F401
    YES_NO_CHOICES,
    Catalog,
    Choice,
    Domain,
    Field,
    Form,
    Option,
    Question,
    Scoring,
    StepGroup,
    Survey,
)
from functions.domain.errors import FormDefinitionError
from functions.domain.form_reader import (  # noqa: F401
    CHOICE_TYPES,
    DEFAULT_MAX_LENGTH,
    FIELD_TYPES,
    QUESTION_TYPES,
    build_form,
    build_survey,
)

DEFAULT_FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"


# ---------------------------------------------------------------- files


def read_yaml(path: Path) -> Any:
    import yaml  # imported here: handler cold starts only pay for it when they load a form

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=loader)  # noqa: S506 - a SafeLoader, never the full one
    except OSError as exc:
        raise FormDefinitionError(f"{path.name}: cannot be read ({exc.strerror})") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise FormDefinitionError(f"{path.name}: is not valid YAML: {exc}") from exc


def load_form(path: Path | str) -> Form:
    path = Path(path)
    return build_form(read_yaml(path), path.name)


def load_survey(path: Path | str) -> Survey:
    path = Path(path)
    return build_survey(read_yaml(path), path.name)


def load_catalog(directory: Path | str | None = None) -> Catalog:
    """Every *.yml of the folder: files with `domains` are surveys, the others forms."""
    directory = Path(directory) if directory else DEFAULT_FORMS_DIR
    forms: dict[str, Form] = {}
    surveys: dict[str, Survey] = {}
    for path in sorted(directory.glob("*.yml")):
        data = read_yaml(path)
        if isinstance(data, dict) and "domains" in data:
            survey = build_survey(data, path.name)
            target: dict[str, Any] = surveys
            definition: Form | Survey = survey
        else:
            definition = build_form(data, path.name)
            target = forms
        if definition.id in forms or definition.id in surveys:
            raise FormDefinitionError(f"{path.name}: id: {definition.id!r} is used by another file")
        target[definition.id] = definition
    return Catalog(forms=forms, surveys=surveys)


def load_form_by_id(form_id: str, directory: Path | str | None = None) -> Form:
    catalog = load_catalog(directory)
    if form_id not in catalog.forms:
        raise FormDefinitionError(
            f"no form with id {form_id!r} in {Path(directory or DEFAULT_FORMS_DIR).name}"
        )
    return catalog.forms[form_id]


def load_survey_by_id(survey_id: str, directory: Path | str | None = None) -> Survey:
    catalog = load_catalog(directory)
    if survey_id not in catalog.surveys:
        raise FormDefinitionError(
            f"no survey with id {survey_id!r} in {Path(directory or DEFAULT_FORMS_DIR).name}"
        )
    return catalog.surveys[survey_id]
