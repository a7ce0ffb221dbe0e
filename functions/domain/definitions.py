"""The form and survey definitions as frozen dataclasses (read by functions.domain.form_reader).

`to_dict()` gives a definition back in the YAML's own key names, which is what
`GET /api/surveys/{id}` returns and what the site renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from functions.i18n import N_


@dataclass(frozen=True)
class Choice:
    """One value a choice field offers, with its label (a msgid)."""

    value: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label}


@dataclass(frozen=True)
class Field:
    """One field of a form or of a survey's respondent step, as functions/forms/ defines it."""

    name: str
    label: str
    type: str
    required: bool = False
    max_length: int | None = None
    help: str = ""
    choices: tuple[Choice, ...] = ()
    autocomplete: str = ""
    must_be: str | None = None  # yes_no fields that only accept one answer (consent)
    countries: frozenset[str] | None = None  # country fields limited to some codes

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
        if self.countries is not None:
            data["countries"] = sorted(self.countries)
        return data


@dataclass(frozen=True)
class Form:
    """A form definition (the endorsement): its fields, version and honeypot."""

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
    """One answer a question offers, with the score it earns."""

    value: str
    label: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "score": self.score}


@dataclass(frozen=True)
class Question:
    """One survey question: its type, options and whether an answer is required."""

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
    """One of the survey's scored domains and its questions."""

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
    """How a survey is scored: the rule per domain, the overall rule, the summary text."""

    domain: str
    overall: str
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "overall": self.overall, "summary": self.summary}


@dataclass(frozen=True)
class Survey:
    """A survey definition: respondent fields, domains, scoring, steps and when it is open."""

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
