"""Read and check a form or survey definition from parsed YAML, naming the key path of every
problem (`ambassador-survey.yml: domains[2].questions[0].options[1].score: must be a number`).
"""

from __future__ import annotations

import re
from typing import Any

from functions.domain.countries import is_country_code
from functions.domain.definitions import (
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
from functions.domain.places import EUROPE as GAZETTEER_COUNTRIES
from functions.domain.scoring import DOMAIN_RULES, OVERALL_RULES
from functions.domain.yaml_nodes import Mapping, Node

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
SURVEY_RESPONDENT_FIELDS = {"email": "email", "city": "text", "country": "country"}
MIN_QUESTIONS, MAX_QUESTIONS = 3, 6

NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
FORM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
VALUE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


# ---------------------------------------------------------------- reading YAML with key paths


# ---------------------------------------------------------------- building the definitions

FIELD_KEYS = ("name", "label", "type")
FIELD_OPTIONAL = (
    "required", "max_length", "help", "choices", "autocomplete", "must_be", "countries",
)  # fmt: skip


def _field(node: Node) -> Field:
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
        countries=_countries(keys) if "countries" in keys else None,
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


def _countries(keys: Mapping) -> frozenset[str]:
    """`countries: gazetteer` (the countries the survey's gazetteer covers) or a list of codes."""
    if keys["type"].text() != "country":
        raise keys["countries"].fail("is only allowed for country fields")
    node = keys["countries"]
    if isinstance(node.value, str):
        if node.text() != "gazetteer":
            raise node.fail('must be "gazetteer" or a list of country codes')
        return frozenset(GAZETTEER_COUNTRIES)
    codes = [item.text() for item in node.items()]
    unknown = sorted(code for code in codes if not is_country_code(code))
    if unknown or not codes:
        raise node.fail(f"unknown country codes: {', '.join(unknown)}" if unknown else "is empty")
    return frozenset(codes)


def _choice(node: Node) -> Choice:
    keys = node.mapping(("value", "label"))
    return Choice(
        value=keys["value"].text(VALUE, "letters, digits, - and _"), label=keys["label"].text()
    )


def _unique(node: Node, names: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise node.child(index, None).fail(f"duplicate {what} {name!r}")
        seen.add(name)


def _fields(node: Node) -> tuple[Field, ...]:
    fields = tuple(_field(item) for item in node.items())
    _unique(node, [item.name for item in fields], "field name")
    return fields


def _option(node: Node) -> Option:
    keys = node.mapping(("value", "label", "score"))
    return Option(
        value=keys["value"].text(VALUE, "letters, digits, - and _"),
        label=keys["label"].text(),
        score=keys["score"].number(),
    )


def _question(node: Node) -> Question:
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


def _domain(node: Node) -> Domain:
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


def _scoring(node: Node) -> Scoring:
    keys = node.mapping(("domain", "overall", "summary"))
    domain, overall = keys["domain"].text(), keys["overall"].text()
    if domain not in DOMAIN_RULES:
        raise keys["domain"].fail(f"must be one of {', '.join(DOMAIN_RULES)}")
    if overall not in OVERALL_RULES:
        raise keys["overall"].fail(f"must be one of {', '.join(OVERALL_RULES)}")
    return Scoring(domain=domain, overall=overall, summary=keys["summary"].text())


def _check_honeypot(keys: Mapping, honeypot: str, names: list[str]) -> None:
    if honeypot in names:
        raise keys["honeypot"].fail(f"must not be the name of a field ({honeypot!r} is one)")


def build_form(data: Any, source: str) -> Form:
    """A checked Form from parsed YAML; `source` names the file in error messages."""
    keys = Node(source, "", data).mapping(
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
    keys = Node(source, "", data).mapping(
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


def _step_groups(node: Node, domains: tuple[Domain, ...]) -> tuple[StepGroup, ...]:
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
