"""Where each response of a survey stands, for the report, the exports and `survey contested`.

- counted: the one response of its city that counts (its only confirmed one, or the one staff
  accepted);
- contested: one of several confirmed responses of a city, none accepted yet: not ranked;
- not counted: confirmed, but staff accepted another response of the city (kept for the record);
- pending: its respondent has not confirmed the email address: never counted;
- legacy: sent with the first release, before email confirmation: never counted.

Beside each, whether the respondent's email domain is one of the city's official domains
(functions/data/city-domains.yml): True, False, or None when not known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from functions.domain import places
from functions.domain.contests import CITY, CityState, city_states, legacy_responses
from functions.domain.statuses import Status

COUNTED, CONTESTED, NOT_COUNTED, PENDING, LEGACY = (
    "counted",
    "contested",
    "not counted",
    "pending",
    "legacy",
)


def match_text(value: bool | None) -> str:
    if value is None:
        return "unknown"
    return "yes" if value else "no"


def email_domain_of(record: Mapping[str, Any]) -> str:
    """The respondent's email domain, never the address ('' once erased)."""
    respondent = record.get("respondent") or {}
    stored = respondent.get("email_domain")
    if stored:
        return str(stored)
    return places.email_domain(str(respondent.get("email") or "")) or ""


@dataclass(frozen=True)
class Entry:
    """One sent response and where it stands."""

    record: dict[str, Any]
    standing: str
    domain_match: bool | None

    @property
    def legacy(self) -> bool:
        return self.standing == LEGACY

    @property
    def reference(self) -> str:
        return str(self.record.get("reference") or self.record.get("response_id") or "")

    @property
    def city(self) -> str:
        if self.legacy:
            return str((self.record.get("respondent") or {}).get("city", ""))
        return str((self.record.get("city") or {}).get("name", ""))

    @property
    def country(self) -> str:
        if self.legacy:
            return str((self.record.get("respondent") or {}).get("country", ""))
        return str((self.record.get("city") or {}).get("country", ""))

    @property
    def city_key(self) -> str:
        if self.legacy:
            return str(self.record.get("city_key", ""))
        return str((self.record.get("city") or {}).get("key", ""))

    @property
    def email_domain(self) -> str:
        return email_domain_of(self.record)

    @property
    def overall(self) -> int:
        return int((self.record.get("scores") or {}).get("overall", 0))


@dataclass(frozen=True)
class Standings:
    survey_id: str
    entries: list[Entry]  # every sent response, oldest first
    cities: dict[str, CityState]  # by city key, responses of this release only
    decisions: dict[str, dict[str, Any]]  # the city items staff settled, by city key

    def having(self, *standings: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.standing in standings]

    def of_city(self, city_key: str, *standings: str) -> list[Entry]:
        """The city's responses (of this release) in these standings, first confirmed first."""
        found = [e for e in self.having(*standings) if e.city_key == city_key and not e.legacy]
        return sorted(found, key=lambda e: str(e.record.get("confirmed_at") or "~"))

    def find(self, reference: str) -> Entry | None:
        return next((e for e in self.entries if e.reference == reference), None)

    def contested_cities(self) -> list[str]:
        """City keys with confirmed responses and none counted, by city name."""
        keys = {entry.city_key: entry.city for entry in self.having(CONTESTED)}
        return sorted(keys, key=lambda key: (keys[key].casefold(), key))


def _legacy_place_id(record: Mapping[str, Any]) -> str | None:
    """The gazetteer's place for a first-release response's typed city, when exactly one fits."""
    from functions.usecases.sending import resolve_typed_city

    respondent = record.get("respondent") or {}
    country, city = str(respondent.get("country", "")), str(respondent.get("city", ""))
    if not country or not city:
        return None
    return resolve_typed_city(country, city).get("place_id") or None


def domain_match(
    record: Mapping[str, Any], place_id: str | None, domains: Mapping[str, Iterable[str]]
) -> bool | None:
    domain = email_domain_of(record)
    if not domain:  # erased: the domain went with the address
        return None
    return places.domain_matches(f"@{domain}", place_id, domains)


def _standing(state: CityState, record: Mapping[str, Any]) -> str:
    if record.get("status") != Status.CONFIRMED:
        return PENDING
    counted = state.counted
    if counted is None:
        # Several confirmed and no decision; or a decision naming a response no longer kept.
        return CONTESTED
    return COUNTED if counted["reference"] == record["reference"] else NOT_COUNTED


def classify(
    survey_id: str,
    items: Iterable[Mapping[str, Any]],
    domains: Mapping[str, Iterable[str]] | None = None,
) -> Standings:
    """Every sent response of a survey's items (SurveysTable.items) and where it stands."""
    items = list(items)
    if domains is None:
        domains = places.load_city_domains()
    states = city_states(items)
    entries: list[Entry] = []
    for state in states.values():
        for record in [*state.confirmed, *state.pending]:
            place_id = (record.get("city") or {}).get("place_id") or None
            match = domain_match(record, place_id, domains)
            entries.append(Entry(record, _standing(state, record), match))
    for record in legacy_responses(items):
        match = domain_match(record, _legacy_place_id(record), domains)
        entries.append(Entry(record, LEGACY, match))
    entries.sort(key=lambda entry: (str(entry.record.get("submitted_at") or ""), entry.reference))
    decisions = {
        str(item["city_key"]).removeprefix(CITY): dict(item)
        for item in items
        if str(item["city_key"]).startswith(CITY) and item.get("accepted_ref")
    }
    return Standings(survey_id, entries, states, decisions)
