"""The API bench's arithmetic (bench/api.py, bench/report.py) on made-up rounds: rounds pooled
into one rate, ratios taken within each round, the median round held against the target.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bench.api import Throughput, paired_ratios, pooled
from bench.report import (
    BARE_PUT,
    BARE_TRANSACTION,
    FLOOR,
    IN_PROCESS,
    SERVER,
    Report,
)


def run(requests: int, seconds: float, latencies: tuple[float, ...] = (), failures=0):
    return Throughput(1, requests, seconds, 0.0, 0.0, failures, latencies)


def test_pooled_rate_is_all_requests_over_all_time_and_percentiles_over_all_requests():
    """Pooled rounds give all requests over all time, percentiles over every latency, failures."""
    first = run(100, 1.0, tuple(0.001 for _ in range(100)))
    second = run(100, 3.0, tuple(0.030 for _ in range(100)), failures=2)
    both = pooled([first, second])
    assert both.requests == 200
    assert both.per_second == pytest.approx(50.0)  # not the mean of 100 and 33.3
    assert both.p50_ms == pytest.approx(30.0)  # the 101st of 200 sorted latencies
    assert both.p99_ms == pytest.approx(30.0)
    assert both.failures == 2
    assert len(both.latencies) == 200


def test_ratios_are_taken_round_by_round():
    """paired_ratios divides each round by the same round of the baseline."""
    ours = [run(100, 1.0), run(100, 2.0)]
    base = [run(100, 0.5), run(100, 1.0)]
    assert paired_ratios(ours, base) == pytest.approx([0.5, 0.5])


def test_a_missing_round_is_an_error():
    """paired_ratios raises ValueError when the two sides have different numbers of rounds."""
    with pytest.raises(ValueError):
        paired_ratios([run(1, 1.0)], [run(1, 1.0), run(1, 1.0)])


def report_with(over_floor: list[float], over_transaction: list[float]) -> Report:
    report = Report(dt.datetime(2026, 12, 4), [])
    results = {(mode, 1): run(100, 1.0) for mode in (SERVER, FLOOR, BARE_PUT)}
    results |= {(mode, 1): run(100, 1.0) for mode in (IN_PROCESS, BARE_TRANSACTION)}
    ratios = {("over_floor", 1): over_floor, ("over_transaction", 1): over_transaction}
    report.throughput(results, ratios, {1: 150}, len(over_floor))
    return report


def test_the_median_round_is_held_against_the_target_with_the_spread_beside_it():
    """The verdict is the median round's (met at 0.85 though one was 0.70), spread beside it."""
    report = report_with([0.95, 0.70, 0.85], [0.80, 0.97, 0.91])
    floor_verdict, transaction_verdict = report.verdicts
    assert floor_verdict.startswith("our overhead through the server, 1 clients (vs floor): 0.85")
    assert "not met" not in floor_verdict  # 0.85 >= 0.8, though one round was 0.70
    assert transaction_verdict.startswith("our overhead in process, 1 clients")
    assert ": 0.91 " in transaction_verdict and "not met" not in transaction_verdict
    assert "0.85x (0.70-0.95)" in report.sections[0]


def test_a_median_round_below_the_target_is_not_met():
    """A median round under the target makes both verdicts 'not met'."""
    report = report_with([0.79, 0.95, 0.60], [0.89, 0.99, 0.50])
    assert all("not met" in line for line in report.verdicts)


def test_the_report_names_the_requests_of_a_round_at_each_level():
    """The throughput section names each level's requests a round and a row per client count."""
    report = Report(dt.datetime(2026, 12, 4), [])
    modes = (SERVER, FLOOR, BARE_PUT, IN_PROCESS, BARE_TRANSACTION)
    results = {(mode, n): run(100, 1.0) for mode in modes for n in (1, 16)}
    ratios = {(key, n): [1.0] for key in ("over_floor", "over_transaction") for n in (1, 16)}
    report.throughput(results, ratios, {1: 150, 16: 480}, 1)
    assert "(150 at 1, 480 at 16 clients)" in " ".join(report.sections[0].split())
    assert "| 16 | 1.00x" in report.sections[0]
