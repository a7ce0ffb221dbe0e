"""The local stand-in for the mail worker's event source mapping: DynamoDB Local's stream of the
outbox table, in batches, to the same worker handler the Lambda runs.

What it keeps of the AWS mapping (template.yaml, MailWorkerFunction): batches of at most
BATCH_SIZE records, the INSERT-of-a-mail filter, partial batch failures retried up to
MAX_RETRIES times with a growing pause, then written to the dead-letter folder (var/dead-letter/,
standing in for the SQS queue). What it adds: the sweep the scheduled rule does in AWS, at start
(mail left by a stopped `make serve`) and every SWEEP_EVERY seconds.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger(__name__)

BATCH_SIZE = 10
MAX_RETRIES = 3
RETRY_PAUSE = 0.5  # seconds, doubled at each retry
POLL_EVERY = 0.05  # an idle stream is asked again this often
# The scheduled sweep, quicker than AWS's (every 5 minutes, mail older than a minute): a
# developer waiting for a mail after the mailer came back waits seconds, not minutes.
SWEEP_EVERY = 5.0
SWEEP_MIN_AGE = 5.0

Handler = Callable[[dict[str, Any]], dict[str, Any]]


def lambda_record(record: dict[str, Any], stream_arn: str) -> dict[str, Any]:
    """A record of GetRecords as Lambda delivers it (times as epoch seconds)."""
    stream = dict(record.get("dynamodb") or {})
    moment = stream.get("ApproximateCreationDateTime")
    if isinstance(moment, datetime):
        stream["ApproximateCreationDateTime"] = moment.timestamp()
    return {**record, "dynamodb": stream, "eventSourceARN": stream_arn}


class MailPoller(threading.Thread):
    def __init__(
        self,
        streams_client: Any,
        dynamodb_client: Any,
        table: str,
        handler: Handler,
        dead_letters: Path,
        *,
        retry_pause: float = RETRY_PAUSE,
        sweep_every: float = SWEEP_EVERY,
        sweep_min_age: float = SWEEP_MIN_AGE,
    ) -> None:
        super().__init__(name="mail-poller", daemon=True)
        self.streams = streams_client
        self.dynamodb = dynamodb_client
        self.table = table
        self.handler = handler
        self.dead_letters = dead_letters
        self.retry_pause = retry_pause
        self.sweep_every = sweep_every
        self.sweep_min_age = sweep_min_age
        self.stopped = threading.Event()
        self.idle = threading.Event()  # set while the stream has nothing new (caught up)
        self.iterators: dict[str, str | None] = {}
        self.stream_arn = ""

    def stop(self) -> None:
        self.stopped.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout=5)

    def run(self) -> None:
        # The sweep and the stream are tried apart: a sweep that fails (a mail the worker
        # chokes on, DynamoDB down) must never keep the stream from being read, and the
        # start-up sweep is tried once, then left to the periodic one.
        next_sweep = time.monotonic()
        first = True
        while not self.stopped.is_set():
            if time.monotonic() >= next_sweep:
                self._sweep_safely(min_age_seconds=0 if first else self.sweep_min_age)
                first = False
                next_sweep = time.monotonic() + self.sweep_every
            try:
                busy = self._poll_once()
            except Exception:  # the poller must outlive any one failure; it is logged
                log.exception("The mail poller failed a round; trying again")
                busy = False
                self.iterators.clear()
            if busy:
                self.idle.clear()
            else:
                self.idle.set()
                self.stopped.wait(POLL_EVERY)

    def _sweep_safely(self, min_age_seconds: float) -> None:
        try:
            self._sweep(min_age_seconds=min_age_seconds)
        except Exception:  # logged; the stream goes on, and the next sweep tries again
            log.exception("The mail sweep failed; the next one tries again")

    def drain(self, rounds: int = 50) -> None:
        """Hand every record the stream holds now to the worker, in this thread (tests). A
        round that fails (DynamoDB down) ends it; the next drain starts the shards again."""
        for _ in range(rounds):
            try:
                if not self._poll_once():
                    return
            except (BotoCoreError, ClientError) as exc:
                log.warning("Mail poller round failed: %s", type(exc).__name__)
                self.iterators.clear()
                return

    def _sweep(self, min_age_seconds: float | None = None) -> None:
        event: dict[str, Any] = {"sweep": True}
        if min_age_seconds is not None:
            event["min_age_seconds"] = min_age_seconds
        result = self.handler(event)
        if result.get("swept"):
            log.info("Mail sweep: %s unsent mail tried", result["swept"])

    def _discover(self) -> None:
        self.stream_arn = self.dynamodb.describe_table(TableName=self.table)["Table"][
            "LatestStreamArn"
        ]
        shards = self.streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"][
            "Shards"
        ]
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self.iterators:
                continue
            self.iterators[shard_id] = self.streams.get_shard_iterator(
                StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON"
            )["ShardIterator"]

    def _poll_once(self) -> bool:
        """One GetRecords per open shard; whether any brought records."""
        if not self.iterators or all(value is None for value in self.iterators.values()):
            self._discover()
        busy = False
        for shard_id, iterator in list(self.iterators.items()):
            if iterator is None:
                continue
            try:
                page = self.streams.get_records(ShardIterator=iterator, Limit=BATCH_SIZE)
            except ClientError as exc:
                code = exc.response.get("Error", {}).get("Code")
                if code not in ("ExpiredIteratorException", "TrimmedDataAccessException"):
                    raise
                # The iterator is no good any more: start the shards again from their oldest
                # record; the worker skips what it already sent.
                self.iterators.clear()
                return True
            self.iterators[shard_id] = page.get("NextShardIterator")
            records = [lambda_record(record, self.stream_arn) for record in page["Records"]]
            if records:
                busy = True
                self._invoke(records)
        return busy

    def _invoke(self, records: list[dict[str, Any]]) -> None:
        """The batch, then its failed records again after a pause, then the dead-letter folder."""
        batch = records
        for attempt in range(MAX_RETRIES + 1):
            result = self.handler({"Records": batch})
            failed = {item["itemIdentifier"] for item in result.get("batchItemFailures") or []}
            if not failed:
                return
            batch = [record for record in batch if record["dynamodb"]["SequenceNumber"] in failed]
            if attempt < MAX_RETRIES and not self.stopped.wait(self.retry_pause * 2**attempt):
                continue
            break
        self._dead_letter(batch)

    def _dead_letter(self, records: list[dict[str, Any]]) -> None:
        """As the on-failure destination gets them: where the records are, not their content."""
        self.dead_letters.mkdir(parents=True, exist_ok=True)
        for record in records:
            sequence = record["dynamodb"]["SequenceNumber"]
            entry = {
                "condition": "RetryAttemptsExhausted",
                "approximateInvokeCount": MAX_RETRIES + 1,
                "streamArn": self.stream_arn,
                "sequenceNumber": sequence,
                "keys": record["dynamodb"].get("Keys"),
            }
            path = self.dead_letters / f"{int(time.time() * 1000)}-{sequence}.json"
            path.write_text(json.dumps(entry, indent=2), encoding="utf-8")
            log.error("Mail record %s dead-lettered to %s", sequence, path.name)


def local_mail_worker(endpoint_url: str, table: str, dead_letters: Path) -> MailPoller:
    """The mail worker as `make serve` runs it: the stream of the outbox `table` of the DynamoDB
    at `endpoint_url`, handed to the worker's Lambda handler in this process. Not started."""
    import boto3
    from botocore.config import Config

    from functions.handlers.mail_worker import lambda_handler
    from functions.local_defaults import LOCAL_CREDENTIALS

    # Short timeouts and few retries, as the functions' own client has: a paused or stalled
    # DynamoDB Local must cost the poller a round (it tries again), not minutes of boto3's
    # defaults (60 s reads, several attempts).
    patience = Config(
        connect_timeout=2, read_timeout=5, retries={"max_attempts": 2, "mode": "standard"}
    )
    session = boto3.session.Session()  # clients of its own, for the poller's thread
    endpoint = {"endpoint_url": endpoint_url, "config": patience, **LOCAL_CREDENTIALS}
    streams = session.client("dynamodbstreams", **endpoint)
    dynamodb = session.client("dynamodb", **endpoint)
    return MailPoller(streams, dynamodb, table, lambda_handler, dead_letters)
