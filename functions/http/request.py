"""Read an API Gateway HTTP API (payload format 2.0) event into a Request, and its body."""

from __future__ import annotations

import base64
import binascii
import functools
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from functions.domain.errors import (
    MalformedRequest,
    OriginNotAllowed,
    PayloadTooLarge,
    UnsupportedContentType,
)
from functions.i18n import N_, available_languages, negotiate

MAX_BODY_BYTES = 16 * 1024
MAX_FORM_FIELDS = 200
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Request:
    """An API Gateway HTTP API (payload 2.0) request, as the handlers read it."""

    method: str
    path: str
    route_key: str
    headers: dict[str, str]  # lower-case names
    query: dict[str, str] = field(default_factory=dict)
    path_parameters: dict[str, str] = field(default_factory=dict)
    raw_body: str | None = None
    base64_encoded: bool = False
    source_ip: str = ""

    @classmethod
    def from_event(cls, event: dict[str, Any]) -> Request:
        context = event.get("requestContext") or {}
        http = context.get("http") or {}
        headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
        return cls(
            method=str(http.get("method") or "GET").upper(),
            path=str(http.get("path") or event.get("rawPath") or "/"),
            route_key=str(event.get("routeKey") or context.get("routeKey") or ""),
            headers=headers,
            query={str(k): str(v) for k, v in (event.get("queryStringParameters") or {}).items()},
            path_parameters={
                str(k): str(v) for k, v in (event.get("pathParameters") or {}).items()
            },
            raw_body=event.get("body"),
            base64_encoded=bool(event.get("isBase64Encoded")),
            source_ip=str(http.get("sourceIp") or ""),
        )

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def page_language(self) -> str | None:
        """The language of the page that sent the request (`?lang=`), when the API speaks it."""
        wanted = (self.query.get("lang") or "").strip().lower()
        return wanted if wanted in available_languages() else None

    @functools.cached_property  # asked by the route, its answer and the router: worked out once
    def language(self) -> str:
        """The page's language (`?lang=`); else Accept-Language's best; else English."""
        return negotiate(self.page_language, self.header("accept-language"), available_languages())

    @property
    def media_type(self) -> str:
        value = self.header("content-type") or ""
        return value.split(";", 1)[0].strip().lower()

    @property
    def is_form_post(self) -> bool:
        """A plain HTML form: answer with a redirect or an HTML page, not JSON."""
        return self.media_type == FORM

    def body_bytes(self) -> bytes:
        if self.raw_body is None:
            return b""
        if self.base64_encoded:
            try:
                data = base64.b64decode(self.raw_body, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise MalformedRequest(N_("The request body is not valid base64.")) from exc
        else:
            data = self.raw_body.encode("utf-8", errors="surrogatepass")
        if len(data) > MAX_BODY_BYTES:
            raise PayloadTooLarge(
                N_("The request body is over %(size)s KB.", size=MAX_BODY_BYTES // 1024)
            )
        return data


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise MalformedRequest(N_("The JSON body repeats the key %(key)r.", key=key[:64]))
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise MalformedRequest(
        N_("The JSON body contains %(name)s, which is not valid JSON.", name=name)
    )


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any key or string in the parsed JSON holds half of a UTF-16 pair."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_body(request: Request) -> tuple[dict[str, Any], bool]:
    """The body as (values, form_encoded). JSON keeps its types; a form gives lists of strings."""
    if request.media_type not in (JSON, FORM):
        raise UnsupportedContentType(
            N_(
                "Send the body as %(json)s or %(form)s (with charset utf-8, if any).",
                json=JSON,
                form=FORM,
            )
        )
    charset = _charset(request.header("content-type") or "")
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedContentType(N_("Send the body encoded as UTF-8."))
    data = request.body_bytes()
    if not data.strip():
        raise MalformedRequest(N_("The request body is empty."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedRequest(N_("The request body is not valid UTF-8.")) from exc
    if request.media_type == JSON:
        try:
            parsed = json.loads(
                text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant
            )
        except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            raise MalformedRequest(N_("The request body is not valid JSON.")) from exc
        if not isinstance(parsed, dict):
            raise MalformedRequest(N_("The JSON body must be an object."))
        if _has_lone_surrogate(parsed):
            # "\udfff" is valid JSON but no text: nothing downstream can encode it.
            raise MalformedRequest(N_("The request body is not valid UTF-8."))
        return parsed, False
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedRequest(
            N_("The form body is not valid (bad encoding or too many fields).")
        ) from exc
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    return values, True


def check_origin(request: Request, allowed: tuple[str, ...]) -> str | None:
    """The request's Origin when allowed (or None when it has none); OriginNotAllowed otherwise.

    Browsers send Origin on every cross-site and form POST; clients without one (curl, servers)
    are not browsers, so CSRF does not apply to them.
    """
    origin = request.header("origin")
    if origin is None:
        return None
    if origin.rstrip("/") not in allowed:
        raise OriginNotAllowed(N_("Requests from this site are not allowed."))
    return origin
