"""The survey journey: its steps, their statuses and their validation (GOV.UK's "complete
multiple tasks" and "check answers" patterns). Plain Python: no storage, no HTTP.

Steps: "about" (the respondent and the city), one step per group of domains, then the check
page; sending is the check page's button. Each step is validated on its own, and everything
again on sending: the server never trusts a step it did not validate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from functions.domain.errors import ValidationFailed
from functions.domain.forms import Domain, Field, Question, Survey
from functions.domain.submissions import check_question, check_values, field_checker
from functions.i18n import N_

ABOUT = "about"
CHECK = "check"
NOT_STARTED, IN_PROGRESS, COMPLETED = "not-started", "in-progress", "completed"
REQUIRED = N_("This field is required.")
NEEDS_ANSWER = N_("This question needs an answer.")
CITY_NOT_CHOSEN = N_("Choose your city from the list, or say that it is not listed.")


@dataclass(frozen=True)
class Step:
    """One page of the survey journey: the respondent's fields, or a group of domains."""

    id: str
    title: str  # a msgid
    number: int  # 1-based; the check page is number len(steps) + 1
    fields: tuple[Field, ...] = ()
    domains: tuple[Domain, ...] = ()

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(question for domain in self.domains for question in domain.questions)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields) + tuple(q.id for q in self.questions)


def steps_of(survey: Survey) -> tuple[Step, ...]:
    about = Step(ABOUT, N_("About you and your city"), 1, fields=survey.respondent)
    groups = tuple(
        Step(group.id, group.title, number, domains=tuple(map(survey.domain, group.domain_ids)))
        for number, group in enumerate(survey.step_groups, start=2)
    )
    return (about, *groups)


def step_named(survey: Survey, step_id: str) -> Step | None:
    return next((step for step in steps_of(survey) if step.id == step_id), None)


def total_steps(survey: Survey) -> int:
    """'Step 3 of 8': the question steps and the check page."""
    return len(steps_of(survey)) + 1


def next_step(survey: Survey, step: Step) -> str:
    steps = steps_of(survey)
    index = steps.index(step)
    return steps[index + 1].id if index + 1 < len(steps) else CHECK


@dataclass(frozen=True)
class StepValues:
    """What a valid step save writes: respondent fields and answers, set and removed."""

    respondent: dict[str, Any]
    answers: dict[str, Any]
    cleared: tuple[str, ...]  # answers left empty: removed from the draft
    missing: tuple[str, ...] = ()  # required and empty: the step is not completed yet
    blanked: tuple[str, ...] = ()  # respondent fields left empty: removed from the draft


def validate_step(
    step: Step,
    values: Mapping[str, Any],
    form_encoded: bool,
    *,
    complete: bool,
    allowed_domains: frozenset[str] | None = frozenset(),
) -> StepValues:
    """The step's own fields only. `complete` (Continue) requires every required answer;
    saving to come back later keeps what is valid and what is missing. ValidationFailed lists
    every problem, keyed by field name or question id."""
    errors: dict[str, str] = {}
    respondent, blank_fields = check_values(
        step.fields, "name", field_checker(allowed_domains), values, form_encoded, errors
    )
    answers, cleared = check_values(
        step.questions, "id", check_question, values, form_encoded, errors
    )
    required = {field.name for field in step.fields if field.required}
    required |= {question.id for question in step.questions if question.required}
    missing = [name for name in (*blank_fields, *cleared) if name in required]
    if complete:
        for name in missing:
            errors[name] = REQUIRED if name in blank_fields else NEEDS_ANSWER
    if errors:
        labels = {field.name: field.label for field in step.fields}
        labels.update({question.id: question.text for question in step.questions})
        raise ValidationFailed(errors, labels)
    return StepValues(respondent, answers, tuple(cleared), tuple(missing), tuple(blank_fields))


def step_status(step: Step, draft: Mapping[str, Any]) -> str:
    """What the task list shows: the status the last save recorded, else Not started."""
    return str((draft.get("steps") or {}).get(step.id) or NOT_STARTED)


def validate_draft(
    survey: Survey, draft: Mapping[str, Any], allowed_domains: frozenset[str] | None = frozenset()
) -> None:
    """Everything again before sending: each step as if completed, and the city chosen."""
    errors: dict[str, str] = {}
    labels: dict[str, str] = {}
    for step in steps_of(survey):
        source = draft.get("respondent") if step.id == ABOUT else draft.get("answers")
        try:
            validate_step(
                step,
                dict(source or {}),
                form_encoded=False,
                complete=True,
                allowed_domains=allowed_domains,
            )
        except ValidationFailed as failed:
            errors.update(failed.errors)
            labels.update(failed.labels)
    if not (draft.get("city") or {}).get("key"):
        errors.setdefault("city", CITY_NOT_CHOSEN)
    if errors:
        raise ValidationFailed(errors, labels)
