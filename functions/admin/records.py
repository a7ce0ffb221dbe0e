"""Reading whole tables: paginated scans, and the survey adapter's own listing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from functions.storage.dynamo import from_item
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


def scan(client: Any, table: str) -> Iterator[dict[str, Any]]:
    """Every item of a table as plain values, page by page (ConsistentRead: staff want truth)."""
    for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
        for item in page.get("Items", []):
            yield from_item(item)


def without_secrets(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in SECRET_ATTRIBUTES}


def endorsements(client: Any, table: str) -> list[dict[str, Any]]:
    """Every endorsement, pending and confirmed, oldest first."""
    found = [without_secrets(record) for record in scan(client, table)]
    return sorted(found, key=lambda record: str(record.get("created_at", "")))


def survey_items(client: Any, table: str, survey_id: str) -> list[dict[str, Any]]:
    """Every item of one survey (drafts, responses, cities), through the functions' own adapter
    (a paginated query), without secrets."""
    return [without_secrets(item) for item in SurveysTable(client, table).items(survey_id)]
