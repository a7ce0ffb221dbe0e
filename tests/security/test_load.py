"""A bounded load run on loopback: 2,000 mixed submissions through the local server.

A thread pool sends new endorsements, repeated ones, survey responses (some for a city that has
answered), and invalid bodies. It stops by itself after the last one. Every accepted submission
must be in its table, none twice; nothing may answer 5xx. The throughput is printed, not
asserted (speed is `make bench`'s business).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests

from functions.storage.dynamo import from_item
from tests.functions.test_endorsement_flow import endorsement
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID, respondent
from tests.security.conftest import stack_tables
from tests.support.live_stack import LiveStack

pytestmark = pytest.mark.slow

SUBMISSIONS = 2000
WORKERS = 8


@dataclass(frozen=True)
class Sent:
    kind: str
    status: int
    key: str  # the email or the survey response id that must be stored


def plan(i: int) -> tuple[str, str, dict]:
    """The i-th submission: (kind, path, body)."""
    slot = i % 10
    if slot < 5:
        return "endorsement", "/api/endorsements", endorsement(email=f"load{i}@example.org")
    if slot == 5:  # someone filling in the form again: answered alike, stored once
        return "endorsement", "/api/endorsements", endorsement(email=f"load{i - 5}@example.org")
    if slot < 9:
        city = f"Loadtown {i if slot < 8 else i - 1}"  # slot 8 repeats slot 7's city: kept too
        body = {"respondent": respondent(city=city), "answers": ALL_BEST}
        return "survey", f"/api/surveys/{SURVEY_ID}/responses", body
    return "invalid", "/api/endorsements", endorsement(email="not-an-email")


def send(session: requests.Session, stack: LiveStack, i: int) -> Sent:
    kind, path, body = plan(i)
    headers = {"Idempotency-Key": uuid.uuid4().hex, "Origin": stack.url}
    response = session.post(stack.url + path, json=body, headers=headers, timeout=30)
    key = body.get("email", "")
    if kind == "survey" and response.status_code == 201:
        key = response.json()["reference"]
    return Sent(kind, response.status_code, key)


def scan_all(client, table: str) -> list[dict]:
    items, request = [], {"TableName": table}
    while True:
        page = client.scan(**request)
        items += [from_item(item) for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            return items
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def test_2000_mixed_submissions_all_accepted_ones_stored_once_and_no_5xx(
    live_stack: LiveStack,
) -> None:
    """Of 2,000 mixed posts none gets a 5xx, and every accepted one is stored exactly once."""
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=WORKERS))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        sent = list(pool.map(lambda i: send(session, live_stack, i), range(SUBMISSIONS)))
    elapsed = time.perf_counter() - started
    statuses = Counter((item.kind, item.status) for item in sent)
    print(
        f"\n{SUBMISSIONS} submissions in {elapsed:.1f} s: {SUBMISSIONS / elapsed:.0f}/s {statuses}"
    )

    failures = [line for line in live_stack.lines if "ERROR" in line or "Traceback" in line]
    assert [item for item in sent if item.status >= 500] == [], failures[:20]
    assert set(statuses) == {
        ("endorsement", 202),
        ("survey", 201),
        ("invalid", 422),
    }, statuses
    client, tables = stack_tables(live_stack)
    endorsements = scan_all(client, tables["ENDORSEMENTS_TABLE"])
    accepted_emails = {item.key for item in sent if item.kind == "endorsement"}
    stored_emails = [item["email"] for item in endorsements if item["email"].startswith("load")]
    assert sorted(stored_emails) == sorted(accepted_emails)  # each once
    responses = [
        item
        for item in scan_all(client, tables["SURVEYS_TABLE"])
        if "Loadtown" in str((item.get("city") or {}).get("name"))
    ]
    accepted_ids = [item.key for item in sent if (item.kind, item.status) == ("survey", 201)]
    assert sorted(item["reference"] for item in responses) == sorted(accepted_ids)
