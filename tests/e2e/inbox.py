"""The recipients' side of the local stack's mail: wait for a message in the folder of .eml
files (functions/mail/eml_files.py writes one per message) and follow its links."""

from __future__ import annotations

import re
import time
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

LINK = re.compile(r"https?://\S+")


def wait_for_mail(outbox: Path, recipient: str, timeout: float = 10.0) -> EmailMessage:
    """The newest message to `recipient`; waits for it because mail is written after the answer."""
    deadline = time.monotonic() + timeout
    while True:
        found = [
            message
            for path in sorted(outbox.glob("*.eml"))
            if recipient in (message := _read(path)).get("To", "")
        ]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {recipient} in {outbox} after {timeout} s")
        time.sleep(0.1)


def _read(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def links(message: EmailMessage) -> list[str]:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, "the mail has no text/plain part"
    return LINK.findall(body.get_content())


def link_to(message: EmailMessage, path: str) -> str:
    matching = [url for url in links(message) if path in url]
    assert matching, f"no link to {path} in the mail: {links(message)}"
    return matching[0]
