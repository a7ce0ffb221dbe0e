"""Erase everything kept about one person (GDPR Art. 17), by email address.

Every place is searched by mailbox key (admin.mailboxes), so every spelling of the
person's mailbox goes: the one they typed in each form, the one staff typed here.

- endorsements: the item whose email is the mailbox (pending, confirmed or invalid) is deleted;
- surveys: every response the person sent (pending, confirmed, or of the first release) and
  every draft they started is deleted; a deleted response also leaves its city's record
  (admin.respondents). With keep_answers only their name, role and email are
  removed, keeping the city's answers and scores;
- outbox: every mail to the mailbox (its address, and in its text perhaps their name, answers
  and links), sent or not, given up on or not, is deleted rather than left for its 14 days;
- local mail files: against the local stack, every .eml file to the mailbox in the outbox
  folder (admin.local_mail);
- limits, and the outbox's suppression, cap and once items: keyed hashes only, nothing to find.
What stays elsewhere, and why, the report says (admin.erase_report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from admin import local_mail, respondents
from admin.mailboxes import key_of, wanted_key

if TYPE_CHECKING:
    from admin.connection import Connection


@dataclass
class Erasure:
    """What was found of one mailbox, place by place (and removed, unless a dry run)."""

    key: str  # the mailbox key: every spelling of the address folds to it
    endorsements: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)  # and drafts
    mails: list[dict[str, Any]] = field(default_factory=list)  # outbox items
    mail_files: list[Path] = field(default_factory=list)
    outbox_dir: Path | None = None  # None: no local folder (against AWS)
    kept_answers: bool = False
    dry_run: bool = False

    @property
    def total(self) -> int:
        return len(self.endorsements) + len(self.responses) + len(self.mails) + len(self.mail_files)


def _respondent_email(item: dict[str, Any]) -> Any:
    return (item.get("respondent") or {}).get("email")


def find(connection: Connection, email: str) -> Erasure:
    """Everything of the mailbox `email` names, in every table and the local outbox folder."""
    key = wanted_key(email)
    erasure = Erasure(key, outbox_dir=connection.outbox_dir)
    erasure.endorsements = [
        item for item in connection.endorsements.all_items() if key_of(item.get("email")) == key
    ]
    erasure.responses = [
        item for item in connection.surveys.all_items() if key_of(_respondent_email(item)) == key
    ]
    erasure.mails = [
        item for item in connection.outbox.mail_items() if key_of(item.get("to")) == key
    ]
    if connection.outbox_dir is not None:
        erasure.mail_files = local_mail.files_to(connection.outbox_dir, key)
    return erasure


def erase(
    connection: Connection,
    email: str,
    now: datetime,
    keep_answers: bool = False,
    dry_run: bool = False,
) -> Erasure:
    erasure = find(connection, email)
    erasure.kept_answers, erasure.dry_run = keep_answers, dry_run
    if dry_run:
        return erasure
    for item in erasure.endorsements:
        connection.endorsements.delete(item["pk"])
    for item in erasure.responses:
        if keep_answers:
            respondents.erase_details(connection.surveys, item, now)
        else:
            respondents.delete_item(connection.surveys, item)
    # The records first, their mail after, the files last: listed again once the mail items
    # are gone, so that a file the worker wrote meanwhile (for a mail it had already read) goes
    # too; a mail it reads after this finds no item and is not sent.
    for item in erasure.mails:
        connection.outbox.delete_mail(item["pk"])
    if connection.outbox_dir is not None:
        erasure.mail_files = local_mail.files_to(connection.outbox_dir, erasure.key)
    local_mail.remove(erasure.mail_files)
    return erasure
