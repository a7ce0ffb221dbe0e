"""The floor: the local server with a handler that does exactly our write and nothing else.

Our write is recorded once from our own handler (record_our_write): the TransactItems of an
accepted endorsement, the record, the client's rate counter, the idempotency record and the
mail for the outbox, with their conditions. The floor sends exactly those again for every
request, to the same tables, each item under a fresh key; no validation, no tokens, no
rendering. No handler that makes our write can answer faster through this server, so our rate
over its rate is what our own code costs (#15: at least 0.8x).

The same tables, not copies of them: DynamoDB Local writes more slowly to a table holding a
few thousand items than to a fresh one (measured, our transaction at 4 clients: 280-360 a
second against 400-480), so a floor on tables of its own ran on emptier tables than ours and
was faster for a reason that has nothing to do with our code.

python -m bench.floor --port P   (the bench starts it: FloorServer)
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devstack.localenv import local_aws_environment
from devstack.routing import Route, Router
from devstack.server import start_server
from functions.storage.dynamo import make_client

ROOT = Path(__file__).resolve().parent.parent
READY_LINE = "floor server ready"
# The same path as our endorsement route, so the client sends byte for byte the same request.
FLOOR_ROUTE = Route("POST", "/api/endorsements", "bench.floor.our_write_only")


def record_our_write(client: Any, submit: Callable[[], bool]) -> list[dict]:
    """The TransactItems of one accepted endorsement, as our handler hands them to botocore:
    the floor and the bare transaction replay exactly these (issue 15: "the same items")."""
    seen: list[list[dict]] = []
    event = "provide-client-params.dynamodb.TransactWriteItems"

    def keep(params: dict, **_: object) -> None:
        seen.append(copy.deepcopy(params["TransactItems"]))

    client.meta.events.register(event, keep)
    try:
        if not submit():
            raise RuntimeError("the endorsement to record was not accepted")
    finally:
        client.meta.events.unregister(event, keep)
    if not seen:
        raise RuntimeError("our handler made no transaction to record")
    return seen[-1]


def fresh_key_like(key: str) -> str:
    """Another key of the same shape and length: 'mail#3f2a...' -> 'mail#9c1d...'."""
    prefix, mark, rest = key.rpartition("#")
    return f"{prefix}{mark}{secrets.token_hex(len(rest) // 2 + 1)[: len(rest)]}"


def replay_items(recorded: list[dict]) -> list[dict]:
    """Our recorded write again: every item it puts gets a fresh key of the same length (the
    rest, its table included, is byte for byte ours); the rate counter's update stays as it is
    (one counter for every request of the minute, as for our clients behind one address)."""
    items = []
    for entry in recorded:
        ((operation, request),) = entry.items()
        if operation == "Put":
            item = dict(request["Item"])
            item["pk"] = {"S": fresh_key_like(item["pk"]["S"])}
            request = {**request, "Item": item}
        items.append({operation: request})
    return items


@functools.cache  # once per process, as a warm Lambda keeps its client
def _dynamodb():
    """A client made as our handlers make theirs (timeouts, retries, connection pool)."""
    return make_client(os.environ["FLOOR_DDB_ENDPOINT"])


@functools.cache
def _recorded() -> list[dict]:
    return json.loads(Path(os.environ["FLOOR_WRITE"]).read_text("utf-8"))


def our_write_only(event: dict, context: object) -> dict:
    """Our write, nothing else (no validation, no tokens, no rendering); answers as our
    handler does (202)."""
    items = replay_items(_recorded())
    _dynamodb().transact_write_items(TransactItems=items)
    return {"statusCode": 202, "headers": {"Content-Type": "application/json"}, "body": "{}"}


class FloorServer:
    """`python -m bench.floor` as a child process, like the stack's own server."""

    def __init__(self, port: int, ddb_endpoint: str, write: Path) -> None:
        """`write`: our recorded transaction (record_our_write), as JSON."""
        self.url = f"http://localhost:{port}"
        env = {
            **os.environ,
            "FLOOR_DDB_ENDPOINT": ddb_endpoint,
            "FLOOR_WRITE": str(write),
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
