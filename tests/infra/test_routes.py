"""The HTTP API in template.yaml serves exactly the routes of functions.routes, each with its own
handler, invoke permission and throttling.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.template_loader import resources_of_type

DEFAULT = "$default"  # API Gateway's catch-all route: not a route of functions.routes


def template_routes(template: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(method, path) -> the Handler of the function its integration invokes."""
    routes = {}
    for route in resources_of_type(template, "AWS::ApiGatewayV2::Route").values():
        if route["Properties"]["RouteKey"] == DEFAULT:
            continue
        method, path = route["Properties"]["RouteKey"].split(" ", 1)
        target = route["Properties"]["Target"]["Fn::Sub"]
        integration = template["Resources"][target.removeprefix("integrations/${").rstrip("}")]
        function_name = integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]
        routes[(method, path)] = template["Resources"][function_name]["Properties"]["Handler"]
    return routes


def test_template_routes_match_functions_routes(template: dict[str, Any]) -> None:
    """The template's routes and their handlers are exactly functions.routes.ROUTES."""
    routes_module = pytest.importorskip("functions.routes", reason="functions/routes.py not there")
    expected = {(method, path): handler for method, path, handler in routes_module.ROUTES}
    assert template_routes(template) == expected


def test_every_path_is_under_api(template: dict[str, Any]) -> None:
    """Every route's path starts with /api/."""
    for method, path in template_routes(template):
        assert path.startswith("/api/"), (method, path)


def test_throttled_route_keys_exist(template: dict[str, Any]) -> None:
    """Every route key of the stage's RouteSettings is a route of the API."""
    keys = {f"{m} {p}" for m, p in template_routes(template)}
    settings = template["Resources"]["HttpApiStage"]["Properties"]["RouteSettings"]
    assert set(settings) <= keys


def test_invoke_permissions_cover_the_routes_of_each_function(template: dict[str, Any]) -> None:
    """Each route's function has an invoke permission whose source ARN covers the route's path."""
    permissions = resources_of_type(template, "AWS::Lambda::Permission")
    arns: dict[str, list[str]] = {}
    for p in permissions.values():
        function = p["Properties"]["FunctionName"]["Ref"]
        arns.setdefault(function, []).append(p["Properties"]["SourceArn"]["Fn::Sub"])
    for route in resources_of_type(template, "AWS::ApiGatewayV2::Route").values():
        if route["Properties"]["RouteKey"] == DEFAULT:
            continue
        path = route["Properties"]["RouteKey"].split(" ", 1)[1]
        target = route["Properties"]["Target"]["Fn::Sub"]
        integration = template["Resources"][target.removeprefix("integrations/${").rstrip("}")]
        function_name = integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]
        prefixes = [
            arn.split("/*/*", 1)[1].rstrip("*") for arn in arns[function_name] if "/*/*" in arn
        ]
        assert any(path.startswith(prefix) for prefix in prefixes), (path, arns[function_name])


# Writes of the survey journey: the function puts no per-client limit on them, so the stage
# must throttle each below the API's default (template.yaml says why the numbers).
JOURNEY_WRITES = {
    "POST /api/surveys/{survey_id}/drafts",
    "POST /api/surveys/{survey_id}/drafts/{draft_id}/steps/{step_id}",
    "POST /api/surveys/{survey_id}/drafts/{draft_id}/city",
    "POST /api/surveys/{survey_id}/drafts/{draft_id}/send",
    "POST /api/surveys/{survey_id}/responses/{reference}/edit",
    "POST /api/surveys/{survey_id}/confirm",
}


def test_journey_writes_are_throttled_below_the_default(template: dict[str, Any]) -> None:
    """Each journey write route has rate and burst limits above 0 and below the stage default."""
    stage = template["Resources"]["HttpApiStage"]["Properties"]
    default = stage["DefaultRouteSettings"]
    settings = stage["RouteSettings"]
    keys = {f"{m} {p}" for m, p in template_routes(template)}
    assert keys >= JOURNEY_WRITES
    for key in sorted(JOURNEY_WRITES):
        assert key in settings, key
        assert 0 < settings[key]["ThrottlingRateLimit"] < default["ThrottlingRateLimit"], key
        assert 0 < settings[key]["ThrottlingBurstLimit"] < default["ThrottlingBurstLimit"], key


def test_unmatched_requests_reach_a_router_of_ours_not_api_gateways_bare_404(
    template: dict[str, Any],
) -> None:
    """GIVEN the HTTP API WHEN no route matches THEN the $default route hands the request to a
    function of ours (its router answers 404/405 with our headers), which may be invoked so."""
    routes = resources_of_type(template, "AWS::ApiGatewayV2::Route")
    [default] = [r for r in routes.values() if r["Properties"]["RouteKey"] == DEFAULT]
    target = default["Properties"]["Target"]["Fn::Sub"]
    integration = template["Resources"][target.removeprefix("integrations/${").rstrip("}")]
    function_name = integration["Properties"]["IntegrationUri"]["Fn::GetAtt"][0]
    permissions = resources_of_type(template, "AWS::Lambda::Permission").values()
    arns = [
        p["Properties"]["SourceArn"]["Fn::Sub"]
        for p in permissions
        if p["Properties"]["FunctionName"]["Ref"] == function_name
    ]
    assert any(arn.endswith("${HttpApi}/*/$default") for arn in arns)
