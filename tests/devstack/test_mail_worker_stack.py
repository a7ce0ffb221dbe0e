"""`make serve`'s mail worker on DynamoDB Local's stream: an outage of the mailer loses nothing,
a restart delivers what was pending, and the request path writes no mail at all (#15)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from functions.mail.outbox import FAIL_UNTIL
from tests.e2e.outbox import wait_for_mail
from tests.support.live_stack import LiveStack

pytestmark = pytest.mark.slow

OUTAGE_SECONDS = 30


def endorse(stack: LiveStack, email: str) -> None:
    body = {
        "name": "Ada Lovelace",
        "organisation": "City of Utrecht",
        "organisation_type": "public-authority",
        "country": "NL",
        "email": email,
        "list_publicly": "yes",
        "consent": "yes",
        "website": "",
    }
    assert stack.post("/api/endorsements", json=body).status_code == 202


def mails_to(outbox: Path, address: str) -> int:
    return sum(address in path.read_text(errors="replace") for path in outbox.glob("*.eml"))


def mailer_down_for(outbox: Path, seconds: float) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / FAIL_UNTIL).write_text(str(time.time() + seconds))


def test_a_mailer_down_for_30_seconds_loses_nothing_and_sends_each_mail_once(
    tmp_path: Path,
) -> None:
    stack = LiveStack(tmp_path).start()
    try:
        # GIVEN the mailer failing for 30 s
        mailer_down_for(stack.outbox, OUTAGE_SECONDS)
        started = time.monotonic()
        addresses = [f"outage-{n}-{uuid.uuid4().hex[:6]}@example.org" for n in range(5)]
        # WHEN five people endorse during the outage: each gets the answer at once
        for address in addresses:
            endorse(stack, address)
        time.sleep(3)
        assert list(stack.outbox.glob("*.eml")) == []
        # THEN once it recovers, every mail arrives, each once
        for address in addresses:
            wait_for_mail(stack.outbox, address, timeout=OUTAGE_SECONDS + 30)
        assert time.monotonic() - started >= OUTAGE_SECONDS - 1
        time.sleep(6)  # a sweep later: still once each
        assert [mails_to(stack.outbox, address) for address in addresses] == [1] * 5
        # AND the retries gave up on the stream records meanwhile (the dead-letter folder)
        assert list((stack.var / "dead-letter").glob("*.json"))
    finally:
        stack.stop()


def test_a_restart_with_mail_pending_delivers_it(tmp_path: Path) -> None:
    # GIVEN a stack keeping its data, whose mailer is down when it stops with mail pending
    first = LiveStack(tmp_path, in_memory=False).start()
    address = f"pending-{uuid.uuid4().hex[:6]}@example.org"
    try:
        mailer_down_for(first.outbox, 3600)
        endorse(first, address)
        time.sleep(2)
        assert mails_to(first.outbox, address) == 0
    finally:
        assert first.stop() == 0
    # WHEN `make serve` starts again with a working mailer
    (first.outbox / FAIL_UNTIL).unlink()
    second = LiveStack(tmp_path, in_memory=False).start()
    try:
        # THEN the pending mail is delivered, once
        wait_for_mail(second.outbox, address, timeout=30)
        time.sleep(2)
        assert mails_to(second.outbox, address) == 1
    finally:
        second.stop()
