"""The survey's scoring rule, computed here from the YAML alone, apart from functions.domain.

As the definition's `scoring.summary` says: per domain, points earned as a percentage of the
most points possible (single choice and yes/no: the best option; multiple choice: every option;
scale: its maximum), rounded to a whole number with halves up; overall, the mean of the domain
scores rounded the same way.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import yaml

DEFINITION = Path(__file__).resolve().parents[2] / "functions" / "forms" / "ambassador-survey.yml"


def load_definition() -> dict:
    return yaml.safe_load(DEFINITION.read_text(encoding="utf-8"))


def _half_up(value: Fraction) -> int:
    whole, remainder = divmod(value.numerator, value.denominator)
    return whole + (1 if 2 * remainder >= value.denominator else 0)


def _points(question: dict, answer) -> tuple[Fraction, Fraction]:
    """(earned, possible) for one question."""
    if question["type"] == "scale":
        return Fraction(answer or 0), Fraction(question["max"])
    scores = {o["value"]: Fraction(str(o["score"])) for o in question["options"]}
    if question["type"] == "multiple_choice":
        return sum((scores[v] for v in answer or []), Fraction(0)), sum(scores.values())
    return (scores[answer] if answer is not None else Fraction(0)), max(scores.values())


def expected_scores(definition: dict, answers: dict) -> dict:
    assert definition["scoring"] == {
        **definition["scoring"],
        "domain": "percent_of_max",
        "overall": "mean_of_domains",
    }, "the test knows only these rules"
    domains = {}
    for domain in definition["domains"]:
        pairs = [_points(q, answers.get(q["id"])) for q in domain["questions"]]
        earned = sum((e for e, _ in pairs), Fraction(0))
        possible = sum((p for _, p in pairs), Fraction(0))
        domains[domain["id"]] = _half_up(100 * earned / possible)
    overall = _half_up(Fraction(sum(domains.values()), len(domains)))
    return {"domains": domains, "overall": overall}
