"""What a person sent and what was wrong with it, for re-rendering a form (GOV.UK validation).

The site renders every form with an empty `FormState`; the API renders the same form again
with the values of a refused POST, the field errors (already in the person's language) and,
for refusals that are not about one field (409, 410, 429, 503), a notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from functions.domain.forms import Form, Survey
from functions.i18n import N_


@dataclass(frozen=True)
class SummaryEntry:
    """One possible line of the error summary: which field, the control its link focuses."""

    name: str
    control_id: str
    label: str  # a msgid; `number` fills its %(number)s for survey questions
    number: int | None = None


@dataclass(frozen=True)
class FormState:
    """What a refused form shows again: the values typed, the errors, a notice."""

    values: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    notice: str = ""

    @classmethod
    def from_form_body(
        cls,
        body: Mapping[str, Any],
        honeypot: str,
        errors: Mapping[str, str] | None = None,
        notice: str = "",
    ) -> FormState:
        """From a urlencoded body (lists of strings); the honeypot is never sent back."""
        values = {
            str(name): tuple(str(item) for item in (raw if isinstance(raw, list) else [raw]))
            for name, raw in body.items()
            if name != honeypot
        }
        return cls(values=values, errors=dict(errors or {}), notice=notice)

    def value(self, name: str) -> str:
        found = self.values.get(name, ())
        return found[0] if found else ""

    def chosen(self, name: str, value: Any) -> bool:
        return str(value) in self.values.get(name, ())

    def error(self, name: str) -> str:
        return self.errors.get(name, "")

    @property
    def has_problems(self) -> bool:
        return bool(self.errors or self.notice)

    def problems(self, entries: tuple[SummaryEntry, ...]) -> list[tuple[SummaryEntry | None, str]]:
        """The errors in the order of the page; errors for no field of it come last, unlinked."""
        listed = [
            (entry, self.errors[entry.name]) for entry in entries if entry.name in self.errors
        ]
        known = {entry.name for entry in entries}
        # A field the form does not have (a hand-made post): named as sent, escaped on output.
        return listed + [
            (None, f"{name[:64]}: {text}")
            for name, text in self.errors.items()
            if name not in known
        ]


def _first_control(form_id: str, name: str, kind: str, must_be: str | None, low: int | None) -> str:
    """The id the field macros of theme/templates/_forms.html give a group's first control."""
    base = f"{form_id}-{name}"
    if kind in ("single_choice", "multiple_choice") or (kind == "yes_no" and not must_be):
        return f"{base}-1"
    if kind == "scale":
        return f"{base}-{low}"
    return base


def _field_entries(form_id: str, fields: Any) -> list[SummaryEntry]:
    return [
        SummaryEntry(
            item.name, _first_control(form_id, item.name, item.type, item.must_be, None), item.label
        )
        for item in fields
    ]


def _question_entries(form_id: str, questions: Any, numbers: dict[str, int]) -> list[SummaryEntry]:
    return [
        SummaryEntry(
            question.id,
            _first_control(form_id, question.id, question.type, None, question.min),
            N_("Question %(number)s").msgid,
            numbers[question.id],
        )
        for question in questions
    ]


def form_entries(form: Form) -> tuple[SummaryEntry, ...]:
    return tuple(_field_entries(form.id, form.fields))


def survey_entries(survey: Survey) -> tuple[SummaryEntry, ...]:
    numbers = {question.id: n for n, question in enumerate(survey.questions, start=1)}
    return (
        *_field_entries(survey.id, survey.respondent),
        *_question_entries(survey.id, survey.questions, numbers),
    )


def step_entries(survey: Survey, step: Any, numbers: dict[str, int]) -> tuple[SummaryEntry, ...]:
    """The summary lines of one step of the survey journey, numbered as in the whole survey."""
    return (
        *_field_entries(survey.id, step.fields),
        *_question_entries(survey.id, step.questions, numbers),
    )
