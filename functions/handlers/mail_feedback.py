"""SES bounce and complaint notifications, through SNS: suppress the addresses they name."""

from __future__ import annotations

from typing import Any

from functions.services import get_services
from functions.usecases.suppression import record_notifications


def lambda_handler(event: dict[str, Any], _context: Any = None) -> dict[str, Any]:
    messages = [
        str((record.get("Sns") or {}).get("Message") or "") for record in event.get("Records") or []
    ]
    return {"suppressed": record_notifications(get_services(), messages)}
