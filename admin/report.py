"""The survey report: cities ranked by overall score, domain scores, and the shortlist.

Only counted responses are ranked, one per city (admin.standing): a city's only
confirmed response, or the one staff accepted. Contested cities are not ranked until staff
accept one response; pending and legacy responses are never ranked. The report lists them
apart (admin.report_text), so nothing sent is hidden.

The shortlist holds up to SHORTLIST_SIZE Ambassador candidates: the best-ranked cities whose
overall score reaches the threshold. Equal scores share a rank (1, 2, 2, 4); when a tie crosses
the shortlist's last place, the report says so, since that choice is for people to make.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from admin.csv_safe import write_csv
from admin.standing import (
    CONTESTED,
    COUNTED,
    LEGACY,
    NOT_COUNTED,
    PENDING,
    Entry,
    Standings,
    classify,
    match_text,
)

SHORTLIST_SIZE = 10
DEFAULT_THRESHOLD = 60


@dataclass(frozen=True)
class CityResult:
    rank: int
    city: str
    country: str
    reference: str
    overall: int
    domains: dict[str, int]
    shortlisted: bool
    domain_match: str  # yes | no | unknown
    language: str
    accepted: bool  # counted by staff decision among several confirmed responses


@dataclass(frozen=True)
class Report:
    survey_id: str
    threshold: int
    domains: list[tuple[str, str]]  # (id, title) in the definition's order
    cities: list[CityResult]
    tie_at_cut: bool
    standings: Standings

    @property
    def shortlist(self) -> list[CityResult]:
        return [city for city in self.cities if city.shortlisted]

    @property
    def contested(self) -> list[list[Entry]]:
        """Per contested city, its confirmed responses (oldest confirmation first)."""
        return [self.standings.of_city(k, CONTESTED) for k in self.standings.contested_cities()]

    @property
    def settled(self) -> list[tuple[Entry, list[Entry]]]:
        """Per city staff settled: the counted response, and the confirmed ones kept aside."""
        found = []
        for counted in self.standings.having(COUNTED):
            others = self.standings.of_city(counted.city_key, NOT_COUNTED)
            if others or counted.city_key in self.standings.decisions:
                found.append((counted, others))
        return sorted(found, key=lambda pair: pair[0].city.casefold())

    @property
    def pending(self) -> list[Entry]:
        return self.standings.having(PENDING)

    @property
    def legacy(self) -> list[Entry]:
        return self.standings.having(LEGACY)

    def accepted_at(self, city_key: str) -> str:
        return str(self.standings.decisions.get(city_key, {}).get("accepted_at", ""))


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
    items: Iterable[Mapping[str, Any]],
    survey: Any | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    size: int = SHORTLIST_SIZE,
    domains: Mapping[str, Iterable[str]] | None = None,
) -> Report:
    """The report of a survey's stored items (SurveysTable.items): drafts are ignored."""
    standings = classify(survey_id, items, domains)
    counted = standings.having(COUNTED)
    ordered = sorted(counted, key=lambda e: (-e.overall, e.city.casefold(), e.city_key))
    cities: list[CityResult] = []
    previous: int | None = None
    rank = 0
    for position, entry in enumerate(ordered, start=1):
        overall = entry.overall
        if overall != previous:
            rank, previous = position, overall
        scores = entry.record.get("scores") or {}
        cities.append(
            CityResult(
                rank=rank,
                city=entry.city,
                country=entry.country,
                reference=entry.reference,
                overall=overall,
                domains={k: int(v) for k, v in scores.get("domains", {}).items()},
                shortlisted=overall >= threshold and position <= size,
                domain_match=match_text(entry.domain_match),
                language=str(entry.record.get("language", "")),
                accepted=entry.city_key in standings.decisions,
            )
        )
    shortlisted = [city for city in cities if city.shortlisted]
    tie_at_cut = bool(
        len(shortlisted) == size
        and len(cities) > size
        and cities[size].overall == shortlisted[-1].overall
        and cities[size].overall >= threshold
    )
    titles = domain_titles(survey, [entry.record for entry in counted])
    return Report(survey_id, threshold, titles, cities, tie_at_cut, standings)


def rows(report: Report) -> list[dict[str, Any]]:
    found = []
    for city in report.cities:
        row: dict[str, Any] = {
            "rank": city.rank,
            "city": city.city,
            "country": city.country,
            "reference": city.reference,
            "overall": city.overall,
            "shortlisted": "yes" if city.shortlisted else "no",
            "domain_match": city.domain_match,
            "language": city.language,
        }
        for domain, _title in report.domains:
            row[domain] = city.domains.get(domain, "")
        found.append(row)
    return found


def columns(report: Report) -> list[str]:
    domains = [d for d, _t in report.domains]
    return [
        "rank",
        "city",
        "country",
        "overall",
        *domains,
        "shortlisted",
        "reference",
        "domain_match",
        "language",
    ]


def write_report_csv(stream: TextIO, report: Report) -> int:
    """The ranking only: one row per counted response, so one per city."""
    return write_csv(stream, columns(report), rows(report))
