"""functions/openapi.yaml is valid OpenAPI 3.1 and describes what the handlers really answer,
and the requests they accept: every call of the survey's tests below is checked against it."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import pytest
import yaml
from jsonschema import Draft202012Validator, ValidationError
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from functions.domain.forms import DEFAULT_FORMS_DIR
from functions.routes import ROUTES, SURVEYS
from tests.functions.conftest import (
    SITE,
    Api,
    Response,
    _path_parameters,
    _route_key,
    api_event,
    token_of,
)
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID, respondent, write_survey
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture
from tests.functions.test_survey_journey import (
    BASE,
    Journey,
    about,
    complete_response,
    confirm_link,
    follow,
    form_pairs,
    hidden,
    location,
    path_of,
)

SPEC_PATH = DEFAULT_FORMS_DIR.parent / "openapi.yaml"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def check(spec: dict[str, Any], method: str, template: str, response: Response) -> None:
    """The response's status, headers and body are what the document says."""
    operation = spec["paths"][template][method.lower()]
    documented = operation["responses"]
    assert str(response.status) in documented, (
        f"{method} {template}: {response.status} undocumented"
    )
    described = resolve(spec, documented[str(response.status)])
    for name, header in (described.get("headers") or {}).items():
        if header.get("required"):
            assert response.header(name), f"{name} missing on {response.status}"
        if response.header(name) is not None:
            Draft202012Validator(header["schema"]).validate(response.header(name))
    assert response.header("X-Content-Type-Options") == "nosniff"
    content = described.get("content")
    if not content:
        return
    media = (response.header("Content-Type") or "").split(";")[0]
    assert media in content, f"{method} {template} {response.status}: {media} undocumented"
    if media == "application/json":
        _validator(spec, content[media]["schema"]).validate(json.loads(response.body))


def _validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:spec", resource)
    reference = {"$ref": "urn:spec#" + _pointer(spec, schema)}
    return Draft202012Validator(reference, registry=registry)


def _pointer(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].removeprefix("#")
    # an inline schema: find where it sits (only the few inline ones in responses)
    raise AssertionError("inline response schemas are not used in this document")


def _allows(spec: dict[str, Any], schema: dict[str, Any], kind: str) -> bool:
    schema = resolve(spec, schema)
    options = [schema, *(resolve(spec, option) for option in schema.get("anyOf", []))]
    return any(option.get("type") == kind for option in options)


def form_values(spec: dict[str, Any], schema: dict[str, Any], body: str) -> dict[str, Any]:
    """A urlencoded body read as OpenAPI's form style does: a repeated key (or any key of an
    array property) as a list, digits as a number where the schema has one."""
    properties = resolve(spec, schema).get("properties", {})
    pairs: dict[str, list[str]] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        pairs.setdefault(key, []).append(value)
    values: dict[str, Any] = {}
    for key, items in pairs.items():
        described = properties.get(key, {})
        value: Any = items if len(items) > 1 or _allows(spec, described, "array") else items[0]
        if isinstance(value, str) and value.isascii() and value.isdigit():
            value = int(value) if _allows(spec, described, "integer") else value
        values[key] = value
    return values


def check_request(spec: dict[str, Any], event: dict[str, Any]) -> None:
    """The request's parameters and body are ones the document allows."""
    method, template = event["routeKey"].split(" ", 1)
    operation = spec["paths"][template][method.lower()]
    parameters = [resolve(spec, p) for p in operation.get("parameters", [])]
    sent = {
        "query": event.get("queryStringParameters") or {},
        "path": event.get("pathParameters") or {},
    }
    for place, values in sent.items():
        documented = {p["name"]: p for p in parameters if p["in"] == place}
        assert set(values) <= set(documented), f"{template}: {sorted(values)} undocumented"
        for name, parameter in documented.items():
            assert name in values or not parameter.get("required"), f"{template}: no {name}"
            if name in values:
                Draft202012Validator(parameter["schema"]).validate(values[name])
    body = event.get("body")
    if body is None:
        assert not operation.get("requestBody", {}).get("required"), f"{template}: no body"
        return
    media = event["headers"].get("content-type", "").split(";")[0]
    content = operation["requestBody"]["content"]
    assert media in content, f"{method} {template}: {media} undocumented"
    schema = content[media]["schema"]
    parsed = json.loads(body) if media == "application/json" else form_values(spec, schema, body)
    _validator(spec, schema).validate(parsed)


