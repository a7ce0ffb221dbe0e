"""The one Mailer interface: `send(mail)`; SES in AWS, a folder of .eml files locally."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Mail:
    """One plain-text message to one address, in one language.

    Every mail caused by a request that anyone could send counts towards its address's daily
    cap (the mail worker enforces it, for all causes together); `solicited` marks the ones its
    owner asked for by acting with a link only they received. `once_key` names a mail that
    must go out at most once (e.g. "already endorsed" once a day): a second with the same key
    is skipped."""

    to: str
    subject: str
    text: str
    language: str = "en"  # sent as Content-Language
    solicited: bool = False
    once_key: str = ""


class MailError(RuntimeError):
    """The message could not be handed over for delivery (yet: a retry may succeed)."""


class MailRejected(MailError):
    """The message will never be accepted as it is (a bad address, a refused message)."""


class Mailer(Protocol):
    def send(self, mail: Mail) -> None:
        """Hand the message over for delivery, or raise MailError."""
