"""A tiny resolver of API Gateway HTTP API routes to small functions (our own, like Powertools').

Routes are matched on the event's `routeKey` ("POST /api/surveys/{survey_id}/responses"),
which API Gateway and the local server both set, or else on the path. Domain errors raised by a
route become responses here, through `functions.http.errors`, as JSON or as an HTML page; a
route that serves a form names it, so that a refused form POST gets its form back, filled in.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from functions.domain.errors import DomainError
from functions.http.errors import error_response
from functions.http.html_pages import FormPage, PageContext
from functions.http.request import Request, check_origin, parse_body
from functions.http.responses import json_response
from functions.i18n import available_languages, negotiate

log = logging.getLogger(__name__)

RouteFunction = Callable[[Request], dict[str, Any]]
FormLookup = Callable[[Request], FormPage | None]


@dataclass(frozen=True)
class Settings:
    site_url: str
    allowed_origins: tuple[str, ...]
    api_base_url: str = ""


def language_of(request: Request) -> str:
    """English until a page sends another language; then that, or Accept-Language's best."""
    return negotiate(
        request.query.get("lang"), request.header("accept-language"), available_languages()
    )


def page_context(request: Request, settings: Settings) -> PageContext:
    return PageContext(settings.site_url, settings.api_base_url, language_of(request))


def _form_values(request: Request) -> dict[str, Any] | None:
    """What a refused form POST sent, to show it again; None when the body cannot be read."""
    if not request.is_form_post:
        return None
    try:
        values, _form_encoded = parse_body(request)
    except DomainError:
        return None
    return values


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    function: RouteFunction
    html_page: bool  # answers HTML even to GET and JSON requests (pages people open from mail)
    back_path: str  # the site page the HTML error page links back to
    form: FormLookup | None = None  # the form a refused form POST is shown again in

    def matches_path(self, path: str) -> dict[str, str] | None:
        parts = re.split(r"(\{[^}/]+\})", self.template)
        regex = "".join(
            f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
            for part in parts
        )
        found = re.fullmatch(f"{regex}/?", path)
        return found.groupdict() if found else None


class Router:
    def __init__(self, settings: Callable[[], Settings]) -> None:
        self._settings = settings  # called per request: nothing is read at import time
        self._routes: dict[str, Route] = {}

    def route(
        self,
        method: str,
        template: str,
        *,
        html_page: bool = False,
        back_path: str = "/",
        form: FormLookup | None = None,
    ) -> Callable[[RouteFunction], RouteFunction]:
        def register(function: RouteFunction) -> RouteFunction:
            self._routes[f"{method} {template}"] = Route(
                method, template, function, html_page, back_path, form
            )
            return function

        return register

    def _find(self, request: Request) -> tuple[Route, Request] | None:
        if request.route_key in self._routes:
            return self._routes[request.route_key], request
        for route in self._routes.values():
            params = route.matches_path(request.path) if route.method == request.method else None
            if params is not None:
                merged = {**params, **request.path_parameters}
                return route, Request(**{**request.__dict__, "path_parameters": merged})
        return None

    def resolve(self, event: dict[str, Any], context: object) -> dict[str, Any]:
        started = time.perf_counter()
        request = Request.from_event(event)
        found = self._find(request)
        if found is None:
            return json_response(404, {"error": "Not found"})
        route, request = found
        settings = self._settings()
        origin = None
        try:
            if request.method not in ("GET", "HEAD"):
                origin = check_origin(request, settings.allowed_origins)
            elif (request.header("origin") or "").rstrip("/") in settings.allowed_origins:
                origin = request.header("origin")
            response = route.function(request)
        except DomainError as exc:
            response = error_response(
                exc,
                html=route.html_page or request.is_form_post,
                context=page_context(request, settings),
                back_url=settings.site_url + route.back_path,
                form=route.form(request) if route.form and request.is_form_post else None,
                form_values=_form_values(request),
            )
            log.info("%s %s: %s", route.method, route.template, type(exc).__name__)
        if origin:
            response["headers"]["Access-Control-Allow-Origin"] = origin
            response["headers"]["Vary"] = "Origin"
        log.info(
            "%s %s -> %s in %.0f ms",
            route.method,
            route.template,
            response["statusCode"],
            (time.perf_counter() - started) * 1000,
        )
        return response
