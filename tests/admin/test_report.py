"""The shortlist rules of the survey report, on plain stored items (no DynamoDB needed)."""

from __future__ import annotations

from admin.report import build_report
from admin.report_text import format_table


def item(city: str, overall: int, status: str = "confirmed") -> dict:
    reference = f"R{city}"
    return {
        "survey_id": "s",
        "city_key": f"response#{reference}",
        "reference": reference,
        "status": status,
        "city": {"key": f"NL#name:{city.lower()}", "place_id": "", "name": city, "country": "NL"},
        "respondent": {"email_domain": "example.org"},
        "scores": {"overall": overall, "domains": {"leadership": overall}},
        "confirmed_at": "2026-12-01T12:00:00+00:00",
    }


def test_at_most_ten_above_the_threshold_and_ties_share_a_rank() -> None:
    """Of 11 tied cities over the threshold 10 are shortlisted; ties share rank 1, flagged."""
    items = [item(f"C{n:02d}", 90) for n in range(11)] + [item("Low", 40)]

    report = build_report("s", items, threshold=50, domains={})

    assert len(report.shortlist) == 10
    assert {city.rank for city in report.cities[:11]} == {1}
    assert report.cities[-1].rank == 12
    assert report.tie_at_cut
    assert "same score as the last one" in format_table(report)


def test_nobody_above_the_threshold_means_an_empty_shortlist() -> None:
    """With every city under the threshold the shortlist is empty, printed '(none)'; order kept."""
    report = build_report("s", [item("A", 10), item("B", 20)], threshold=60, domains={})
    assert report.shortlist == []
    assert [city.city for city in report.cities] == ["B", "A"]
    assert "(none)" in format_table(report)


def test_pending_items_are_not_ranked_and_an_empty_ranking_prints() -> None:
    """A pending response is not ranked; the table says '0 cities ranked' and lists it pending."""
    report = build_report("s", [item("A", 90, status="pending")], domains={})
    assert report.cities == []
    printed = format_table(report)
    assert "0 cities ranked" in printed and "RA" in printed.split("Pending responses")[1]
