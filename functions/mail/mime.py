"""The one MIME form of a Mail, for the local outbox and for SES alike: plain text in UTF-8,
with its language in a `Content-Language` header (RFC 3282)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from functions.mail.base import Mail


def build_message(mail: Mail, sender: str, *, message_id: bool = True) -> EmailMessage:
    """`message_id=False` leaves the Message-ID to the service that sends it (SES sets its
    own)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    if message_id:
        message["Message-ID"] = make_msgid(domain="citizenfocus.local")
    message.set_content(mail.text)
    # After set_content, which drops every Content-* header set before it.
    message["Content-Language"] = mail.language
    return message


def wire_bytes(message: EmailMessage) -> bytes:
    """The message as sent over SMTP: CRLF line ends."""
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
