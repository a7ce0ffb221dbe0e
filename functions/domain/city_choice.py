"""Choosing the city of a survey response: a place of the gazetteer, or a name as typed.

Plain Python over the gazetteer (functions/domain/places.py): no storage, no HTTP.
"""

from __future__ import annotations

from typing import Any

from functions.domain import places
from functions.domain.errors import ValidationFailed
from functions.i18n import N_


def city_from_gazetteer(country: str, place_id: Any) -> dict[str, Any] | None:
    """The city a gazetteer id names, if it is a place of `country`; else None."""
    chosen = place_id[0] if isinstance(place_id, list) and place_id else place_id
    if not isinstance(chosen, str) or not chosen:
        return None
    place = places.gazetteer().get(chosen)
    if place is None or place.country != country:
        return None
    return {
        "key": places.city_key(country, place.id, None),
        "place_id": place.id,
        "name": place.name,
        "country": country,
    }


def city_choices(draft: dict[str, Any]) -> list[places.Place]:
    """The places the draft's typed city may be (the no-JavaScript list), at most ten."""
    city = draft.get("city") or {}
    return places.gazetteer().search(city.get("country", ""), city.get("typed", ""), limit=10)


NOT_LISTED = "not-listed"
NOT_A_PLACE = N_("Must be the name of a place, with letters.")


def free_text_key(country: str, typed: str, field: str) -> str:
    """The key of a city that is not in the gazetteer; ValidationFailed for '...' or '-'."""
    try:
        return places.city_key(country, None, typed)
    except ValueError as exc:  # nothing left once normalised
        raise ValidationFailed({field: NOT_A_PLACE}) from exc