def recording(api: Api) -> list[tuple[dict[str, Any], Response]]:
    """Every (event, response) of the api's calls from now on."""
    exchanges: list[tuple[dict[str, Any], Response]] = []
    call = api.call

    def record(event: dict[str, Any]) -> Response:
        response = call(event)
        exchanges.append((event, response))
        return response

    api.call = record  # type: ignore[method-assign]
    return exchanges


def check_all(
    spec: dict[str, Any], exchanges: list[tuple[dict[str, Any], Response]]
) -> set[tuple[str, str, int]]:
    """Every response as documented, and every request that was accepted; what was seen."""
    seen = set()
    for event, response in exchanges:
        method, template = event["routeKey"].split(" ", 1)
        check(spec, method, template, response)
        if response.status < 400:
            check_request(spec, event)
        seen.add((method, template, response.status))
    return seen


def test_the_check_fails_on_an_undocumented_body(spec: dict[str, Any]) -> None:
    """The response check raises on a 200 whose JSON body the document's schema does not allow."""
    wrong = Response(
        200,
        {"Content-Type": "application/json", "X-Content-Type-Options": "nosniff"},
        '{"count": "many"}',
    )
    with pytest.raises(ValidationError):
        check(spec, "GET", "/api/endorsements", wrong)


def test_the_document_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    """functions/openapi.yaml passes openapi-spec-validator and declares OpenAPI 3.1."""
    validate_spec(spec)
    assert spec["openapi"].startswith("3.1")


def test_every_route_is_documented_and_nothing_else(spec: dict[str, Any]) -> None:
    """The document's operations are exactly the (method, path) pairs of functions.routes."""
    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert documented == {(method, path) for method, path, _ in ROUTES}


def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) by operationId."""
    return {
        operation["operationId"]: (method.upper(), path, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }


def test_every_operation_has_an_id_and_every_link_names_one(spec: dict[str, Any]) -> None:
    """Each route has an operationId; each link names one and gives its required parameters."""
    by_id = operations(spec)
    assert len(by_id) == len(ROUTES)
    for _method, _path, operation in by_id.values():
        for response in operation["responses"].values():
            for name, link in resolve(spec, response).get("links", {}).items():
                _, _, target = by_id[link["operationId"]]
                parameters = [resolve(spec, p) for p in target.get("parameters", [])]
                required = {p["name"] for p in parameters if p.get("required")}
                assert required <= set(link["parameters"]) <= {p["name"] for p in parameters}, name


def test_the_links_of_a_started_draft_open_its_pages(spec: dict[str, Any], survey_api: Api) -> None:  # noqa: F811
    """Each link of a started draft's 201, followed with its values, is a GET that answers 200."""
    started = survey_api.post_json(f"{BASE}/drafts", {})
    links = spec["paths"]["/api/surveys/{survey_id}/drafts"]["post"]["responses"]["201"]["links"]
    by_id = operations(spec)
    for link in links.values():
        method, template, target = by_id[link["operationId"]]
        values = {}
        for name, expression in link["parameters"].items():
            if expression == "$request.path.survey_id":
                values[name] = SURVEY_ID
            elif expression.startswith("$response.body#/"):
                values[name] = started.json()[expression.removeprefix("$response.body#/")]
            else:
                values[name] = expression
        places = {resolve(spec, p)["name"]: resolve(spec, p)["in"] for p in target["parameters"]}
        path = template.format_map(values)
        query = {name: value for name, value in values.items() if places[name] == "query"}
        response = survey_api.get(path, query)
        assert method == "GET" and response.status == 200, (link, response.status)
        check(spec, method, template, response)


