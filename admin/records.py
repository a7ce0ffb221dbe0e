"""Whole tables for exports, through the functions' own adapters, never with their secrets."""

from __future__ import annotations

from typing import Any

from functions.storage.endorsements import EndorsementsTable
from functions.storage.surveys import SurveysTable

# Token nonces and draft secrets make a stolen export a key to other people's links: never
# exported. (`access_nonce` opens a sent response; `secret` opens a draft.)
SECRET_ATTRIBUTES = (
    "confirm_nonce",
    "withdraw_nonce",
    "edit_nonce",
    "access_nonce",
    "secret",
)


def without_secrets(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in SECRET_ATTRIBUTES}


def endorsements(table: EndorsementsTable) -> list[dict[str, Any]]:
    """Every endorsement, pending, confirmed and invalid, oldest first."""
    found = [without_secrets(record) for record in table.all_items()]
    return sorted(found, key=lambda record: str(record.get("created_at", "")))


def survey_items(table: SurveysTable, survey_id: str) -> list[dict[str, Any]]:
    """Every item of one survey (drafts, responses, cities), without secrets."""
    return [without_secrets(item) for item in table.items(survey_id)]
