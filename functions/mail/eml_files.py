"""Local mode's mailer: write every message as one RFC 5322 .eml file into OUTBOX_DIR.

What the mail worker sends through in the local stack, where AWS has SES (ses.py). The folder
is called the outbox for the developer; the outbox of mail still to send is the DynamoDB table
(functions/storage/outbox.py).
"""

from __future__ import annotations

import logging
import time
import uuid
from pathlib import Path

from functions.mail.base import Mail, MailError
from functions.mail.mime import build_message

log = logging.getLogger(__name__)

FAIL_UNTIL = ".fail-until"


class EmlFileMailer:
    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, mail: Mail) -> None:
        self._fail_if_told()
        message = build_message(mail, self.sender)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:12]}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{name}.tmp"
            temporary.write_bytes(bytes(message))
            temporary.replace(self.folder / name)  # watchers never see half a file
        except OSError as exc:
            raise MailError(f"cannot write to the outbox: {exc.strerror}") from exc
        log.info("Mail written to the outbox as %s", name)

    def _fail_if_told(self) -> None:
        """Fault injection for the tests: a file `.fail-until` holding a Unix time makes every
        send fail until then, as SES does in an outage."""
        marker = self.folder / FAIL_UNTIL
        try:
            until = float(marker.read_text(encoding="ascii").strip() or 0)
        except (OSError, ValueError):
            return
        if time.time() < until:
            raise MailError("the local mailer is down (fault injected)")
