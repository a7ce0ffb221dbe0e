"""The survey report: cities ranked by overall score, domain scores, and the shortlist.

The shortlist holds up to SHORTLIST_SIZE Ambassador candidates: the best-ranked cities whose
overall score reaches the threshold. Equal scores share a rank (1, 2, 2, 4); when a tie crosses
the shortlist's last place, the report says so, since that choice is for people to make.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TextIO

from functions.admin.csv_safe import write_csv

SHORTLIST_SIZE = 10
DEFAULT_THRESHOLD = 60


@dataclass(frozen=True)
class CityResult:
    rank: int
    city: str
    country: str
    overall: int
    domains: dict[str, int]
    shortlisted: bool


@dataclass(frozen=True)
class Report:
    survey_id: str
    threshold: int
    domains: list[tuple[str, str]]  # (id, title) in the definition's order
    cities: list[CityResult]
    tie_at_cut: bool

    @property
    def shortlist(self) -> list[CityResult]:
        return [city for city in self.cities if city.shortlisted]


def domain_titles(survey: Any | None, records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Domains from the survey definition if we have it, else from the stored scores."""
    if survey is not None:
        return [(domain.id, domain.title) for domain in survey.domains]
    seen: dict[str, None] = {}
    for record in records:
        for domain in record.get("scores", {}).get("domains", {}):
            seen.setdefault(domain, None)
    return [(domain, domain) for domain in seen]


def build_report(
    survey_id: str,
    records: list[dict[str, Any]],
    survey: Any | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    size: int = SHORTLIST_SIZE,
) -> Report:
    def key(record: dict[str, Any]) -> tuple[int, str]:
        city = record.get("respondent", {}).get("city", "")
        return (-int(record.get("scores", {}).get("overall", 0)), city.casefold())

    ordered = sorted(records, key=key)
    cities: list[CityResult] = []
    previous: int | None = None
    rank = 0
    for position, record in enumerate(ordered, start=1):
        scores = record.get("scores", {})
        overall = int(scores.get("overall", 0))
        if overall != previous:
            rank, previous = position, overall
        respondent = record.get("respondent", {})
        cities.append(
            CityResult(
                rank=rank,
                city=respondent.get("city", ""),
                country=respondent.get("country", ""),
                overall=overall,
                domains={k: int(v) for k, v in scores.get("domains", {}).items()},
                shortlisted=overall >= threshold and position <= size,
            )
        )
    shortlisted = [city for city in cities if city.shortlisted]
    tie_at_cut = bool(
        len(shortlisted) == size
        and len(cities) > size
        and cities[size].overall == shortlisted[-1].overall
        and cities[size].overall >= threshold
    )
    return Report(survey_id, threshold, domain_titles(survey, records), cities, tie_at_cut)


def _rows(report: Report) -> list[dict[str, Any]]:
    rows = []
    for city in report.cities:
        row: dict[str, Any] = {
            "rank": city.rank,
            "city": city.city,
            "country": city.country,
            "overall": city.overall,
            "shortlisted": "yes" if city.shortlisted else "no",
        }
        for domain, _title in report.domains:
            row[domain] = city.domains.get(domain, "")
        rows.append(row)
    return rows


def columns(report: Report) -> list[str]:
    return ["rank", "city", "country", "overall", *[d for d, _t in report.domains], "shortlisted"]


def write_report_csv(stream: TextIO, report: Report) -> int:
    return write_csv(stream, columns(report), _rows(report))


def format_table(report: Report) -> str:
    """A plain-text table for the terminal, then the shortlist and the domain legend."""
    header = columns(report)
    rows = [[str(row[column]) for column in header] for row in _rows(report)]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    numeric = {"rank", "overall", *(d for d, _t in report.domains)}

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if name in numeric else cell.ljust(width)
            for cell, width, name in zip(cells, widths, header, strict=True)
        ).rstrip()

    out = [f"Survey {report.survey_id}: {len(report.cities)} cities", ""]
    out += [line(header), line(["-" * width for width in widths])]
    out += [line(row) for row in rows]
    out += ["", f"Shortlist (overall >= {report.threshold}, at most {SHORTLIST_SIZE}):"]
    shortlist = report.shortlist
    out += [f"  {c.rank}. {c.city} ({c.country}): {c.overall}" for c in shortlist] or ["  (none)"]
    if report.tie_at_cut:
        out.append("  Note: a city outside the shortlist has the same score as the last one in it.")
    out += ["", "Domains:"] + [f"  {domain}: {title}" for domain, title in report.domains]
    return "\n".join(out) + "\n"
