"""One log line per request: what the request did goes on the router's line, not its own.

A submission used to write two lines (the use case's "stored as pending ..." and the router's
"POST /endorsements -> 202 in 4 ms"). Each line is a write to stdout, which Lambda and the
local server both pass on to a reader; on a busy server the second write cost more than the
code that decided what to say. The use cases call `note()`; inside a request (`collecting()`,
opened by the router) the notes join its one line, elsewhere (the admin CLI, the mail worker)
each is logged at once, as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_notes: ContextVar[list[str] | None] = ContextVar("request_notes", default=None)


def note(log: logging.Logger, message: str, *args: object) -> None:
    """Say what this request did (INFO): on the request's line, or at once outside one."""
    notes = _notes.get()
    if notes is None:
        log.info(message, *args)
    elif log.isEnabledFor(logging.INFO):
        notes.append(message % args if args else message)


@contextmanager
def collecting() -> Iterator[list[str]]:
    """The notes of the request being handled; a fresh list per request (and per thread)."""
    notes: list[str] = []
    token = _notes.set(notes)
    try:
        yield notes
    finally:
        _notes.reset(token)
