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
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from functions import request_log
from functions.domain.errors import DomainError, NotFound
from functions.http.errors import NO_SUCH_PATH, error_response, unexpected_response
from functions.http.html_pages import FormPage, PageContext
from functions.http.request import Request, check_origin, parse_body
from functions.i18n import LANGUAGES, available_languages

log = logging.getLogger(__name__)

RouteFunction = Callable[[Request], dict[str, Any]]
FormLookup = Callable[[Request], FormPage | None]


@dataclass(frozen=True)
class Settings:
    """What the router needs of the configuration: origins, and the site and API bases."""

    site_url: str
    allowed_origins: tuple[str, ...]
    api_base_url: str = ""


API_PREFIX = "/api"  # every route's path starts with it; API_BASE_URL ends with it


def language_of(request: Request, stored: str | None = None) -> str:
    """The page's language (`?lang=`); else the language stored with what the request opens
    (a draft, a response), if any; else Accept-Language's best; else English."""
    if stored is not None and request.page_language is None and stored in available_languages():
        return stored
    return request.language


def language_versions(request: Request, settings: Settings) -> dict[str, str] | None:
    """A GET page in every language of the site: its root-relative URL with `lang` changed.

    None for other methods (the answer to a POST cannot be opened again), and when the API is
    not under the site's URL (base.html links the versions from the site's root)."""
    if request.method not in ("GET", "HEAD") or not settings.site_url:
        return None
    prefix = settings.site_url + "/"
    url = settings.api_base_url + request.path.removeprefix(API_PREFIX)
    if not url.startswith(prefix):
        return None
    path = url[len(prefix) :]
    query = {name: value for name, value in request.query.items() if name != "lang"}
    return {lang: f"{path}?{urlencode({**query, 'lang': lang})}" for lang in LANGUAGES}


def page_context(request: Request, settings: Settings, stored: str | None = None) -> PageContext:
    """Where and in which language to answer; `stored` is the language of the draft or
    response the request opens (the page's own `?lang=` still wins)."""
    return PageContext(
        settings.site_url,
        settings.api_base_url,
        language_of(request, stored),
        language_versions(request, settings),
    )


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
    """One route of the API: its method and path template, the function that answers it."""

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
                return route, replace(request, path_parameters=merged)
        return None

    def resolve(self, event: dict[str, Any], context: object) -> dict[str, Any]:
        started = time.perf_counter()
        with request_log.collecting() as notes:
            request = Request.from_event(event)
            found = self._find(request)
            if found is None:
                context = PageContext("", "", language_of(request))
                return error_response(
                    NotFound(NO_SUCH_PATH), html=False, context=context, back_url=""
                )
            route, request = found
            response = self._answer(route, request, notes)
        # The request's one line: what it did (the use cases' notes) with its outcome.
        log.info(
            "%s %s -> %s in %.0f ms%s",
            route.method,
            route.template,
            response["statusCode"],
            (time.perf_counter() - started) * 1000,
            "".join(f"; {text}" for text in notes),
        )
        return response

    def _answer(self, route: Route, request: Request, notes: list[str]) -> dict[str, Any]:
        settings = self._settings()
        origin = None
        try:
            if request.method not in ("GET", "HEAD"):
                origin = check_origin(request, settings.allowed_origins)
            elif (request.header("origin") or "").rstrip("/") in settings.allowed_origins:
                origin = request.header("origin")
            response = route.function(request)
        except DomainError as exc:
            context = page_context(request, settings)
            response = error_response(
                exc,
                html=route.html_page or request.is_form_post,
                context=context,
                back_url=context.site_url_of(route.back_path),
                form=route.form(request) if route.form and request.is_form_post else None,
                form_values=_form_values(request),
            )
            notes.append(type(exc).__name__)
        except Exception:  # a bug or an outage we did not foresee: a page, not a bare 500
            log.exception("%s %s failed", route.method, route.template)
            context = page_context(request, settings)
            response = unexpected_response(
                html=route.html_page or request.is_form_post,
                context=context,
                back_url=context.site_url_of(route.back_path),
            )
        # Every answer says its language; pages and JSON already do, redirects get it here.
        response["headers"].setdefault("Content-Language", language_of(request))
        if origin:
            response["headers"]["Access-Control-Allow-Origin"] = origin
            response["headers"]["Vary"] = "Origin"
        return response
