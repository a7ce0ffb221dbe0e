"""The report of an erasure: what was removed, place by place, and what stays, and why.

Staff answer the person with it, so it must say where their data was and what cannot be
removed at once: the outbox table's stream, the tables' backups and the suppression list.
"""

from __future__ import annotations

from typing import Any

from admin import respondents
from admin.erase import Erasure

KEPT = (
    "DynamoDB Streams: the outbox table's stream keeps a change record of each mail written "
    "in the last 24 hours (its address and text among them); stream records cannot be edited "
    "or deleted, and expire by themselves within 24 hours.",
    "Point-in-time recovery backups keep deleted items for up to 35 days, after which they are "
    "gone; a restore within that time must repeat this erasure.",
    "The suppression list (outbox table) keeps, for an address that bounced or complained, "
    "only a keyed hash of it, never the address, so that no mail goes to that address again: "
    "it is kept on purpose and names nobody by itself.",
)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _endorsement(item: dict[str, Any]) -> str:
    return (
        f"    endorsement ({item.get('status', '?')}, created {item.get('created_at', '?')}):"
        f" {item.get('name', '')}, {item.get('organisation', '')}"
    )


def _survey_item(item: dict[str, Any], kept_answers: bool) -> str:
    kind = respondents.kind_of(item)
    what = f"contact details of survey {kind}" if kept_answers else f"survey {kind}"
    respondent = item.get("respondent") or {}
    city = item.get("city") or {}
    name = city.get("name") or city.get("typed") or respondent.get("city", "?")
    country = city.get("country") or respondent.get("country", "?")
    status = f", {item['status']}" if item.get("status") else ""
    when = item.get("submitted_at") or item.get("created_at") or "?"
    return (
        f"    {what} {item.get('survey_id', '?')} for {name} ({country}){status},"
        f" {'submitted' if kind != 'draft' else 'started'} {when}"
    )


def _mail_states(mails: list[dict[str, Any]]) -> str:
    sent = sum(1 for mail in mails if mail.get("sent_at"))
    dead = sum(1 for mail in mails if mail.get("dead_at") and not mail.get("sent_at"))
    unsent = len(mails) - sent - dead
    return f"{sent} sent, {unsent} unsent, {dead} given up on"


def _mail_files(erasure: Erasure) -> str:
    if erasure.outbox_dir is None:
        return (
            "  local mail files: none (against AWS there is no outbox folder: SES sends the mail)"
        )
    where = f"in {erasure.outbox_dir}"
    if not erasure.outbox_dir.is_dir() and not erasure.mail_files:
        where = f"(no outbox folder at {erasure.outbox_dir})"
    return f"  local mail files: {plural(len(erasure.mail_files), '.eml file')} {where}"


def describe(erasure: Erasure) -> str:
    verb = "Would remove" if erasure.dry_run else "Removed"
    lines = [
        f"{verb} {erasure.total} record(s) of the mailbox {erasure.key} (any spelling of it):",
        f"  endorsements table: {plural(len(erasure.endorsements), 'endorsement')}",
        *map(_endorsement, erasure.endorsements),
        f"  surveys table: {len(erasure.responses)} survey responses/drafts",
        *(_survey_item(item, erasure.kept_answers) for item in erasure.responses),
        f"  outbox table: {plural(len(erasure.mails), 'mail')} ({_mail_states(erasure.mails)})",
        _mail_files(erasure),
        "  limits table: nothing to remove (keyed hashes only, no email address)",
        "What stays, and why:",
        *(f"  - {note}" for note in KEPT),
    ]
    return "\n".join(lines) + "\n"
