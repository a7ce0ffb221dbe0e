"""Scoring on a small survey of its own (two domains, one question of each kind), with no
database and no API: the rules of functions/domain/scoring.py, number by number."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from functions.domain.forms import build_survey
from functions.domain.scoring import round_half_up, score

SMALL: dict[str, Any] = {
    "id": "small-survey",
    "version": 1,
    "title": "Small survey",
    "description": "A fixture for scoring.",
    "opens": "2026-01-01T00:00:00+00:00",
    "closes": "2026-12-31T00:00:00+00:00",
    "honeypot": "website",
    "respondent": [
        {"name": "name", "label": "Your name", "type": "text", "required": True, "max_length": 80},
        {"name": "email", "label": "Email", "type": "email", "required": True, "max_length": 254},
        {"name": "city", "label": "City", "type": "text", "required": True, "max_length": 80},
        {"name": "country", "label": "Country", "type": "country", "required": True},
    ],
    "domains": [
        {
            "id": "alpha",
            "title": "Alpha",
            "description": "First domain.",
            "questions": [
                {
                    "id": "alpha_choice",
                    "text": "Pick one",
                    "type": "single_choice",
                    "required": True,
                    "options": [
                        {"value": "none", "label": "None", "score": 0},
                        {"value": "some", "label": "Some", "score": 1},
                        {"value": "all", "label": "All", "score": 3},
                    ],
                },
                {
                    "id": "alpha_yes",
                    "text": "Yes or no",
                    "type": "yes_no",
                    "required": True,
                    "options": [
                        {"value": "yes", "label": "Yes", "score": 1},
                        {"value": "no", "label": "No", "score": 0},
                    ],
                },
                {
                    "id": "alpha_scale",
                    "text": "How often",
                    "type": "scale",
                    "required": False,
                    "min": 1,
                    "max": 5,
                    "min_label": "Never",
                    "max_label": "Always",
                },
            ],
        },
        {
            "id": "beta",
            "title": "Beta",
            "description": "Second domain.",
            "questions": [
                {
                    "id": "beta_many",
                    "text": "Pick any",
                    "type": "multiple_choice",
                    "required": False,
                    "options": [
                        {"value": "a", "label": "A", "score": 1},
                        {"value": "b", "label": "B", "score": 0.5},
                    ],
                },
                {
                    "id": "beta_scale",
                    "text": "How much",
                    "type": "scale",
                    "required": True,
                    "min": 1,
                    "max": 5,
                    "min_label": "Little",
                    "max_label": "A lot",
                },
                {
                    "id": "beta_yes",
                    "text": "Yes or no",
                    "type": "yes_no",
                    "required": False,
                    "options": [
                        {"value": "yes", "label": "Yes", "score": 2},
                        {"value": "no", "label": "No", "score": 0},
                    ],
                },
            ],
        },
    ],
    "scoring": {
        "domain": "percent_of_max",
        "overall": "mean_of_domains",
        "summary": "Points as a percentage of the most possible; the mean of the domains.",
    },
}
SURVEY = build_survey(SMALL, "small-survey.yml")


def test_best_answers_score_100_everywhere() -> None:
    """The best option of every question gives 100 in each domain and overall."""
    best = {
        "alpha_choice": "all",
        "alpha_yes": "yes",
        "alpha_scale": 5,
        "beta_many": ["a", "b"],
        "beta_scale": 5,
        "beta_yes": "yes",
    }
    assert score(SURVEY, best).to_dict() == {"domains": {"alpha": 100, "beta": 100}, "overall": 100}


@pytest.mark.parametrize(
    ("answers", "alpha", "beta", "overall"),
    [
        # alpha: (1 + 0 + 3) of 9 = 44.4 -> 44; beta: (1 + 3 + 0) of 8.5 = 47.06 -> 47;
        # overall: mean 45.5 -> 46 (halves up)
        (
            {
                "alpha_choice": "some",
                "alpha_yes": "no",
                "alpha_scale": 3,
                "beta_many": ["a"],
                "beta_scale": 3,
                "beta_yes": "no",
            },
            44,
            47,
            46,
        ),
        # unanswered questions earn nothing but still count in the maximum:
        # alpha 3 of 9 = 33.3 -> 33; beta 1 of 8.5 = 11.8 -> 12; mean 22.5 -> 23
        ({"alpha_choice": "all", "beta_scale": 1}, 33, 12, 23),
        # nothing answered: zero, never an error
        ({}, 0, 0, 0),
    ],
)
def test_points_are_a_share_of_the_most_possible(
    answers: dict[str, Any], alpha: int, beta: int, overall: int
) -> None:
    """Each domain scores its points as a percentage of its maximum; overall is their mean."""
    assert score(SURVEY, answers).to_dict() == {
        "domains": {"alpha": alpha, "beta": beta},
        "overall": overall,
    }


def test_halves_round_up_not_to_even() -> None:
    """Rounding is halves up (Python's round() would give 2 for 2.5)."""
    assert [round_half_up(Fraction(n, 2)) for n in (1, 3, 5)] == [1, 2, 3]


def test_a_decimal_score_is_exact() -> None:
    """A score of 0.5 in the definition counts as one half, in the points and the maximum."""
    # (0.5 + 1) of 8.5 = 17.6... -> 18
    half = score(SURVEY, {"beta_many": ["b"], "beta_scale": 1})
    assert half.domains["beta"] == 18
