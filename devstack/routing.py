"""Match request paths against the API's route templates ("/api/surveys/{survey_id}")."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Handler = Callable[[dict, object], object]


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    handler_path: str  # dotted "package.module.function"

    @property
    def route_key(self) -> str:
        return f"{self.method} {self.template}"

    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}/]+\})", self.template)
        regex = "".join(
            f"(?P<{part[1:-1]}>[^/]+)" if part.startswith("{") else re.escape(part)
            for part in parts
        )
        return re.compile(f"^{regex}/?$")


@dataclass(frozen=True)
class Match:
    route: Route
    path_parameters: dict[str, str]


class Router:
    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = list(routes)
        self._compiled = [(route, route.pattern()) for route in self.routes]
        self._handlers: dict[str, Handler] = {}

    def match(self, method: str, path: str) -> Match | None:
        """The route for this method and path; None when no route has this path."""
        for route, pattern in self._compiled:
            found = pattern.match(path)
            if found and route.method == method:
                return Match(route, found.groupdict())
        return None

    def allowed_methods(self, path: str) -> list[str]:
        return sorted({route.method for route, pattern in self._compiled if pattern.match(path)})

    def handler(self, route: Route) -> Handler:
        # Imported on first use, as a Lambda cold start would.
        if route.handler_path not in self._handlers:
            module_name, _, attr = route.handler_path.rpartition(".")
            self._handlers[route.handler_path] = getattr(importlib.import_module(module_name), attr)
        return self._handlers[route.handler_path]


def routes_from_table(table: Iterable[tuple[str, str, str]]) -> list[Route]:
    return [Route(method.upper(), template, handler) for method, template, handler in table]
