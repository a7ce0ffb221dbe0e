"""Erase everything kept about one person (GDPR Art. 17), by email address.

- endorsements: the item whose email is the address (pending or confirmed) is deleted;
- surveys: every response the person submitted is deleted, or with keep_answers only their
  contact details (name, role, email) and the edit nonce are removed, keeping the city's answers;
- limits: holds only keyed hashes of IP addresses and request bodies, expiring within a day:
  nothing there names anyone.
Point-in-time recovery keeps deleted items in backups for up to 35 days; the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from functions.admin.records import scan
from functions.domain.submissions import normalise_email
from functions.storage.dynamo import to_item

BACKUP_NOTE = (
    "Point-in-time recovery backups still hold these items for up to 35 days, after which "
    "they are gone; a restore within that time must repeat this erasure."
)


@dataclass
class Erasure:
    email: str
    endorsements: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    kept_answers: bool = False
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.endorsements) + len(self.responses)

    def describe(self) -> str:
        verb = "Would remove" if self.dry_run else "Removed"
        lines = [f"{verb} {self.total} record(s) of {self.email}:"]
        for item in self.endorsements:
            lines.append(
                f"  endorsement ({item.get('status', '?')}, created {item.get('created_at', '?')}):"
                f" {item.get('name', '')}, {item.get('organisation', '')}"
            )
        what = "contact details of survey response" if self.kept_answers else "survey response"
        for item in self.responses:
            respondent = item.get("respondent", {})
            lines.append(
                f"  {what} {item.get('survey_id', '?')} for {respondent.get('city', '?')}"
                f" ({respondent.get('country', '?')}), submitted {item.get('submitted_at', '?')}"
            )
        lines.append("  limits table: nothing to remove (keyed hashes only, no email address)")
        if self.total and not self.dry_run:
            lines.append(BACKUP_NOTE)
        return "\n".join(lines) + "\n"


def _matches(stored: Any, email: str) -> bool:
    return isinstance(stored, str) and normalise_email(stored) == email


def find(client: Any, endorsements_table: str, surveys_table: str, email: str) -> Erasure:
    wanted = normalise_email(email)
    erasure = Erasure(wanted)
    erasure.endorsements = [
        item for item in scan(client, endorsements_table) if _matches(item.get("email"), wanted)
    ]
    erasure.responses = [
        item
        for item in scan(client, surveys_table)
        if _matches(item.get("respondent", {}).get("email"), wanted)
    ]
    return erasure


def erase(
    client: Any,
    endorsements_table: str,
    surveys_table: str,
    email: str,
    keep_answers: bool = False,
    dry_run: bool = False,
) -> Erasure:
    erasure = find(client, endorsements_table, surveys_table, email)
    erasure.kept_answers, erasure.dry_run = keep_answers, dry_run
    if dry_run:
        return erasure
    for item in erasure.endorsements:
        client.delete_item(TableName=endorsements_table, Key=to_item({"pk": item["pk"]}))
    for item in erasure.responses:
        key = to_item({"survey_id": item["survey_id"], "city_key": item["city_key"]})
        if keep_answers:
            client.update_item(
                TableName=surveys_table,
                Key=key,
                UpdateExpression="REMOVE respondent.#name, respondent.#role, respondent.email, "
                "edit_nonce",
                ExpressionAttributeNames={"#name": "name", "#role": "role"},
            )
        else:
            client.delete_item(TableName=surveys_table, Key=key)
    return erasure
