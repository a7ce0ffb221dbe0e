"""Routes of sent survey responses: reading them, changing them, confirming the email, and the
place suggestions of the city combobox (registered on the surveys handler's router)."""

from __future__ import annotations

from typing import Any

from functions.domain.statuses import Status
from functions.handlers.common import body_of, json_outcome, services
from functions.handlers.journey import FORM_PAGE, _context, _first, _html, _links, _survey
from functions.http import journey_pages as pages
from functions.http.html_pages import action_page, message_page
from functions.http.request import Request
from functions.http.responses import redirect
from functions.http.router import Router
from functions.i18n import N_
from functions.usecases import confirming, sending

RESPONSE = "/api/surveys/{survey_id}/responses/{reference}"
CONFIRM = "/api/surveys/{survey_id}/confirm"


def show_response(request: Request) -> dict[str, Any]:
    survey = _survey(request)
    token = request.query.get("t")
    record = confirming.open_response(
        services(), survey, request.path_parameters["reference"], token
    )
    context = _context(request, record.get("language"))
    page = pages.response_page(
        context,
        survey,
        record,
        str(token),
        just_sent=bool(request.query.get("sent")),
        can_change=record.get("status") == Status.CONFIRMED and survey.is_open(services().clock()),
    )
    return _html(200, context, page)


def edit_response(request: Request) -> dict[str, Any]:
    values, _form_encoded = body_of(request)
    survey = _survey(request)
    record = confirming.open_response(
        services(), survey, request.path_parameters["reference"], _first(values.get("t"))
    )
    draft, token = confirming.start_edit(
        services(), survey, record, request.page_language, request.source_ip
    )
    links = _links(survey, draft["draft_id"], token, draft["language"])
    return redirect(links.check, links.language)


def confirm_page(request: Request) -> dict[str, Any]:
    survey = _survey(request)
    token = confirming.check_confirm_token(services(), survey, request.query.get("token"))
    context = _context(request)
    return action_page(
        context,
        N_("Confirm your city's answers"),
        N_(
            "Press the button to confirm your email address. Your city's answers count once you have confirmed."
        ),
        f"{services().config.api_base_url}/surveys/{survey.id}/confirm?lang={context.language}",
        token,
        N_("Confirm my email address"),
    )


def confirm(request: Request) -> dict[str, Any]:
    values, _form_encoded = body_of(request)
    survey = _survey(request)
    record = confirming.confirm(services(), survey, _first(values.get("token")), request.source_ip)
    if not request.is_form_post:
        return json_outcome(
            request,
            200,
            {
                "status": Status.CONFIRMED,
                "reference": record["reference"],
                "contested": record["contested"],
            },
        )
    context = _context(request, record.get("language"))
    message = (
        N_(
            "Thank you: your email address is confirmed. Someone else has also answered for your city, so the programme team will check which response is the city's and contact you."
        )
        if record["contested"]
        else N_(
            "Thank you: your email address is confirmed and your city's answers count. We have emailed you a copy of them."
        )
    )
    link = (sending.view_url(services(), survey, record), N_("Read your city's answers"))
    return message_page(200, context, N_("Answers confirmed"), message, link)


def suggest_places(request: Request) -> dict[str, Any]:
    from functions.domain import places

    _survey(request)
    country = (request.query.get("country") or "").strip().upper()
    found = places.gazetteer().search(country, request.query.get("q") or "", limit=8)
    response = json_outcome(
        request,
        200,
        {"places": [{"id": p.id, "name": p.name, "region": p.region} for p in found]},
    )
    response["headers"]["Cache-Control"] = "public, max-age=86400"
    return response


def register(app: Router) -> None:
    app.route("GET", RESPONSE, html_page=True, back_path=FORM_PAGE)(show_response)
    app.route("POST", RESPONSE + "/edit", html_page=True, back_path=FORM_PAGE)(edit_response)
    app.route("GET", CONFIRM, html_page=True, back_path=FORM_PAGE)(confirm_page)
    app.route("POST", CONFIRM, back_path=FORM_PAGE)(confirm)
    app.route("GET", "/api/surveys/{survey_id}/places")(suggest_places)
