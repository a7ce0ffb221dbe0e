"""Lambda handler of the manifesto endorsements: submit, confirm, withdraw, list."""

from __future__ import annotations

from typing import Any

from functions.domain.errors import FormDefinitionError
from functions.handlers.common import body_of, json_outcome, render, router_settings, services
from functions.http.html_pages import FormPage, action_page, message_page
from functions.http.request import Request
from functions.http.responses import json_response
from functions.http.router import Router, language_of, page_context
from functions.i18n import N_
from functions.rendering.site import MANIFESTO_PATH
from functions.usecases.endorsements import (
    CONFIRM,
    FORM_ID,
    WITHDRAW,
    check_token,
    endorse,
    public_list,
)
from functions.usecases.endorsements import confirm as confirm_endorsement
from functions.usecases.endorsements import withdraw as withdraw_endorsement

FORM_PAGE = "/" + MANIFESTO_PATH
THANK_YOU = "/manifesto/thank-you/"

app = Router(router_settings)


def endorsement_form(request: Request) -> FormPage | None:
    form = services().catalog.forms.get(FORM_ID)
    if form is None:
        raise FormDefinitionError(f"no form with id {FORM_ID!r}")
    action = f"{services().config.api_base_url}/endorsements?lang={language_of(request)}"
    return FormPage(form, action, MANIFESTO_PATH)


@app.route("POST", "/api/endorsements", back_path=FORM_PAGE, form=endorsement_form)
def submit(request: Request) -> dict[str, Any]:
    values, form_encoded = body_of(request)
    outcome = endorse(
        services(),
        values,
        form_encoded,
        request.source_ip,
        request.header("idempotency-key"),
        language_of(request),
    )
    return render(request, outcome, THANK_YOU)


@app.route("GET", "/api/endorsements")
def listing(request: Request) -> dict[str, Any]:
    response = json_response(200, public_list(services()))
    response["headers"]["Cache-Control"] = "public, max-age=60"
    return response


def _token_from_body(request: Request) -> Any:
    values, form_encoded = body_of(request)
    token = values.get("token")
    return token[0] if form_encoded and isinstance(token, list) and len(token) == 1 else token


def _button_page(
    request: Request, action: str, title: str, explanation: str, button: str
) -> dict[str, Any]:
    """A page with one button that POSTs the token: mail scanners open links, a GET changes nothing."""
    config = services().config
    token = check_token(services(), request.query.get("token"), action)
    context = page_context(request, router_settings())
    action_url = f"{config.api_base_url}/endorsements/{action}?lang={context.language}"
    return action_page(context, title, explanation, action_url, token, button)


def _result(request: Request, status: int, body: dict[str, Any], title: str) -> dict[str, Any]:
    if not request.is_form_post:
        return json_outcome(request, status, body)
    context = page_context(request, router_settings())
    link = (context.site_url_of(FORM_PAGE), N_("See the manifesto and its endorsers"))
    return message_page(status, context, title, body["message"], link)


@app.route("GET", "/api/endorsements/confirm", html_page=True, back_path=FORM_PAGE)
def confirm_page(request: Request) -> dict[str, Any]:
    return _button_page(
        request,
        CONFIRM,
        N_("Confirm your endorsement"),
        N_("Press the button to confirm your endorsement of the Inclusive Smart Cities manifesto."),
        N_("Confirm my endorsement"),
    )


@app.route("POST", "/api/endorsements/confirm", back_path=FORM_PAGE)
def confirm(request: Request) -> dict[str, Any]:
    outcome = confirm_endorsement(services(), _token_from_body(request), request.source_ip)
    return _result(request, outcome.status, outcome.body, N_("Endorsement confirmed"))


@app.route("GET", "/api/endorsements/withdraw", html_page=True, back_path=FORM_PAGE)
def withdraw_page(request: Request) -> dict[str, Any]:
    return _button_page(
        request,
        WITHDRAW,
        N_("Withdraw your endorsement"),
        N_(
            "Press the button to withdraw your endorsement. We delete your details; you "
            "disappear from the list and the count of endorsers."
        ),
        N_("Withdraw my endorsement"),
    )


@app.route("POST", "/api/endorsements/withdraw", back_path=FORM_PAGE)
def withdraw(request: Request) -> dict[str, Any]:
    outcome = withdraw_endorsement(services(), _token_from_body(request), request.source_ip)
    return _result(request, outcome.status, outcome.body, N_("Endorsement withdrawn"))


def lambda_handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    return app.resolve(event, context)
