"""What every table adapter shares: the client, (de)serialisation, transactions, fault mapping.

Adapters build request items (`{"Put": {...}}`, `{"Update": {...}}`) for their own table; a
submission runs them together in one TransactWriteItems call, so a record, its rate-limit
counter and its idempotency record are written all together or not at all, in one round trip.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from functions import aws
from functions.domain.errors import ServiceUnavailable
from functions.i18n import N_
from functions.storage.attributes import deserialize, serialize

log = logging.getLogger(__name__)

# Faults that mean "try again later", as opposed to bugs in our requests.
TRANSIENT_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "InternalServerError",
    "ServiceUnavailable",
    "TransactionInProgressException",
    "ResourceNotFoundException",  # a table missing (deploy in progress or misconfigured)
}
UNAVAILABLE = N_("The service is busy or unavailable. Nothing was saved; please try again shortly.")
# A write whose answer never came: DynamoDB may have done it. Saying "nothing was saved" would
# be a guess; every write is safe to send again (idempotent), so the person is told so.
OUTCOME_UNKNOWN = N_(
    "The service did not answer in time, so we cannot tell whether this was saved. Please "
    "try again: it is safe, and nothing will be saved twice."
)
# DynamoDB answered these before doing anything: nothing was written. Any other fault of a
# write (a timeout, a dropped connection, an internal error) leaves the outcome unknown.
NOT_WRITTEN_CODES = {
    "ProvisionedThroughputExceededException",
    "ThrottlingException",
    "RequestLimitExceeded",
    "TransactionInProgressException",
    "ResourceNotFoundException",
}
CONFLICT_RETRIES = 6


def make_client(endpoint_url: str | None, timeout_seconds: float = 2.0) -> Any:
    """A DynamoDB client that gives up quickly: a Lambda answering 503 beats one timing out.

    At most two attempts of (connect <= 1 s, read <= timeout_seconds) each."""
    config = BotoConfig(
        connect_timeout=min(1.0, timeout_seconds),
        read_timeout=timeout_seconds,
        retries={"max_attempts": 2, "mode": "standard"},
        max_pool_connections=50,
    )
    return aws.client("dynamodb", endpoint_url=endpoint_url, config=config)


def iso(moment: datetime) -> str:
    """A stored moment: ISO 8601 to the second, with its offset."""
    return moment.isoformat(timespec="seconds")


def to_item(values: dict[str, Any]) -> dict[str, Any]:
    return {key: serialize(value) for key, value in values.items()}


def from_item(item: dict[str, Any]) -> dict[str, Any]:
    return {key: deserialize(value) for key, value in item.items()}


def values(**named: Any) -> dict[str, Any]:
    """ExpressionAttributeValues from keyword arguments: values(n="x") -> {":n": {"S": "x"}}."""
    return {f":{key}": serialize(value) for key, value in named.items()}


class Cancelled(Exception):
    """A transaction was refused: each item's reason code ("None" when it was fine), and the
    item a refused condition found (when the item asked for it), by the item's name."""

    def __init__(
        self,
        reasons: list[str],
        items: list[dict[str, Any] | None],
        names: Sequence[str] | None = None,
    ) -> None:
        super().__init__(", ".join(reasons))
        self.reasons = reasons
        self.items = items
        self.names = list(names) if names is not None else [str(i) for i in range(len(reasons))]

    def _index(self, which: int | str) -> int:
        return self.names.index(which) if isinstance(which, str) else which

    def failed(self, which: int | str) -> bool:
        """Whether the condition of the item named (or at that position) failed."""
        index = self._index(which)
        return index < len(self.reasons) and self.reasons[index] == "ConditionalCheckFailed"

    def found(self, which: int | str) -> dict[str, Any] | None:
        """What the refused item's condition found, when it asked for it."""
        index = self._index(which)
        return self.items[index] if index < len(self.items) else None


@contextmanager
def faults_as_unavailable(action: str, *, write: bool = True) -> Iterator[None]:
    """Turn DynamoDB being down, slow or throttling into ServiceUnavailable (HTTP 503); for a
    write whose outcome is unknown (no answer came), with a message that says so."""
    try:
        yield
    except BotoCoreError as exc:  # connection refused, timeouts, no credentials
        log.error("DynamoDB unavailable during %s: %s", action, type(exc).__name__)
        # Even a refused connection may follow an attempt that timed out after DynamoDB
        # wrote (the client retries): for a write, the outcome is unknown.
        raise ServiceUnavailable(OUTCOME_UNKNOWN if write else UNAVAILABLE) from exc
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code in TRANSIENT_CODES:
            log.error("DynamoDB refused %s: %s", action, code)
            unknown = write and code not in NOT_WRITTEN_CODES
            raise ServiceUnavailable(OUTCOME_UNKNOWN if unknown else UNAVAILABLE) from exc
        raise


def query_all(client: Any, request: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """Every item a Query finds, page after page, as plain values."""
    found: list[dict[str, Any]] = []
    request = dict(request)
    with faults_as_unavailable(action):
        while True:
            page = client.query(**request)
            found.extend(from_item(item) for item in page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                return found
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def transact(
    client: Any, items: Sequence[dict[str, Any]] | Mapping[str, dict[str, Any]], action: str
) -> None:
    """Run TransactWriteItems (one unit of work); raise Cancelled on failed conditions, naming
    each item's reason by the item's name when `items` is a mapping; retry mere conflicts."""
    names = list(items) if isinstance(items, Mapping) else None
    request = list(items.values()) if isinstance(items, Mapping) else list(items)
    for attempt in range(CONFLICT_RETRIES):
        try:
            with faults_as_unavailable(action):
                client.transact_write_items(TransactItems=request)
            return
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "TransactionCanceledException":
                raise
            raw = exc.response.get("CancellationReasons") or []
            reasons = [reason.get("Code", "None") for reason in raw]
            found = [from_item(reason["Item"]) if reason.get("Item") else None for reason in raw]
            if "ConditionalCheckFailed" in reasons or not reasons:
                raise Cancelled(reasons or ["Unknown"] * len(request), found, names) from exc
            if any(code not in ("None", "TransactionConflict") for code in reasons):
                log.error("DynamoDB cancelled %s: %s", action, ",".join(reasons))
                raise ServiceUnavailable(UNAVAILABLE) from exc
            # Another request wrote the same items at the same moment: try again shortly,
            # when the conditions will tell which of us came first.
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311 - jitter, not crypto
    log.error("DynamoDB %s kept conflicting after %s attempts", action, CONFLICT_RETRIES)
    raise ServiceUnavailable(UNAVAILABLE)
