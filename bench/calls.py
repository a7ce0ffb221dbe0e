"""DynamoDB requests per accepted submission, counted with a botocore event hook while the real
handlers run in this process (as in a warm Lambda) against the bench stack's DynamoDB Local."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import Counter
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

from bench.api import WRITES, count_calls, endorsement_body
from devstack.apigw import HttpRequest
from devstack.localenv import local_environment
from devstack.routing import Router, routes_from_table
from devstack.server import invoke

ROOT = Path(__file__).resolve().parent.parent
JSON = "application/json"
SURVEY = ROOT / "functions" / "forms" / "ambassador-survey.yml"


def survey_body() -> tuple[str, dict]:
    """A complete, valid response for a new city: the best option of every question."""
    definition = yaml.safe_load(SURVEY.read_text(encoding="utf-8"))
    answers: dict = {}
    for domain in definition["domains"]:
        for question in domain["questions"]:
            if question["type"] == "scale":
                answers[question["id"]] = question["max"]
            elif question["type"] == "multiple_choice":
                answers[question["id"]] = [option["value"] for option in question["options"]]
            else:
                best = max(question["options"], key=lambda option: option["score"])
                answers[question["id"]] = best["value"]
    respondent = {
        "name": "Bench Officer",
        "role": "Benchmarks",
        "email": f"officer.{uuid.uuid4().hex[:8]}@example.org",
        "city": f"Benchton {uuid.uuid4().hex[:8]}",
        "country": "BE",
    }
    return definition["id"], {"respondent": respondent, "answers": answers}


class InProcessApi:
    """The handlers in this process, on the bench stack's tables; their mail is sent by the
    bench's own mail worker (bench.api.MailWorker), into var_dir/outbox."""

    def __init__(self, site_url: str, ddb_endpoint: str, var_dir: Path) -> None:
        os.environ.update(local_environment(site_url, ddb_endpoint, var_dir))
        from functions.routes import ROUTES
        from functions.services import get_services, reset_services

        reset_services()
        self.router = Router(routes_from_table(ROUTES))
        self.outbox = var_dir / "outbox"  # where the bench's mail worker writes, meanwhile
        self.client = get_services().endorsements.client  # the handlers' DynamoDB client
        self.sent = count_calls(self.client)
        self.capacity: Counter = Counter()

    def request(self, method: str, path: str, body: bytes, content_type: str, query: str = ""):
        headers = [("content-type", content_type), ("accept", "application/json")]
        request = HttpRequest(method, path, query, headers, body, "192.0.2.10")
        return invoke(self.router, request)

    def measured(self, *args) -> tuple[int, Counter]:
        self.sent.clear()
        self.capacity.clear()
        response = self.request(*args)
        return response.status, Counter(self.sent)

    def confirm_token(self, email: str, timeout: float = 30.0) -> str:
        """The token of the confirmation mail, once the stack's worker has written it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in sorted(self.outbox.glob("*.eml"), reverse=True):
                with path.open("rb") as handle:
                    message = BytesParser(policy=policy.default).parse(handle)
                if email in message["To"]:
                    text = message.get_body(preferencelist=("plain",)).get_content()
                    link = next(w for w in text.split() if "/endorsements/confirm?" in w)
                    return parse_qs(urlsplit(link).query)["token"][0]
            time.sleep(0.1)
        raise LookupError(f"no mail to {email}")


CAPACITY_OPERATIONS = (
    "TransactWriteItems",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "GetItem",
    "BatchGetItem",
    "Query",
)


def count_capacity(client) -> Counter:
    """Capacity units each request consumed (ReturnConsumedCapacity), by read or write."""
    used: Counter = Counter()

    def ask(params: dict, model, **_: object) -> None:
        if model.name in CAPACITY_OPERATIONS:
            params.setdefault("ReturnConsumedCapacity", "TOTAL")

    def add(http_response, parsed: dict, model, **_: object) -> None:
        found = parsed.get("ConsumedCapacity") or []
        for entry in found if isinstance(found, list) else [found]:
            kind = "write" if model.name in WRITING else "read"
            used[kind] += float(entry.get("CapacityUnits") or 0)

    client.meta.events.register("provide-client-params.dynamodb.*", ask)
    client.meta.events.register("after-call.dynamodb.*", add)
    return used


WRITING = {"TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem"}


def capacity_per_request(site_url: str, ddb_endpoint: str, var_dir: Path):
    """Capacity units of an accepted endorsement and of a one-request survey response (each
    with its mail in its transaction), and of the worker sending one mail."""
    from functions.services import get_services

    api = InProcessApi(site_url, ddb_endpoint, var_dir)
    api.capacity = count_capacity(get_services().endorsements.client)
    found: dict[str, Counter] = {}
    api.measured("POST", "/api/endorsements", json.dumps(endorsement_body()).encode(), JSON)
    found["endorsement submitted"] = Counter(api.capacity)
    survey_id, response = survey_body()
    api.measured("POST", f"/api/surveys/{survey_id}/responses", json.dumps(response).encode(), JSON)
    found["survey response (one request)"] = Counter(api.capacity)
    found["mail sent by the worker"] = worker_capacity()
    return found


def worker_capacity() -> Counter:
    """One mail through functions.usecases.delivery.deliver, on tables of its own (no stream
    reader but this), with its client counting capacity."""
    import dataclasses
    from datetime import timedelta

    from functions.config import load_config
    from functions.mail.base import Mail
    from functions.services import get_services
    from functions.storage.tables import ensure_tables
    from functions.usecases.delivery import deliver

    services = get_services()
    prefix = f"bench-worker-{uuid.uuid4().hex[:6]}-"
    config = dataclasses.replace(load_config(), outbox_table=prefix + "outbox")
    ensure_tables(services.outbox.client, config)
    outbox = type(services.outbox)(services.outbox.client, config.outbox_table)
    worker = dataclasses.replace(services, outbox=outbox)
    text = "x" * 1400
    outbox.put(Mail("bench@example.org", "Please confirm", text), services.clock())
    [pk] = outbox.unsent(services.clock() + timedelta(seconds=1))
    used = count_capacity(outbox.client)
    used.clear()
    began = time.perf_counter()
    deliver(worker, pk)
    return Counter({**used, "ms": 1000 * (time.perf_counter() - began)})


def calls_per_submission(site_url: str, ddb_endpoint: str, var_dir: Path) -> dict[str, Counter]:
    api = InProcessApi(site_url, ddb_endpoint, var_dir)
    found: dict[str, Counter] = {}
    body = endorsement_body()
    status, found["endorsement submitted"] = api.measured(
        "POST", "/api/endorsements", json.dumps(body).encode(), "application/json"
    )
    assert status == 202, status
    token = api.confirm_token(body["email"])
    status, found["endorsement confirmed"] = api.measured(
        "POST",
        "/api/endorsements/confirm",
        json.dumps({"token": token}).encode(),
        "application/json",
    )
    assert status == 200, status
    survey_id, response = survey_body()
    status, found["survey response"] = api.measured(
        "POST",
        f"/api/surveys/{survey_id}/responses",
        json.dumps(response).encode(),
        "application/json",
    )
    assert status == 201, status
    found.update(journey_calls(api, survey_id, response))
    return found


def journey_calls(api: InProcessApi, survey_id: str, response: dict) -> dict[str, Counter]:
    """The survey journey: start, each kind of step save, send, confirm (issue 13: one write
    per step save)."""
    from functions.domain.journey import steps_of
    from functions.services import get_services

    base = f"/api/surveys/{survey_id}/drafts"
    api.sent = count_calls(get_services().surveys.client)
    found: dict[str, Counter] = {}
    started = api.request("POST", base, b"{}", "application/json")
    assert started.status == 201, started.status
    draft = json.loads(started.body)
    draft_path, token, version = f"{base}/{draft['draft_id']}", draft["token"], draft["version"]
    survey = get_services().catalog.surveys[survey_id]

    def save(step_id: str, values: dict, action: str) -> tuple[int, Counter]:
        nonlocal version
        body = {"t": token, "version": version, "action": action, **values}
        status, sent = api.measured(
            "POST", f"{draft_path}/steps/{step_id}", json.dumps(body).encode(), "application/json"
        )
        assert status == 200, status
        version += 1
        return status, sent

    about = {
        **response["respondent"],
        "city": "Utrecht",
        "country": "NL",
        "city_id": "geonames:2745912",
    }
    _, found["survey step saved (about, with the city)"] = save("about", about, "continue")
    for number, step in enumerate(steps_of(survey)[1:]):
        answers = {q.id: response["answers"][q.id] for q in step.questions}
        _, sent = save(step.id, answers, "autosave")
        if number == 0:
            found["survey step saved (answers)"] = sent
    body = json.dumps({"t": token, "version": version}).encode()
    status, found["survey sent"] = api.measured(
        "POST", f"{draft_path}/send", body, "application/json"
    )
    assert status == 303, status
    return found


def writes(calls: Counter) -> int:
    return sum(count for operation, count in calls.items() if operation in WRITES)
