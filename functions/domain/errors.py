"""Typed errors of the forms API. `functions.http.errors` is the one place mapping them to HTTP.

Messages are shown to the person who sent the request, so they say what to do, and they never
carry personal data (they also end up in logs).
"""

from __future__ import annotations

from collections.abc import Mapping

from functions.i18n import N_


class FormDefinitionError(ValueError):
    """A form or survey definition file is malformed: the message names the file and key path."""


class DomainError(Exception):
    """Base of every error a request can end in; the message is safe to show and to log."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """One or more fields are invalid: `errors` maps each field name to its message."""

    def __init__(self, errors: Mapping[str, str], labels: Mapping[str, str] | None = None) -> None:
        super().__init__(N_("Some answers are missing or not valid: please correct them."))
        self.errors = dict(errors)
        self.labels = dict(labels or {})  # field name -> label, for the HTML error page


class MalformedRequest(DomainError):
    """The body cannot be read as the content type it claims (or is not an object)."""


class PayloadTooLarge(DomainError):
    """The body is over the size limit."""


class UnsupportedContentType(DomainError):
    """Neither JSON nor a urlencoded form."""


class OriginNotAllowed(DomainError):
    """A browser sent the request from a site that is not in the allow-list."""


class NotFound(DomainError):
    """No such survey (or other resource)."""


class SurveyNotOpen(DomainError):
    """The survey is closed or not open yet (the message gives the dates)."""


class AlreadyAnswered(DomainError):
    """This city has already answered this survey; only the emailed edit link can change it."""


class DraftChanged(DomainError):
    """The draft was saved from another page or device since this one was read."""


class TokenInvalid(DomainError):
    """A token that is tampered with, expired, already used or for something else."""


class IdempotencyKeyReused(DomainError):
    """The same Idempotency-Key came with a different request body."""


class RateLimited(DomainError):
    """One client sent too many submissions; retry after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ServiceUnavailable(DomainError):
    """Storage or mail is unavailable or throttling; nothing was half-done; retry later."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        super().__init__(message)
        self.retry_after = retry_after
