"""The surveys table: drafts, responses and cities of each survey, one item each.

Keys: `survey_id` (partition) and the sort key `city_key`, which names the item's kind and id
(the key schema is kept from the first release, when the table held one item per city):
- `draft#<draft_id>`: answers being filled in over several sittings. `version` is raised by
  each save, whose write is conditional on the version it read: a save from a stale page
  fails instead of overwriting newer answers. Expires (TTL) weeks after the survey closes.
- `response#<reference>`: a sent response. `pending` until its respondent confirms the email
  address (then it expires, and blocks nobody), `confirmed` after. `revision` counts edits;
  `history` keeps every earlier version of the answers for staff.
- `city#<city key>`: who confirmed for a city: `refs` (a string set of references, added to
  atomically), `accepted_ref` once staff settled a contest. The counted response of a city is
  worked out from the responses themselves (`functions.domain.contests`); this item tells
  confirmers whether someone else already confirmed, and holds the staff's decision.
Items without a kind prefix are responses of the first release (one per city, no email
confirmation); reports list them apart.
Staff (admin/) also read every item of every survey, erase respondents' details from drafts
and first-release responses, and delete items on an erasure request: those methods are for
staff credentials only (tests/infra/test_storage_contract.py).
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from functions.domain.errors import TokenInvalid
from functions.domain.statuses import Status
from functions.domain.tokens import ALREADY_USED
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

DRAFT, RESPONSE, CITY = "draft#", "response#", "city#"
TTL_ATTRIBUTE = "expires_at"


class VersionConflict(Exception):
    """A conditional write found the item changed since it was read: a draft saved elsewhere
    (its `version`), a draft already sent, a response edited elsewhere (its `revision`), or
    the item is gone. The use cases turn it into the domain's DraftChanged."""


class ReferenceTaken(Exception):
    """Another response already has this reference (draw a new one)."""


class OverLimit(Exception):
    """The client is over its rate limit: the counter written with the save refused it."""


class MailboxCounted(Exception):
    """This mailbox already confirmed a response for this city: one mailbox, one voice."""


