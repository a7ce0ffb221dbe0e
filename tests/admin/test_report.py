"""The shortlist rules of the survey report, on plain records."""

from __future__ import annotations

from functions.admin.report import build_report, format_table


def record(city: str, overall: int) -> dict:
    return {
        "respondent": {"city": city, "country": "NL"},
        "scores": {"overall": overall, "domains": {"leadership": overall}},
    }


def test_at_most_ten_above_the_threshold_and_ties_share_a_rank() -> None:
    records = [record(f"C{n:02d}", 90) for n in range(11)] + [record("Low", 40)]

    report = build_report("s", records, threshold=50)

    assert len(report.shortlist) == 10
    assert {city.rank for city in report.cities[:11]} == {1}
    assert report.cities[-1].rank == 12
    assert report.tie_at_cut
    assert "same score as the last one" in format_table(report)


def test_nobody_above_the_threshold_means_an_empty_shortlist() -> None:
    report = build_report("s", [record("A", 10), record("B", 20)], threshold=60)
    assert report.shortlist == []
    assert [city.city for city in report.cities] == ["B", "A"]
    assert "(none)" in format_table(report)
