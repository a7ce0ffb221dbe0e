"""Unknown API routes, wrong methods and crashes carry the headers of every other API answer.

Locally the dev server answers these itself (404, 405, 500); in AWS a `$default` route would
bring unknown routes to a handler's router. Both are compared with a real answer of a real
handler, not only with a list written here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import requests

from devstack.routing import Route, Router, routes_from_table
from devstack.server import DevServer, start_server
from functions.routes import ROUTES
from tests.functions.conftest import Api, api_event
from tests.functions.test_survey_flow import SURVEY_ID

# Headers that differ from one answer to the next by design; every other one must be equal.
PER_ANSWER = {
    "access-control-allow-origin",
    "allow",
    "connection",
    "content-language",
    "content-length",
    "date",
    "location",
    "retry-after",
    "server",
    "set-cookie",
    "vary",
}
# The least a JSON answer of the API carries, so the comparison can never pass on nothing.
FLOOR = {"x-content-type-options", "referrer-policy", "cache-control", "content-type"}

UNKNOWN_PATHS = [
    ("GET", "/api"),
    ("GET", "/api/"),
    ("GET", "/api/nowhere"),
    ("POST", "/api/nowhere"),
    ("HEAD", "/api/nowhere"),
    ("GET", "/api/surveys"),
    ("GET", f"/api/surveys/{SURVEY_ID}/nothing/here"),
    ("GET", "/api/endorsements/confirm/extra"),
    ("GET", "/api/%3Cscript%3E"),
]
WRONG_METHODS = [
    ("DELETE", "/api/endorsements"),
    ("PUT", f"/api/surveys/{SURVEY_ID}"),
    ("GET", f"/api/surveys/{SURVEY_ID}/responses"),
    ("PATCH", "/api/endorsements/confirm"),
    ("OPTIONS", "/api/endorsements"),
    ("TRACE", "/api/endorsements"),
    ("BREW", f"/api/surveys/{SURVEY_ID}/places"),
]
EXPLODE = Route("POST", "/api/explode", "tests.devstack.fake_handlers.explode")


def fixed_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        name.lower(): value for name, value in headers.items() if name.lower() not in PER_ANSWER
    }


@pytest.fixture
def server(survey_api: Api, tmp_path: Path) -> Iterator[DevServer]:
    """The dev server on the real routes and handlers (configured by survey_api), and one
    route whose handler raises."""
    router = Router([*routes_from_table(ROUTES), EXPLODE])
    srv = start_server("127.0.0.1", 0, tmp_path, router)
    yield srv
    srv.shutdown()
    srv.server_close()


def call(server: DevServer, method: str, path: str) -> requests.Response:
    url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    return requests.request(method, url, timeout=10, json={} if method == "POST" else None)


def real_answer(server: DevServer) -> dict[str, str]:
    """The survey's definition: a JSON answer of a real handler, through the dev server."""
    response = call(server, "GET", f"/api/surveys/{SURVEY_ID}")
    assert response.status_code == 200
    headers = fixed_headers(response.headers)
    assert headers.keys() >= FLOOR, headers
    return headers


def test_unknown_api_paths_get_a_404_with_the_api_headers(server: DevServer) -> None:
    """Through the dev server, unknown /api paths get a 404 with a real answer's fixed headers."""
    expected = real_answer(server)
    for method, path in UNKNOWN_PATHS:
        response = call(server, method, path)
        assert response.status_code == 404, (method, path)
        assert fixed_headers(response.headers) == expected, (method, path)


def test_wrong_methods_get_a_405_with_allow_and_the_api_headers(server: DevServer) -> None:
    """Through the dev server, a wrong method gets a 405 with Allow and the real headers."""
    expected = real_answer(server)
    for method, path in WRONG_METHODS:
        response = call(server, method, path)
        assert response.status_code == 405, (method, path)
        assert response.headers["Allow"], (method, path)
        assert fixed_headers(response.headers) == expected, (method, path)


def test_a_handler_that_raises_gets_a_500_with_the_api_headers(server: DevServer) -> None:
    """A handler that raises gets a 500 with the real answer's headers, and no exception text."""
    expected = real_answer(server)
    response = call(server, "POST", "/api/explode")
    assert response.status_code == 500
    assert fixed_headers(response.headers) == expected
    assert "secret" not in response.text


@pytest.mark.parametrize(("method", "path"), UNKNOWN_PATHS + WRONG_METHODS)
def test_a_handler_given_an_unknown_route_answers_404_with_its_own_headers(
    survey_api: Api, method: str, path: str
) -> None:
    """What a `$default` route of the HTTP API would send to a function: its router's 404."""
    expected = fixed_headers(survey_api.get(f"/api/surveys/{SURVEY_ID}").headers)
    assert expected.keys() >= FLOOR, expected
    response = survey_api.call(api_event(method, path, route_key="$default"))
    assert response.status == 404
    assert fixed_headers(response.headers) == expected
