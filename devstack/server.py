"""The local HTTP server: serves the built site and hands /api/* to the Lambda handlers.

Each API request becomes an API Gateway HTTP API v2 event; the handler runs in
this process, as it would in a warm Lambda container. A handler that raises
gives a 500 with a generic JSON body: the traceback goes to this console only.

Malformed requests (devstack.request_checks) get a short 4xx with the API's headers. Nothing
logged here names the client: its address is personal data, as in the production access log.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import sys
import threading
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from devstack.apigw import HttpRequest, HttpResponse, build_event, to_http_response
from devstack.request_body import read_body
from devstack.request_checks import Refused, check_request_line, check_site_path
from devstack.routing import Router
from functions.http import responses

log = logging.getLogger(__name__)

API_PREFIX = "/api"
# How long a connection may keep us waiting for the rest of a request (a body shorter than
# its Content-Length, a request line without its end) or stay idle between requests.
REQUEST_TIMEOUT = 30.0


class LambdaContext:
    """The parts of the Lambda context object our handlers may read."""

    function_name = "local"
    memory_limit_in_mb = 256

    def __init__(self) -> None:
        self.aws_request_id = uuid.uuid4().hex

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 10_000


def json_response(status: int, payload: dict) -> HttpResponse:
    """An answer of the server itself (unknown route, wrong method, 500, refusal), built by the
    functions' own json_response: the same security headers as every answer of a handler."""
    return to_http_response(responses.json_response(status, payload))


def invoke(router: Router, request: HttpRequest) -> HttpResponse:
    """Route an /api request to its handler and translate the result."""
    found = router.match(request.method, request.path)
    if found is None:
        allowed = router.allowed_methods(request.path)
        if allowed:
            response = json_response(
                405, {"error": f"Method not allowed; use {', '.join(allowed)}"}
            )
            response.headers.append(("Allow", ", ".join(allowed)))
            return response
        return json_response(404, {"error": "Not found"})
    event = build_event(request, found.route.route_key, found.path_parameters)
    try:
        result = router.handler(found.route)(event, LambdaContext())
        return to_http_response(result)
    except Exception:
        log.exception("Handler %s failed on %s", found.route.handler_path, found.route.route_key)
        return json_response(500, {"error": "Internal server error"})


class SiteFiles:
    """Static files from the build folder with clean URLs: /news/slug/ serves index.html."""

    def __init__(self, root: Path, headers: list[tuple[str, str]] | None = None) -> None:
        self.root = root.resolve()
        self.headers = list(headers or [])  # e.g. the production security headers

    def resolve(self, url_path: str) -> Path | None:
        try:
            clean = posixpath.normpath(unquote(url_path, errors="strict"))
            candidate = (self.root / clean.lstrip("/")).resolve()
            if not candidate.is_relative_to(self.root):
                return None
            if candidate.is_dir():
                candidate = candidate / "index.html"
            return candidate if candidate.is_file() else None
        except (OSError, ValueError):
            # Invalid UTF-8, a NUL byte, a name too long for the file system: no such page.
            return None

    def response(self, url_path: str, head_only: bool = False) -> HttpResponse:
        target = self.resolve(url_path)
        if (
            target is not None
            and target.name == "index.html"
            and not url_path.endswith(("/", ".html"))
        ):
            # A folder asked for without its slash: redirect, so relative links resolve.
            return HttpResponse(
                HTTPStatus.MOVED_PERMANENTLY, [("Location", url_path + "/"), *self.headers]
            )
        status = HTTPStatus.OK
        if target is None:
            status = HTTPStatus.NOT_FOUND
            # The not-found page of the language the address is in (/fr/... -> /fr/404.html).
            prefix = url_path.lstrip("/").split("/", 1)[0]
            target = (self.resolve(f"/{prefix}/404.html") if prefix else None) or self.resolve(
                "/404.html"
            )
            if target is None:
                return HttpResponse(
                    404,
                    [("Content-Type", "text/plain; charset=utf-8"), *self.headers],
                    b"Not found",
                )
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript",):
            content_type += "; charset=utf-8"
        body = target.read_bytes()
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-cache"),
            *self.headers,
        ]
        return HttpResponse(status, headers, b"" if head_only else body)


class DevServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default listen backlog is 5: a burst of new connections (16 load-test
    # clients, a browser opening six at once while the server is busy) overflows it, and the
    # kernel drops the extra SYNs, which clients see as 1-3 s stalls or connection errors.
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        site_dir: Path,
        router: Router,
        site_headers: list[tuple[str, str]] | None = None,
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        self.site = SiteFiles(site_dir, site_headers)
        self.router = router
        self.request_timeout = request_timeout
        super().__init__(address, RequestHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}"  # noqa: S104 - display only

    def handle_error(self, request: object, client_address: object) -> None:
        # socketserver prints the client's address with the traceback; we log neither for a
        # client that hung up, and the traceback alone for a bug of ours.
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            log.debug("A client went away mid-request")
            return
        log.exception("The dev server failed on a request")


class RequestHandler(BaseHTTPRequestHandler):
    server: DevServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, each keep-alive response
    # then waits for the client's delayed ACK (about 40 ms).
    disable_nagle_algorithm = True

    @property
    def timeout(self) -> float:
        # StreamRequestHandler.setup gives the connection this timeout: no read waits forever.
        return self.server.request_timeout

    def handle_one_request(self) -> None:
        # Refusals are answered and logged before http.server has set these for this request.
        self.command, self.path = "", ""
        super().handle_one_request()

    def parse_request(self) -> bool:
        # Our checks first: http.server's own parsing accepts what a browser never sends.
        try:
            check_request_line(self.raw_requestline)
        except Refused as refused:
            self.send_error(refused.status)
            return False
        return super().parse_request()

    def _read_body(self) -> bytes:
        try:
            return read_body(self.rfile, self.headers)
        except TimeoutError:  # the client stopped sending before the end of its body
            raise Refused(HTTPStatus.REQUEST_TIMEOUT) from None

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        to_api = parts.path == API_PREFIX or parts.path.startswith(API_PREFIX + "/")
        try:
            body = self._read_body()
            if not to_api:
                check_site_path(parts.path)
        except Refused as refused:
            self.send_error(refused.status)
            return
        if to_api:
            request = HttpRequest(
                method=self.command,
                path=parts.path,
                query_string=parts.query,
                headers=list(self.headers.items()),
                body=body,
                source_ip=self.client_address[0],
            )
            self._send(invoke(self.server.router, request))
        elif self.command in ("GET", "HEAD"):
            self._send(self.server.site.response(parts.path, head_only=self.command == "HEAD"))
        else:
            self._send(json_response(405, {"error": "Static pages accept only GET and HEAD"}))

    def __getattr__(self, name: str):
        # Every method (TRACE, QUERY, ...) reaches the routes, which answer 404 or 405 as API
        # Gateway does; http.server would answer unknown ones with its own HTML 501.
        if name.startswith("do_"):
            return self._handle
        raise AttributeError(name)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Refuse with a short JSON answer and close: http.server's own page would echo the
        request line, and a connection with an unread body cannot carry another request."""
        status = HTTPStatus(code)
        response = json_response(status, {"error": status.phrase})
        response.headers.append(("Connection", "close"))
        # http.server calls this for what it refuses itself (a request line over 64 KiB,
        # huge headers), perhaps before the request line was read: answer as HTTP/1.1.
        self.request_version = "HTTP/1.1"
        self._send(response)
        self.close_connection = True

    def _send(self, response: HttpResponse) -> None:
        self.send_response(response.status)
        names = {name.lower() for name, _ in response.headers}
        for name, value in response.headers:
            self.send_header(name, value)
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Method, path and status only: query strings can carry tokens, and client IPs are
        # personal data. The path is cut short and its control characters escaped.
        path = self.path.split("?", 1)[0][:200].translate(self._control_char_table)
        log.debug("%s %s -> %s", self.command, path, int(code) if code != "-" else code)

    def log_message(self, format: str, *args: object) -> None:
        # http.server's other lines (a request that timed out) name the client: not here.
        log.debug(format, *args)


def start_server(
    host: str,
    port: int,
    site_dir: Path,
    router: Router,
    site_headers: list[tuple[str, str]] | None = None,
    request_timeout: float = REQUEST_TIMEOUT,
) -> DevServer:
    """Bind and serve in a background thread; raises OSError when the port is taken."""
    server = DevServer((host, port), site_dir, router, site_headers, request_timeout)
    thread = threading.Thread(target=server.serve_forever, name="devserver", daemon=True)
    thread.start()
    return server
