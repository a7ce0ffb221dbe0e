"""Every trace of a person the local stack could keep, as text: each item of each table of the
test's DynamoDB Local (listed by the engine itself, so a table nobody thought of is read too)
and each file under a folder (mail files decoded, so that an encoded header or body hides
nothing).
"""

from __future__ import annotations

import email
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from functions.storage.dynamo import from_item


def table_names(client: Any, prefix: str) -> list[str]:
    """Every table of the engine whose name starts with the test's prefix."""
    names: list[str] = []
    for page in client.get_paginator("list_tables").paginate():
        names += [name for name in page["TableNames"] if name.startswith(prefix)]
    return sorted(names)


def texts(value: Any) -> Iterator[str]:
    """Every value nested in an item (map keys too), as text."""
    if isinstance(value, dict):
        for key, nested in value.items():
            yield str(key)
            yield from texts(nested)
    elif isinstance(value, list | set | frozenset | tuple):
        for nested in value:
            yield from texts(nested)
    elif isinstance(value, bytes | bytearray):
        yield bytes(value).decode("utf-8", errors="replace")
    else:
        yield str(value)


def table_texts(client: Any, prefix: str) -> dict[str, list[str]]:
    """Table -> the text of every attribute value of every item (a consistent scan)."""
    found: dict[str, list[str]] = {}
    for table in table_names(client, prefix):
        pages = client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True)
        found[table] = [
            text for page in pages for item in page["Items"] for text in texts(from_item(item))
        ]
    return found


def mail_text(message: EmailMessage) -> str:
    """Decoded headers and every text part of one message."""
    parts = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


def read_mail(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def file_texts(folder: Path) -> dict[str, str]:
    """File (relative to the folder) -> its text; .eml files parsed, hidden files included."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if path.suffix == ".eml":
            text += "\n" + mail_text(read_mail(path))
        found[str(path.relative_to(folder))] = text
    return found


def hits(texts_by_place: dict[str, Any], needles: list[str]) -> dict[str, list[str]]:
    """Place -> the needles found there (case-insensitively); places with none left out."""
    wanted = [needle.casefold() for needle in needles]
    found: dict[str, list[str]] = {}
    for place, content in texts_by_place.items():
        joined = "\n".join(content) if isinstance(content, list) else content
        folded = joined.casefold()
        present = [needle for needle in wanted if needle in folded]
        if present:
            found[place] = present
    return found
