"""Show the mail the functions write to var/outbox/ so a developer can click its links.

It watches the local mailer's folder of .eml files (functions/mail/eml_files.py); the outbox
of mail still to send is the DynamoDB table (functions/storage/outbox.py).
"""

from __future__ import annotations

import email
import re
import threading
from email import policy
from pathlib import Path

LINK = re.compile(r"https?://[^\s<>\"']+")


def summarise(path: Path) -> str:
    """Subject, recipient and every link of one .eml file, as lines for the console."""
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    links = sorted(set(LINK.findall(text)), key=text.index)
    # The subject and links only: the recipient is personal data, even in a dev console.
    lines = [f"Mail: {message['Subject']}  ({path.name})"]
    lines += [f"    {link}" for link in links]
    return "\n".join(lines)


class MailWatcher(threading.Thread):
    """Polls the folder of .eml files and reports each new message once."""

    def __init__(self, folder: Path, report, interval: float = 0.5) -> None:
        super().__init__(name="mail-watcher", daemon=True)
        self.folder = folder
        self.report = report
        self.interval = interval
        self.stopped = threading.Event()
        self.seen = set(folder.glob("*.eml")) if folder.exists() else set()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            if not self.folder.exists():
                continue
            for path in sorted(set(self.folder.glob("*.eml")) - self.seen):
                self.seen.add(path)
                self.report(summarise(path))

    def stop(self) -> None:
        self.stopped.set()
