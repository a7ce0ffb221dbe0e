"""The site's published paths in CloudFront's key-value store, which CleanUrlsFunction reads.

A CloudFront Function cannot ask S3 whether a file exists, and the distribution's error pages
allow one page per status code: so every miss used to show the English 404 page. With every
published file in the store ("/" + its S3 key), the function knows a miss at the edge and serves
the 404 page of the language the address is in, with status 404.

The store is compared with the built site, not with the bucket's sync plan, so a publish that
failed half-way is repaired by the next one. deploy/publish.py updates it after the uploads and
before the deletions and the invalidation: a path is never in the store before its file is in
the bucket, and a removed page shows its language's 404 page from the moment it leaves the store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

MAX_KEY_BYTES = 512  # the store's limit for one key
MAX_STORE_BYTES = 5 * 1024 * 1024  # the store's limit for all keys and values together
BATCH = 50  # UpdateKeys takes at most 50 changes per call
LIST_PAGE = 50  # ListKeys returns at most 50 keys per page
# The function only asks whether a key exists; the store still needs a value for each.
PRESENT = "1"


class StoreLimitError(ValueError):
    """The site has a path the store cannot hold; nothing was published."""


@dataclass
class StorePlan:
    puts: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)


def store_key(s3_key: str) -> str:
    """The key of a file: its URL path, decoded, as the function derives it from the URI."""
    return "/" + s3_key


def check_limits(keys: Iterable[str]) -> None:
    keys = list(keys)
    too_long = [key for key in keys if len(key.encode()) > MAX_KEY_BYTES]
    if too_long:
        raise StoreLimitError(
            f"{len(too_long)} path(s) longer than {MAX_KEY_BYTES} bytes cannot be stored, so "
            f"CloudFront would answer 404 for them; shorten: {', '.join(sorted(too_long)[:5])}"
        )
    total = sum(len(key.encode()) + len(PRESENT) for key in keys)
    if total > MAX_STORE_BYTES:
        raise StoreLimitError(
            f"{len(keys)} paths take {total} bytes, more than the store's {MAX_STORE_BYTES}"
        )


def stored_keys(client: Any, store_arn: str) -> set[str]:
    keys: set[str] = set()
    request: dict[str, Any] = {"KvsARN": store_arn, "MaxResults": LIST_PAGE}
    while True:
        page = client.list_keys(**request)
        keys.update(item["Key"] for item in page.get("Items", []))
        if not page.get("NextToken"):
            return keys
        request["NextToken"] = page["NextToken"]


def plan_store(site_keys: Iterable[str], stored: set[str]) -> StorePlan:
    """What makes the store hold exactly the site's files; refuses a site it cannot hold."""
    wanted = {store_key(key) for key in site_keys}
    check_limits(wanted)
    return StorePlan(puts=sorted(wanted - stored), deletes=sorted(stored - wanted))


def apply_store(client: Any, store_arn: str, plan: StorePlan) -> None:
    """Puts first, deletions last, in batches. Each call names the store version it changes
    (IfMatch), so two publishes at once fail instead of interleaving."""
    changes = [("put", key) for key in plan.puts] + [("delete", key) for key in plan.deletes]
    if not changes:
        log.info("paths store: up to date")
        return
    etag = client.describe_key_value_store(KvsARN=store_arn)["ETag"]
    for start in range(0, len(changes), BATCH):
        batch = changes[start : start + BATCH]
        request: dict[str, Any] = {"KvsARN": store_arn, "IfMatch": etag}
        puts = [{"Key": key, "Value": PRESENT} for kind, key in batch if kind == "put"]
        deletes = [{"Key": key} for kind, key in batch if kind == "delete"]
        if puts:
            request["Puts"] = puts
        if deletes:
            request["Deletes"] = deletes
        etag = client.update_keys(**request)["ETag"]
    log.info("paths store: %s added, %s removed", len(plan.puts), len(plan.deletes))
