"""Turn a survey's answers into domain scores (0-100) and an overall score, as the definition says.

Rules (named in the definition's `scoring:`):
- domain `percent_of_max`: points earned in the domain as a percentage of the most points
  possible there. Single choice and yes/no earn the chosen option's score, multiple choice the
  sum of the chosen options' scores, a scale its value. Unanswered questions earn nothing but
  still count in the maximum, so skipping a question never raises a score.
- overall `mean_of_domains`: the mean of the domain scores.
Both are rounded to whole numbers, halves up (not Python's round-half-even), with exact fractions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

# From the definitions themselves, not domain.forms: the form reader imports the rule names
# below, and domain.forms imports the reader.
from functions.domain.definitions import Domain, Question, Survey

# The rules this module computes, by the names a definition's `scoring:` gives them; the form
# reader refuses any other name, so a survey that loads can be scored.
DOMAIN_RULES = ("percent_of_max",)
OVERALL_RULES = ("mean_of_domains",)

Answer = str | int | list[str]


@dataclass(frozen=True)
class Scores:
    """A response's score per domain and overall, in percent."""

    domains: dict[str, int]
    overall: int

    def to_dict(self) -> dict[str, object]:
        return {"domains": dict(self.domains), "overall": self.overall}


def _exact(number: float) -> Fraction:
    # str() first: 0.1 in YAML means one tenth, not the nearest binary float.
    return Fraction(str(number))


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def question_points(question: Question, answer: Answer | None) -> Fraction:
    if answer is None:
        return Fraction(0)
    if question.type == "scale":
        return Fraction(int(answer))  # type: ignore[arg-type]
    if question.type == "multiple_choice":
        return sum((_exact(question.score_of(value)) for value in answer), Fraction(0))
    return _exact(question.score_of(str(answer)))


def domain_score(domain: Domain, answers: Mapping[str, Answer]) -> int:
    earned = sum(
        (question_points(question, answers.get(question.id)) for question in domain.questions),
        Fraction(0),
    )
    maximum = sum((_exact(question.max_points) for question in domain.questions), Fraction(0))
    return round_half_up(100 * earned / maximum)


def score(survey: Survey, answers: Mapping[str, Answer]) -> Scores:
    """Scores of validated answers (see `functions.domain.submissions`)."""
    if survey.scoring.domain not in DOMAIN_RULES or survey.scoring.overall not in OVERALL_RULES:
        raise ValueError(f"unsupported scoring rule in {survey.source}")  # the loader refuses these
    domains = {domain.id: domain_score(domain, answers) for domain in survey.domains}
    overall = round_half_up(Fraction(sum(domains.values()), len(domains)))
    return Scores(domains=domains, overall=overall)
