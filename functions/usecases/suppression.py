"""Addresses no mail may go to: SES bounce and complaint notifications put them on the list.

Only a permanent bounce suppresses (a full mailbox or a passing refusal is retried by SES
itself); every complaint does. The list is keyed by the keyed hash of the normalised address,
like every other key, so it holds no address in clear; staff look an address up by typing it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from functions.services import Services
from functions.usecases.delivery import address_hash

log = logging.getLogger(__name__)


def addresses_to_suppress(notification: dict[str, Any]) -> list[tuple[str, str]]:
    """(address, reason) for each recipient an SES notification says to stop mailing."""
    kind = notification.get("notificationType") or notification.get("eventType") or ""
    if kind == "Bounce":
        bounce = notification.get("bounce") or {}
        if bounce.get("bounceType") != "Permanent":
            return []
        recipients = bounce.get("bouncedRecipients") or []
        reason = "bounce"
    elif kind == "Complaint":
        recipients = (notification.get("complaint") or {}).get("complainedRecipients") or []
        reason = "complaint"
    else:
        return []
    return [
        (str(recipient["emailAddress"]), reason)
        for recipient in recipients
        if isinstance(recipient, dict) and recipient.get("emailAddress")
    ]


def record_notifications(services: Services, messages: list[str]) -> int:
    """Suppress every address the SNS messages name; how many were suppressed."""
    count = 0
    for message in messages:
        try:
            notification = json.loads(message)
        except ValueError:
            log.warning("An SES notification that is not JSON was ignored")
            continue
        for address, reason in addresses_to_suppress(notification):
            services.outbox.suppress(address_hash(services, address), reason, services.clock())
            count += 1
    log.info("SES notifications: %d address(es) suppressed", count)
    return count