def test_real_endorsement_responses_match_the_document(spec: dict[str, Any], make_api: Any) -> None:
    """Real endorsement answers (202, 303, 4xx, confirm, list, withdraw, 429) are documented."""
    api: Api = make_api(RATE_LIMIT_PER_MINUTE="6")
    post = "/api/endorsements"
    check(spec, "POST", post, api.post_json(ENDORSEMENTS, endorsement()))
    check(spec, "POST", post, api.post_form(ENDORSEMENTS, endorsement(email="f@example.org")))
    check(spec, "POST", post, api.post_json(ENDORSEMENTS, endorsement(email="bad")))
    check(spec, "POST", post, api.post_form(ENDORSEMENTS, endorsement(email="bad")))
    check(spec, "POST", post, api.post_json(ENDORSEMENTS, [1]))
    check(
        spec,
        "POST",
        post,
        api.post_json(ENDORSEMENTS, endorsement(), headers={"origin": "https://x.test"}),
    )
    check(spec, "POST", post, api.post_json(ENDORSEMENTS, {"name": "x" * 20_000}))
    confirm_link = next(
        link for link in api.mails()[0].get_body().get_content().split() if "confirm?token" in link
    )
    token = token_of(confirm_link)
    check(
        spec,
        "GET",
        "/api/endorsements/confirm",
        api.get("/api/endorsements/confirm", {"token": token}),
    )
    check(
        spec,
        "GET",
        "/api/endorsements/confirm",
        api.get("/api/endorsements/confirm", {"token": "x"}),
    )
    check(
        spec,
        "POST",
        "/api/endorsements/confirm",
        api.post_json("/api/endorsements/confirm", {"token": token}),
    )
    check(
        spec,
        "POST",
        "/api/endorsements/confirm",
        api.post_json("/api/endorsements/confirm", {"token": token}),
    )
    check(spec, "GET", post, api.get(ENDORSEMENTS))
    check(
        spec,
        "POST",
        "/api/endorsements/withdraw",
        api.post_form("/api/endorsements/withdraw", {"token": "x"}, headers={"origin": SITE}),
    )
    for i in range(8):
        last = api.post_json(ENDORSEMENTS, endorsement(email=f"n{i}@example.org"))
    assert last.status == 429
    check(spec, "POST", post, last)


def test_real_survey_responses_match_the_document(spec: dict[str, Any], survey_api: Api) -> None:  # noqa: F811
    """Real answers of .../responses (201, 303, 404, 422) and the accepted requests match."""
    exchanges = recording(survey_api)
    path = f"{BASE}/responses"
    survey_api.get(BASE)
    survey_api.get("/api/surveys/nope")
    body = {"respondent": respondent(), "answers": ALL_BEST}
    first = survey_api.post_json(path, body, headers={"idempotency-key": "key-1"})
    assert first.status == 201 and first.json()["status"] == "pending"
    retry = survey_api.post_json(path, body, headers={"idempotency-key": "key-1"})
    assert retry.json() == first.json()  # the first answer again, nothing stored twice
    other = body | {"respondent": respondent(name="Other")}
    assert survey_api.post_json(path, other, headers={"idempotency-key": "key-1"}).status == 422
    # a second response for the same city is pending too: no edit token, no 409
    second = survey_api.post_json(path, body | {"respondent": respondent(email="o@x.org")})
    assert second.status == 201 and second.json()["reference"] != first.json()["reference"]
    form = survey_api.post_form(path, form_pairs(respondent(email="f@x.org") | ALL_BEST))
    assert form.status == 303
    assert survey_api.post_json(path, {"respondent": {}}).status == 422
    assert survey_api.post_json(path, body | {"edit_token": "a.b"}).status == 422
    assert survey_api.post_json("/api/surveys/nope/responses", body).status == 404
    seen = check_all(spec, exchanges)
    statuses = {status for _method, template, status in seen if template.endswith("/responses")}
    assert statuses == {201, 303, 404, 422}


def open_forms(folder: Any) -> str:
    now = datetime.now(UTC)
    opens, closes = now - timedelta(days=1), now + timedelta(days=9)
    write_survey(folder, opens.isoformat(timespec="seconds"), closes.isoformat(timespec="seconds"))
    return str(folder)


def test_survey_refusals_match_the_document(
    spec: dict[str, Any], make_api: Any, tmp_path: Any
) -> None:
    """The survey's 429 and closed 410 answers, as JSON and as a form, match the document."""
    api = make_api(FORMS_DIR=open_forms(tmp_path / "open"), RATE_LIMIT_PER_MINUTE="2")
    exchanges = recording(api)
    for i in range(4):
        body = {"respondent": respondent(name=f"N{i}"), "answers": ALL_BEST}
        last = api.post_json(f"{BASE}/responses", body)
    assert last.status == 429
    write_survey(tmp_path / "closed", "2019-01-01T00:00:00+00:00", "2020-01-01T00:00:00+00:00")
    closed = make_api(FORMS_DIR=str(tmp_path / "closed"))
    exchanges += recording(closed)
    assert closed.post_json(f"{BASE}/responses", body).status == 410
    assert closed.post_form(f"{BASE}/responses", form_pairs(respondent() | ALL_BEST)).status == 410
    check_all(spec, exchanges)


