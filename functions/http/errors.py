"""THE one place mapping domain errors to HTTP status codes and bodies (JSON or HTML)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.domain import errors as domain
from functions.http.pages import error_page
from functions.http.responses import html_response, json_response

# Most specific first: the first matching class wins.
STATUS: tuple[tuple[type[domain.DomainError], int], ...] = (
    (domain.ValidationFailed, 422),
    (domain.TokenInvalid, 422),
    (domain.IdempotencyKeyReused, 422),
    (domain.MalformedRequest, 400),
    (domain.OriginNotAllowed, 403),
    (domain.NotFound, 404),
    (domain.AlreadyAnswered, 409),
    (domain.SurveyNotOpen, 410),
    (domain.PayloadTooLarge, 413),
    (domain.UnsupportedContentType, 415),
    (domain.RateLimited, 429),
    (domain.ServiceUnavailable, 503),
)

TITLES = {
    400: "The request could not be read",
    403: "Not allowed",
    404: "Not found",
    409: "Already answered",
    410: "This survey is not open",
    413: "Too much data",
    415: "Unsupported format",
    422: "Some answers need correcting",
    429: "Too many requests",
    503: "Please try again shortly",
}


def status_of(error: domain.DomainError) -> int:
    return next(code for kind, code in STATUS if isinstance(error, kind))


def field_errors(error: domain.DomainError) -> dict[str, str] | None:
    """The `errors` map of a 422, or None for errors that have a single message."""
    if isinstance(error, domain.ValidationFailed):
        return error.errors
    if isinstance(error, domain.TokenInvalid):
        return {"token": error.message}
    if isinstance(error, domain.IdempotencyKeyReused):
        return {"Idempotency-Key": error.message}
    return None


def error_headers(error: domain.DomainError) -> dict[str, str]:
    if isinstance(error, domain.RateLimited | domain.ServiceUnavailable):
        return {"Retry-After": str(error.retry_after)}
    return {}


def error_response(
    error: domain.DomainError,
    *,
    html: bool,
    site_url: str,
    back_url: str,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    status = status_of(error)
    errors = field_errors(error)
    headers = error_headers(error)
    if html:
        body = error_page(
            TITLES[status],
            error.message,
            error.errors if isinstance(error, domain.ValidationFailed) else {},
            labels or {},
            back_url,
            site_url,
        )
        return html_response(status, body, site_url, headers)
    payload = {"errors": errors} if errors is not None else {"error": error.message}
    return json_response(status, payload, headers)
