"""`make serve`'s mail worker on DynamoDB Local's stream: an outage of the mailer loses nothing
and gives up on nothing, a restart delivers what was pending, and the request path writes no
mail at all (#15). The outage and the sweep's interval are parameters, short here: what is
tested is the order of events, not their length."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from functions.mail.eml_files import FAIL_UNTIL
from tests.e2e.inbox import wait_for_mail
from tests.support.live_stack import LiveStack

pytestmark = [pytest.mark.slow, pytest.mark.integration]  # a whole make serve each

OUTAGE_SECONDS = 4.0
SWEEP_SECONDS = 0.5  # the stack's sweep, every half second here (5 s in make serve)


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


def test_a_mailer_outage_loses_nothing_gives_up_on_nothing_and_sends_each_mail_once(
    tmp_path: Path,
) -> None:
    stack = LiveStack(tmp_path, mail_sweep_seconds=SWEEP_SECONDS).start()
    try:
        # GIVEN the mailer failing for a while
        mailer_down_for(stack.outbox, OUTAGE_SECONDS)
        outage_ends = time.time() + OUTAGE_SECONDS
        started = time.monotonic()
        addresses = [f"outage-{n}-{uuid.uuid4().hex[:6]}@example.org" for n in range(5)]
        # WHEN five people endorse during the outage: each gets the answer at once
        for address in addresses:
            endorse(stack, address)
        time.sleep(1)
        # THEN nothing is written while the mailer is down (however slow the machine is)
        during = [p for p in stack.outbox.glob("*.eml") if p.stat().st_mtime < outage_ends - 0.2]
        assert during == []
        # THEN once it recovers, every mail arrives, each once
        for address in addresses:
            wait_for_mail(stack.outbox, address, timeout=OUTAGE_SECONDS + 30)
        assert time.monotonic() - started >= OUTAGE_SECONDS - 0.5
        time.sleep(2 * SWEEP_SECONDS)  # a sweep later: still once each
        assert [mails_to(stack.outbox, address) for address in addresses] == [1] * 5
        # AND nothing was given up on: the dead-letter folder holds only what never went out
        assert list((stack.var / "dead-letter").glob("*.json")) == []
    finally:
        stack.stop()


def test_a_restart_with_mail_pending_delivers_it(tmp_path: Path) -> None:
    # GIVEN a stack keeping its data, whose mailer is down when it stops with mail pending
    first = LiveStack(tmp_path, in_memory=False, mail_sweep_seconds=SWEEP_SECONDS).start()
    address = f"pending-{uuid.uuid4().hex[:6]}@example.org"
    try:
        mailer_down_for(first.outbox, 3600)
        endorse(first, address)
        time.sleep(1)
        assert mails_to(first.outbox, address) == 0
    finally:
        assert first.stop() == 0
    # WHEN `make serve` starts again with a working mailer
    (first.outbox / FAIL_UNTIL).unlink()
    second = LiveStack(tmp_path, in_memory=False, mail_sweep_seconds=SWEEP_SECONDS).start()
    try:
        # THEN the pending mail is delivered, once
        wait_for_mail(second.outbox, address, timeout=30)
        time.sleep(2 * SWEEP_SECONDS)
        assert mails_to(second.outbox, address) == 1
    finally:
        second.stop()
