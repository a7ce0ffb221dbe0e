"""Build API Gateway HTTP API results: JSON, HTML pages and redirects, with security headers."""

from __future__ import annotations

import json
from typing import Any

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Pages carry tokens in their URL, so no Referer leaves this origin. Not "no-referrer":
    # with it browsers send `Origin: null` on the confirm page's own POST, and the origin
    # check refuses it. https://fetch.spec.whatwg.org/#serializing-a-request-origin
    "Referrer-Policy": "same-origin",
}


def _result(status: int, content_type: str, body: str, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "statusCode": status,
        "headers": {
            "Content-Type": content_type,
            "Cache-Control": "no-store",
            **COMMON_HEADERS,
            **headers,
        },
        "body": body,
        "isBase64Encoded": False,
    }


def json_response(
    status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> dict[str, Any]:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return _result(status, "application/json; charset=utf-8", body, headers or {})


def html_response(
    status: int, page: str, site_url: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    # The site's own stylesheet, icon and form script; no inline script or style. Forms post
    # to the API ('self') or search the site (its search form is in every page's header).
    policy = (
        f"default-src 'none'; style-src {site_url}/; img-src {site_url}/; "
        f"script-src {site_url}/theme/js/; connect-src 'self'; "
        f"form-action 'self' {site_url}/; frame-ancestors 'none'; base-uri 'none'"
    )
    return _result(
        status,
        "text/html; charset=utf-8",
        page,
        {"Content-Security-Policy": policy, "X-Frame-Options": "DENY", **(headers or {})},
    )


def redirect(location: str, language: str | None = None) -> dict[str, Any]:
    """A 303; `language` is the language of the page it leads to (else the router sets the
    request's)."""
    headers = {"Location": location}
    if language:
        headers["Content-Language"] = language
    return _result(303, "text/plain; charset=utf-8", "", headers)
