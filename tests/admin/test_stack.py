"""`--stack-name`: the admin CLI reads the deployed tables' names from the stack's outputs
with its own small reader (admin/stack.py), not deploy/'s."""

from __future__ import annotations

from typing import Any

import pytest

from admin.errors import Refused
from admin.stack import STACK_OUTPUTS, table_names
from tests.infra.template_loader import load_template


class FakeCloudFormation:
    """describe_stacks answered from a dict of outputs, or refused as for a missing stack."""

    class exceptions:  # as a boto3 client's: its error classes
        class ClientError(Exception):
            pass

    def __init__(self, outputs: dict[str, str] | None) -> None:
        self.outputs = outputs
        self.asked: list[str] = []

    def describe_stacks(self, StackName: str) -> dict[str, Any]:  # boto3's keyword
        self.asked.append(StackName)
        if self.outputs is None:
            raise self.exceptions.ClientError("Stack with id x does not exist")
        outputs = [{"OutputKey": k, "OutputValue": v} for k, v in self.outputs.items()]
        return {"Stacks": [{"Outputs": outputs}]}


def test_table_names_come_from_the_stacks_outputs() -> None:
    # GIVEN a stack with the table outputs (and others) WHEN read THEN names by variable
    outputs = {output: f"prod-{variable.lower()}" for variable, output in STACK_OUTPUTS.items()}
    cloudformation = FakeCloudFormation({**outputs, "ApiUrl": "https://api.example.org"})
    assert table_names("citizen-focus-prod", cloudformation) == {
        "ENDORSEMENTS_TABLE": "prod-endorsements_table",
        "SURVEYS_TABLE": "prod-surveys_table",
        "OUTBOX_TABLE": "prod-outbox_table",
    }
    assert cloudformation.asked == ["citizen-focus-prod"]


def test_a_missing_stack_is_refused_with_a_message() -> None:
    # GIVEN no such stack WHEN read THEN Refused (the CLI prints it and exits 1), no traceback
    with pytest.raises(Refused, match="stack nowhere not found: deploy it first"):
        table_names("nowhere", FakeCloudFormation(None))


def test_a_stack_without_a_table_output_is_refused_naming_it() -> None:
    # GIVEN an older stack without the outbox table's output WHEN read THEN Refused, naming it
    outputs = {"EndorsementsTableName": "e", "SurveysTableName": "s"}
    with pytest.raises(Refused, match="has no output OutboxTableName"):
        table_names("old", FakeCloudFormation(outputs))


def test_the_outputs_read_are_the_templates() -> None:
    # GIVEN template.yaml's outputs THEN every one the CLI reads is among them
    assert set(STACK_OUTPUTS.values()) <= set(load_template()["Outputs"])
