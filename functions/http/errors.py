"""THE one place mapping domain errors to HTTP: status codes, and a body in JSON or HTML.

Messages are translated here, into the language of the person who asked. A plain HTML form
that is refused gets its own form back, with what the person typed, the problems and what to
do next (GOV.UK's validation pattern); other refusals get a page of the site with the message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from functions.domain import errors as domain
from functions.http.html_pages import FormPage, PageContext, form_page, message_page
from functions.http.responses import json_response
from functions.i18n import N_

# Most specific first: the first matching class wins.
STATUS: tuple[tuple[type[domain.DomainError], int], ...] = (
    (domain.ValidationFailed, 422),
    (domain.TokenInvalid, 422),
    (domain.IdempotencyKeyReused, 422),
    (domain.MalformedRequest, 400),
    (domain.OriginNotAllowed, 403),
    (domain.NotFound, 404),
    (domain.AlreadyAnswered, 409),
    (domain.DraftChanged, 409),
    (domain.SurveyNotOpen, 410),
    (domain.PayloadTooLarge, 413),
    (domain.UnsupportedContentType, 415),
    (domain.RateLimited, 429),
    (domain.ServiceUnavailable, 503),
)

TITLES = {
    400: N_("The request could not be read"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("Not saved"),
    410: N_("This survey is not open"),
    413: N_("Too much data"),
    415: N_("Unsupported format"),
    422: N_("Some answers need correcting"),
    429: N_("Too many requests"),
    500: N_("Something went wrong"),
    503: N_("Please try again shortly"),
}
# Titles of refusals that are not about answers, although they share a status code.
CLASS_TITLES: tuple[tuple[type[domain.DomainError], str], ...] = (
    (domain.TokenInvalid, N_("This link is not valid or has expired")),
    (domain.IdempotencyKeyReused, N_("The request could not be read")),
)
NO_SUCH_PATH = N_("There is nothing at this address.")
UNEXPECTED = N_("Sorry, something went wrong on our side. Please try again later.")

# Refusals of a form POST that show the form again: nothing the person typed is lost, and
# for 429 and 503 the same button sends it again.
FORM_STATUSES = frozenset({409, 410, 422, 429, 503})


def status_of(error: domain.DomainError) -> int:
    return next(code for kind, code in STATUS if isinstance(error, kind))


def title_of(error: domain.DomainError, status: int) -> str:
    """The page title: the error's own where its status code would mislead."""
    return next((title for kind, title in CLASS_TITLES if isinstance(error, kind)), TITLES[status])


def field_errors(error: domain.DomainError) -> Mapping[str, str] | None:
    """The `errors` map of a 422, or None for errors that have a single message."""
    if isinstance(error, domain.ValidationFailed):
        return error.errors
    if isinstance(error, domain.TokenInvalid):
        return {"token": error.message}
    if isinstance(error, domain.IdempotencyKeyReused):
        return {"Idempotency-Key": error.message}
    return None


def error_headers(error: domain.DomainError) -> dict[str, str]:
    if isinstance(error, domain.RateLimited | domain.ServiceUnavailable):
        return {"Retry-After": str(error.retry_after)}
    return {}


def _html_response(
    error: domain.DomainError,
    status: int,
    context: PageContext,
    headers: dict[str, str],
    back_url: str,
    form: FormPage | None,
    form_values: Mapping[str, Any] | None,
) -> dict[str, Any]:
    if form is not None and form_values is not None and status in FORM_STATUSES:
        from functions.rendering.form_state import FormState

        if isinstance(error, domain.ValidationFailed):
            errors = {name: context.translate(text) for name, text in error.errors.items()}
            notice = ""
        else:
            errors, notice = {}, context.translate(error.message)
        state = FormState.from_form_body(form_values, form.honeypot, errors, notice)
        return form_page(status, context, form, state, headers)
    message = error.message
    if isinstance(error, domain.ValidationFailed) and error.errors:
        message = next(iter(error.errors.values()))
    link = (back_url, N_("Back to the form"))
    return message_page(
        status, context, title_of(error, status), message, link, is_error=True, headers=headers
    )


def error_response(
    error: domain.DomainError,
    *,
    html: bool,
    context: PageContext,
    back_url: str,
    form: FormPage | None = None,
    form_values: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    status = status_of(error)
    headers = error_headers(error)
    if html:
        return _html_response(error, status, context, headers, back_url, form, form_values)
    errors = field_errors(error)
    headers["Content-Language"] = context.language
    if errors is not None:
        payload: dict[str, Any] = {
            "errors": {name: context.translate(text) for name, text in errors.items()}
        }
    else:
        payload = {"error": context.translate(error.message)}
    return json_response(status, payload, headers)


def unexpected_response(*, html: bool, context: PageContext, back_url: str) -> dict[str, Any]:
    """500 for what no rule above expected (a bug): said in the person's language all the same."""
    headers = {"Content-Language": context.language}
    if html:
        link = (back_url, N_("Back to the form"))
        return message_page(
            500, context, TITLES[500], UNEXPECTED, link, is_error=True, headers=headers
        )
    return json_response(500, {"error": context.translate(UNEXPECTED)}, headers)
