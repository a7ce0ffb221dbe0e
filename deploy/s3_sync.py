"""Make the bucket hold exactly the built site: upload new and changed files, delete the rest.

Changes are found by comparing each file's MD5 with the object's ETag (we upload with single
PUTs, whose ETag is the MD5), so an unchanged file is neither uploaded nor invalidated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deploy.site_files import SiteFile

log = logging.getLogger(__name__)
DELETE_BATCH = 1000  # DeleteObjects takes at most 1000 keys


@dataclass
class SyncPlan:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def uploads(self) -> list[str]:
        return self.added + self.changed


def remote_etags(client: Any, bucket: str) -> dict[str, str]:
    etags = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


def plan_sync(local: dict[str, SiteFile], remote: dict[str, str], force: bool = False) -> SyncPlan:
    plan = SyncPlan()
    for key, site_file in sorted(local.items()):
        if key not in remote:
            plan.added.append(key)
        elif force or remote[key] != site_file.md5:
            plan.changed.append(key)
        else:
            plan.unchanged += 1
    plan.removed = sorted(set(remote) - set(local))
    return plan


def upload(client: Any, bucket: str, files: Iterable[SiteFile]) -> None:
    for site_file in files:
        with site_file.path.open("rb") as body:
            client.put_object(
                Bucket=bucket,
                Key=site_file.key,
                Body=body,
                ContentType=site_file.content_type,
                CacheControl=site_file.cache_control,
            )
        log.debug("uploaded %s", site_file.key)


def delete(client: Any, bucket: str, keys: list[str]) -> None:
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start : start + DELETE_BATCH]
        answer = client.delete_objects(
            Bucket=bucket,
            Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True},
        )
        if answer.get("Errors"):
            failed = ", ".join(f"{e['Key']} ({e['Code']})" for e in answer["Errors"])
            raise RuntimeError(f"s3://{bucket} refused to delete: {failed}")
