"""The outbox table: mail waiting to be sent, and the addresses no mail may go to.

The request that causes a mail writes it here in the same transaction as its record (a
transactional outbox), and answers; the mail worker (functions/usecases/delivery.py) reads the
table's stream, sends, and records that it sent. Keys:
- `mail#<id>`: to (in clear: it is where the mail goes), subject, text, language, created_at,
  expires_at (TTL: kept a while for the record, then deleted with its address); `sent_at` and
  `outcome` once sent (or skipped), `dead_at`/`dead_reason` when it can never be sent (a poison
  record). Until then it has `unsent`, which puts it in the sparse index UNSENT_INDEX: the
  sweep queries that index instead of scanning the table.
  `solicited` (its owner asked for it by acting: not capped) and `once_key` (at most one mail
  with it is sent), `claimed_at` once it took its place under the cap, `attempts` and
  `last_error` while sending fails.
- `suppressed#<keyed hash of the normalised address>`: an address that bounced or complained
  (SES notifications); reason, at. No address in clear, no expiry.
- `cap#<keyed hash of the address>#<day>`: how many capped mails the address got that day (`n`).
- `once#<keyed hash of a once-key>`: a once-key already used.
The last two hold no address and expire after two days.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from functions.mail.base import Mail
from functions.storage.dynamo import (
    Cancelled,
    faults_as_unavailable,
    from_item,
    iso,
    query_all,
    to_item,
    transact,
    values,
)
from functions.storage.tables import TTL_ATTRIBUTE, UNSENT_INDEX

MAIL, SUPPRESSED, CAP, ONCE = "mail#", "suppressed#", "cap#", "once#"
COUNTER_LIFETIME = timedelta(days=2)
CLAIMED, CAPPED, DUPLICATE = "claimed", "capped", "duplicate"
UNSENT = "mail"  # the one value of `unsent`: the index is a list of unsent mail by time
MAIL_LIFETIME = timedelta(days=14)  # long enough to look into a failure, then forgotten


class OutboxTable:
    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table = table_name

    def mail_item(self, mail: Mail, now: datetime) -> dict[str, Any]:
        """A transaction item: this mail, to be sent once its transaction commits."""
        item = {
            "pk": MAIL + uuid.uuid4().hex,
            "to": mail.to,
            "subject": mail.subject,
            "text": mail.text,
            "language": mail.language,
            "created_at": iso(now),
            UNSENT_INDEX: UNSENT,
            TTL_ATTRIBUTE: int((now + MAIL_LIFETIME).timestamp()),
        }
        if mail.solicited:
            item["solicited"] = True
        if mail.once_key:
            item["once_key"] = mail.once_key
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    def put(self, mail: Mail, now: datetime) -> None:
        """A mail on its own, where no transaction of its record can carry it."""
        with faults_as_unavailable("writing to the outbox"):
            self.client.put_item(**self.mail_item(mail, now)["Put"])

    def load(self, mail_pk: str, address_hash: str | None) -> tuple[dict | None, bool]:
        """The mail item (consistent) and whether its address is suppressed, in one call."""
        keys = [{"pk": mail_pk}]
        if address_hash:
            keys.append({"pk": SUPPRESSED + address_hash})
        with faults_as_unavailable("reading the outbox", write=False):
            found = self.client.batch_get_item(
                RequestItems={
                    self.table: {
                        "Keys": [to_item(key) for key in keys],
                        "ConsistentRead": True,
                    }
                }
            )
        items = {
            item["pk"]: item for item in map(from_item, found["Responses"].get(self.table, []))
        }
        suppressed = bool(address_hash) and SUPPRESSED + str(address_hash) in items
        return items.get(mail_pk), suppressed

    def get_mail(self, mail_pk: str) -> dict[str, Any] | None:
        with faults_as_unavailable("reading the outbox", write=False):
            found = self.client.get_item(
                TableName=self.table, Key=to_item({"pk": mail_pk}), ConsistentRead=True
            )
        return from_item(found["Item"]) if "Item" in found else None

    def _mark(self, mail_pk: str, sets: str, named: dict[str, Any]) -> bool:
        """One conditional write on a mail not yet sent nor dead; False if it already was."""
        client = self.client
        try:
            with faults_as_unavailable("recording a mail's delivery"):
                client.update_item(
                    TableName=self.table,
                    Key=to_item({"pk": mail_pk}),
                    UpdateExpression=sets,
                    ConditionExpression="attribute_exists(pk) AND attribute_not_exists(sent_at) "
                    "AND attribute_not_exists(dead_at)",
                    ExpressionAttributeValues=values(**named),
                )
        except client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def claim(
        self, mail_pk: str, cap_key: str, cap: int, once_hash: str | None, now: datetime
    ) -> str:
        """Take the mail's place under its address's daily cap (and its once-key), in one
        transaction with the mark that it did, so a retried send never counts twice. CLAIMED,
        CAPPED (the address had its share today) or DUPLICATE (the once-key was used)."""
        expires = int((now + COUNTER_LIFETIME).timestamp())
        items: dict[str, dict[str, Any]] = {
            "mail": {
                "Update": {
                    "TableName": self.table,
                    "Key": to_item({"pk": mail_pk}),
                    "UpdateExpression": "SET claimed_at = :now",
                    "ConditionExpression": "attribute_exists(unsent) AND "
                    "attribute_not_exists(claimed_at)",
                    "ExpressionAttributeValues": values(now=iso(now)),
                }
            },
            "cap": {
                "Update": {
                    "TableName": self.table,
                    "Key": to_item({"pk": CAP + cap_key}),
                    "UpdateExpression": f"ADD n :one SET {TTL_ATTRIBUTE} = :expires",
                    "ConditionExpression": "attribute_not_exists(n) OR n < :cap",
                    "ExpressionAttributeValues": values(one=1, cap=cap, expires=expires),
                }
            },
        }
        if once_hash:
            items["once"] = {
                "Put": {
                    "TableName": self.table,
                    "Item": to_item({"pk": ONCE + once_hash, TTL_ATTRIBUTE: expires}),
                    "ConditionExpression": "attribute_not_exists(pk)",
                }
            }
        try:
            transact(self.client, items, "claiming a mail's place under its cap")
        except Cancelled as cancelled:
            if "once" in items and cancelled.failed("once"):
                return DUPLICATE
            if cancelled.failed("cap"):
                return CAPPED
            return CLAIMED  # claimed by an earlier try (or sent meanwhile: the mark will say)
        return CLAIMED

    def note_failure(self, mail_pk: str, reason: str, now: datetime) -> int:
        """One more failed try of an unsent mail, and why; how many tries it has had (0 when
        it was sent or given up on meanwhile)."""
        client = self.client
        try:
            with faults_as_unavailable("recording a mail's failure"):
                found = client.update_item(
                    TableName=self.table,
                    Key=to_item({"pk": mail_pk}),
                    UpdateExpression="ADD attempts :one SET last_error = :reason, "
                    "last_try_at = :now",
                    ConditionExpression="attribute_exists(unsent)",
                    ExpressionAttributeValues=values(one=1, reason=reason[:200], now=iso(now)),
                    ReturnValues="UPDATED_NEW",
                )
        except client.exceptions.ConditionalCheckFailedException:
            return 0
        return int(from_item(found["Attributes"]).get("attempts") or 0)

    def mark_sent(self, mail_pk: str, now: datetime, outcome: str = "sent") -> bool:
        """Record that the mail was handed over (or skipped: `outcome` says why)."""
        return self._mark(
            mail_pk,
            "SET sent_at = :now, outcome = :outcome REMOVE unsent",
            {"now": iso(now), "outcome": outcome},
        )

    def mark_dead(self, mail_pk: str, reason: str, now: datetime) -> bool:
        return self._mark(
            mail_pk,
            "SET dead_at = :now, dead_reason = :reason REMOVE unsent",
            {"now": iso(now), "reason": reason},
        )

    def unsent(self, created_before: datetime) -> list[str]:
        """Keys of mail neither sent nor dead, written before the moment given (the sweep)."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": UNSENT_INDEX,
            "KeyConditionExpression": "unsent = :unsent AND created_at <= :before",
            "ExpressionAttributeValues": values(unsent=UNSENT, before=iso(created_before)),
        }
        return [item["pk"] for item in query_all(self.client, request, "sweeping the outbox")]

    def _scan(self, prefix: str, action: str, also: str = "") -> list[dict[str, Any]]:
        """Every item whose key starts with `prefix` (and matches `also`), read consistently:
        staff's listings and erasure, which must not miss what was written a moment ago."""
        pages = self.client.get_paginator("scan").paginate(
            TableName=self.table,
            FilterExpression="begins_with(pk, :prefix)" + (f" AND {also}" if also else ""),
            ExpressionAttributeValues=values(prefix=prefix),
            ConsistentRead=True,
        )
        with faults_as_unavailable(action, write=False):
            return [from_item(item) for page in pages for item in page.get("Items", [])]

    def dead(self) -> list[dict[str, Any]]:
        """Every mail given up on, oldest first: key, reason, tries, when (staff: admin)."""
        found = self._scan(MAIL, "listing dead mail", also="attribute_exists(dead_at)")
        return sorted(found, key=lambda item: str(item.get("created_at", "")))

    def mail_items(self) -> list[dict[str, Any]]:
        """Every mail item, sent or not (erasure looks through them)."""
        return self._scan(MAIL, "reading the outbox")

    def delete_mail(self, mail_pk: str) -> None:
        with faults_as_unavailable("deleting a mail"):
            self.client.delete_item(TableName=self.table, Key=to_item({"pk": mail_pk}))

    # ---- The suppression list

    def suppress(self, address_hash: str, reason: str, now: datetime) -> None:
        with faults_as_unavailable("suppressing an address"):
            self.client.put_item(
                TableName=self.table,
                Item=to_item({"pk": SUPPRESSED + address_hash, "reason": reason, "at": iso(now)}),
            )

    def unsuppress(self, address_hash: str) -> bool:
        with faults_as_unavailable("lifting a suppression"):
            found = self.client.delete_item(
                TableName=self.table,
                Key=to_item({"pk": SUPPRESSED + address_hash}),
                ReturnValues="ALL_OLD",
            )
        return "Attributes" in found

    def suppressed(self) -> list[dict[str, Any]]:
        """Every suppressed address: its hash, why and since when (staff: the admin CLI)."""
        found = self._scan(SUPPRESSED, "listing suppressed addresses")
        return [{"address_hash": item["pk"].removeprefix(SUPPRESSED), **item} for item in found]
