"""API benchmarks: cold import, warm throughput and latency, DynamoDB calls per submission."""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import boto3

from bench.floor import replay_items
from functions.local_defaults import LOCAL_CREDENTIALS
from functions.storage.dynamo import make_client

ROOT = Path(__file__).resolve().parent.parent
HANDLERS = ("functions.handlers.endorsements", "functions.handlers.surveys")
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}

IMPORT_TIMER = (
    "import time; started = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - started)"
)


# --- cold start: import time in fresh interpreters ------------------------------------------


def import_seconds(module: str, bytecode_dir: Path) -> float:
    # Both sides from bytecode: boto3's was compiled when pip installed it; ours goes to a
    # folder of the bench's own, as a deployed package would ship it (PYTHONDONTWRITEBYTECODE,
    # where set, would make every run compile our sources again and compare unlike with like).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(bytecode_dir)
    done = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", IMPORT_TIMER.format(module=module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(done.stdout.strip())


def cold_imports(runs: int = 9) -> dict[str, float]:
    """Median import time of each module, runs interleaved so load changes hit all alike."""
    samples: dict[str, list[float]] = {name: [] for name in ("boto3", *HANDLERS)}
    with tempfile.TemporaryDirectory(prefix="bench-bytecode-") as bytecode:
        for name in samples:
            import_seconds(name, Path(bytecode))  # untimed: writes the bytecode
        for _ in range(runs):
            for name in samples:
                samples[name].append(import_seconds(name, Path(bytecode)))
    return {name: statistics.median(values) for name, values in samples.items()}


# --- warm throughput --------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    clients: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failures: int
    latencies: tuple[float, ...] = field(default=(), repr=False, compare=False)  # seconds

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def measured(clients: int, latencies: list[float], seconds: float, failures: int) -> Throughput:
    """A run's figures from its requests' latencies (seconds) and its wall time."""
    return Throughput(
        clients,
        len(latencies),
        seconds,
        1000 * percentile(latencies, 0.50),
        1000 * percentile(latencies, 0.99),
        failures,
        tuple(latencies),
    )


def pooled(runs: list[Throughput]) -> Throughput:
    """Every round of one mode as one: the rate over all their time, p50 and p99 over all
    their requests."""
    latencies = [seconds for run in runs for seconds in run.latencies]
    seconds = sum(run.seconds for run in runs)
    return measured(runs[0].clients, latencies, seconds, sum(run.failures for run in runs))


def paired_ratios(ours: list[Throughput], base: list[Throughput]) -> list[float]:
    """Our rate over the base's, round by round: the two ran back to back, so a round shares
    the machine's mood of the moment, which drifts by up to 25% within minutes here."""
    pairs = zip(ours, base, strict=True)  # a missing round is an error, not a shorter median
    return [mine.per_second / theirs.per_second for mine, theirs in pairs]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_clients(clients: int, per_client: int, make_worker) -> Throughput:
    """`make_worker()` gives each client its own callable (own connection or client)."""
    latencies: list[float] = []
    failures = Counter()
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)

    def client() -> None:
        try:
            work = make_worker()
            work()  # warm: connection opened, first request off the clock
        except BaseException:
            start.abort()  # the others would otherwise wait at the barrier for ever
            raise
        start.wait()
        mine, bad = [], 0
        for _ in range(per_client):
            began = time.perf_counter()
            ok = work()
            mine.append(time.perf_counter() - began)
            bad += 0 if ok else 1
        with lock:
            latencies.extend(mine)
            failures["bad"] += bad

    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client) for _ in range(clients)]
        start.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
        elapsed = time.perf_counter() - began
    return measured(clients, latencies, elapsed, failures["bad"])


def endorsement_body() -> dict[str, str]:
    tag = uuid.uuid4().hex
    return {
        "name": f"Bench {tag[:6]}",
        "organisation": "Benchmark",
        "organisation_type": "citizen",
        "country": "BE",
        "email": f"bench.{tag}@example.org",
        "list_publicly": "no",
        "consent": "yes",
    }


def through_server(base_url: str):
    """Clients posting endorsements to a local server, each on its own keep-alive connection.

    http.client, not requests: the clients share the machine's two cores with the server and
    DynamoDB Local, and requests spends about 1 ms more of them per call."""
    where = urlsplit(base_url)

    def make_worker():
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)

        def submit() -> bool:
            connection.request(
                "POST",
                "/api/endorsements",
                body=json.dumps(endorsement_body()).encode("utf-8"),
                headers={"Content-Type": "application/json"},
            )
            answer = connection.getresponse()
            answer.read()
            return answer.status == 202

        return submit

    return make_worker


def dynamodb_client(ddb_port: int):
    return boto3.session.Session().client(
        "dynamodb", endpoint_url=f"http://localhost:{ddb_port}", **LOCAL_CREDENTIALS
    )


def bare_put_item(ddb_port: int, table: str):
    def make_worker():
        client = dynamodb_client(ddb_port)

        def put() -> bool:
            client.put_item(
                TableName=table,
                Item={"pk": {"S": uuid.uuid4().hex}, "body": {"S": json.dumps(endorsement_body())}},
            )
            return True

        return put

    return make_worker


def bare_transaction(ddb_port: int, recorded: list[dict]):
    """Our accepted submission's write without our code: our recorded transaction, replayed
    as the floor does (bench.floor.replay_items, to our own tables), from one client shared by
    the workers and made as our handlers make theirs (functions.storage.dynamo.make_client),
    as in process."""
    client = make_client(f"http://localhost:{ddb_port}")

    def make_worker():
        def write() -> bool:
            client.transact_write_items(TransactItems=replay_items(recorded))
            return True

        return write

    return make_worker


def in_process(api):
    """Our handler called directly (no HTTP server): what a warm Lambda does per request."""

    def make_worker():
        def submit() -> bool:
            body = json.dumps(endorsement_body()).encode()
            return api.request("POST", "/api/endorsements", body, "application/json").status == 202

        return submit

    return make_worker


def create_bare_table(ddb_port: int, table: str) -> None:
    client = dynamodb_client(ddb_port)
    client.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    client.get_waiter("table_exists").wait(TableName=table)


# --- DynamoDB calls per accepted submission ---------------------------------------------------


def count_calls(client) -> Counter:
    """Every request the client sends from this thread, by operation, counted by a botocore
    event hook (the bench's mail worker shares the client from a thread of its own)."""
    sent: Counter = Counter()
    mine = threading.get_ident()

    def record(event_name: str, **_: object) -> None:
        if threading.get_ident() == mine:
            sent[event_name.rsplit(".", 1)[-1]] += 1

    client.meta.events.register("before-send.dynamodb.*", record)
    return sent
