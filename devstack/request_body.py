"""Read a request's body as API Gateway would take it: by Content-Length, or chunked.

Clients send chunked bodies too (some send an empty form that way). Either way the body is
bounded by MAX_BODY, and a malformed length or chunk is refused, never guessed at.
"""

from __future__ import annotations

import re
from email.message import Message
from http import HTTPStatus
from typing import BinaryIO

from devstack.request_checks import Refused

MAX_BODY = 1024 * 1024  # API Gateway's own limit is higher; the handlers enforce ours.
DIGITS = re.compile(r"[0-9]+")  # str.isdigit would accept "²" and other Unicode digits
CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})[ \t]*(;[^\r\n]*)?\r?\n")
MAX_LINE = 4096  # a chunk-size line or a trailer line
MAX_TRAILERS = 32


def read_body(rfile: BinaryIO, headers: Message) -> bytes:
    """The body; raises Refused for a malformed or over-long one. A socket timeout while
    reading (TimeoutError) is the caller's: the client stopped sending."""
    encodings = headers.get_all("Transfer-Encoding") or []
    if encodings:
        if headers.get("Content-Length") is not None:
            # Both at once is how requests are smuggled past a proxy: refuse, do not choose.
            raise Refused(HTTPStatus.BAD_REQUEST)
        if [e.strip().lower() for e in ",".join(encodings).split(",")] != ["chunked"]:
            raise Refused(HTTPStatus.BAD_REQUEST)  # gzip and the like: not for a request
        return _read_chunked(rfile)
    length = content_length(headers)
    body = rfile.read(length) if length else b""
    if len(body) < length:  # the client closed its side before sending it all
        raise Refused(HTTPStatus.BAD_REQUEST)
    return body


def content_length(headers: Message) -> int:
    """One plain decimal number (repeated alike at most), at most MAX_BODY; 0 when absent."""
    values = {value.strip() for value in headers.get_all("Content-Length") or []}
    if not values:
        return 0
    value = values.pop()
    if values or not DIGITS.fullmatch(value):
        raise Refused(HTTPStatus.BAD_REQUEST)
    if len(value) > len(str(MAX_BODY)) or int(value) > MAX_BODY:
        raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    return int(value)


def _line(rfile: BinaryIO) -> bytes:
    line = rfile.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE or not line.endswith(b"\n"):  # too long, or the client closed
        raise Refused(HTTPStatus.BAD_REQUEST)
    return line


def _read_chunked(rfile: BinaryIO) -> bytes:
    body = bytearray()
    while True:
        found = CHUNK_SIZE.fullmatch(_line(rfile))
        if found is None:
            raise Refused(HTTPStatus.BAD_REQUEST)
        size = int(found.group(1), 16)
        if size == 0:
            break
        if len(body) + size > MAX_BODY:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        chunk = rfile.read(size)
        if len(chunk) < size or _line(rfile).strip(b"\r\n"):  # short, or no CRLF after it
            raise Refused(HTTPStatus.BAD_REQUEST)
        body += chunk
    for _ in range(MAX_TRAILERS):  # trailer fields, ignored, up to the blank line
        if _line(rfile) in (b"\r\n", b"\n"):
            return bytes(body)
    raise Refused(HTTPStatus.BAD_REQUEST)
