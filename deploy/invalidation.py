"""CloudFront invalidation for exactly the paths a publish changed or removed.

New files need none (nothing is cached under their name). A folder's index.html is cached
under the rewritten URI (the CloudFront Function runs before the cache), but the folder URL is
invalidated too so that nothing depends on that detail.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

# Past this many paths, one wildcard is cheaper (each path counts; "/*" counts once) and faster.
MAX_PATHS = 500
EVERYTHING = "/*"


def paths_for(keys: list[str]) -> list[str]:
    paths: set[str] = set()
    for key in keys:
        path = "/" + quote(key, safe="/-._~")
        paths.add(path)
        if path.endswith("/index.html"):
            paths.add(path.removesuffix("index.html"))
    return sorted(paths)


def invalidation_paths(keys: list[str], max_paths: int = MAX_PATHS) -> list[str]:
    paths = paths_for(keys)
    if len(paths) > max_paths:
        log.info(
            "%s paths changed, more than %s: invalidating %s", len(paths), max_paths, EVERYTHING
        )
        return [EVERYTHING]
    return paths


def invalidate(client: Any, distribution_id: str, paths: list[str]) -> str | None:
    """Create the invalidation; returns its id, or None when nothing needs invalidating."""
    if not paths:
        log.info("nothing to invalidate on %s", distribution_id)
        return None
    digest = hashlib.sha256("\n".join(paths).encode()).hexdigest()[:16]
    answer = client.create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={
            "Paths": {"Quantity": len(paths), "Items": paths},
            "CallerReference": f"publish-{int(time.time())}-{digest}",
        },
    )
    invalidation_id = answer["Invalidation"]["Id"]
    log.info("invalidation %s on %s: %s paths", invalidation_id, distribution_id, len(paths))
    return invalidation_id
