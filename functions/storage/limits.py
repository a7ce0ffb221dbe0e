"""The limits table: per-client rate-limit counters and idempotency records, all expiring.

Neither holds personal data in clear: clients are keyed hashes of their IP address, and
idempotency records keep only a hash of the request and the response we gave (which never
contains personal data). A message of that response is kept as its msgid and parameters, so
that a replay answers in the language of the request that replays it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from functions.i18n import Message
from functions.storage.dynamo import faults_as_unavailable, from_item, to_item, values

RATE_WINDOW_SECONDS = 60
MESSAGE = "$message"  # the key of a stored Message: {"$message": msgid, "params": {...}}


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {MESSAGE: value.msgid, "params": dict(value.params)}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get(MESSAGE), str):
        return Message(value[MESSAGE], value.get("params") or {})
    return value


@dataclass(frozen=True)
class StoredResponse:
    """The answer an idempotency record keeps, given again to a retried request."""

    request_hash: str
    status: int
    body: dict[str, Any]


class LimitsTable:
    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table = table_name

    # ---- rate limits: a fixed one-minute window per client and scope

    @staticmethod
    def retry_after(now: datetime) -> int:
        return RATE_WINDOW_SECONDS - int(now.timestamp()) % RATE_WINDOW_SECONDS

    def count_request(self, scope: str, client_hash: str, now: datetime, limit: int) -> dict:
        """A transaction item adding one hit; its condition fails once the client is over limit."""
        window = int(now.timestamp()) // RATE_WINDOW_SECONDS
        return {
            "Update": {
                "TableName": self.table,
                "Key": to_item({"pk": f"rate#{scope}#{client_hash}#{window}"}),
                "UpdateExpression": "ADD hits :one SET expires_at = :expires",
                "ConditionExpression": "attribute_not_exists(hits) OR hits < :limit",
                "ExpressionAttributeValues": values(
                    one=1, limit=limit, expires=(window + 2) * RATE_WINDOW_SECONDS
                ),
            }
        }

    def hit(self, scope: str, client_hash: str, now: datetime, limit: int) -> bool:
        """Count one request of a write that has no transaction of its own to carry the
        counter; False when the client is over its limit (nothing counted then)."""
        client = self.client
        try:
            with faults_as_unavailable("counting a request"):
                client.update_item(**self.count_request(scope, client_hash, now, limit)["Update"])
        except client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    # ---- idempotency records

    @staticmethod
    def idempotency_pk(scope: str, key_hash: str) -> str:
        return f"idem#{scope}#{key_hash}"

    def remember_response(
        self,
        pk: str,
        request_hash: str,
        status: int,
        body: dict,
        now: datetime,
        ttl: int,
        writer: str,
    ) -> dict:
        """A transaction item storing the answer; its condition fails when the key is taken.

        `writer` is a nonce of the request that writes it, so that only that request may forget
        it again (identical requests running at once share the key)."""
        epoch = int(now.timestamp())
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(
                    {
                        "pk": pk,
                        "request_hash": request_hash,
                        "status": status,
                        "body": json.dumps(
                            {key: _encode(value) for key, value in body.items()},
                            separators=(",", ":"),
                        ),
                        "expires_at": epoch + ttl,
                        "writer": writer,
                    }
                ),
                # TTL deletes late (up to days): an expired record counts as absent.
                "ConditionExpression": "attribute_not_exists(pk) OR expires_at < :now",
                "ExpressionAttributeValues": values(now=epoch),
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }

    @staticmethod
    def parse_response(item: dict[str, Any]) -> StoredResponse:
        return StoredResponse(
            request_hash=item["request_hash"],
            status=int(item["status"]),
            body={key: _decode(value) for key, value in json.loads(item["body"]).items()},
        )

    def stored_response(self, pk: str) -> StoredResponse | None:
        with faults_as_unavailable("reading an idempotency record", write=False):
            found = self.client.get_item(
                TableName=self.table, Key=to_item({"pk": pk}), ConsistentRead=True
            )
        return self.parse_response(from_item(found["Item"])) if "Item" in found else None
