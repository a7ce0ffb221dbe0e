"""functions/openapi.yaml is valid OpenAPI 3.1 and describes what the handlers really answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator, ValidationError
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from functions.domain.forms import DEFAULT_FORMS_DIR
from functions.routes import ROUTES
from tests.functions.conftest import SITE, Api, Response, token_of
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement
from tests.functions.test_survey_flow import ALL_BEST, SURVEY_ID, respondent
from tests.functions.test_survey_flow import api as survey_api  # noqa: F401 - a fixture

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
    assert response.header("X-Content-Type-Options") == "nosniff"
    content = described.get("content")
    if not content:
        return
    media = (response.header("Content-Type") or "").split(";")[0]
    assert media in content, f"{method} {template} {response.status}: {media} undocumented"
    if media == "application/json":
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        registry = Registry().with_resource("urn:spec", resource)
        schema = {"$ref": "urn:spec#" + _pointer(spec, content[media]["schema"])}
        Draft202012Validator(schema, registry=registry).validate(json.loads(response.body))


def _pointer(spec: dict[str, Any], schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].removeprefix("#")
    # an inline schema: find where it sits (only the few inline ones in responses)
    raise AssertionError("inline response schemas are not used in this document")


def test_the_check_fails_on_an_undocumented_body(spec: dict[str, Any]) -> None:
    wrong = Response(
        200,
        {"Content-Type": "application/json", "X-Content-Type-Options": "nosniff"},
        '{"count": "many"}',
    )
    with pytest.raises(ValidationError):
        check(spec, "GET", "/api/endorsements", wrong)


def test_the_document_is_valid_openapi_3_1(spec: dict[str, Any]) -> None:
    validate_spec(spec)
    assert spec["openapi"].startswith("3.1")


def test_every_route_is_documented_and_nothing_else(spec: dict[str, Any]) -> None:
    documented = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert documented == {(method, path) for method, path, _ in ROUTES}


def test_real_endorsement_responses_match_the_document(spec: dict[str, Any], make_api: Any) -> None:
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
    template = "/api/surveys/{survey_id}/responses"
    path = f"/api/surveys/{SURVEY_ID}/responses"
    check(spec, "GET", "/api/surveys/{survey_id}", survey_api.get(f"/api/surveys/{SURVEY_ID}"))
    check(spec, "GET", "/api/surveys/{survey_id}", survey_api.get("/api/surveys/nope"))
    body = {"respondent": respondent(), "answers": ALL_BEST}
    check(spec, "POST", template, survey_api.post_json(path, body))
    check(
        spec,
        "POST",
        template,
        survey_api.post_json(path, body | {"respondent": respondent(email="o@x.org")}),
    )
    check(spec, "POST", template, survey_api.post_json(path, {"respondent": {}}))
    check(spec, "POST", template, survey_api.post_json("/api/surveys/nope/responses", body))
