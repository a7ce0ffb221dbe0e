"""The local stack's sent mail: one RFC 5322 .eml file per message in the outbox folder
(functions/mail/eml_files.py writes them). Each holds its recipient's address and the mail's
text, so an erasure removes the files whose recipient is the person's mailbox.

Recipients are read from the headers with the `email` package (encoded words, display names
and folded lines as any mail client reads them) and compared by mailbox key, never as strings.
"""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from email.utils import getaddresses
from pathlib import Path

from admin.mailboxes import key_of

RECIPIENT_HEADERS = ("To", "Cc", "Bcc")


def recipients(path: Path) -> list[str]:
    """The addresses a mail file is to (empty when it cannot be read as a mail)."""
    try:
        with path.open("rb") as stream:
            message = BytesParser(policy=policy.default).parse(stream, headersonly=True)
    except OSError:
        return []
    values = [str(value) for name in RECIPIENT_HEADERS for value in message.get_all(name, [])]
    return [address for _name, address in getaddresses(values) if address]


def files_to(folder: Path, key: str) -> list[Path]:
    """The mail files in the folder with a recipient whose mailbox key is `key`, oldest name
    first (the names start with the time they were written)."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.glob("*.eml")
        if path.is_file() and any(key_of(address) == key for address in recipients(path))
    )


def remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)  # the developer may have deleted it meanwhile
