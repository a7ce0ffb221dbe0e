"""`admin mail dead` lists the mail the worker gave up on: key, dates, tries, reason and the
recipient's domain, never the address or the mail's text."""

from __future__ import annotations

import io
from datetime import timedelta

from admin.cli import main
from functions.mail.base import Mail
from functions.storage.outbox import OutboxTable
from tests.admin.conftest import NOW


def run(tables: dict, *argv: str) -> str:
    out = io.StringIO()
    assert main(["--endpoint-url", tables["endpoint"], *argv], stdout=out) == 0
    return out.getvalue()


def put(outbox: OutboxTable, to: str, subject: str, minutes: int) -> str:
    """A mail written `minutes` after NOW; its key."""
    text = f"Hello, open https://site.test/confirm?token=secret-{subject}"
    outbox.put(Mail(to=to, subject=subject, text=text), NOW + timedelta(minutes=minutes))
    [item] = [item for item in outbox.mail_items() if item["subject"] == subject]
    return item["pk"]


def test_lists_each_dead_mail_with_its_domain_only(tables: dict) -> None:
    # GIVEN a mail sent, one waiting, and two given up on (one after three failed tries)
    outbox: OutboxTable = tables["outbox"]
    sent = put(outbox, "ada@example.org", "sent", 1)
    outbox.mark_sent(sent, NOW)
    put(outbox, "bob@example.org", "waiting", 2)
    late = put(outbox, "Zoe.Private@Bücher.example", "late", 4)
    for _ in range(3):
        outbox.note_failure(late, "mailer: MailError", NOW)
    outbox.mark_dead(late, "failed 3 times: MailError", NOW + timedelta(minutes=5))
    early = put(outbox, "rejected@example.net", "early", 3)
    outbox.mark_dead(early, "MessageRejected", NOW + timedelta(minutes=3))

    # WHEN staff list the dead mail
    printed = run(tables, "mail", "dead")

    # THEN both are there, oldest first, with when, how often, why and the domain
    lines = printed.splitlines()
    assert lines[0].startswith("2 mail(s) given up on")
    assert lines[1].split() == ["key", "created", "given", "up", "tries", "domain", "reason"]
    assert lines[2].split()[:5] == [
        early,
        "2026-12-01T12:03:00+00:00",
        "2026-12-01T12:03:00+00:00",
        "0",
        "example.net",
    ]
    assert lines[2].endswith("MessageRejected")
    assert lines[3].split()[3:5] == ["3", "bücher.example"]
    assert lines[3].endswith("failed 3 times: MailError")
    # AND nothing of the address but its domain, nothing of the text, nothing still alive
    for private in ("zoe", "private", "rejected@", "token", "secret", sent, "waiting"):
        assert private not in printed.lower()


def test_says_so_when_nothing_was_given_up_on(tables: dict) -> None:
    # GIVEN only mail that was sent WHEN staff list the dead mail THEN they read that none is
    sent = put(tables["outbox"], "ada@example.org", "sent", 1)
    tables["outbox"].mark_sent(sent, NOW)
    assert run(tables, "mail", "dead") == "No mail was given up on.\n"


def test_a_malformed_recipient_cannot_write_to_the_terminal(tables: dict) -> None:
    # GIVEN a dead mail whose address holds control characters (why it died)
    outbox: OutboxTable = tables["outbox"]
    key = put(outbox, "x@evil\x1b[2J\r\n.example", "bad", 1)
    outbox.mark_dead(key, "malformed", NOW)

    # WHEN it is listed THEN its domain is shown escaped, without a raw control character
    printed = run(tables, "mail", "dead")
    assert "\x1b" not in printed and "\r" not in printed
    assert "\\x1b" in printed and "malformed" in printed
