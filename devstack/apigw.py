"""Translate between plain HTTP and the API Gateway HTTP API payload format 2.0.

The local server uses this so that handlers see exactly the event shape they get
in AWS, and their results become HTTP responses by the same rules API Gateway
applies (including its "inferred" format for results without a statusCode).
See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import parse_qsl

TEXT_TYPES = ("text/", "application/json", "application/x-www-form-urlencoded", "application/xml")


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    query_string: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def _is_text(content_type: str) -> bool:
    msg = Message()
    msg["content-type"] = content_type
    mime = msg.get_content_type()
    return any(mime.startswith(prefix) for prefix in TEXT_TYPES)


def build_event(request: HttpRequest, route_key: str, path_parameters: dict[str, str]) -> dict:
    """An HTTP API v2 event for this request, as API Gateway would send it."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        # API Gateway joins repeated headers with commas.
        headers[key] = f"{headers[key]},{value}" if key in headers else value

    query: dict[str, str] = {}
    for key, value in parse_qsl(request.query_string, keep_blank_values=True):
        query[key] = f"{query[key]},{value}" if key in query else value

    is_text = _is_text(headers.get("content-type", ""))
    if not request.body:
        body, encoded = None, False
    elif is_text:
        try:
            body, encoded = request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            body, encoded = base64.b64encode(request.body).decode("ascii"), True
    else:
        body, encoded = base64.b64encode(request.body).decode("ascii"), True

    now = time.time()
    event: dict = {
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": request.path,
        "rawQueryString": request.query_string,
        "headers": headers,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "local",
            "domainName": headers.get("host", "localhost"),
            "domainPrefix": headers.get("host", "localhost").split(".")[0],
            "http": {
                "method": request.method,
                "path": request.path,
                "protocol": "HTTP/1.1",
                "sourceIp": request.source_ip,
                "userAgent": headers.get("user-agent", ""),
            },
            "requestId": uuid.uuid4().hex,
            "routeKey": route_key,
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": encoded,
    }
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if body is not None:
        event["body"] = body
    return event


def to_http_response(result: object) -> HttpResponse:
    """Turn a handler's return value into the response API Gateway would send."""
    if not (isinstance(result, dict) and "statusCode" in result):
        # Inferred format: anything else is a 200 JSON body.
        payload = result if isinstance(result, str) else json.dumps(result)
        return HttpResponse(200, [("Content-Type", "application/json")], payload.encode("utf-8"))

    headers = [(str(k), str(v)) for k, v in (result.get("headers") or {}).items()]
    for name, values in (result.get("multiValueHeaders") or {}).items():
        headers.extend((str(name), str(v)) for v in values)
    headers.extend(("Set-Cookie", str(cookie)) for cookie in result.get("cookies") or [])

    raw_body = result.get("body") or ""
    if result.get("isBase64Encoded"):
        body = base64.b64decode(raw_body)
    else:
        body = (
            raw_body.encode("utf-8") if isinstance(raw_body, str) else json.dumps(raw_body).encode()
        )
    return HttpResponse(int(result["statusCode"]), headers, body)
