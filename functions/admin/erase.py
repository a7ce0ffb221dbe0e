"""Erase everything kept about one person (GDPR Art. 17), by email address.

- endorsements: the item whose email is the address (pending or confirmed) is deleted;
- surveys: every response the person sent (pending, confirmed, or of the first release) and
  every draft they started is deleted; a deleted response also leaves its city's record
  (functions.admin.respondents). With keep_answers only their name, role and email are
  removed, keeping the city's answers and scores;
- limits: holds only keyed hashes of IP addresses and request bodies, expiring within a day:
  nothing there names anyone.
Point-in-time recovery keeps deleted items in backups for up to 35 days; the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from functions.admin import respondents
from functions.admin.records import scan
from functions.domain.submissions import normalise_email
from functions.storage.dynamo import to_item
from functions.storage.surveys import SurveysTable

BACKUP_NOTE = (
    "Point-in-time recovery backups still hold these items for up to 35 days, after which "
    "they are gone; a restore within that time must repeat this erasure."
)


@dataclass
class Erasure:
    email: str
    endorsements: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # and drafts
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
        for item in self.responses:
            kind = respondents.kind_of(item)
            what = f"contact details of survey {kind}" if self.kept_answers else f"survey {kind}"
            respondent = item.get("respondent") or {}
            city = item.get("city") or {}
            name = city.get("name") or city.get("typed") or respondent.get("city", "?")
            country = city.get("country") or respondent.get("country", "?")
            status = f", {item['status']}" if item.get("status") else ""
            when = item.get("submitted_at") or item.get("created_at") or "?"
            lines.append(
                f"  {what} {item.get('survey_id', '?')} for {name} ({country}){status},"
                f" {'submitted' if kind != 'draft' else 'started'} {when}"
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
        if _matches((item.get("respondent") or {}).get("email"), wanted)
    ]
    return erasure


def erase(
    client: Any,
    endorsements_table: str,
    surveys_table: str,
    email: str,
    now: datetime,
    keep_answers: bool = False,
    dry_run: bool = False,
) -> Erasure:
    erasure = find(client, endorsements_table, surveys_table, email)
    erasure.kept_answers, erasure.dry_run = keep_answers, dry_run
    if dry_run:
        return erasure
    for item in erasure.endorsements:
        client.delete_item(TableName=endorsements_table, Key=to_item({"pk": item["pk"]}))
    surveys = SurveysTable(client, surveys_table)
    for item in erasure.responses:
        if keep_answers:
            respondents.erase_details(surveys, item, now)
        else:
            respondents.delete_item(surveys, item)
    return erasure