def raw_post(api: Api, path: str, body: str, content_type: str) -> Response:
    """A POST with any body and content type, routed like the others."""
    event = api_event(
        "POST",
        path,
        body=body,
        content_type=content_type,
        route_key=_route_key("POST", path),
        path_parameters=_path_parameters(path),
    )
    return api.call(event)


JOURNEY_ROUTES = {
    (method, template)
    for method, template, handler in ROUTES
    if handler == SURVEYS
    and (method, template)
    not in {("GET", "/api/surveys/{survey_id}"), ("POST", "/api/surveys/{survey_id}/responses")}
}


def test_real_journey_responses_match_the_document(spec: dict[str, Any], survey_api: Api) -> None:  # noqa: F811
    """Every route of the journey, as the handlers really answer them: pages, redirects, JSON
    saves and their refusals; and every request they accepted is one the document allows."""
    exchanges = recording(survey_api)
    # starting: the site's Start now button, and a JSON client
    journey = Journey(survey_api)
    token, draft = journey.token, journey.draft_path
    started = survey_api.post_json(f"{BASE}/drafts", {})
    assert started.status == 201 and started.json()["version"] == 0
    assert (
        survey_api.post_form(f"{BASE}/drafts", [], headers={"origin": "https://x.test"}).status
        == 403
    )
    assert survey_api.post_json("/api/surveys/nope/drafts", {}).status == 404
    # the pages open with the draft's token only
    for page in ("", "/steps/about", "/city", "/check"):
        assert survey_api.get(draft + page, {"t": token}).status == 200
        assert survey_api.get(draft + page, {"t": "x"}).status == 422
    assert survey_api.get(draft).status == 422
    assert survey_api.get(draft, {"t": token, "saved": "1"}).status == 200
    assert survey_api.get(f"{draft}/steps/training", {"t": token, "return": "check"}).status == 200
    assert survey_api.get(f"{draft}/steps/nope", {"t": token}).status == 404
    assert survey_api.get(draft.replace(SURVEY_ID, "nope"), {"t": token}).status == 404
    # plain-form step saves: later, refused, continue (to the city's page)
    assert "saved=1" in location(journey.save("about", about(), action="later"))
    assert journey.save("leadership", {"leadership_strategy": "drafting"}).status == 422
    to_city = location(journey.save("about", about()))
    # JSON saves, as survey.js makes them while the person types
    step = f"{draft}/steps/leadership"
    version = int(hidden(survey_api.get(step, {"t": token}).body, "version"))
    autosave = {"t": token, "version": version, "action": "autosave", "leadership_feedback": 3}
    saved = survey_api.post_json(step, autosave)
    assert saved.status == 200 and saved.json() == {"status": "saved", "version": version + 1}
    assert survey_api.post_json(step, autosave).status == 409  # from a stale page
    wrong = autosave | {"version": version + 1, "leadership_feedback": 9}
    assert survey_api.post_json(step, wrong).json()["errors"]["leadership_feedback"]
    assert survey_api.post_json(step, {"t": "x"}).status == 422
    assert survey_api.post_json(f"{draft}/steps/nope", {"t": token}).status == 404
    assert survey_api.post_json(step.replace(SURVEY_ID, "nope"), {"t": token}).status == 404
    assert survey_api.post_json(step, {"t": "x" * 20_000}).status == 413
    assert survey_api.post_json(step, autosave, headers={"origin": "https://x.test"}).status == 403
    assert raw_post(survey_api, step, "{", "application/json").status == 400
    assert raw_post(survey_api, step, "t=x", "text/plain").status == 415
    # the city, chosen on its page
    listed = follow(survey_api, to_city).body
    place = re.search(r'name="place" value="(geonames:\d+)"', listed).group(1)
    assert journey.choose_city("geonames:1").status == 422  # not one the page listed
    assert survey_api.post_form(f"{draft}/city", [("t", "x"), ("place", place)]).status == 422
    location(journey.choose_city(place))
    journey.answer_everything(ALL_BEST)
    # sending: refused while steps are missing, once only, then the sent answers' page
    assert Journey(survey_api).send().status == 422
    view = location(journey.send())
    assert journey.send().status == 409
    view_path, view_query = path_of(view)
    assert follow(survey_api, view).status == 200
    assert survey_api.get(view_path, {"t": "x"}).status == 422
    assert survey_api.get(view_path.replace(SURVEY_ID, "nope"), view_query).status == 404
    edit = f"{view_path}/edit"
    assert survey_api.post_form(edit, [("t", view_query["t"])]).status == 422  # not confirmed
    # confirming, as JSON, then (another city) from the page's form
    confirm_token = token_of(confirm_link(survey_api, "pieter@utrecht.example"))
    assert survey_api.get(f"{BASE}/confirm", {"token": confirm_token}).status == 200
    assert survey_api.get(f"{BASE}/confirm", {"token": "x"}).status == 422
    confirmed = survey_api.post_json(f"{BASE}/confirm", {"token": confirm_token})
    assert confirmed.status == 200 and confirmed.json()["contested"] is False
    assert survey_api.post_json(f"{BASE}/confirm", {"token": confirm_token}).status == 422
    assert survey_api.post_json("/api/surveys/nope/confirm", {"token": confirm_token}).status == 404
    location(complete_response(survey_api, email="o@x.example", city="Nowhere Town").send())
    by_form = [("token", token_of(confirm_link(survey_api, "o@x.example")))]
    assert survey_api.post_form(f"{BASE}/confirm", by_form).status == 200
    # changing the confirmed answers: a new draft at its check page, sent as a new revision
    check_page = location(survey_api.post_form(edit, [("t", view_query["t"])]))
    assert follow(survey_api, check_page).status == 200
    edit_path, edit_query = path_of(check_page)
    send = edit_path.removesuffix("/check") + "/send"
    assert survey_api.post_form(send, [("t", edit_query["t"])]).status == 303
    # the city's search box
    found = survey_api.get(f"{BASE}/places", {"country": "NL", "q": "Utrecht"})
    assert found.json()["places"][0]["name"] == "Utrecht"
    assert survey_api.get(f"{BASE}/places", {"country": "XX", "q": ""}).json() == {"places": []}
    assert survey_api.get("/api/surveys/nope/places", {"country": "NL", "q": "U"}).status == 404
    seen = check_all(spec, exchanges)
    assert {(method, template) for method, template, _status in seen} >= JOURNEY_ROUTES


