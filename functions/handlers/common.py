"""What both handlers share: the router's settings, request bodies, and rendering outcomes."""

from __future__ import annotations

from typing import Any

from functions.http.request import Request, parse_body
from functions.http.responses import json_response, redirect
from functions.http.router import Settings, page_context
from functions.services import Services, get_services
from functions.usecases.guard import Outcome

# Everything a request needs is imported with the handler, so the Lambda init phase pays
# for it once; `make bench` measures that import against `import boto3` alone (the clients
# come from botocore directly: see functions/aws.py).


def services() -> Services:
    return get_services()


def router_settings() -> Settings:
    config = services().config
    return Settings(
        site_url=config.site_url,
        allowed_origins=config.allowed_origins,
        api_base_url=config.api_base_url,
    )


def body_of(request: Request) -> tuple[dict[str, Any], bool]:
    """The parsed body: JSON (typed values) or a urlencoded form (lists of strings)."""
    return parse_body(request)


def json_outcome(request: Request, status: int, body: dict[str, Any]) -> dict[str, Any]:
    """The body with its messages in the person's language."""
    context = page_context(request, router_settings())
    translated = {key: context.translate(value) for key, value in body.items()}
    return json_response(status, translated, {"Content-Language": context.language})


def render(request: Request, outcome: Outcome, thank_you_path: str) -> dict[str, Any]:
    """JSON for JSON clients; a 303 to the site's thank-you page, in the language of the page
    that posted, for plain HTML forms."""
    if request.is_form_post:
        context = page_context(request, router_settings())
        return redirect(context.site_url_of(thank_you_path), context.language)
    return json_outcome(request, outcome.status, outcome.body)
