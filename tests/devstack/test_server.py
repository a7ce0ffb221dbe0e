"""The local server: static files with clean URLs, /api/* routed to handlers as v2 events."""

import base64
import json
import socket

import pytest
import requests

from devstack.routing import Route, Router
from devstack.server import DevServer, SiteFiles, start_server

ROUTES = [
    Route("POST", "/api/things/{thing_id}/echo", "tests.devstack.fake_handlers.echo"),
    Route("GET", "/api/inferred", "tests.devstack.fake_handlers.inferred"),
    Route("POST", "/api/explode", "tests.devstack.fake_handlers.explode"),
]


@pytest.fixture
def site(tmp_path):
    (tmp_path / "news" / "hello").mkdir(parents=True)
    (tmp_path / "news" / "hello" / "index.html").write_text("<h1>Hello</h1>")
    (tmp_path / "404.html").write_text("<h1>Page not found</h1>")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "404.html").write_text("<h1>Page introuvable</h1>")
    (tmp_path / "style.css").write_text("body{}")
    return tmp_path


@pytest.fixture
def server(site):
    srv = start_server("127.0.0.1", 0, site, Router(ROUTES))
    yield srv
    srv.shutdown()
    srv.server_close()


def url(server, path):
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


def test_request_becomes_a_v2_event_and_the_result_an_http_response(server):
    # GIVEN a route with a path parameter WHEN a JSON body is posted with a query string
    response = requests.post(
        url(server, "/api/things/42/echo?a=1&a=2&b=x"),
        json={"name": "Ada"},
        headers={"X-Custom": "yes", "Cookie": "c1=v1; c2=v2"},
        timeout=5,
    )
    # THEN the handler's status, headers, cookies and body come back unchanged
    assert response.status_code == 201
    assert response.headers["X-Route"] == "POST /api/things/{thing_id}/echo"
    assert response.headers["Set-Cookie"] == "seen=1"
    event = response.json()
    # AND the event has the API Gateway HTTP API v2 shape
    assert event["version"] == "2.0"
    assert event["routeKey"] == "POST /api/things/{thing_id}/echo"
    assert event["rawPath"] == "/api/things/42/echo"
    assert event["rawQueryString"] == "a=1&a=2&b=x"
    assert event["queryStringParameters"] == {"a": "1,2", "b": "x"}
    assert event["pathParameters"] == {"thing_id": "42"}
    assert event["headers"]["x-custom"] == "yes"
    assert event["cookies"] == ["c1=v1", "c2=v2"]
    assert event["requestContext"]["http"]["method"] == "POST"
    assert event["requestContext"]["http"]["sourceIp"] == "127.0.0.1"
    assert event["isBase64Encoded"] is False
    assert json.loads(event["body"]) == {"name": "Ada"}


def test_binary_body_is_base64_encoded(server):
    """A binary body reaches the handler base64-encoded, flagged, and decodes to the bytes sent."""
    payload = bytes(range(256))
    response = requests.post(
        url(server, "/api/things/1/echo"),
        data=payload,
        headers={"Content-Type": "application/octet-stream"},
        timeout=5,
    )
    event = response.json()
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == payload


def test_result_without_status_code_is_inferred_as_json(server):
    """A handler result without statusCode is sent as a 200 JSON body."""
    response = requests.get(url(server, "/api/inferred"), timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"ok": True}


def test_handler_error_is_a_generic_500_without_traceback(server):
    """A handler that raises gives a generic JSON 500 without its message or a traceback."""
    response = requests.post(url(server, "/api/explode"), json={}, timeout=5)
    assert response.status_code == 500
    assert response.json() == {"error": "Internal server error"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_unknown_api_path_is_404_and_wrong_method_405(server):
    """An unknown /api path is 404; a known one with the wrong method is 405 with Allow."""
    assert requests.get(url(server, "/api/nothing"), timeout=5).status_code == 404
    response = requests.get(url(server, "/api/explode"), timeout=5)
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST"


def test_static_files_use_clean_urls_and_the_404_page(server):
    """Clean URLs serve index.html, a missing slash redirects 301, missing pages get 404.html."""
    page = requests.get(url(server, "/news/hello/"), timeout=5)
    assert page.status_code == 200 and "<h1>Hello</h1>" in page.text
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    redirect = requests.get(url(server, "/news/hello"), timeout=5, allow_redirects=False)
    assert redirect.status_code == 301 and redirect.headers["Location"] == "/news/hello/"
    missing = requests.get(url(server, "/no/such/page/"), timeout=5)
    assert missing.status_code == 404 and "Page not found" in missing.text
    assert (
        requests.get(url(server, "/style.css"), timeout=5)
        .headers["Content-Type"]
        .startswith("text/css")
    )


def test_a_missing_page_under_a_language_gets_that_language_404(server):
    """A missing page under /fr/ gets the French 404; without a German one, /de/ gets English."""
    missing = requests.get(url(server, "/fr/pas/de/page/"), timeout=5)
    assert missing.status_code == 404 and "Page introuvable" in missing.text
    other = requests.get(url(server, "/de/keine/seite/"), timeout=5)  # no German 404 here
    assert other.status_code == 404 and "Page not found" in other.text


def test_paths_cannot_escape_the_site_folder(server, site):
    """Dot-dot paths get 404 or 400, and the file resolver never leaves the site folder."""
    # requests resolves a plain `..` before sending; an encoded one is refused as malformed
    response = requests.get(url(server, "/../../etc/passwd"), timeout=5)
    assert response.status_code == 404
    encoded = requests.get(url(server, "/%2e%2e/%2e%2e/etc/passwd"), timeout=5)
    assert encoded.status_code == 400
    # AND the files resolver keeps to its folder even for a path no check refused
    assert SiteFiles(site).resolve("/%2e%2e/%2e%2e/etc/passwd") is None
    assert SiteFiles(site).resolve("/news/%2e%2e/%2e%2e/%2e%2e/etc/passwd") is None


@pytest.mark.parametrize("method", ["TRACE", "QUERY", "PUT", "DELETE"])
def test_any_other_method_gets_a_json_405_not_the_stdlib_501(server, method):
    """TRACE, QUERY, PUT or DELETE get a 405 (JSON on the API), not the standard library's 501."""
    response = requests.request(method, url(server, "/api/explode"), timeout=5)
    assert response.status_code == 405
    assert response.json() == {"error": "Method not allowed; use POST"}
    static = requests.request(method, url(server, "/news/hello/"), timeout=5)
    assert static.status_code == 405


def test_a_burst_of_connections_is_queued_not_dropped(site):
    """While the server is busy, new connections wait in the listen backlog. With
    socketserver's default of 5, the kernel drops further SYNs: those clients stall for the
    1 s SYN retransmit or fail (suspected in one connection error of a 16-client load run)."""
    busy = DevServer(("127.0.0.1", 0), site, Router([]))  # listening, not accepting
    connected: list[socket.socket] = []
    try:
        port = busy.server_address[1]
        for _ in range(32):
            conn = socket.socket()
            conn.settimeout(0.5)  # well below the kernel's first SYN retransmit (1 s)
            try:
                conn.connect(("127.0.0.1", port))
                connected.append(conn)
            except OSError:
                conn.close()
        assert len(connected) == 32
    finally:
        for conn in connected:
            conn.close()
        busy.server_close()
