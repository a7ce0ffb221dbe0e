"""The mail worker: DynamoDB Streams records of the outbox table in, mail out.

Its event source mapping reports partial batch failures (`ReportBatchItemFailures`): the
records whose mail was not sent are retried, then passed to the dead-letter queue. A
scheduled event (`{"sweep": true}`) sends what the stream left unsent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from functions.services import get_services
from functions.usecases.delivery import handle_records, sweep


def lambda_handler(event: dict[str, Any], _context: Any = None) -> dict[str, Any]:
    services = get_services()
    if event.get("sweep"):
        min_age = event.get("min_age_seconds")
        delivered = (
            sweep(services, timedelta(seconds=min_age)) if min_age is not None else sweep(services)
        )
        return {"swept": len(delivered)}
    failed = handle_records(services, event.get("Records") or [])
    return {"batchItemFailures": [{"itemIdentifier": sequence} for sequence in failed]}
