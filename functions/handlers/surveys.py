"""Lambda handler of the surveys: the definition, and responses."""

from __future__ import annotations

from typing import Any

from functions.handlers.common import body_of, render, router_settings, services
from functions.http.request import Request
from functions.http.responses import json_response
from functions.http.router import Router
from functions.usecases.surveys import check_open, describe, find_survey, submit

FORM_PAGE = "/ambassador-cities/survey/"
THANK_YOU = "/ambassador-cities/survey/thank-you/"

app = Router(router_settings)


@app.route("GET", "/api/surveys/{survey_id}")
def definition(request: Request) -> dict[str, Any]:
    return json_response(200, describe(services(), request.path_parameters["survey_id"]))


@app.route("POST", "/api/surveys/{survey_id}/responses", back_path=FORM_PAGE)
def respond(request: Request) -> dict[str, Any]:
    survey_id = request.path_parameters["survey_id"]
    check_open(services(), find_survey(services(), survey_id))  # 404 and 410 before body errors
    values, form_encoded = body_of(request)
    outcome = submit(
        services(),
        survey_id,
        values,
        form_encoded,
        request.source_ip,
        request.header("idempotency-key"),
    )
    return render(request, outcome, THANK_YOU)


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    return app.resolve(event, context)
