"""Mail latency: from the 202 of an endorsement to its .eml on disk, through the local stack."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.api import endorsement_body, percentile, run_clients


class BenchMailWorker:
    """The mail worker on the bench stack's outbox stream, in this process: apart from the
    server that answers the requests, as Lambda runs it apart from the API."""

    def __init__(self, ddb_port: int, dead_letters: Path) -> None:
        from devstack.mail_poller import local_mail_worker
        from functions.config import load_config

        endpoint = f"http://localhost:{ddb_port}"
        self.poller = local_mail_worker(endpoint, load_config().outbox_table, dead_letters)

    def __enter__(self) -> BenchMailWorker:
        self.poller.start()
        return self

    def wait_idle(self, limit: float = 180.0) -> None:
        """Until the worker has read the whole stream so far (the backlog of the runs above):
        a round of polling that found nothing new, after this call."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            self.poller.idle.clear()
            if self.poller.idle.wait(timeout=5):
                return

    def __exit__(self, *_: object) -> None:
        self.poller.stop()


@dataclass(frozen=True)
class MailLatency:
    clients: int
    mails: int
    missing: int
    p50_ms: float
    p99_ms: float
    poisoned: int = 0  # mails no one can send, written among them (issue 23)


def poisoner(ddb_port: int) -> Callable[[], None]:
    """Writes one mail nobody can send (a header injection in its address) into the outbox
    table, as a bug or an older release could: the worker must set it aside, and the others
    must not wait for it."""
    import uuid

    import boto3

    from functions.config import load_config
    from functions.local_defaults import LOCAL_CREDENTIALS

    client = boto3.client(
        "dynamodb", endpoint_url=f"http://localhost:{ddb_port}", **LOCAL_CREDENTIALS
    )
    table = load_config().outbox_table

    def put() -> None:
        now = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        item = {
            "pk": {"S": f"mail#poison-{uuid.uuid4().hex}"},
            "to": {"S": "x@example.org\r\nBcc: y@evil.example"},
            "subject": {"S": "Poisoned"},
            "text": {"S": "This mail can never be sent."},
            "language": {"S": "en"},
            "created_at": {"S": now},
            "unsent": {"S": "mail"},
        }
        client.put_item(TableName=table, Item=item)

    return put


def _recipient(path: Path) -> str | None:
    for line in path.read_bytes().split(b"\n", 40):
        if line.startswith(b"To: "):
            return line[4:].strip().decode("utf-8", "replace")
    return None


def measure(
    base_url: str,
    outbox: Path,
    clients: int,
    per_client: int,
    caught_up,
    poison: Callable[[], None] | None = None,
) -> MailLatency:
    """From the 202 of each endorsement to its .eml on disk (the worker's write, its mtime),
    through the local stack: the request, the outbox table's stream, the poller, the worker.
    `caught_up()` returns once the worker has the backlog of earlier runs behind it.
    `poison`, when given, writes a mail nobody can send after every tenth answer."""
    outbox.mkdir(parents=True, exist_ok=True)
    caught_up()
    seen = set(outbox.glob("*.eml"))
    answered: dict[str, float] = {}
    poisoned: list[int] = []
    lock = threading.Lock()
    where = urlsplit(base_url)

    def make_worker():
        connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)

        def submit() -> bool:
            body = endorsement_body()
            connection.request(
                "POST",
                "/api/endorsements",
                body=json.dumps(body).encode("utf-8"),
                headers={"Content-Type": "application/json"},
            )
            answer = connection.getresponse()
            answer.read()
            if answer.status == 202:
                with lock:
                    answered[body["email"]] = time.time()
                    poison_now = poison is not None and len(answered) % 10 == 0
                if poison_now:
                    poison()
                    poisoned.append(1)
            return answer.status == 202

        return submit

    run_clients(clients, per_client, make_worker)
    arrived: dict[str, float] = {}
    deadline = time.monotonic() + 60
    while len(arrived) < len(answered) and time.monotonic() < deadline:
        for path in set(outbox.glob("*.eml")) - seen:
            seen.add(path)
            recipient = _recipient(path)
            if recipient in answered:
                arrived[recipient] = path.stat().st_mtime
        time.sleep(0.05)
    latencies = [arrived[email] - at for email, at in answered.items() if email in arrived]
    return MailLatency(
        clients,
        len(latencies),
        len(answered) - len(latencies),
        1000 * percentile(latencies, 0.50) if latencies else float("nan"),
        1000 * percentile(latencies, 0.99) if latencies else float("nan"),
        len(poisoned),
    )