class SurveysTable:
    def __init__(self, client: Any, table_name: str) -> None:
        self.client = client
        self.table = table_name

    def _key(self, survey_id: str, item_key: str) -> dict[str, Any]:
        return to_item({"survey_id": survey_id, "city_key": item_key})

    def _get(self, survey_id: str, item_key: str, action: str) -> dict[str, Any] | None:
        with faults_as_unavailable(action, write=False):
            found = self.client.get_item(
                TableName=self.table, Key=self._key(survey_id, item_key), ConsistentRead=True
            )
        return from_item(found["Item"]) if "Item" in found else None

    # ------------------------------------------------------------------ drafts

    def draft_item(self, draft: dict[str, Any]) -> dict[str, Any]:
        """A transaction item storing a new draft (with the rate limit that guards it)."""
        item = {**draft, "city_key": DRAFT + draft["draft_id"], "kind": "draft"}
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(city_key)",
            }
        }

    def put_draft(self, draft: dict[str, Any]) -> None:
        put = self.draft_item(draft)["Put"]
        with faults_as_unavailable("starting a survey draft"):
            self.client.put_item(**put)

    def get_draft(self, survey_id: str, draft_id: str) -> dict[str, Any] | None:
        return self._get(survey_id, DRAFT + draft_id, "reading a survey draft")

    def save_draft(
        self,
        survey_id: str,
        draft_id: str,
        version: int,
        changes: dict[str, dict[str, Any]],
        removed: dict[str, list[str]],
        steps: dict[str, str],
        current_step: str,
        now: datetime,
        whole: dict[str, Any] | None = None,
        mail_item: dict[str, Any] | None = None,
        rate_item: dict[str, Any] | None = None,
    ) -> int:
        """One conditional update: the fields of one step (`changes` and `removed` by map:
        "respondent", "answers"; `whole` replaces top-level values such as "city"), its status,
        the step reached; with `rate_item` (the client's request counter) and `mail_item` (an
        outbox item), one transaction of them all, so the mail goes if and only if the step
        is saved, and an over-limit client saves nothing (OverLimit). Returns the new
        version."""
        names: dict[str, str] = {"#version": "version"}
        sets = ["#version = :next", "updated_at = :now", "current_step = :step"]
        drops: list[str] = []
        given: dict[str, Any] = {
            "next": version + 1,
            "version": version,
            "now": iso(now),
            "step": current_step,
        }
        for group, fields in changes.items():
            if not fields:
                continue  # an empty step: nothing of this map to set
            names[f"#{group}"] = group
            for index, (name, value) in enumerate(fields.items()):
                names[f"#{group}{index}"] = name
                sets.append(f"#{group}.#{group}{index} = :{group}{index}")
                given[f"{group}{index}"] = value
        for group, fields in removed.items():
            if not fields:
                continue
            names[f"#{group}"] = group
            for index, name in enumerate(fields):
                names[f"#{group}x{index}"] = name
                drops.append(f"#{group}.#{group}x{index}")
        for index, (name, value) in enumerate((whole or {}).items()):
            names[f"#whole{index}"] = name
            sets.append(f"#whole{index} = :whole{index}")
            given[f"whole{index}"] = value
        names["#steps"] = "steps"
        for index, (step, status) in enumerate(steps.items()):
            names[f"#step{index}"] = step
            sets.append(f"#steps.#step{index} = :status{index}")
            given[f"status{index}"] = status
        expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(drops) if drops else "")
        update = {
            "TableName": self.table,
            "Key": self._key(survey_id, DRAFT + draft_id),
            "UpdateExpression": expression,
            "ConditionExpression": "#version = :version",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values(**given),
        }
        items = [{"Update": update}, *filter(None, (rate_item, mail_item))]
        try:
            if len(items) == 1:
                with faults_as_unavailable("saving a survey draft"):
                    self.client.update_item(**update)
            else:
                transact(self.client, items, "saving a survey draft")
        except Cancelled as cancelled:
            if rate_item is not None and cancelled.failed(1):
                raise OverLimit(draft_id) from cancelled
            raise VersionConflict(draft_id) from cancelled
        except self.client.exceptions.ConditionalCheckFailedException as exc:
            raise VersionConflict(draft_id) from exc
        return version + 1

    def mark_draft_sent(self, survey_id: str, draft_id: str, reference: str) -> dict[str, Any]:
        """A transaction item: the draft now belongs to a sent response (sent once only)."""
        return {
            "Update": {
                "TableName": self.table,
                "Key": self._key(survey_id, DRAFT + draft_id),
                "UpdateExpression": "SET sent_reference = :reference",
                "ConditionExpression": "attribute_exists(city_key) AND attribute_not_exists(sent_reference)",
                "ExpressionAttributeValues": values(reference=reference),
            }
        }

    # ------------------------------------------------------------------ responses

    def pending_item(self, record: dict[str, Any]) -> dict[str, Any]:
        """A transaction item storing a sent response; fails if its reference is taken."""
        item = {**record, "city_key": RESPONSE + record["reference"], "kind": "response"}
        return {
            "Put": {
                "TableName": self.table,
                "Item": to_item(item),
                "ConditionExpression": "attribute_not_exists(city_key)",
            }
        }

    def add_pending(
        self, record: dict[str, Any], draft_id: str | None, mail_item: dict[str, Any]
    ) -> None:
        """Store a sent response, pending its confirmation, with its draft marked sent and its
        confirm-request mail (an outbox item), in one transaction."""
        items = [self.pending_item(record)]
        if draft_id:
            items.append(self.mark_draft_sent(record["survey_id"], draft_id, record["reference"]))
        items.append(mail_item)
        try:
            transact(self.client, items, "sending a survey response")
        except Cancelled as cancelled:
            if cancelled.failed(0):
                raise ReferenceTaken(record["reference"]) from cancelled
            raise VersionConflict(draft_id or "") from cancelled

    def get_response(self, survey_id: str, reference: str) -> dict[str, Any] | None:
        return self._get(survey_id, RESPONSE + reference, "reading a survey response")

    def confirm(
        self,
        survey_id: str,
        reference: str,
        nonce: str,
        now: datetime,
        mail_item: dict[str, Any],
        city_key: str,
        mailbox_hash: str,
    ) -> None:
        """pending -> confirmed, with the one valid confirm nonce, and the mail that says so
        (an outbox item) in the same transaction; TokenInvalid if the nonce was used. The
        city records the confirming mailbox (keyed hash) in the same transaction:
        MailboxCounted if it already confirmed a response for this city."""
        update = {
            "Update": {
                "TableName": self.table,
                "Key": self._key(survey_id, RESPONSE + reference),
                "UpdateExpression": "SET #status = :confirmed, confirmed_at = :now "
                f"REMOVE confirm_nonce, {TTL_ATTRIBUTE}",
                "ConditionExpression": "#status = :pending AND confirm_nonce = :nonce",
                "ExpressionAttributeNames": {"#status": "status"},
                "ExpressionAttributeValues": values(
                    confirmed=Status.CONFIRMED, pending=Status.PENDING, nonce=nonce, now=iso(now)
                ),
            }
        }
        mailbox = {
            "Update": {
                "TableName": self.table,
                "Key": self._key(survey_id, CITY + city_key),
                "UpdateExpression": "ADD mailboxes :mailboxes SET kind = :kind",
                "ConditionExpression": "NOT contains(mailboxes, :mailbox)",
                "ExpressionAttributeValues": values(
                    mailboxes={mailbox_hash}, mailbox=mailbox_hash, kind="city"
                ),
            }
        }
        try:
            transact(self.client, [update, mail_item, mailbox], "confirming a survey response")
        except Cancelled as exc:
            if exc.failed(2) and not exc.failed(0):
                raise MailboxCounted(reference) from exc
            raise TokenInvalid(ALREADY_USED) from exc

    def join_city(
        self, survey_id: str, city_key: str, reference: str, now: datetime
    ) -> dict[str, Any]:
        """Add a confirmed response to its city (an atomic set ADD); the city after it (its
        `refs`, and `accepted_at` once staff settled it)."""
        with faults_as_unavailable("recording a city's response"):
            found = self.client.update_item(
                TableName=self.table,
                Key=self._key(survey_id, CITY + city_key),
                UpdateExpression="ADD refs :ref SET updated_at = :now, kind = :kind",
                ExpressionAttributeValues=values(ref={reference}, now=iso(now), kind="city"),
                ReturnValues="ALL_NEW",
            )
        return from_item(found["Attributes"])

    def contest_notice(
        self, survey_id: str, reference: str, state: str, mail_item: dict[str, Any]
    ) -> bool:
        """The contest notice of one response, once per state of its city's contest: the
        response records the state it was told of, in the notice's transaction. False when
        it was told already (or is gone)."""
        told = {
            "Update": {
                "TableName": self.table,
                "Key": self._key(survey_id, RESPONSE + reference),
                "UpdateExpression": "SET contest_told = :state",
                "ConditionExpression": "attribute_exists(city_key) AND "
                "(attribute_not_exists(contest_told) OR contest_told <> :state)",
                "ExpressionAttributeValues": values(state=state),
            }
        }
        try:
            transact(self.client, [told, mail_item], "telling a respondent of a contest")
        except Cancelled:
            return False
        return True

    def edit(
        self,
        survey_id: str,
        reference: str,
        revision: int,
        changes: dict[str, Any],
        earlier: dict[str, Any],
        now: datetime,
    ) -> None:
        """A new version of a confirmed response; the one it replaces goes into `history`."""
        names = {f"#f{index}": name for index, name in enumerate(changes)}
        sets = [f"#f{index} = :f{index}" for index in range(len(changes))]
        given = {f"f{index}": value for index, value in enumerate(changes.values())}
        expression = (
            "SET " + ", ".join(sets) + ", revision = :next, updated_at = :now, "
            "history = list_append(if_not_exists(history, :empty), :earlier)"
        )
        try:
            with faults_as_unavailable("changing a survey response"):
                self.client.update_item(
                    TableName=self.table,
                    Key=self._key(survey_id, RESPONSE + reference),
                    UpdateExpression=expression,
                    ConditionExpression="revision = :revision AND #status = :confirmed",
                    ExpressionAttributeNames={**names, "#status": "status"},
                    ExpressionAttributeValues=values(
                        **given,
                        next=revision + 1,
                        revision=revision,
                        now=iso(now),
                        empty=[],
                        earlier=[earlier],
                        confirmed=Status.CONFIRMED,
                    ),
                )
        except self.client.exceptions.ConditionalCheckFailedException as exc:
            raise VersionConflict(reference) from exc

    # ------------------------------------------------------------------ cities and staff

    def get_city(self, survey_id: str, city_key: str) -> dict[str, Any] | None:
        return self._get(survey_id, CITY + city_key, "reading a city")

    def accept(self, survey_id: str, city_key: str, reference: str, now: datetime) -> None:
        """Staff's decision: `reference` is the city's response; the others stay, not counted."""
        with faults_as_unavailable("accepting a survey response"):
            self.client.update_item(
                TableName=self.table,
                Key=self._key(survey_id, CITY + city_key),
                UpdateExpression="SET accepted_ref = :ref, accepted_at = :now",
                ConditionExpression="contains(refs, :ref)",
                ExpressionAttributeValues=values(ref=reference, now=iso(now)),
            )

    def erase_respondent(self, survey_id: str, reference: str, now: datetime) -> None:
        """Remove the respondent's name, role and email; the answers and scores stay."""
        with faults_as_unavailable("erasing a respondent"):
            self.client.update_item(
                TableName=self.table,
                Key=self._key(survey_id, RESPONSE + reference),
                UpdateExpression="SET respondent = :erased, erased_at = :now",
                ConditionExpression="attribute_exists(city_key)",
                ExpressionAttributeValues=values(erased={}, now=iso(now)),
            )

    def items(self, survey_id: str) -> list[dict[str, Any]]:
        """Every item of a survey: drafts, responses, cities (for staff and tests)."""
        request: dict[str, Any] = {
            "TableName": self.table,
            "KeyConditionExpression": "survey_id = :survey_id",
            "ExpressionAttributeValues": values(survey_id=survey_id),
        }
        return query_all(self.client, request, "listing a survey's items")

    def responses(self, survey_id: str) -> list[dict[str, Any]]:
        """Every sent response (pending, confirmed, and the first release's), no drafts."""
        return [
            item
            for item in self.items(survey_id)
            if not str(item["city_key"]).startswith((DRAFT, CITY))
        ]

    # ------------------------------------------------------------------ staff (admin/) only

    def all_items(self) -> list[dict[str, Any]]:
        """Every item of every survey (a consistent scan): erasure looks through them all."""
        pages = self.client.get_paginator("scan").paginate(
            TableName=self.table, ConsistentRead=True
        )
        with faults_as_unavailable("reading every survey item", write=False):
            return [from_item(item) for page in pages for item in page.get("Items", [])]

    def erase_respondent_details(self, survey_id: str, item_key: str, now: datetime) -> None:
        """Remove the respondent's name, role and email from a draft or a first-release
        response (`item_key`: its whole sort key), with the draft's edit link; the typed city
        and country and the answers stay. A sent response has erase_respondent."""
        with faults_as_unavailable("erasing a respondent"):
            self.client.update_item(
                TableName=self.table,
                Key=self._key(survey_id, item_key),
                UpdateExpression="REMOVE respondent.#name, respondent.#role, respondent.email, "
                "respondent.email_domain, edit_nonce SET erased_at = :now",
                ConditionExpression="attribute_exists(city_key)",
                ExpressionAttributeNames={"#name": "name", "#role": "role"},
                ExpressionAttributeValues=values(now=iso(now)),
            )

    def delete(self, survey_id: str, item_key: str) -> None:
        """Delete one item (`item_key`: its whole sort key) whatever its kind (an erasure)."""
        with faults_as_unavailable("deleting a survey item"):
            self.client.delete_item(TableName=self.table, Key=self._key(survey_id, item_key))

    def leave_city(self, survey_id: str, city_key: str, reference: str) -> None:
        """Take a deleted response out of its city: out of `refs`, and no longer the accepted
        one if it was. A response never confirmed, or not the accepted one, changes nothing."""
        failed = self.client.exceptions.ConditionalCheckFailedException
        updates = (
            ("DELETE refs :refs", "contains(refs, :ref)", {"refs": {reference}, "ref": reference}),
            ("REMOVE accepted_ref, accepted_at", "accepted_ref = :ref", {"ref": reference}),
        )
        for expression, condition, given in updates:
            with contextlib.suppress(failed), faults_as_unavailable("updating a city"):
                self.client.update_item(
                    TableName=self.table,
                    Key=self._key(survey_id, CITY + city_key),
                    UpdateExpression=expression,
                    ConditionExpression=condition,
                    ExpressionAttributeValues=values(**given),
                )
