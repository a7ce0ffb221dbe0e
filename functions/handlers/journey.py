"""Routes of the survey journey (registered on the surveys handler's router).

Plain HTML forms all the way (every page works without JavaScript); the step pages also take
JSON saves from survey.js (autosave). A refused step shows the same step again, filled in.

A draft's pages are in the draft's language unless the page's `?lang=` says otherwise (its
language switcher); a save, city choice or send from a page in another language makes that the
draft's language, so that its mail and the response are in the language the person now reads.
"""

from __future__ import annotations

from typing import Any

from functions.domain.errors import (
    DomainError,
    DraftChanged,
    RateLimited,
    ServiceUnavailable,
    SurveyNotOpen,
    ValidationFailed,
)
from functions.domain.forms import Survey
from functions.domain.journey import ABOUT, CHECK, next_step, step_named
from functions.handlers.common import body_of, json_outcome, router_settings, services
from functions.http import journey_pages as pages
from functions.http.errors import status_of
from functions.http.html_pages import PageContext, message_page, page_response
from functions.http.request import Request
from functions.http.responses import redirect
from functions.http.router import Router, page_context
from functions.i18n import N_
from functions.rendering.form_state import FormState
from functions.usecases import drafts, sending
from functions.usecases.surveys import check_open, find_survey

DRAFTS = "/api/surveys/{survey_id}/drafts"
DRAFT = DRAFTS + "/{draft_id}"
SAVED_FOR_LATER = N_(
    "Your answers are saved. We have emailed you a link to come back to them on any device."
)
NOT_FOUND_STEP = N_("There is no such step in this survey.")
# What a journey page answers by showing itself again, with what the person sent.
REFUSED = (ValidationFailed, DraftChanged, SurveyNotOpen, RateLimited, ServiceUnavailable)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _survey(request: Request) -> Survey:
    return find_survey(services(), request.path_parameters["survey_id"])


def _context(request: Request, stored: str | None = None) -> PageContext:
    """The page's language (`?lang=`), else `stored` (the draft's or response's), else the
    request's."""
    return page_context(request, router_settings(), stored)


def _links(survey: Survey, draft_id: str, token: Any, language: str) -> pages.DraftLinks:
    base = services().config.api_base_url
    return pages.DraftLinks(base, survey.id, draft_id, str(token), language)


def _open(
    request: Request, token: Any
) -> tuple[Survey, dict[str, Any], pages.DraftLinks, PageContext]:
    """The draft the token opens, its links and the context of its page, in its language."""
    survey = _survey(request)
    draft_id = request.path_parameters["draft_id"]
    draft = drafts.open_draft(services(), survey, draft_id, token)
    context = _context(request, draft.get("language"))
    return survey, draft, _links(survey, draft_id, token, context.language), context


def _switched(request: Request, draft: dict[str, Any]) -> str | None:
    """The page's language when it is not the draft's: the draft takes it with this save."""
    language = request.page_language
    return language if language and language != draft.get("language") else None


def _html(status: int, context: PageContext, body: str, error: DomainError | None = None):
    headers = {"Retry-After": str(error.retry_after)} if hasattr(error, "retry_after") else None
    return page_response(status, context, body, headers)


def refused_state(
    refused: DomainError, context: PageContext, values: dict[str, Any] | None = None
) -> FormState:
    """A refused save as the page shows it: field errors, or a notice saying what happened;
    with what the person sent, when the page is a form of theirs."""
    errors = refused.errors if isinstance(refused, ValidationFailed) else {}
    translated = {name: context.translate(text) for name, text in errors.items()}
    notice = "" if errors else context.translate(refused.message)
    if values is None:
        return FormState(errors=translated, notice=notice)
    return FormState.from_form_body(values, "", translated, notice)


def start(request: Request) -> dict[str, Any]:
    survey = _survey(request)
    check_open(services(), survey)
    context = _context(request)
    draft, token = drafts.start(services(), survey, context.language, request.source_ip)
    links = _links(survey, draft["draft_id"], token, context.language)
    if request.is_form_post:
        return redirect(links.step(ABOUT), links.language)
    return json_outcome(
        request, 201, {"draft_id": draft["draft_id"], "token": token, "version": draft["version"]}
    )


def task_list(request: Request) -> dict[str, Any]:
    survey, draft, links, context = _open(request, request.query.get("t"))
    notice = context.translate(SAVED_FOR_LATER) if request.query.get("saved") else ""
    return _html(200, context, pages.task_list_page(context, survey, draft, links, notice))


