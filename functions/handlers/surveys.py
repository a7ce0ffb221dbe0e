"""Lambda handler of the surveys: the definition, the journey (functions.handlers.journey),
and responses sent in one request."""

from __future__ import annotations

from typing import Any

from functions.handlers import journey, survey_responses
from functions.handlers.common import body_of, render, router_settings, services
from functions.http.html_pages import FormPage
from functions.http.request import Request
from functions.http.responses import json_response
from functions.http.router import Router, language_of
from functions.rendering.site import SURVEY_PATH
from functions.usecases.sending import submit_all
from functions.usecases.surveys import check_open, describe, find_survey

FORM_PAGE = "/" + SURVEY_PATH
THANK_YOU = "/ambassador-cities/survey/thank-you/"

app = Router(router_settings)
journey.register(app)
survey_responses.register(app)


def survey_form(request: Request) -> FormPage | None:
    """The survey the request answers; None for an unknown survey (a plain 404 page)."""
    survey_id = request.path_parameters.get("survey_id", "")
    survey = services().catalog.surveys.get(survey_id)
    if survey is None:
        return None
    base = services().config.api_base_url
    action = f"{base}/surveys/{survey.id}/responses?lang={language_of(request)}"
    return FormPage(survey, action, SURVEY_PATH)


@app.route("GET", "/api/surveys/{survey_id}")
def definition(request: Request) -> dict[str, Any]:
    survey_id = request.path_parameters["survey_id"]
    return json_response(200, describe(services(), survey_id, language_of(request)))


@app.route("POST", "/api/surveys/{survey_id}/responses", back_path=FORM_PAGE, form=survey_form)
def respond(request: Request) -> dict[str, Any]:
    survey = find_survey(services(), request.path_parameters["survey_id"])
    check_open(services(), survey)  # 404 and 410 before body errors
    values, form_encoded = body_of(request)
    outcome = submit_all(
        services(),
        survey,
        values,
        form_encoded,
        request.source_ip,
        request.header("idempotency-key"),
        language_of(request),
    )
    return render(request, outcome, THANK_YOU)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    return app.resolve(event, context)
