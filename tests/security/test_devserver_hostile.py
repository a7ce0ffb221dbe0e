"""The dev server (`make serve`) against malformed and hostile requests, sent as raw bytes.

Each answer is a short 4xx, never a dropped connection, a hang or a 5xx; nothing it logs or
prints carries a traceback or the client's address; and the server answers the next request.
Paths of the site are refused before they name a file; paths under /api reach the routes as
API Gateway passes them (here, to no route: 404).
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import BinaryIO

import pytest

from devstack.routing import Route, Router
from devstack.server import DevServer, start_server
from devstack.site_headers import local_site_headers

ROUTES = [
    Route("POST", "/api/things/{thing_id}/echo", "tests.devstack.fake_handlers.echo"),
    Route("GET", "/api/inferred", "tests.devstack.fake_handlers.inferred"),
]
CLIENT = "127.0.0.1"
SERVER_TIMEOUT = 1.0  # the server's wait for the rest of a request; the client waits longer
CLIENT_TIMEOUT = 5.0


def post(content_length: bytes, body: bytes = b"") -> bytes:
    return (
        b"POST /api/things/1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + content_length + b"\r\n\r\n" + body
    )


def chunked(body: bytes, coding: bytes = b"chunked") -> bytes:
    return (
        b"POST /api/things/1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: " + coding + b"\r\n\r\n" + body
    )


def get(target: bytes, version: bytes = b"HTTP/1.1", method: bytes = b"GET") -> bytes:
    return method + b" " + target + b" " + version + b"\r\nHost: x\r\n\r\n"


CASES: list[tuple[str, bytes, int]] = [
    # The body's length: Content-Length or chunks
    ("negative length", post(b"-5"), 400),
    ("non-numeric length", post(b"abc"), 400),
    ("float length", post(b"1e3"), 400),
    ("unicode digit length", post(b"\xb2"), 400),
    ("two different lengths", post(b"2\r\nContent-Length: 3", b"{}"), 400),
    ("huge length", post(b"99999999999999999999999999"), 413),
    ("length over the limit", post(b"2000000"), 413),
    ("length and chunked at once", post(b"2\r\nTransfer-Encoding: chunked", b"0\r\n\r\n"), 400),
    ("gzip transfer coding", chunked(b"0\r\n\r\n", b"gzip, chunked"), 400),
    ("chunk size not hex", chunked(b"zz\r\nab\r\n0\r\n\r\n"), 400),
    ("negative chunk size", chunked(b"-2\r\nab\r\n0\r\n\r\n"), 400),
    ("chunk longer than its size", chunked(b"2\r\nabcd\r\n0\r\n\r\n"), 400),
    (
        "chunks over the limit together",
        chunked(b"fffff\r\n" + b"a" * 0xFFFFF + b"\r\n2\r\nab\r\n0\r\n\r\n"),
        413,
    ),
    ("huge chunk size", chunked(b"ffffffffffffffff\r\n"), 400),
    ("chunked body never ended", chunked(b"2\r\n{}\r\n"), 408),
    ("body shorter than its length", post(b"100", b'{"a":'), 408),
    # The path
    ("encoded NUL", get(b"/%00"), 400),
    # API paths reach the routes as API Gateway passes them; no route has these
    ("encoded NUL under /api", get(b"/api/inferred%00"), 404),
    ("invalid percent under /api", get(b"/api/%zz"), 404),
    ("invalid UTF-8 under /api", get(b"/api/%ff%fe"), 404),
    ("encoded newline under /api", get(b"/api/a%0d%0aSet-Cookie:x=1"), 404),
    ("raw NUL", get(b"/a\x00b"), 400),
    ("raw control character", get(b"/a\x01b"), 400),
    ("raw tab", get(b"/a\tb"), 400),
    ("raw DEL", get(b"/a\x7fb"), 400),
    ("encoded newline", get(b"/a%0d%0aSet-Cookie:x=1"), 400),
    ("percent without digits", get(b"/%zz"), 400),
    ("percent at the end", get(b"/abc%"), 400),
    ("half a percent escape", get(b"/abc%4"), 400),
    ("invalid UTF-8 escape", get(b"/%ff"), 400),
    ("truncated UTF-8 escape", get(b"/%c3%28"), 400),
    ("raw byte over 127", get(b"/caf\xe9"), 400),
    ("5,000-character name", get(b"/" + b"a" * 5000), 404),
    ("5,000-character API path", get(b"/api/" + b"a" * 5000), 404),
    ("API request line over 64 KiB", get(b"/api/inferred?q=" + b"a" * 70_000), 414),
    ("request line over 64 KiB", get(b"/" + b"a" * 70_000), 414),
    # Traversal
    ("dot-dot", get(b"/../../etc/passwd"), 400),
    ("encoded dot-dot", get(b"/%2e%2e/%2e%2e/etc/passwd"), 400),
    ("upper-case encoded dot-dot", get(b"/%2E%2E/etc/passwd"), 400),
    ("encoded slash and dot-dot", get(b"/news/..%2f..%2fetc%2fpasswd"), 400),
    ("dot-dot under /api", get(b"/api/../etc/passwd"), 404),
    ("encoded slash into /api", get(b"/api%2f..%2f..%2fetc%2fpasswd"), 400),
    # Targets that are not a path on this server
    ("absolute-form", get(b"http://evil.example/"), 400),
    ("scheme-relative //host", get(b"//evil.example/"), 400),
    ("//host with a bracket", get(b"//["), 400),
    ("authority-form", get(b"evil.example:443", method=b"CONNECT"), 400),
    ("asterisk-form", get(b"*", method=b"OPTIONS"), 400),
    ("empty target", b"GET  HTTP/1.1\r\n\r\n", 400),
    # The request line's shape and version
    ("HTTP/0.9", b"GET /\r\n\r\n", 400),
    ("no version", b"GET / \r\n\r\n", 400),
    ("extra word", get(b"/ /"), 400),
    ("junk version", get(b"/", b"HTTP/x"), 400),
    ("HTTP/2.0 as text", get(b"/", b"HTTP/2.0"), 400),
    ("version with three numbers", get(b"/", b"HTTP/1.1.1"), 400),
    ("lower-case version", get(b"/", b"http/1.1"), 400),
    ("other protocol", get(b"/", b"FOO/1.1"), 400),
    ("blank line only", b"\r\n", 400),
    ("binary garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
    # Methods
    ("method with a bracket", get(b"/", method=b"G(T"), 400),
    ("unknown method on a page", get(b"/", method=b"BREW"), 405),
    ("unknown method on the API", get(b"/api/inferred", method=b"BREW"), 405),
    ("lower-case method", get(b"/api/inferred", method=b"get"), 405),
    ("method named like a handler attribute", get(b"/", method=b"_handle"), 405),
    # Headers
    ("header line over 64 KiB", get(b"/").replace(b"Host: x", b"X-Big: " + b"a" * 70_000), 431),
    (
        "over 100 headers",
        get(b"/").replace(b"Host: x", b"\r\n".join(b"X-H%d: v" % i for i in range(120))),
        431,
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """One server for every case: each must leave it able to answer the next."""
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<h1>Home</h1>")
    # As `make serve` starts it: the site's headers too, so its own 404s carry nosniff.
    srv = start_server(
        "127.0.0.1",
        0,
        site,
        Router(ROUTES),
        local_site_headers(),
        request_timeout=SERVER_TIMEOUT,
    )
    yield srv
    srv.shutdown()
    srv.server_close()


def read_response(reader: BinaryIO) -> tuple[str, dict[str, str], bytes]:
    """The status line, headers and body (by its Content-Length) of one answer."""
    status = reader.readline().decode("latin-1").rstrip("\r\n")
    if not status:
        raise AssertionError("connection closed without an answer")
    headers: dict[str, str] = {}
    while (line := reader.readline().decode("latin-1").rstrip("\r\n")) != "":
        name, _, value = line.partition(":")
        headers[name.lower()] = value.strip()
    return status, headers, reader.read(int(headers.get("content-length", "0")))


def exchange(server: DevServer, raw: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection(server.server_address[:2], timeout=CLIENT_TIMEOUT) as sock:
        # The server may refuse before reading it all: its answer is there all the same.
        with contextlib.suppress(ConnectionError):
            sock.sendall(raw)
        return read_response(sock.makefile("rb"))


def good_request_works(server: DevServer) -> None:
    status, _headers, body = exchange(server, get(b"/"))
    assert status == "HTTP/1.1 200 OK", status
    assert body == b"<h1>Home</h1>"


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_malformed_request_gets_a_short_4xx_and_leaves_no_trace(
    server: DevServer,
    raw: bytes,
    expected: int,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    # WHEN the raw request is sent
    status, headers, body = exchange(server, raw)
    # THEN the answer is the expected 4xx, short, with the API's nosniff
    assert status.startswith(f"HTTP/1.1 {expected} "), status
    assert len(body) < 200, body
    assert headers.get("x-content-type-options") == "nosniff"
    # AND the server still answers a good request
    good_request_works(server)
    # AND nothing logged or printed has a traceback or the client's address
    printed = capsys.readouterr()
    logged = caplog.text + printed.out + printed.err
    assert "Traceback" not in logged, logged
    assert CLIENT not in logged, logged
    assert not [r for r in caplog.records if r.exc_info], logged


@pytest.mark.parametrize(
    "body", [b"0\r\n\r\n", b"2\r\n{}\r\n0\r\n\r\n", b"1;x=y\r\n{\r\n1\r\n}\r\n0\r\nT: v\r\n\r\n"]
)
def test_a_chunked_body_is_read_as_api_gateway_reads_it(server: DevServer, body: bytes) -> None:
    """Some clients send even an empty form chunked: the handler gets the body, decoded."""
    status, _headers, answer = exchange(server, chunked(body))
    assert status == "HTTP/1.1 201 Created", status
    event = json.loads(answer)
    assert event.get("body", "") in ("", "{}")


def test_a_request_line_without_its_end_is_dropped_after_the_timeout(
    server: DevServer, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    """A half-sent request line is closed by the server in time, leaving no trace in the logs."""
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    with socket.create_connection(server.server_address[:2], timeout=CLIENT_TIMEOUT) as sock:
        sock.sendall(b"GET /index.ht")
        assert sock.recv(1024) == b""  # closed by the server, not by our own timeout
    assert time.monotonic() - started < CLIENT_TIMEOUT
    good_request_works(server)
    printed = capsys.readouterr()
    logged = caplog.text + printed.out + printed.err
    assert "Traceback" not in logged and CLIENT not in logged, logged


def test_a_refusal_closes_the_connection_but_a_good_request_keeps_it(server: DevServer) -> None:
    """Two good requests share a connection; a bad Content-Length gets a 400 that closes it."""
    with socket.create_connection(server.server_address[:2], timeout=CLIENT_TIMEOUT) as sock:
        reader = sock.makefile("rb")
        sock.sendall(get(b"/") + get(b"/"))  # two requests on one connection
        assert read_response(reader)[0] == "HTTP/1.1 200 OK"
        assert read_response(reader)[0] == "HTTP/1.1 200 OK"
        sock.sendall(post(b"-1"))
        status, headers, _body = read_response(reader)
        assert status == "HTTP/1.1 400 Bad Request"
        assert headers["connection"] == "close"
        assert reader.read() == b""
