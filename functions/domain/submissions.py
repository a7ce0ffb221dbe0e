"""Validate what people send against a form or survey definition.

Every invalid field is reported at once (`ValidationFailed.errors`, keyed by the field name or
question id the site uses). Strings are trimmed and length-limited, control characters and
unknown fields refused, emails checked for form and normalised. The values kept are the raw
ones (trimmed): escaping is the job of whatever shows them.

Bodies come in two shapes: JSON (`form_encoded=False`: values keep their JSON types) and
urlencoded forms (`form_encoded=True`: every value is a list of strings, one per repeated key).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from functions.domain.countries import COUNTRY_NAMES
from functions.domain.emails import AddressInvalid, parse_address
from functions.domain.errors import ValidationFailed
from functions.domain.forms import Field, Form, Question, Survey
from functions.i18n import N_

REQUIRED = N_("This field is required.")
UNKNOWN = N_("Unknown field.")
MAX_KEY_LENGTH = 64
MAX_TOKEN_LENGTH = 1024
# The OpenAPI document's pattern for an address: a plain subset of what parse_address takes
# (an ASCII dot-atom, letters-digits-hyphen labels), so every address it allows is accepted.
EMAIL_PATTERN = (
    r"^[A-Za-z0-9_%+'-]{1,32}(\.[A-Za-z0-9_%+'-]{1,15}){0,2}"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,24}$"
)
# Bidirectional overrides and isolates can disguise text shown to others; the rest of Cf (e.g.
# the zero-width joiners some scripts need) is allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What text may not contain, as one regex scan rather than a category lookup per character:
# control characters (Unicode category Cc: U+0000-001F and U+007F-009F), lone surrogates (Cs)
# and BIDI_CONTROLS; long text keeps its tabs and line breaks. tests/functions/test_text_checks.py
# checks both against unicodedata for every code point.
_REFUSED_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_REFUSED_IN_TEXT = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


@dataclass(frozen=True)
class Endorsement:
    """A validated endorsement, each field as typed (trimmed)."""

    name: str
    organisation: str
    role: str
    organisation_type: str
    country: str
    email: str  # the parsed mailbox (domain/emails.py): where the mail goes
    list_publicly: bool

    def as_dict(self) -> dict[str, str | bool]:
        """The fields by name: a shallow copy, as every field is a str or a bool (what
        dataclasses.asdict gives, at a tenth of its cost on every submission)."""
        return dict(vars(self))


@dataclass(frozen=True)
class SurveyAnswers:
    """A validated survey response: the respondent's fields and the answers given."""

    respondent: dict[str, str]  # email: the parsed mailbox
    answers: dict[str, Any]  # question id -> str | int | list[str], only answered questions


def honeypot_hit(values: Mapping[str, Any], honeypot: str) -> bool:
    """True when the trap field holds anything but blanks."""
    value = values.get(honeypot)
    if isinstance(value, list):
        return any(str(item).strip() for item in value)
    return value is not None and value != "" and not (isinstance(value, str) and not value.strip())


def _bad_character(text: str, allow_breaks: bool) -> bool:
    return (_REFUSED_IN_TEXT if allow_breaks else _REFUSED_IN_LINE).search(text) is not None


def single(value: Any, form_encoded: bool) -> Any:
    """A form's one value per key; repeated keys stay a list (and are refused as text)."""
    if form_encoded and isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _text(value: Any, max_length: int, allow_breaks: bool) -> tuple[str | None, str | None]:
    if not isinstance(value, str):
        return None, N_("Must be text.")
    text = value.strip()
    if _bad_character(text, allow_breaks):
        return None, N_("Must not contain control characters.")
    if len(text) > max_length:
        return None, N_("Must be at most %(most)s characters.", most=max_length)
    return text, None


def _yes_no(value: Any) -> tuple[str | None, str | None]:
    if value is True or value is False:
        return ("yes" if value else "no"), None
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower(), None
    return None, N_('Must be "yes" or "no".')


