"""What the dev server refuses before routing: requests no well-behaved client sends.

Each check raises `Refused` with the status to answer. The request line is checked before
http.server's own lenient parsing (which collapses `//host` to `/host` and serves HTTP/0.9
without a status line); a site path before it reaches the file system. API paths go to the
routes as they are, as API Gateway passes them: the handlers must cope with them in AWS too.
http.server itself refuses a request line over 64 KiB (414) and a header line over 64 KiB or
over 100 headers (431). API Gateway's own bound is lower (10,240 bytes for the request line
and headers together), but the API's OpenAPI document does not describe that refusal.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from urllib.parse import unquote_to_bytes

# RFC 9110's token: the characters a method name may have.
METHOD = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
VERSION = re.compile(rb"HTTP/1\.[01]")
BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Refused(Exception):
    """The request is refused with this status, before any handler or file sees it."""

    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def check_request_line(raw: bytes) -> None:
    """`METHOD /origin-form-target HTTP/1.x`, in printable ASCII, single spaces."""
    line = raw.removesuffix(b"\n").removesuffix(b"\r")
    if not line.isascii() or CONTROL.search(line.decode("ascii")):
        raise Refused(HTTPStatus.BAD_REQUEST)
    words = line.split(b" ")
    # Two words is HTTP/0.9, which has no status line to refuse anything with.
    if len(words) != 3 or not METHOD.fullmatch(words[0]):
        raise Refused(HTTPStatus.BAD_REQUEST)
    # HTTP/2 and later do not come as text lines; 505 would be a 5xx for a client's mistake.
    if not VERSION.fullmatch(words[2]):
        raise Refused(HTTPStatus.BAD_REQUEST)
    # A path on this server: no absolute URL, no `//host` (a redirect to it would leave us).
    if not words[1].startswith(b"/") or words[1].startswith(b"//"):
        raise Refused(HTTPStatus.BAD_REQUEST)


def check_site_path(path: str) -> None:
    """A path of the site (no query) that decodes to UTF-8 text without control characters or
    `..` segments, before it names a file."""
    if BAD_PERCENT.search(path):
        raise Refused(HTTPStatus.BAD_REQUEST)
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(HTTPStatus.BAD_REQUEST) from None
    if CONTROL.search(decoded) or ".." in decoded.split("/"):
        raise Refused(HTTPStatus.BAD_REQUEST)
