"""AWS mode: send through Amazon SES."""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.mail.base import Mail, MailError

log = logging.getLogger(__name__)


class SesMailer:
    def __init__(self, client: Any, sender: str) -> None:
        self.client = client
        self.sender = sender

    def send(self, mail: Mail) -> None:
        try:
            result = self.client.send_email(
                Source=self.sender,
                Destination={"ToAddresses": [mail.to]},
                Message={
                    "Subject": {"Data": mail.subject, "Charset": "UTF-8"},
                    "Body": {"Text": {"Data": mail.text, "Charset": "UTF-8"}},
                },
            )
        except (BotoCoreError, ClientError) as exc:
            # The exception text can hold the address: log its type only.
            log.error("SES did not take a message: %s", type(exc).__name__)
            raise MailError("SES did not accept the message") from exc
        log.info("Mail handed to SES as %s", result.get("MessageId"))