def _step_state(draft: dict[str, Any]) -> FormState:
    values = {**(draft.get("respondent") or {}), **(draft.get("answers") or {})}
    return FormState.from_form_body(
        {
            key: [str(v) for v in value] if isinstance(value, list) else [str(value)]
            for key, value in values.items()
        },
        honeypot="",
    )


def show_step(request: Request) -> dict[str, Any]:
    survey, draft, links, context = _open(request, request.query.get("t"))
    step = step_named(survey, request.path_parameters["step_id"])
    if step is None:
        return message_page(404, context, N_("Not found"), NOT_FOUND_STEP, is_error=True)
    page = pages.step_page(
        context,
        survey,
        draft,
        links,
        step,
        _step_state(draft),
        request.query.get("return") == CHECK,
    )
    return _html(200, context, page)


def save_step(request: Request) -> dict[str, Any]:
    values, form_encoded = body_of(request)
    survey, draft, links, context = _open(request, _first(values.get("t")))
    step = step_named(survey, request.path_parameters["step_id"])
    if step is None:
        return message_page(404, context, N_("Not found"), NOT_FOUND_STEP, is_error=True)
    action = _first(values.get("action")) or "continue"
    back_to_check = _first(values.get("return")) == CHECK
    try:
        check_open(services(), survey)
        version, city_open = drafts.save_step(
            services(),
            survey,
            draft,
            step,
            values,
            form_encoded,
            complete=action == "continue",
            resume_url=links.task_list if action == "later" else None,
            language=_switched(request, draft),
            client_ip=request.source_ip,
        )
    except REFUSED as refused:
        if not request.is_form_post:
            raise
        state = refused_state(refused, context, values)
        page = pages.step_page(context, survey, draft, links, step, state, back_to_check)
        return _html(status_of(refused), context, page, refused)
    if not request.is_form_post:
        return json_outcome(request, 200, {"status": "saved", "version": version})
    if action == "later":
        return redirect(links.task_list + "&saved=1", links.language)
    if city_open:
        return redirect(links.city_then(back_to_check), links.language)
    after = links.check if back_to_check else links.step(next_step(survey, step))
    return redirect(after, links.language)


def show_city(request: Request) -> dict[str, Any]:
    survey, draft, links, context = _open(request, request.query.get("t"))
    back_to_check = request.query.get("return") == CHECK
    choices = drafts.city_choices(draft)
    page = pages.city_page(context, survey, draft, links, choices, FormState(), back_to_check)
    return _html(200, context, page)


def choose_city(request: Request) -> dict[str, Any]:
    values, _form_encoded = body_of(request)
    survey, draft, links, context = _open(request, _first(values.get("t")))
    try:
        check_open(services(), survey)
        drafts.choose_city(
            services(), survey, draft, values, _switched(request, draft), request.source_ip
        )
    except REFUSED as refused:
        state = refused_state(refused, context, values)
        choices = drafts.city_choices(draft)
        back = _first(values.get("return")) == CHECK
        page = pages.city_page(context, survey, draft, links, choices, state, back)
        return _html(status_of(refused), context, page, refused)
    if _first(values.get("return")) == CHECK:
        return redirect(links.check, links.language)
    return redirect(links.step(next_step(survey, step_named(survey, ABOUT))), links.language)


def show_check(request: Request) -> dict[str, Any]:
    survey, draft, links, context = _open(request, request.query.get("t"))
    return _html(200, context, pages.check_page(context, survey, draft, links, FormState()))


def send(request: Request) -> dict[str, Any]:
    values, _form_encoded = body_of(request)
    survey, draft, links, context = _open(request, _first(values.get("t")))
    try:
        check_open(services(), survey)
        record = sending.send(services(), survey, draft, context.language, request.source_ip)
    except REFUSED as refused:
        state = refused_state(refused, context)
        page = pages.check_page(context, survey, draft, links, state)
        return _html(status_of(refused), context, page, refused)
    return redirect(sending.view_url(services(), survey, record) + "&sent=1", links.language)


FORM_PAGE = "/ambassador-cities/survey/"


def register(app: Router) -> None:
    form = FORM_PAGE
    app.route("POST", DRAFTS, back_path=form)(start)
    app.route("GET", DRAFT, html_page=True, back_path=form)(task_list)
    app.route("GET", DRAFT + "/steps/{step_id}", html_page=True, back_path=form)(show_step)
    app.route("POST", DRAFT + "/steps/{step_id}", back_path=form)(save_step)
    app.route("GET", DRAFT + "/city", html_page=True, back_path=form)(show_city)
    app.route("POST", DRAFT + "/city", html_page=True, back_path=form)(choose_city)
    app.route("GET", DRAFT + "/check", html_page=True, back_path=form)(show_check)
    app.route("POST", DRAFT + "/send", html_page=True, back_path=form)(send)
