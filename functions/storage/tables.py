"""Every DynamoDB table the functions use, and `ensure_tables` that creates what is missing.

- endorsements: one item per email address (key: keyed hash of the normalised email).
  Sparse GSI `confirmed` (status + confirmed_at): only confirmed endorsements have
  `confirmed_at`, so the public list and count never read pending ones or any email.
  TTL `expires_at`: set on pending endorsements only (30 days), removed on confirmation.
- surveys: drafts, sent responses and city items of each survey (keys: survey_id, city_key,
  whose value names the item's kind; see functions/storage/surveys.py). TTL `expires_at`: set
  on drafts (a while after the survey closes) and on pending responses (7 days), removed when
  a response is confirmed.
- limits: rate-limit counters and idempotency records, all expiring (TTL `expires_at`).
- outbox: mail waiting to be sent and the suppression list (functions/storage/outbox.py). Its
  stream (new images) feeds the mail worker. TTL `expires_at` on mail.

The SAM template must describe the same keys, index and TTL; tests compare it with TABLE_SPECS.
"""

from __future__ import annotations

import logging
from typing import Any

from functions.config import Config

log = logging.getLogger(__name__)

CONFIRMED_INDEX = "confirmed"
UNSENT_INDEX = "unsent"  # functions/storage/outbox.py
TTL_ATTRIBUTE = "expires_at"

# Keyed by the Config attribute that holds the table's name.
TABLE_SPECS: dict[str, dict[str, Any]] = {
    "endorsements_table": {
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "status", "AttributeType": "S"},
            {"AttributeName": "confirmed_at", "AttributeType": "S"},
        ],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": CONFIRMED_INDEX,
                "KeySchema": [
                    {"AttributeName": "status", "KeyType": "HASH"},
                    {"AttributeName": "confirmed_at", "KeyType": "RANGE"},
                ],
                # Only what the public list shows: no email, no tokens.
                "Projection": {
                    "ProjectionType": "INCLUDE",
                    "NonKeyAttributes": [
                        "name",
                        "organisation",
                        "organisation_type",
                        "country",
                        "list_publicly",
                    ],
                },
            }
        ],
        "TimeToLive": TTL_ATTRIBUTE,
    },
    "surveys_table": {
        "AttributeDefinitions": [
            {"AttributeName": "survey_id", "AttributeType": "S"},
            {"AttributeName": "city_key", "AttributeType": "S"},
        ],
        "KeySchema": [
            {"AttributeName": "survey_id", "KeyType": "HASH"},
            {"AttributeName": "city_key", "KeyType": "RANGE"},
        ],
        "TimeToLive": TTL_ATTRIBUTE,
    },
    "limits_table": {
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "TimeToLive": TTL_ATTRIBUTE,
    },
    "outbox_table": {
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "unsent", "AttributeType": "S"},
            {"AttributeName": "created_at", "AttributeType": "S"},
        ],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [
            {
                # Sparse: only mail not yet sent (nor dead) has `unsent`; the sweep's list.
                "IndexName": UNSENT_INDEX,
                "KeySchema": [
                    {"AttributeName": "unsent", "KeyType": "HASH"},
                    {"AttributeName": "created_at", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
        "TimeToLive": TTL_ATTRIBUTE,
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
    },
}


def create_table_request(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    request = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": spec["AttributeDefinitions"],
        "KeySchema": spec["KeySchema"],
    }
    if spec.get("GlobalSecondaryIndexes"):
        request["GlobalSecondaryIndexes"] = spec["GlobalSecondaryIndexes"]
    if spec.get("StreamSpecification"):
        request["StreamSpecification"] = spec["StreamSpecification"]
    return request


def ensure_tables(client: Any, config: Config) -> list[str]:
    """Create every missing table and switch on TTL; safe to run again. Returns names created."""
    existing: set[str] = set()
    for page in client.get_paginator("list_tables").paginate():
        existing.update(page["TableNames"])
    created = []
    for attribute, spec in TABLE_SPECS.items():
        name = getattr(config, attribute)
        if name not in existing:
            try:
                client.create_table(**create_table_request(name, spec))
                created.append(name)
            except client.exceptions.ResourceInUseException:
                pass  # created meanwhile by another process: that is what we wanted
            client.get_waiter("table_exists").wait(
                TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
            )
            log.info("Created table %s", name)
        if spec.get("TimeToLive"):
            status = client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
            if status.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
                client.update_time_to_live(
                    TableName=name,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": spec["TimeToLive"]},
                )
    return created
