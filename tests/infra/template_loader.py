"""Read template.yaml with its CloudFormation short tags (!Ref, !Sub, ...) as plain data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "template.yaml"


class _CfnLoader(yaml.SafeLoader):
    """SafeLoader that turns `!Name value` into `{"Fn::Name": value}` (`!Ref` into `{"Ref": ...}`)."""


def _construct_tag(loader: _CfnLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{tag_suffix}": value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load_template(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass


def resources_of_type(template: dict[str, Any], resource_type: str) -> dict[str, dict[str, Any]]:
    return {
        name: resource
        for name, resource in template["Resources"].items()
        if resource["Type"] == resource_type
    }


def policy_statements(function: dict[str, Any]) -> list[dict[str, Any]]:
    """Every inline statement of a SAM function's Policies, including those under an Fn::If."""
    statements: list[dict[str, Any]] = []
    for policy in function["Properties"].get("Policies", []):
        if "Fn::If" in policy:
            _condition, when_true, _when_false = policy["Fn::If"]
            policy = when_true
        statements.extend(policy.get("Statement", []))
    return statements


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
