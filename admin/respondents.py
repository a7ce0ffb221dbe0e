"""Erasing and deleting what a survey item keeps about its respondent, for every kind of item.

- a response (`response#<reference>`): through SurveysTable.erase_respondent (the respondent
  map emptied: name, role, email and its domain; answers, scores and history stay);
- a draft (`draft#...`) or a first-release response (no prefix): the respondent's name, role
  and email removed, the typed city and country kept (a first-release response has no other
  record of its city);
- deleting a response also takes its reference out of its city's item, so that a deleted
  response neither contests the city nor stays its accepted one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from functions.storage.surveys import CITY, DRAFT, RESPONSE, SurveysTable

PERSONAL = ("name", "role", "email", "email_domain")
KINDS = {DRAFT: "draft", RESPONSE: "response", CITY: "city"}
LEGACY = "legacy response"


def kind_of(item: Mapping[str, Any]) -> str:
    """draft, response, city, or legacy response (the first release's, without a prefix)."""
    key = str(item["city_key"])
    return next((kind for prefix, kind in KINDS.items() if key.startswith(prefix)), LEGACY)


def has_personal_data(item: Mapping[str, Any]) -> bool:
    respondent = item.get("respondent") or {}
    return any(respondent.get(name) for name in PERSONAL)


def erase_details(table: SurveysTable, item: Mapping[str, Any], now: datetime) -> None:
    """Remove the respondent's name, role and email from one item; the answers stay."""
    survey_id = str(item["survey_id"])
    if kind_of(item) == "response":
        table.erase_respondent(survey_id, str(item["reference"]), now)
    else:
        table.erase_respondent_details(survey_id, str(item["city_key"]), now)


def delete_item(table: SurveysTable, item: Mapping[str, Any]) -> None:
    """Delete the item; a response also leaves its city's set (and decision, if it was it)."""
    survey_id = str(item["survey_id"])
    table.delete(survey_id, str(item["city_key"]))
    if kind_of(item) == "response":
        table.leave_city(survey_id, str(item["city"]["key"]), str(item["reference"]))
