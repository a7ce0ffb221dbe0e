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

import contextlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from functions.storage.dynamo import faults_as_unavailable, to_item, values
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


def _key(item: Mapping[str, Any]) -> dict[str, Any]:
    return to_item({"survey_id": item["survey_id"], "city_key": item["city_key"]})


def erase_details(table: SurveysTable, item: Mapping[str, Any], now: datetime) -> None:
    """Remove the respondent's name, role and email from one item; the answers stay."""
    if kind_of(item) == "response":
        table.erase_respondent(str(item["survey_id"]), str(item["reference"]), now)
        return
    with faults_as_unavailable("erasing a respondent"):
        table.client.update_item(
            TableName=table.table,
            Key=_key(item),
            UpdateExpression="REMOVE respondent.#name, respondent.#role, respondent.email, "
            "respondent.email_domain, edit_nonce SET erased_at = :now",
            ConditionExpression="attribute_exists(city_key)",
            ExpressionAttributeNames={"#name": "name", "#role": "role"},
            ExpressionAttributeValues=values(now=now.isoformat(timespec="seconds")),
        )


def delete_item(table: SurveysTable, item: Mapping[str, Any]) -> None:
    """Delete the item; a response also leaves its city's set (and decision, if it was it)."""
    with faults_as_unavailable("deleting a survey item"):
        table.client.delete_item(TableName=table.table, Key=_key(item))
    if kind_of(item) != "response":
        return
    city = to_item({"survey_id": item["survey_id"], "city_key": CITY + item["city"]["key"]})
    reference = str(item["reference"])
    failed = table.client.exceptions.ConditionalCheckFailedException
    updates = (
        ("DELETE refs :refs", "contains(refs, :ref)", {"refs": {reference}, "ref": reference}),
        ("REMOVE accepted_ref, accepted_at", "accepted_ref = :ref", {"ref": reference}),
    )
    for expression, condition, given in updates:
        # A failed condition: not in the set (never confirmed), not the accepted one: no change.
        with contextlib.suppress(failed), faults_as_unavailable("updating a city"):
            table.client.update_item(
                TableName=table.table,
                Key=city,
                UpdateExpression=expression,
                ConditionExpression=condition,
                ExpressionAttributeValues=values(**given),
            )