def test_journey_refusals_of_a_closed_survey_match_the_document(
    spec: dict[str, Any], make_api: Any, tmp_path: Any
) -> None:
    """Once closed, every journey write is a 410 matching the document; reading still gives 200."""
    api = make_api(FORMS_DIR=open_forms(tmp_path / "open"))
    journey = complete_response(api, city="Nowhere Town")
    view_path, view_query = path_of(location(journey.send()))
    confirm_token = token_of(confirm_link(api, "pieter@utrecht.example"))
    assert api.post_json(f"{BASE}/confirm", {"token": confirm_token}).status == 200
    version = hidden(journey.page(), "version")
    write_survey(tmp_path / "closed", "2019-01-01T00:00:00+00:00", "2020-01-01T00:00:00+00:00")
    closed = make_api(FORMS_DIR=str(tmp_path / "closed"))
    exchanges = recording(closed)
    token, draft = journey.token, journey.draft_path
    assert closed.post_form(f"{BASE}/drafts", []).status == 410
    assert closed.post_json(f"{BASE}/drafts", {}).status == 410
    later = [("t", token), ("version", version), ("action", "later"), *form_pairs(about())]
    assert closed.post_form(f"{draft}/steps/about", later).status == 410
    assert closed.post_json(f"{draft}/steps/about", {"t": token, "name": "P"}).status == 410
    assert closed.post_form(f"{draft}/city", [("t", token), ("place", "not-listed")]).status == 410
    assert closed.post_form(f"{draft}/send", [("t", token)]).status == 410
    assert closed.post_form(f"{view_path}/edit", [("t", view_query["t"])]).status == 410
    assert closed.get(view_path, view_query).status == 200  # still readable
    assert closed.get(draft, {"t": token}).status == 200
    check_all(spec, exchanges)
