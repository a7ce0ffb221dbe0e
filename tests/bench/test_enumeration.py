"""The enumeration bench's classifier: it finds a difference in time when there is one,
and scores near chance when there is none."""

from __future__ import annotations

import random

from bench.enumeration import accuracy, best_threshold, classify


def test_a_clear_difference_in_time_is_found_both_ways() -> None:
    # GIVEN known addresses that are always slower (then always faster) than new ones
    new, known = [10.0, 11.0, 12.0, 13.0], [20.0, 21.0, 22.0, 23.0]
    # THEN the best threshold tells them apart every time, in sample and held out
    assert classify(new, known) == (1.0, 1.0)
    assert classify(known, new) == (1.0, 1.0)
    threshold, slower, score = best_threshold(new, known)
    assert slower and score == 1.0 and 13.0 <= threshold < 20.0


def test_one_distribution_scores_near_chance_held_out() -> None:
    # GIVEN new and known probes drawn from the same distribution
    draw = random.Random(3)  # noqa: S311 - test data, not a secret
    new = [draw.gauss(100, 10) for _ in range(500)]
    known = [draw.gauss(100, 10) for _ in range(500)]
    in_sample, held_out = classify(new, known)
    # THEN held out it is close to a coin; in sample a little better (it fits the noise)
    assert 0.44 <= held_out <= 0.56
    assert in_sample >= held_out - 0.02


def test_accuracy_counts_each_side() -> None:
    """accuracy scores a threshold 1.0 on the side that is slower, 0.0 on the wrong side."""
    assert accuracy([1.0, 2.0], [3.0, 4.0], 2.5, slower=True) == 1.0
    assert accuracy([1.0, 2.0], [3.0, 4.0], 2.5, slower=False) == 0.0
