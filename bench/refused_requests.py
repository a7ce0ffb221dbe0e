"""Requests the API refuses before any write (422): what the HTML and JSON path benches send."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from bench.api import endorsement_body
from bench.calls import survey_body
from devstack.apigw import HttpRequest, build_event

SITE_URL = "http://localhost:8000"


def _event(path: str, route: str, params: dict, content_type: str, accept: str, body: bytes):
    headers = [
        ("host", "localhost:8000"),
        ("origin", SITE_URL),
        ("content-type", content_type),
        ("accept", accept),
    ]
    request = HttpRequest("POST", path, "", headers, body, "192.0.2.10")
    return build_event(request, route, params)


def survey_post(form: bool) -> dict:
    """A survey response with its first answer left out: refused with 422 before any write."""
    survey_id, body = survey_body()
    answers = dict(body["answers"])
    answers.pop(next(iter(answers)))
    path = f"/api/surveys/{survey_id}/responses"
    route = "POST /api/surveys/{survey_id}/responses"
    params = {"survey_id": survey_id}
    if form:
        encoded = urlencode({**body["respondent"], **answers}, doseq=True).encode()
        return _event(
            path, route, params, "application/x-www-form-urlencoded", "text/html", encoded
        )
    payload = json.dumps({"respondent": body["respondent"], "answers": answers}).encode()
    return _event(path, route, params, "application/json", "application/json", payload)


def endorsement_post() -> dict:
    """A JSON endorsement without its consent: refused with 422 before any write."""
    body = endorsement_body()
    del body["consent"]
    return _event(
        "/api/endorsements",
        "POST /api/endorsements",
        {},
        "application/json",
        "application/json",
        json.dumps(body).encode(),
    )
