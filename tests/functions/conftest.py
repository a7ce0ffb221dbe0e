"""Fixtures for the forms API: real tables in DynamoDB Local, the handlers called directly with
API Gateway HTTP API v2 events, and the local outbox read back as parsed mail."""

from __future__ import annotations

import base64
import email
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from functions.config import load_config
from functions.services import get_services, reset_services
from functions.storage.tables import ensure_tables

SITE = "http://site.test"
API = "http://site.test/api"
SECRET = "test-secret-of-enough-length-0123456789"
LINK = re.compile(r"https?://\S+")


def api_event(
    method: str,
    path: str,
    *,
    route_key: str | None = None,
    body: str | bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    path_parameters: dict[str, str] | None = None,
    source_ip: str = "203.0.113.7",
    base64_body: bool = False,
) -> dict[str, Any]:
    """An HTTP API payload 2.0 event as API Gateway builds it."""
    all_headers = {"host": "site.test", "user-agent": "pytest"}
    if content_type:
        all_headers["content-type"] = content_type
    all_headers.update({k.lower(): v for k, v in (headers or {}).items()})
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": route_key or f"{method} {path}",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "headers": all_headers,
        "requestContext": {
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": source_ip},
            "requestId": uuid.uuid4().hex,
            "routeKey": route_key or f"{method} {path}",
            "stage": "$default",
            "timeEpoch": int(time.time() * 1000),
        },
        "isBase64Encoded": base64_body,
    }
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body is not None:
        if base64_body:
            raw = body if isinstance(body, bytes) else body.encode("utf-8")
            event["body"] = base64.b64encode(raw).decode("ascii")
        else:
            event["body"] = body if isinstance(body, str) else body.decode("utf-8")
    return event


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return {k.lower(): v for k, v in self.headers.items()}.get(name.lower())


@dataclass
class Api:
    """Call the handlers like API Gateway does, and read what they mailed."""

    outbox: Path
    env: dict[str, str]
    calls: list[dict[str, Any]] = field(default_factory=list)
    poller: Any = None

    def deliver(self) -> None:
        """Run the mail worker over the outbox table's stream, as Lambda would, now."""
        if self.poller is None:
            self.poller = mail_poller(self.env, self.outbox.parent / "dead-letter")
        self.poller.drain()

    def call(self, event: dict[str, Any]) -> Response:
        from functions.handlers import endorsements, surveys

        handler = surveys if "/api/surveys" in event["rawPath"] else endorsements
        result = handler.lambda_handler(event, None)
        self.calls.append(result)
        return Response(result["statusCode"], result.get("headers") or {}, result.get("body") or "")

    def post_json(self, path: str, payload: Any, **kwargs: Any) -> Response:
        kwargs.setdefault("route_key", _route_key("POST", path))
        kwargs.setdefault("path_parameters", _path_parameters(path))
        return self.call(
            api_event(
                "POST", path, body=json.dumps(payload), content_type="application/json", **kwargs
            )
        )

    def post_form(self, path: str, pairs: list[tuple[str, str]] | dict, **kwargs: Any) -> Response:
        kwargs.setdefault("route_key", _route_key("POST", path))
        kwargs.setdefault("path_parameters", _path_parameters(path))
        return self.call(
            api_event(
                "POST",
                path,
                body=urlencode(pairs),
                content_type="application/x-www-form-urlencoded",
                **kwargs,
            )
        )

    def get(self, path: str, query: dict[str, str] | None = None, **kwargs: Any) -> Response:
        kwargs.setdefault("route_key", _route_key("GET", path))
        kwargs.setdefault("path_parameters", _path_parameters(path))
        return self.call(api_event("GET", path, query=query, **kwargs))

    def mails(self) -> list[email.message.EmailMessage]:
        self.deliver()
        files = sorted(self.outbox.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    def last_mail_links(self) -> list[str]:
        mail = self.mails()[-1]
        return LINK.findall(mail.get_body(preferencelist=("plain",)).get_content())


def mail_poller(env: dict[str, str], dead_letters: Path) -> Any:
    """The mail worker of `make serve`, on the DynamoDB these handlers use (a faulty proxy's
    too), driven by hand (drain) in these tests."""
    from devstack.mail_poller import local_mail_worker

    endpoint = get_services().config.dynamodb_endpoint_url or ""
    return local_mail_worker(endpoint, env["OUTBOX_TABLE"], dead_letters)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile(
        "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    )


def _matching_route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The route of functions.routes that API Gateway would match, and its path parameters."""
    from functions.routes import ROUTES

    for route_method, template, _handler in ROUTES:
        found = _template_regex(template).fullmatch(path)
        if route_method == method and found:
            return f"{method} {template}", found.groupdict()
    return None


def _route_key(method: str, path: str) -> str:
    found = _matching_route(method, path)
    return found[0] if found else f"{method} {path}"


def _path_parameters(path: str) -> dict[str, str] | None:
    for method in ("GET", "POST"):
        found = _matching_route(method, path)
        if found and found[1]:
            return found[1]
    return None


def configure(
    monkeypatch: pytest.MonkeyPatch, table_prefix: str, outbox: Path, **overrides: str
) -> dict[str, str]:
    env = {
        "APP_MODE": "local",
        "ENDORSEMENTS_TABLE": f"{table_prefix}endorsements",
        "SURVEYS_TABLE": f"{table_prefix}surveys",
        "LIMITS_TABLE": f"{table_prefix}limits",
        "OUTBOX_TABLE": f"{table_prefix}outbox",
        "TOKEN_SECRET": SECRET,
        "SITE_URL": SITE,
        "API_BASE_URL": API,
        "ALLOWED_ORIGINS": "http://site.test,http://other-allowed.test",
        "MAIL_FROM": "Citizen Focus <no-reply@citizenfocus.test>",
        "OUTBOX_DIR": str(outbox),
        "RATE_LIMIT_PER_MINUTE": "1000",
        "STEP_RATE_LIMIT_PER_MINUTE": "1000",
        **overrides,
    }
    for name in ("TOKEN_SECRET_PARAMETER", "FORMS_DIR"):
        if name not in env:
            monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@pytest.fixture
def make_api(
    monkeypatch: pytest.MonkeyPatch, aws_local_env: str, table_prefix: str, tmp_path: Path
) -> Iterator[Any]:
    """make_api(**env overrides) -> Api with fresh tables; services are reset around each test."""

    def build(**overrides: str) -> Api:
        outbox = tmp_path / "outbox"
        env = configure(monkeypatch, table_prefix, outbox, **overrides)
        reset_services()
        ensure_tables(get_services().endorsements.client, load_config())
        return Api(outbox=outbox, env=env)

    yield build
    reset_services()


@pytest.fixture
def api(make_api: Any) -> Api:
    return make_api()
