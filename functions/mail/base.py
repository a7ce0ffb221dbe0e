"""The one Mailer interface: `send(mail)`; SES in AWS, a folder of .eml files locally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    """One plain-text message to one address, in one language."""

    to: str
    subject: str
    text: str
    language: str = "en"  # sent as Content-Language


class MailError(RuntimeError):
    """The message could not be handed over for delivery (yet: a retry may succeed)."""


class MailRejected(MailError):
    """The message will never be accepted as it is (a bad address, a refused message)."""


class Mailer(Protocol):
    def send(self, mail: Mail) -> None:
        """Hand the message over for delivery, or raise MailError."""
