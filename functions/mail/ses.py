"""AWS mode: send through Amazon SES, as a raw MIME message (the same one the local outbox
writes), so that the headers we set, Content-Language among them, reach the recipient: SES's
simple SendEmail takes no headers of ours. The functions' role may ses:SendRawEmail."""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from functions.mail.base import Mail, MailError, MailRejected
from functions.mail.mime import build_message, wire_bytes

log = logging.getLogger(__name__)

# What no retry changes: a refused message or address, a sender not verified. Throttling and
# outages are passing (MailError): the stream retries them.
PERMANENT_CODES = frozenset({"MessageRejected", "InvalidParameterValue"})


class SesMailer:
    def __init__(self, client: Any, sender: str, configuration_set: str | None = None) -> None:
        self.client = client
        self.sender = sender
        # Its bounce and complaint notifications feed the suppression list (template.yaml).
        self.extra = {"ConfigurationSetName": configuration_set} if configuration_set else {}

    def send(self, mail: Mail) -> None:
        try:
            # The recipient is the message's To: SES takes it from there.
            result = self.client.send_raw_email(
                Source=self.sender,
                RawMessage={"Data": wire_bytes(build_message(mail, self.sender, message_id=False))},
                **self.extra,
            )
        except ClientError as exc:
            # The exception text can hold the address: log its type only.
            code = exc.response.get("Error", {}).get("Code", "")
            log.error("SES did not take a message: %s", code or type(exc).__name__)
            if code in PERMANENT_CODES:
                raise MailRejected("SES refuses this message for good") from exc
            raise MailError("SES did not accept the message") from exc
        except BotoCoreError as exc:
            log.error("SES unreachable: %s", type(exc).__name__)
            raise MailError("SES did not accept the message") from exc
        log.info("Mail handed to SES as %s", result.get("MessageId"))
