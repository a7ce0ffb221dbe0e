"""The floor: the local server with a handler that does exactly our write and nothing else.

One TransactWriteItems of the four items an accepted endorsement writes (the record, the
client's rate counter, the idempotency record, the mail for the outbox), with the same
conditions and about the same sizes; no validation, no tokens, no rendering. No handler that
makes our write can answer faster through this server, so our rate over its rate is what our
own code costs (#15: at least 0.8x).

python -m bench.floor --port P --ddb-endpoint URL --table T   (the bench starts it)
"""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from devstack.localenv import local_aws_environment
from devstack.routing import Route, Router
from devstack.server import start_server
from functions.aws import client as aws_client

ROOT = Path(__file__).resolve().parent.parent
READY_LINE = "floor server ready"
# The same path as our endorsement route, so the client sends byte for byte the same request.
FLOOR_ROUTE = Route("POST", "/api/endorsements", "bench.floor.our_write_only")
MAIL_TEXT = "x" * 1400  # about the size of our confirmation mail's text
RATE_LIMIT = 10**9  # the counter is updated and checked, never refused


def table_names(prefix: str) -> dict[str, str]:
    """The floor's own tables, made like ours (same keys, indexes, stream: create_tables)."""
    return {kind: f"{prefix}{kind}" for kind in ("endorsements", "limits", "outbox")}


def create_tables(client, prefix: str) -> None:
    from functions.storage.tables import TABLE_SPECS, create_table_request

    for kind, name in table_names(prefix).items():
        client.create_table(**create_table_request(name, TABLE_SPECS[f"{kind}_table"]))
        client.get_waiter("table_exists").wait(TableName=name)


def our_write_items(prefix: str, body: str) -> list[dict]:
    """Our accepted submission's transaction on tables made like ours: the same four items
    (record, rate counter, idempotency record, outbox mail) with the same conditions and about
    the same sizes. The rate counter is one item for every request of the minute, as it is for
    clients behind one address (the bench's clients all come from localhost)."""
    tables = table_names(prefix)
    minute = int(time.time() // 60)
    now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())

    def put(table: str, **attributes: str) -> dict:
        item = {"pk": {"S": uuid.uuid4().hex}}
        item |= {name: {"S": value} for name, value in attributes.items()}
        return {
            "Put": {
                "TableName": table,
                "Item": item,
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }

    rate = {
        "Update": {
            "TableName": tables["limits"],
            "Key": {"pk": {"S": f"rate#bench#{minute}"}},
            "UpdateExpression": "ADD n :one SET expires_at = :expires",
            "ConditionExpression": "attribute_not_exists(n) OR n < :limit",
            "ExpressionAttributeValues": {
                ":one": {"N": "1"},
                ":limit": {"N": str(RATE_LIMIT)},
                ":expires": {"N": str(minute * 60 + 120)},
            },
        }
    }
    return [
        put(tables["endorsements"], body=body, status="pending", created_at=now),
        rate,
        put(tables["limits"], body='{"status":"pending"}', request_hash=uuid.uuid4().hex),
        put(
            tables["outbox"],
            to="bench@example.org",
            subject="Please confirm",
            text=MAIL_TEXT,
            unsent="mail",
            created_at=now,
        ),
    ]


@functools.cache  # once per process, as a warm Lambda keeps its client
def _dynamodb():
    return aws_client("dynamodb", endpoint_url=os.environ["FLOOR_DDB_ENDPOINT"])


def our_write_only(event: dict, context: object) -> dict:
    """Our write of the request body, nothing else; answers as our handler does (202)."""
    items = our_write_items(os.environ["FLOOR_TABLE_PREFIX"], event.get("body") or "")
    _dynamodb().transact_write_items(TransactItems=items)
    return {"statusCode": 202, "headers": {"Content-Type": "application/json"}, "body": "{}"}


class FloorServer:
    """`python -m bench.floor` as a child process, like the stack's own server."""

    def __init__(self, port: int, ddb_endpoint: str, table_prefix: str) -> None:
        self.url = f"http://localhost:{port}"
        env = {
            **os.environ,
            "FLOOR_DDB_ENDPOINT": ddb_endpoint,
            "FLOOR_TABLE_PREFIX": table_prefix,
            **local_aws_environment(),
            "PYTHONUNBUFFERED": "1",
        }
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            [sys.executable, "-m", "bench.floor", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith(READY_LINE):
            self.stop()
            raise RuntimeError(f"the floor server did not start: {line!r}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    start_server("127.0.0.1", args.port, ROOT / "bench", Router([FLOOR_ROUTE]))
    print(READY_LINE, flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main())
