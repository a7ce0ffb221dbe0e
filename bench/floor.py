"""The floor: the local server with a handler that does nothing but one bare put_item.

No handler can answer faster through the local server than this one, so its rate says how
much of the throughput target the HTTP hop leaves for any design, and our rate over its rate
says what our own code costs.

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
FLOOR_ROUTE = Route("POST", "/api/endorsements", "bench.floor.put_only")


@functools.cache  # once per process, as a warm Lambda keeps its client
def _dynamodb():
    return aws_client("dynamodb", endpoint_url=os.environ["FLOOR_DDB_ENDPOINT"])


def put_only(event: dict, context: object) -> dict:
    """One conditional put of the request body; answers as our handler does (202)."""
    _dynamodb().put_item(
        TableName=os.environ["FLOOR_TABLE"],
        Item={"pk": {"S": uuid.uuid4().hex}, "body": {"S": event.get("body") or ""}},
        ConditionExpression="attribute_not_exists(pk)",
    )
    return {"statusCode": 202, "headers": {"Content-Type": "application/json"}, "body": "{}"}


class FloorServer:
    """`python -m bench.floor` as a child process, like the stack's own server."""

    def __init__(self, port: int, ddb_endpoint: str, table: str) -> None:
        self.url = f"http://localhost:{port}"
        env = {
            **os.environ,
            "FLOOR_DDB_ENDPOINT": ddb_endpoint,
            "FLOOR_TABLE": table,
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