def _choices(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def check_field(
    field: Field, raw: Any, form_encoded: bool, allowed_domains: frozenset[str] | None = frozenset()
) -> tuple[Any, str | None]:
    """(clean value, None) or (None, message). Blank values are handled by the caller.
    `allowed_domains`: throwaway-list domains staff allow (config); None skips that check."""
    value = single(raw, form_encoded)
    if field.type in ("text", "long_text"):
        return _text(value, field.max_length or 0, allow_breaks=field.type == "long_text")
    if field.type == "email":
        # The one door for addresses (domain/emails.py): one mailbox, stored in the form mail
        # goes to; uniqueness keys on its normalised form.
        try:
            return parse_address(value, allowed_domains).mailbox, None
        except AddressInvalid as exc:
            return None, exc.message
    if field.type == "country":
        code = value.strip().upper() if isinstance(value, str) else None
        if code not in COUNTRY_NAMES or (
            field.countries is not None and code not in field.countries
        ):
            return None, N_("Choose a country from the list.")
        return code, None
    if field.type == "single_choice":
        if not isinstance(value, str) or value.strip() not in field.choice_values():
            return None, N_("Must be one of: %(choices)s.", choices=_choices(field.choice_values()))
        return value.strip(), None
    if field.type == "multiple_choice":
        return _many(value, field.choice_values(), form_encoded)
    if field.type == "yes_no":
        answer, problem = _yes_no(value)
        if problem is None and field.must_be and answer != field.must_be:
            return None, N_('Must be "%(answer)s" to send this form.', answer=field.must_be)
        return answer, problem
    raise ValueError(f"field type {field.type} has no check")  # the loader allows no other type


def _many(value: Any, allowed: tuple[str, ...], form_encoded: bool) -> tuple[Any, str | None]:
    if form_encoded and isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, N_("Must be a list of choices.")
    chosen = [item.strip() for item in value]
    if len(set(chosen)) != len(chosen):
        return None, N_("Must not repeat a choice.")
    if any(item not in allowed for item in chosen):
        return None, N_("Must be chosen from: %(choices)s.", choices=_choices(allowed))
    return [item for item in allowed if item in chosen], None  # in the definition's order


def check_question(question: Question, raw: Any, form_encoded: bool) -> tuple[Any, str | None]:
    value = single(raw, form_encoded)
    if question.type == "multiple_choice":
        return _many(value, question.option_values(), form_encoded)
    if question.type == "yes_no":
        return _yes_no(value)
    if question.type == "single_choice":
        if not isinstance(value, str) or value.strip() not in question.option_values():
            return None, N_(
                "Must be one of: %(choices)s.", choices=_choices(question.option_values())
            )
        return value.strip(), None
    # scale: a JSON whole number, or its digits in a form
    if (
        form_encoded
        and isinstance(value, str)
        and value.strip().isascii()
        and value.strip().isdigit()
    ):
        value = int(value.strip())
    low, high = question.min or 0, question.max or 0
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None, N_("Must be a whole number from %(low)s to %(high)s.", low=low, high=high)
    return value, None


def field_checker(allowed_domains: frozenset[str] | None) -> Any:
    """check_field with the throwaway allowances of this deployment."""
    return functools.partial(check_field, allowed_domains=allowed_domains)


def _field_values(
    fields: tuple[Field, ...],
    values: Mapping[str, Any],
    form_encoded: bool,
    errors: dict,
    allowed_domains: frozenset[str] | None,
) -> dict[str, Any]:
    check = field_checker(allowed_domains)
    clean, blank = check_values(fields, "name", check, values, form_encoded, errors)
    for field in fields:
        if field.name in blank and field.required:
            errors[field.name] = (
                N_('Must be "%(answer)s" to send this form.', answer=field.must_be)
                if field.must_be
                else REQUIRED
            )
    return clean


def check_values(
    items: Any,
    key: str,
    check: Any,
    values: Mapping[str, Any],
    form_encoded: bool,
    errors: dict,
) -> tuple[dict[str, Any], list[str]]:
    """Each field or question (its name in attribute `key`) checked with `check`: the clean
    values, and the names left blank (the caller decides what a blank means). Problems go
    into `errors`."""
    clean: dict[str, Any] = {}
    blank: list[str] = []
    for item in items:
        name = getattr(item, key)
        raw = values.get(name)
        if is_blank(single(raw, form_encoded)):
            blank.append(name)
            continue
        value, problem = check(item, raw, form_encoded)
        if problem:
            errors[name] = problem
        else:
            clean[name] = value
    return clean, blank


def _unknown(keys: Any, known: set[str], errors: dict) -> None:
    for key in keys:
        if key not in known:
            errors[str(key)[:MAX_KEY_LENGTH]] = UNKNOWN


def validate_endorsement(
    form: Form,
    values: Mapping[str, Any],
    form_encoded: bool,
    allowed_domains: frozenset[str] | None = frozenset(),
) -> Endorsement:
    """A clean Endorsement, or ValidationFailed listing every problem."""
    errors: dict[str, str] = {}
    _unknown(values, {field.name for field in form.fields} | {form.honeypot}, errors)
    clean = _field_values(form.fields, values, form_encoded, errors, allowed_domains)
    if errors:
        raise ValidationFailed(errors, {field.name: field.label for field in form.fields})
    return Endorsement(
        name=clean["name"],
        organisation=clean["organisation"],
        role=clean.get("role", ""),
        organisation_type=clean["organisation_type"],
        country=clean["country"],
        email=clean["email"],
        list_publicly=clean["list_publicly"] == "yes",
    )


def validate_survey_answers(
    survey: Survey,
    body: Mapping[str, Any],
    form_encoded: bool,
    allowed_domains: frozenset[str] | None = frozenset(),
) -> SurveyAnswers:
    """Respondent and answers, clean; or ValidationFailed listing every problem.

    JSON: {"respondent": {...}, "answers": {"<question id>": value}}.
    Forms: respondent field names and question ids side by side, repeated keys for lists.
    """
    errors: dict[str, str] = {}
    names = {field.name for field in survey.respondent}
    question_ids = {question.id for question in survey.questions}
    if form_encoded:
        _unknown(body, names | question_ids | {survey.honeypot}, errors)
        respondent_values = {key: body[key] for key in names if key in body}
        answer_values = {key: body[key] for key in question_ids if key in body}
    else:
        _unknown(body, {"respondent", "answers", survey.honeypot}, errors)
        respondent_values = body.get("respondent", {})
        answer_values = body.get("answers", {})
        for key, value in (("respondent", respondent_values), ("answers", answer_values)):
            if not isinstance(value, dict):
                errors[key] = N_("Must be an object.")
        if errors.get("respondent"):
            respondent_values = {}
        else:
            _unknown(respondent_values, names, errors)
        if errors.get("answers"):
            answer_values = {}
        else:
            _unknown(answer_values, question_ids, errors)

    respondent = _field_values(
        survey.respondent, respondent_values, form_encoded, errors, allowed_domains
    )
    answers, blank = check_values(
        survey.questions, "id", check_question, answer_values, form_encoded, errors
    )
    for question in survey.questions:
        if question.id in blank and question.required:
            errors[question.id] = N_("This question needs an answer.")
    if errors:
        labels = {field.name: field.label for field in survey.respondent}
        labels.update({question.id: question.text for question in survey.questions})
        raise ValidationFailed(errors, labels)
    return SurveyAnswers(respondent=respondent, answers=answers)
