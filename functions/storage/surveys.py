"""The surveys table: one item per survey and city.

Item: survey_id, city_key, response_id, definition_version, respondent (name, role, email,
city, country: the email in clear only to send the edit link), answers, scores, submitted_at,
updated_at, edits (count), edit_nonce (the one valid edit token).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from functions.storage.dynamo import faults_as_unavailable, from_item, query_all, to_item, values


class SurveysTable:
    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table = table_name

    def add_response(self, record: dict[str, Any], now: datetime) -> dict:
        """A transaction item storing a city's first response; fails if the city has answered."""
        item = {**record, "submitted_at": now.isoformat(timespec="seconds"), "edits": 0}
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(survey_id)",
            }
        }

    def replace_response(self, record: dict[str, Any], old_nonce: str, now: datetime) -> dict:
        """A transaction item updating a response with the one valid edit nonce (then replaced)."""
        changed = {
            key: value
            for key, value in record.items()
            if key not in ("survey_id", "city_key", "response_id")
        }
        names = {f"#{key}": key for key in changed}
        sets = ", ".join(f"#{key} = :{key}" for key in changed)
        return {
            "Update": {
                "TableName": self.table,
                "Key": to_item({"survey_id": record["survey_id"], "city_key": record["city_key"]}),
                "UpdateExpression": f"SET {sets}, updated_at = :updated_at ADD edits :one",
                "ConditionExpression": "edit_nonce = :old_nonce AND response_id = :response_id",
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values(
                    **changed,
                    updated_at=now.isoformat(timespec="seconds"),
                    one=1,
                    old_nonce=old_nonce,
                    response_id=record["response_id"],
                ),
            }
        }

    def get(self, survey_id: str, city_key: str) -> dict[str, Any] | None:
        with faults_as_unavailable("reading a survey response"):
            found = self.client.get_item(
                TableName=self.table,
                Key=to_item({"survey_id": survey_id, "city_key": city_key}),
                ConsistentRead=True,
            )
        return from_item(found["Item"]) if "Item" in found else None

    def responses(self, survey_id: str) -> list[dict[str, Any]]:
        """Every response to a survey (for exports and tests)."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "survey_id = :survey_id",
            "ExpressionAttributeValues": values(survey_id=survey_id),
        }
        return query_all(self.client, request, "listing survey responses")
