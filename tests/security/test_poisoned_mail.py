"""No mail can stop the others: 100 good mails and 10 poisoned ones in one burst, through the
local stack's poller (a thread, as `make serve` runs it, restarted once) and through the AWS
handler (stream batches and the scheduled sweep, called as Lambda calls them).

Poisoned: written straight into the outbox table, as a bug or an older release could have
written them: header injections and lists in `to`, fields missing or of the wrong type, a
subject no MIME header may carry (building the message raises)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from devstack.mail_poller import MailPoller, lambda_record, local_mail_worker
from functions.handlers import mail_worker
from functions.services import get_services
from functions.storage.dynamo import from_item, to_item
from functions.storage.outbox import MAIL
from tests.functions.conftest import Api
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement

GOOD, POISONED = 100, 10
POISONS: list[dict[str, Any]] = [
    {"to": "x@example.org\r\nBcc: y@evil.example", "subject": "s", "text": "t"},
    {"to": "Evil Corp <spam@evil.example>", "subject": "s", "text": "t"},
    {"to": ",".join(f"v{n}@example.org" for n in range(40)), "subject": "s", "text": "t"},
    {"to": "ok@example.org", "subject": "line\r\nBcc: y@evil.example", "text": "t"},
    {"to": "ok@example.org", "subject": "s"},
    {"to": "ok@example.org", "subject": "s", "text": 12},
    {"subject": "s", "text": "t"},
    {"to": "jos\u00e9@example.org", "subject": "s", "text": "t"},
    {"to": "ok@example.org", "subject": "s\nX-Evil: 1", "text": "t"},
    {"to": "ok@[127.0.0.1]", "subject": "s", "text": "t"},
]


def put_poison(api: Api, number: int) -> str:
    pk = f"{MAIL}poison-{number}"
    item = {
        "pk": pk,
        "language": "en",
        "created_at": get_services().clock().isoformat(timespec="seconds"),
        "unsent": "mail",
        **POISONS[number % len(POISONS)],
    }
    get_services().outbox.client.put_item(TableName=api.env["OUTBOX_TABLE"], Item=to_item(item))
    return pk


def burst(api: Api) -> tuple[list[str], list[str]]:
    """100 endorsements with a poisoned mail after every tenth; (addresses, poisoned keys)."""
    addresses, poisoned = [], []
    for n in range(GOOD):
        address = f"person{n}@example.org"
        assert api.post_json(ENDORSEMENTS, endorsement(email=address)).status == 202
        addresses.append(address)
        if n % 10 == 9:
            poisoned.append(put_poison(api, len(poisoned)))
    return addresses, poisoned


def delivered(outbox: Path) -> Counter:
    import email
    from email import policy

    found: Counter = Counter()
    for path in outbox.glob("*.eml"):
        found[str(email.message_from_bytes(path.read_bytes(), policy=policy.default)["To"])] += 1
    return found


def mail_items(api: Api) -> dict[str, dict[str, Any]]:
    client = get_services().outbox.client
    pages = client.get_paginator("scan").paginate(TableName=api.env["OUTBOX_TABLE"])
    items = [from_item(item) for page in pages for item in page.get("Items", [])]
    return {item["pk"]: item for item in items if str(item["pk"]).startswith(MAIL)}


def wait_for(condition: Any, limit: float = 60.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def poller(api: Api, dead_letters: Path) -> MailPoller:
    endpoint = get_services().config.dynamodb_endpoint_url or ""
    worker = local_mail_worker(endpoint, api.env["OUTBOX_TABLE"], dead_letters)
    worker.retry_pause, worker.sweep_every, worker.sweep_min_age = 0.01, 0.3, 0.0
    return worker


def test_the_local_poller_delivers_every_good_mail_once_and_sets_the_poison_aside(
    api: Api, tmp_path: Path
) -> None:
    dead_letters = tmp_path / "dead-letter"
    # GIVEN the poller running as `make serve` runs it, WHEN the burst comes
    running = poller(api, dead_letters)
    running.start()
    try:
        addresses, poisoned = burst(api)
        # THEN every good mail arrives, once
        assert wait_for(lambda: len(delivered(api.outbox)) == GOOD)
        # AND every poisoned one is given up on, with its reason, and left unsent no more
        assert wait_for(lambda: all(mail_items(api)[pk].get("dead_at") for pk in poisoned))
    finally:
        running.stop()
    assert delivered(api.outbox) == Counter(dict.fromkeys(addresses, 1))
    items = mail_items(api)
    assert all(items[pk].get("dead_reason") and "unsent" not in items[pk] for pk in poisoned)
    # AND the dead-letter folder holds what was given up on, and nothing that was sent
    lettered = {path.read_text() for path in dead_letters.glob("*.json")}
    assert all(any(pk in text for pk in poisoned) for text in lettered)
    # WHEN the stack restarts with the poison still in the table, THEN new mail still flows
    restarted = poller(api, dead_letters)
    restarted.start()
    try:
        assert api.post_json(ENDORSEMENTS, endorsement(email="after@example.org")).status == 202
        assert wait_for(lambda: delivered(api.outbox)["after@example.org"] == 1, limit=30)
    finally:
        restarted.stop()


def stream_records(api: Api) -> list[dict[str, Any]]:
    """Every record of the outbox table's stream, as Lambda delivers them."""
    endpoint = get_services().config.dynamodb_endpoint_url or ""
    reader = local_mail_worker(endpoint, api.env["OUTBOX_TABLE"], Path("unused"))
    reader._discover()
    records = []
    for shard_id, iterator in list(reader.iterators.items()):
        while iterator:
            page = reader.streams.get_records(ShardIterator=iterator, Limit=100)
            records += [lambda_record(r, reader.stream_arn) for r in page["Records"]]
            iterator = page.get("NextShardIterator") if page["Records"] else None
        del shard_id
    return records


def test_the_aws_handler_reports_only_the_poison_and_the_sweep_finishes_the_rest(
    api: Api,
) -> None:
    addresses, poisoned = burst(api)
    records = stream_records(api)
    # WHEN the stream's batches reach the handler (batches of 10, as the mapping sends them)
    failed: list[str] = []
    for start in range(0, len(records), 10):
        batch = records[start : start + 10]
        answer = mail_worker.lambda_handler({"Records": batch})
        keys = {r["dynamodb"]["SequenceNumber"]: r["dynamodb"]["Keys"]["pk"]["S"] for r in batch}
        failed += [keys[item["itemIdentifier"]] for item in answer["batchItemFailures"]]
    # AND the scheduled sweep runs a few times (what a failure of the build leaves is retried)
    for _ in range(3):
        mail_worker.lambda_handler({"sweep": True, "min_age_seconds": 0})
    # THEN every good mail went out once; only given-up mail was reported failed (dead-letter
    # queue), and every poisoned mail ends there
    assert delivered(api.outbox) == Counter(dict.fromkeys(addresses, 1))
    assert set(failed) <= set(poisoned)
    items = mail_items(api)
    assert all(items[pk].get("dead_at") for pk in poisoned)
    assert not [pk for pk, item in items.items() if "unsent" in item]
