"""Local mode: write every message as one RFC 5322 .eml file into OUTBOX_DIR."""

from __future__ import annotations

import logging
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from functions.mail.base import Mail, MailError

log = logging.getLogger(__name__)


def build_message(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="citizenfocus.local")
    message["Content-Language"] = mail.language
    message.set_content(mail.text)
    return message


class OutboxMailer:
    def __init__(self, folder: Path, sender: str) -> None:
        self.folder = folder
        self.sender = sender

    def send(self, mail: Mail) -> None:
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
