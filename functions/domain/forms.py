"""Load and check form and survey definitions (the YAML files in functions/forms/).

A definition is checked completely when it is loaded: unknown keys, wrong types, duplicate
names, missing options and impossible scores all raise `FormDefinitionError` naming the file and
the key path, e.g. `ambassador-survey.yml: domains[2].questions[0].options[1].score: must be a
number`. The result is a tree of frozen dataclasses; `to_dict()` gives it back in the YAML's own
key names, which is what `GET /api/surveys/{id}` returns and what the site renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from functions.domain.errors import FormDefinitionError
from functions.i18n import N_

DEFAULT_FORMS_DIR = Path(__file__).resolve().parent.parent / "forms"

FIELD_TYPES = (
    "text",
    "email",
    "country",
    "single_choice",
    "multiple_choice",
    "scale",
    "yes_no",
    "long_text",
)
QUESTION_TYPES = ("single_choice", "multiple_choice", "scale", "yes_no")
CHOICE_TYPES = ("single_choice", "multiple_choice")
DEFAULT_MAX_LENGTH = {"text": 200, "long_text": 4000, "email": 254}
DOMAIN_RULES = ("percent_of_max",)
OVERALL_RULES = ("mean_of_domains",)
SURVEY_RESPONDENT_FIELDS = {"email": "email", "city": "text", "country": "country"}
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6

NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FORM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


# ---------------------------------------------------------------- the definitions


@dataclass(frozen=True)
class Choice:
    value: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str
    required: bool = False
    max_length: int | None = None
    help: str = ""
    choices: tuple[Choice, ...] = ()
    autocomplete: str = ""
    must_be: str | None = None  # yes_no fields that only accept one answer (consent)

    def choice_values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "required": self.required,
        }
        if self.max_length is not None:
            data["max_length"] = self.max_length
        if self.help:
            data["help"] = self.help
        if self.choices:
            data["choices"] = [choice.to_dict() for choice in self.choices]
        if self.autocomplete:
            data["autocomplete"] = self.autocomplete
        if self.must_be is not None:
            data["must_be"] = self.must_be
        return data


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: str
    honeypot: str
    fields: tuple[Field, ...]
    description: str = ""
    consent_text: str = ""
    consent_version: str = ""
    source: str = ""  # file name, for messages

    def field_named(self, name: str) -> Field | None:
        return next((item for item in self.fields if item.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "honeypot": self.honeypot,
            "fields": [item.to_dict() for item in self.fields],
        }
        if self.description:
            data["description"] = self.description
        if self.consent_version:
            data["consent_text"] = self.consent_text
            data["consent_version"] = self.consent_version
        return data


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "score": self.score}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    type: str
    required: bool = False
    help: str = ""
    options: tuple[Option, ...] = ()
    min: int | None = None  # scale only
    max: int | None = None
    min_label: str = ""
    max_label: str = ""

    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    def score_of(self, value: str) -> float:
        return next(option.score for option in self.options if option.value == value)

    @property
    def max_points(self) -> float:
        if self.type == "scale":
            return float(self.max or 0)
        if self.type == "multiple_choice":
            return float(sum(option.score for option in self.options))
        return float(max(option.score for option in self.options))

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "type": self.type,
            "required": self.required,
        }
        if self.help:
            data["help"] = self.help
        if self.type == "scale":
            data.update(
                min=self.min, max=self.max, min_label=self.min_label, max_label=self.max_label
            )
        else:
            data["options"] = [option.to_dict() for option in self.options]
        return data


@dataclass(frozen=True)
class Domain:
    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""

    @property
    def max_points(self) -> float:
        return sum(question.max_points for question in self.questions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "questions": [question.to_dict() for question in self.questions],
        }


@dataclass(frozen=True)
class StepGroup:
    """Domains answered on one page of the survey journey (by default one domain a step)."""

    id: str
    title: str
    domain_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "domains": list(self.domain_ids)}


@dataclass(frozen=True)
class Scoring:
    domain: str
    overall: str
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "overall": self.overall, "summary": self.summary}


@dataclass(frozen=True)
class Survey:
    id: str
    version: int
    title: str
    honeypot: str
    opens: datetime
    closes: datetime
    respondent: tuple[Field, ...]
    domains: tuple[Domain, ...]
    scoring: Scoring
    description: str = ""
    source: str = ""
    groups: tuple[StepGroup, ...] = ()  # empty: one step per domain
    questions: tuple[Question, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flat = tuple(question for domain in self.domains for question in domain.questions)
        object.__setattr__(self, "questions", flat)

    @property
    def step_groups(self) -> tuple[StepGroup, ...]:
        """The journey's question pages: the definition's own grouping, or a domain each."""
        if self.groups:
            return self.groups
        return tuple(StepGroup(domain.id, domain.title, (domain.id,)) for domain in self.domains)

    def domain(self, domain_id: str) -> Domain:
        return next(domain for domain in self.domains if domain.id == domain_id)

    def question(self, question_id: str) -> Question | None:
        return next((item for item in self.questions if item.id == question_id), None)

    def is_open(self, now: datetime) -> bool:
        return self.opens <= now <= self.closes

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "opens": self.opens.isoformat(),
            "closes": self.closes.isoformat(),
            "honeypot": self.honeypot,
            "respondent": [item.to_dict() for item in self.respondent],
            "domains": [domain.to_dict() for domain in self.domains],
            "scoring": self.scoring.to_dict(),
        }
        if self.description:
            data["description"] = self.description
        if self.groups:
            data["steps"] = [group.to_dict() for group in self.groups]
        return data


@dataclass(frozen=True)
class Catalog:
    """Every definition of one folder, by id."""

    forms: dict[str, Form]
    surveys: dict[str, Survey]


# The two answers of a yes_no field (its definition has no choices of its own).
YES_NO_CHOICES = (Choice("yes", N_("Yes")), Choice("no", N_("No")))


# ---------------------------------------------------------------- reading YAML with key paths


class _Node:
    """A value of the YAML tree together with its key path, for precise error messages."""

    def __init__(self, source: str, path: str, value: Any) -> None:
        self.source = source
        self.path = path
        self.value = value

    def fail(self, message: str) -> FormDefinitionError:
        where = f"{self.path}: " if self.path else ""
        return FormDefinitionError(f"{self.source}: {where}{message}")

    def child(self, key: str | int, value: Any) -> _Node:
        if isinstance(key, int):
            return _Node(self.source, f"{self.path}[{key}]", value)
        return _Node(self.source, f"{self.path}.{key}" if self.path else key, value)

    def mapping(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> _Mapping:
        if not isinstance(self.value, dict):
            raise self.fail("must be a mapping of keys to values")
        unknown = sorted(str(key) for key in self.value if key not in required + optional)
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r} (allowed: {', '.join(required + optional)})"
            )
        for key in required:
            if key not in self.value:
                raise self.child(key, None).fail("is required")
        return _Mapping(self)

    def items(self, minimum: int = 1, maximum: int | None = None) -> list[_Node]:
        if not isinstance(self.value, list):
            raise self.fail("must be a list")
        if len(self.value) < minimum:
            raise self.fail(f"must have at least {minimum} item{'s' if minimum > 1 else ''}")
        if maximum is not None and len(self.value) > maximum:
            raise self.fail(f"must have at most {maximum} items")
        return [self.child(index, value) for index, value in enumerate(self.value)]

    def text(self, pattern: re.Pattern[str] | None = None, hint: str = "") -> str:
        if not isinstance(self.value, str):
            hint_yaml = (
                " (quote it: YAML reads yes/no/on/off as booleans)"
                if isinstance(self.value, bool)
                else ""
            )
            raise self.fail(f"must be a string{hint_yaml}")
        if not self.value.strip():
            raise self.fail("must not be empty")
        if pattern is not None and not pattern.match(self.value):
            raise self.fail(f"must be {hint or 'a valid identifier'}")
        return self.value.strip()

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail("must be true or false")
        return self.value

    def integer(self, minimum: int | None = None) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail("must be a whole number")
        if minimum is not None and self.value < minimum:
            raise self.fail(f"must be at least {minimum}")
        return self.value

    def number(self) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self.fail("must be a number")
        if self.value != self.value or self.value in (float("inf"), float("-inf")):
            raise self.fail("must be a finite number")
        if self.value < 0:
            raise self.fail("must not be negative")
        return self.value

    def timestamp(self) -> datetime:
        value = self.value
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError as exc:
                raise self.fail(
                    "must be an ISO 8601 date and time, e.g. 2026-11-02T00:00:00+01:00"
                ) from exc
        if not isinstance(value, datetime):
            raise self.fail("must be an ISO 8601 date and time with a UTC offset")
        if value.tzinfo is None or value.utcoffset() is None:
            raise self.fail("must include a UTC offset, e.g. +01:00")
        return value


class _Mapping:
    def __init__(self, node: _Node) -> None:
        self.node = node

    def __contains__(self, key: str) -> bool:
        return key in self.node.value

    def __getitem__(self, key: str) -> _Node:
        return self.node.child(key, self.node.value.get(key))

    def optional_text(self, key: str) -> str:
        return self[key].text() if key in self else ""


# ---------------------------------------------------------------- building the definitions

FIELD_KEYS = ("name", "label", "type")
FIELD_OPTIONAL = ("required", "max_length", "help", "choices", "autocomplete", "must_be")


def _field(node: _Node) -> Field:
    keys = node.mapping(FIELD_KEYS, FIELD_OPTIONAL)
    kind = keys["type"].text()
    if kind not in FIELD_TYPES:
        raise keys["type"].fail(f"must be one of {', '.join(FIELD_TYPES)}")
    choices: tuple[Choice, ...] = ()
    if kind in CHOICE_TYPES:
        if "choices" not in keys:
            raise keys["choices"].fail(f"is required for {kind} fields")
        choices = tuple(_choice(item) for item in keys["choices"].items())
        _unique(keys["choices"], [choice.value for choice in choices], "value")
    elif "choices" in keys:
        raise keys["choices"].fail(f"is only allowed for {' and '.join(CHOICE_TYPES)} fields")
    max_length = None
    if kind in DEFAULT_MAX_LENGTH:
        max_length = (
            keys["max_length"].integer(minimum=1)
            if "max_length" in keys
            else DEFAULT_MAX_LENGTH[kind]
        )
    elif "max_length" in keys:
        raise keys["max_length"].fail("is only allowed for text, long_text and email fields")
    must_be = None
    if "must_be" in keys:
        if kind != "yes_no":
            raise keys["must_be"].fail("is only allowed for yes_no fields")
        must_be = keys["must_be"].text()
        if must_be not in ("yes", "no"):
            raise keys["must_be"].fail('must be "yes" or "no"')
    return Field(
        name=keys["name"].text(NAME, "lower case letters, digits and _ (a-z first)"),
        label=keys["label"].text(),
        type=kind,
        required=keys["required"].boolean() if "required" in keys else False,
        max_length=max_length,
        help=keys.optional_text("help"),
        choices=choices,
        autocomplete=keys.optional_text("autocomplete"),
        must_be=must_be,
    )


def _choice(node: _Node) -> Choice:
    keys = node.mapping(("value", "label"))
    return Choice(
        value=keys["value"].text(VALUE, "letters, digits, - and _"), label=keys["label"].text()
    )


def _unique(node: _Node, names: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise node.child(index, None).fail(f"duplicate {what} {name!r}")
        seen.add(name)


def _fields(node: _Node) -> tuple[Field, ...]:
    fields = tuple(_field(item) for item in node.items())
    _unique(node, [item.name for item in fields], "field name")
    return fields


def _option(node: _Node) -> Option:
    keys = node.mapping(("value", "label", "score"))
    return Option(
        value=keys["value"].text(VALUE, "letters, digits, - and _"),
        label=keys["label"].text(),
        score=keys["score"].number(),
    )


def _question(node: _Node) -> Question:
    keys = node.mapping(
        ("id", "text", "type"),
        ("required", "help", "options", "min", "max", "min_label", "max_label"),
    )
    kind = keys["type"].text()
    if kind not in QUESTION_TYPES:
        raise keys["type"].fail(f"must be one of {', '.join(QUESTION_TYPES)}")
    common = {
        "id": keys["id"].text(NAME, "lower case letters, digits and _ (a-z first)"),
        "text": keys["text"].text(),
        "type": kind,
        "required": keys["required"].boolean() if "required" in keys else False,
        "help": keys.optional_text("help"),
    }
    if kind == "scale":
        for key in ("options",):
            if key in keys:
                raise keys[key].fail("is not allowed for scale questions (the score is the value)")
        for key in ("min", "max", "min_label", "max_label"):
            if key not in keys:
                raise keys[key].fail("is required for scale questions")
        low, high = keys["min"].integer(minimum=0), keys["max"].integer(minimum=1)
        if high <= low or high - low > 20:
            raise keys["max"].fail("must be greater than min, by at most 20")
        return Question(
            **common,
            min=low,
            max=high,
            min_label=keys["min_label"].text(),
            max_label=keys["max_label"].text(),
        )
    for key in ("min", "max", "min_label", "max_label"):
        if key in keys:
            raise keys[key].fail("is only allowed for scale questions")
    if "options" not in keys:
        raise keys["options"].fail(f"is required for {kind} questions")
    options = tuple(_option(item) for item in keys["options"].items(minimum=2))
    _unique(keys["options"], [option.value for option in options], "value")
    if kind == "yes_no" and sorted(option.value for option in options) != ["no", "yes"]:
        raise keys["options"].fail('must have exactly the values "yes" and "no"')
    question = Question(**common, options=options)
    if question.max_points <= 0:
        raise keys["options"].fail("must give at least one option a score above 0")
    return question


def _domain(node: _Node) -> Domain:
    keys = node.mapping(("id", "title", "questions"), ("description",))
    questions = tuple(
        _question(item) for item in keys["questions"].items(MIN_QUESTIONS, MAX_QUESTIONS)
    )
    return Domain(
        id=keys["id"].text(FORM_ID, "lower case letters, digits and -"),
        title=keys["title"].text(),
        description=keys.optional_text("description"),
        questions=questions,
    )


def _scoring(node: _Node) -> Scoring:
    keys = node.mapping(("domain", "overall", "summary"))
    domain, overall = keys["domain"].text(), keys["overall"].text()
    if domain not in DOMAIN_RULES:
        raise keys["domain"].fail(f"must be one of {', '.join(DOMAIN_RULES)}")
    if overall not in OVERALL_RULES:
        raise keys["overall"].fail(f"must be one of {', '.join(OVERALL_RULES)}")
    return Scoring(domain=domain, overall=overall, summary=keys["summary"].text())


def _check_honeypot(keys: _Mapping, honeypot: str, names: list[str]) -> None:
    if honeypot in names:
        raise keys["honeypot"].fail(f"must not be the name of a field ({honeypot!r} is one)")


def build_form(data: Any, source: str) -> Form:
    """A checked Form from parsed YAML; `source` names the file in error messages."""
    keys = _Node(source, "", data).mapping(
        ("id", "version", "title", "honeypot", "fields"),
        ("description", "consent_text", "consent_version"),
    )
    if ("consent_text" in keys) != ("consent_version" in keys):
        missing = "consent_version" if "consent_text" in keys else "consent_text"
        raise keys[missing].fail("is required together with consent_text and consent_version")
    fields = _fields(keys["fields"])
    honeypot = keys["honeypot"].text(NAME, "lower case letters, digits and _ (a-z first)")
    _check_honeypot(keys, honeypot, [item.name for item in fields])
    return Form(
        id=keys["id"].text(FORM_ID, "lower case letters, digits and -"),
        version=keys["version"].integer(minimum=1),
        title=keys["title"].text(),
        honeypot=honeypot,
        fields=fields,
        description=keys.optional_text("description"),
        consent_text=keys.optional_text("consent_text"),
        consent_version=keys["consent_version"].text() if "consent_version" in keys else "",
        source=source,
    )


def build_survey(data: Any, source: str) -> Survey:
    """A checked Survey from parsed YAML; `source` names the file in error messages."""
    keys = _Node(source, "", data).mapping(
        (
            "id",
            "version",
            "title",
            "honeypot",
            "opens",
            "closes",
            "respondent",
            "domains",
            "scoring",
        ),
        ("description", "steps"),
    )
    opens, closes = keys["opens"].timestamp(), keys["closes"].timestamp()
    if closes <= opens:
        raise keys["closes"].fail("must be later than opens")
    respondent = _fields(keys["respondent"])
    by_name = {item.name: item for item in respondent}
    for name, kind in SURVEY_RESPONDENT_FIELDS.items():
        if name not in by_name or by_name[name].type != kind or not by_name[name].required:
            raise keys["respondent"].fail(f"must have a required {kind} field named {name!r}")
    domains = tuple(_domain(item) for item in keys["domains"].items())
    _unique(keys["domains"], [domain.id for domain in domains], "domain id")
    names = list(by_name)
    for d_index, domain in enumerate(domains):
        for q_index, question in enumerate(domain.questions):
            if question.id in names:
                raise (
                    keys["domains"]
                    .child(d_index, None)
                    .child("questions", None)
                    .child(q_index, None)
                    .child("id", None)
                    .fail(
                        f"duplicate id {question.id!r} (question ids and field names share one namespace)"
                    )
                )
            names.append(question.id)
    honeypot = keys["honeypot"].text(NAME, "lower case letters, digits and _ (a-z first)")
    _check_honeypot(keys, honeypot, names)
    groups = _step_groups(keys["steps"], domains) if "steps" in keys else ()
    return Survey(
        id=keys["id"].text(FORM_ID, "lower case letters, digits and -"),
        version=keys["version"].integer(minimum=1),
        title=keys["title"].text(),
        honeypot=honeypot,
        opens=opens,
        closes=closes,
        respondent=respondent,
        domains=domains,
        scoring=_scoring(keys["scoring"]),
        description=keys.optional_text("description"),
        source=source,
        groups=groups,
    )


def _step_groups(node: _Node, domains: tuple[Domain, ...]) -> tuple[StepGroup, ...]:
    """`steps`: every domain in exactly one step, in the definition's order."""
    groups = []
    for item in node.items():
        keys = item.mapping(("id", "title", "domains"))
        ids = tuple(child.text(FORM_ID, "a domain id") for child in keys["domains"].items())
        groups.append(
            StepGroup(
                keys["id"].text(FORM_ID, "lower case letters, digits and -"),
                keys["title"].text(),
                ids,
            )
        )
    _unique(node, [group.id for group in groups], "step id")
    listed = [domain_id for group in groups for domain_id in group.domain_ids]
    if listed != [domain.id for domain in domains]:
        raise node.fail("must list every domain once, in the order of `domains`")
    return tuple(groups)


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
