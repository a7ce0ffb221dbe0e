"""Which response counts for each city: one confirmed response per city, never two.

Worked out from the stored items alone (the responses are the source of truth; the city items
add the staff's decisions), so a report is right even if a confirmer's city update was lost:
- one confirmed response and no decision: it counts;
- several confirmed responses: the city is *contested* until staff accept one; then that one
  counts and the others are kept, not counted;
- pending (unconfirmed) responses never count and never block anyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from functions.domain.statuses import Status

RESPONSE, CITY, DRAFT = "response#", "city#", "draft#"


@dataclass
class CityState:
    city_key: str
    confirmed: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    accepted_ref: str | None = None

    @property
    def contested(self) -> bool:
        return len(self.confirmed) > 1 and self.counted is None

    @property
    def counted(self) -> dict[str, Any] | None:
        if self.accepted_ref:
            return next((r for r in self.confirmed if r["reference"] == self.accepted_ref), None)
        return self.confirmed[0] if len(self.confirmed) == 1 else None


def city_states(items: Iterable[Mapping[str, Any]]) -> dict[str, CityState]:
    """Every city that has a sent response, from a survey's items (SurveysTable.items)."""
    states: dict[str, CityState] = defaultdict(lambda: CityState(""))
    decisions: dict[str, str] = {}
    for item in items:
        key = str(item["city_key"])
        if key.startswith(CITY) and item.get("accepted_ref"):
            decisions[key.removeprefix(CITY)] = str(item["accepted_ref"])
        elif key.startswith(RESPONSE):
            state = states[str(item["city"]["key"])]
            state.city_key = str(item["city"]["key"])
            target = state.confirmed if item.get("status") == Status.CONFIRMED else state.pending
            target.append(dict(item))
    for city_key, reference in decisions.items():
        if city_key in states:
            states[city_key].accepted_ref = reference
    for state in states.values():
        state.confirmed.sort(key=lambda response: str(response.get("confirmed_at") or ""))
    return dict(states)


def legacy_responses(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Responses of the first release (no email confirmation): shown apart, never counted."""
    return [
        dict(item)
        for item in items
        if not str(item["city_key"]).startswith((RESPONSE, CITY, DRAFT))
    ]
