"""Can time tell whether an address endorsed? Probes of new and known addresses, timed
through the local stack, and the best classifier an attacker could build from the times.

The attacker submits an address and times the answer (status and body are the same for both
kinds). A threshold on the time is the classifier: "known" when slower than it (or faster:
both directions are tried). Two accuracies are reported:
- in-sample: the best threshold chosen on all probes and scored on the same probes. This is
  what "the best classifier" means literally, and it flatters the attacker: with 50 + 50
  probes of one and the same distribution it still scores about 0.58 by chance alone;
- held out: the threshold chosen on half of the probes and scored on the other half, which is
  what an attacker can actually expect on addresses they have not probed yet.
"""

from __future__ import annotations

import email
import http.client
import itertools
import json
import random
import re
import time
import uuid
from dataclasses import dataclass
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PROBES = 50  # of each kind


@dataclass(frozen=True)
class Enumeration:
    new_ms: list[float]
    known_ms: list[float]
    in_sample: float
    held_out: float
    chance_in_sample: float  # the in-sample accuracy of two halves of the *same* kind


def best_threshold(new: list[float], known: list[float]) -> tuple[float, bool, float]:
    """(threshold, known_is_slower, accuracy) of the best single-threshold classifier."""
    best = (0.0, True, 0.0)
    total = len(new) + len(known)
    values = sorted({*new, *known})
    # Midway between neighbours: a threshold on a probe's own time overfits it.
    candidates = [values[0] - 1.0] + [(a + b) / 2 for a, b in itertools.pairwise(values)]
    for threshold in candidates:
        slower = sum(t > threshold for t in known) + sum(t <= threshold for t in new)
        for known_is_slower, right in ((True, slower), (False, total - slower)):
            if right / total > best[2]:
                best = (threshold, known_is_slower, right / total)
    return best


def accuracy(new: list[float], known: list[float], threshold: float, slower: bool) -> float:
    def says_known(value: float) -> bool:
        return value > threshold if slower else value <= threshold

    right = sum(says_known(t) for t in known) + sum(not says_known(t) for t in new)
    return right / (len(new) + len(known))


def classify(new: list[float], known: list[float]) -> tuple[float, float]:
    """(in-sample, held-out) accuracy of the best threshold classifier."""
    in_sample = best_threshold(new, known)[2]
    threshold, slower, _ = best_threshold(new[0::2], known[0::2])
    held_out = accuracy(new[1::2], known[1::2], threshold, slower)
    return in_sample, held_out


def _body(address: str, name: str = "Probe") -> bytes:
    return json.dumps(
        {
            "name": name,
            "organisation": "Benchmark",
            "organisation_type": "citizen",
            "country": "BE",
            "email": address,
            "list_publicly": "no",
            "consent": "yes",
        }
    ).encode("utf-8")


def _timed_post(connection: http.client.HTTPConnection, path: str, body: bytes) -> float:
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    answer = connection.getresponse()
    answer.read()
    elapsed = 1000 * (time.perf_counter() - started)
    if answer.status not in (200, 202):
        raise RuntimeError(f"{path} answered {answer.status}")
    return elapsed


def _confirm_token(outbox: Path, address: str, timeout: float = 30.0) -> str | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in outbox.glob("*.eml"):
            mail = email.message_from_bytes(path.read_bytes(), policy=policy.default)
            if mail["To"] == address:
                text = mail.get_body(preferencelist=("plain",)).get_content()
                link = next(u for u in re.findall(r"https?://\S+", text) if "/confirm?" in u)
                return parse_qs(urlsplit(link).query)["token"][0]
        time.sleep(0.05)
    return None


def measure(base_url: str, outbox: Path, probes: int = PROBES) -> Enumeration:
    """Known addresses (half pending, half confirmed) and new ones, probed in random order
    by one client on one keep-alive connection."""
    where = urlsplit(base_url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
    tag = uuid.uuid4().hex[:8]
    known = [f"known.{tag}.{n}@example.org" for n in range(probes)]
    for address in known:  # they endorse first (untimed), with what the prober cannot know:
        # the same body again would be a retry, answered from the idempotency record
        _timed_post(connection, "/api/endorsements", _body(address, name="Their own name"))
    for address in known[: probes // 2]:
        token = _confirm_token(outbox, address)
        if token is not None:
            confirm = json.dumps({"token": token}).encode("utf-8")
            _timed_post(connection, "/api/endorsements/confirm", confirm)
    order = [(True, address) for address in known]
    order += [(False, f"new.{tag}.{n}@example.org") for n in range(probes)]
    random.Random(7).shuffle(order)  # noqa: S311 - an order, not a secret
    new_ms: list[float] = []
    known_ms: list[float] = []
    for is_known, address in order:
        elapsed = _timed_post(connection, "/api/endorsements", _body(address))
        (known_ms if is_known else new_ms).append(elapsed)
    connection.close()
    in_sample, held_out = classify(new_ms, known_ms)
    pooled = new_ms + known_ms
    random.Random(11).shuffle(pooled)  # noqa: S311 - two groups of one kind: chance
    chance = best_threshold(pooled[0::2], pooled[1::2])[2]
    return Enumeration(new_ms, known_ms, in_sample, held_out, chance)
