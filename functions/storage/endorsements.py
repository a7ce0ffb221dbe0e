"""The endorsements table: one item per email address, keyed by its keyed hash.

Item: pk, status (pending|confirmed), name, organisation, role, organisation_type, country
(codes and values, whatever the language), list_publicly, email (in clear: only to send the
confirmation and withdrawal mail), language (of the page it was sent from: its mail is in it),
consent_version (of the consent text in that language: functions.domain.consent), consent_at,
created_at, confirmed_at (confirmed only), expires_at (pending only: TTL), confirm_nonce and
withdraw_nonce (the one valid token of each kind), ip_hash (keyed hash of the sender's IP: for
staff against campaigns of fakes). Nothing but its owner's links (confirm, withdraw) and staff
change an item once written: a submission of the same address by anyone else leaves it as it is.
Staff may set status to `invalid` (admin/abuse.py), keeping the former in
invalid_from. The staff CLI (admin/) also reads every item and deletes one on an erasure
request: those methods are for staff credentials only (tests/infra/test_storage_contract.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from functions.domain.errors import TokenInvalid
from functions.domain.statuses import Status
from functions.domain.submissions import Endorsement
from functions.domain.tokens import ALREADY_USED
from functions.storage.dynamo import (
    faults_as_unavailable,
    from_item,
    iso,
    query_all,
    to_item,
    values,
)
from functions.storage.tables import CONFIRMED_INDEX

PENDING_LIFETIME = timedelta(days=30)
INVALID = Status.INVALID  # set aside by staff: kept, out of the public count and list


class EndorsementsTable:
    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table = table_name

    def add_pending(
        self,
        email_hash: str,
        endorsement: Endorsement,
        language: str,
        consent_version: str,
        confirm_nonce: str,
        withdraw_nonce: str,
        now: datetime,
        ip_hash: str = "",
    ) -> dict:
        """A transaction item creating a pending endorsement unless this email already has one.
        `ip_hash` (the keyed hash of the sender's IP) lets staff set a campaign of fakes aside.

        A pending one whose 30 days are over counts as absent: TTL deletes late.
        """
        item = {
            "pk": email_hash,
            "status": Status.PENDING,
            **endorsement.as_dict(),
            "language": language,
            "consent_version": consent_version,
            "consent_at": iso(now),
            "created_at": iso(now),
            "expires_at": int((now + PENDING_LIFETIME).timestamp()),
            "confirm_nonce": confirm_nonce,
            "withdraw_nonce": withdraw_nonce,
            "ip_hash": ip_hash,
        }
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(pk) OR "
                "(#status = :pending AND expires_at < :now)",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": values(
                    pending=Status.PENDING, now=int(now.timestamp())
                ),
                # A known address: the item comes back with the refusal (no second read).
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
            }
        }

    def unchanged(self, email_hash: str, status: str, confirm_nonce: str | None) -> dict:
        """A transaction item that writes nothing: the endorsement is still as it was read
        (same status, same confirm link), so the mail written beside it is still right."""
        condition = "#status = :status"
        named: dict[str, Any] = {"status": status}
        if confirm_nonce is not None:
            condition += " AND confirm_nonce = :nonce"
            named["nonce"] = confirm_nonce
        return {
            "ConditionCheck": {
                "TableName": self.table,
                "Key": to_item({"pk": email_hash}),
                "ConditionExpression": condition,
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": values(**named),
            }
        }

    def get(self, email_hash: str) -> dict[str, Any] | None:
        with faults_as_unavailable("reading an endorsement", write=False):
            found = self.client.get_item(
                TableName=self.table, Key=to_item({"pk": email_hash}), ConsistentRead=True
            )
        return from_item(found["Item"]) if "Item" in found else None

    def confirm(self, email_hash: str, nonce: str, now: datetime) -> None:
        """Confirm a pending endorsement with its one valid confirm nonce; TokenInvalid if used."""
        client = self.client
        try:
            with faults_as_unavailable("confirming an endorsement"):
                client.update_item(
                    TableName=self.table,
                    Key=to_item({"pk": email_hash}),
                    UpdateExpression="SET #status = :confirmed, confirmed_at = :now "
                    "REMOVE expires_at, confirm_nonce",
                    ConditionExpression="confirm_nonce = :nonce AND #status = :pending",
                    ExpressionAttributeNames={"#status": "status"},
                    ExpressionAttributeValues=values(
                        confirmed=Status.CONFIRMED,
                        pending=Status.PENDING,
                        now=iso(now),
                        nonce=nonce,
                    ),
                )
        except client.exceptions.ConditionalCheckFailedException as exc:
            raise TokenInvalid(ALREADY_USED) from exc

    def withdraw(self, email_hash: str, nonce: str) -> None:
        """Delete the endorsement and all its personal data; TokenInvalid if the link is stale."""
        client = self.client
        try:
            with faults_as_unavailable("withdrawing an endorsement"):
                client.delete_item(
                    TableName=self.table,
                    Key=to_item({"pk": email_hash}),
                    ConditionExpression="withdraw_nonce = :nonce",
                    ExpressionAttributeValues=values(nonce=nonce),
                )
        except client.exceptions.ConditionalCheckFailedException as exc:
            raise TokenInvalid(ALREADY_USED) from exc

    def confirmed(self) -> list[dict[str, Any]]:
        """Every confirmed endorsement, oldest first, with the public attributes only."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "IndexName": CONFIRMED_INDEX,
            "KeyConditionExpression": "#status = :confirmed",
            "ExpressionAttributeNames": {"#status": "status", "#name": "name"},
            "ExpressionAttributeValues": values(confirmed=Status.CONFIRMED),
            "ProjectionExpression": "#name, organisation, organisation_type, country, "
            "list_publicly, confirmed_at",
        }
        return query_all(self.client, request, "listing endorsements")

    # ------------------------------------------------------------------ staff (admin/) only

    def all_items(self) -> list[dict[str, Any]]:
        """Every endorsement whatever its status, as stored (a consistent scan: staff act on
        what is there now). For exports, erasure and campaigns of fakes."""
        pages = self.client.get_paginator("scan").paginate(
            TableName=self.table, ConsistentRead=True
        )
        with faults_as_unavailable("reading every endorsement", write=False):
            return [from_item(item) for page in pages for item in page.get("Items", [])]

    def invalidate(self, email_hash: str, was: str, now: datetime) -> bool:
        """Set one endorsement aside (status INVALID, the former kept in invalid_from), if it
        is still `was`; False when it changed meanwhile (nothing written)."""
        return self._set_status(
            email_hash,
            "SET #status = :invalid, invalid_from = #status, invalidated_at = :now",
            was=was,
            invalid=INVALID,
            now=iso(now),
        )

    def revalidate(self, email_hash: str) -> bool:
        """Give an invalidated endorsement its former status back; False when it is no longer
        invalid (nothing written)."""
        return self._set_status(
            email_hash,
            "SET #status = invalid_from REMOVE invalid_from, invalidated_at",
            was=INVALID,
        )

    def _set_status(self, email_hash: str, update: str, **named: Any) -> bool:
        """One update conditioned on the status the endorsement was read with (`was`)."""
        client = self.client
        try:
            with faults_as_unavailable("changing an endorsement's status"):
                client.update_item(
                    TableName=self.table,
                    Key=to_item({"pk": email_hash}),
                    UpdateExpression=update,
                    ConditionExpression="#status = :was",
                    ExpressionAttributeNames={"#status": "status"},
                    ExpressionAttributeValues=values(**named),
                )
        except client.exceptions.ConditionalCheckFailedException:
            return False
        return True

    def delete(self, email_hash: str) -> None:
        """Delete the endorsement whatever its status (an erasure request, GDPR Art. 17)."""
        with faults_as_unavailable("deleting an endorsement"):
            self.client.delete_item(TableName=self.table, Key=to_item({"pk": email_hash}))
