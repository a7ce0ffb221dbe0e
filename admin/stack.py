"""The deployed stack's table names, from its CloudFormation outputs (`--stack-name`).

The admin CLI's own reader rather than deploy/stack_outputs.py: staff tools must not depend on
the deploying tools (tests/infra/test_layers.py), and these few lines are all it needs. A stack
or output that is missing is refused with a message, not a traceback.
"""

from __future__ import annotations

from typing import Any

from admin.errors import Refused

# The variable each table name stands in for (as the functions read it) -> the stack's output.
STACK_OUTPUTS = {
    "ENDORSEMENTS_TABLE": "EndorsementsTableName",
    "SURVEYS_TABLE": "SurveysTableName",
    "OUTBOX_TABLE": "OutboxTableName",
}


def table_names(stack_name: str, cloudformation: Any) -> dict[str, str]:
    """The tables of the stack, by variable name; Refused if the stack or an output is missing."""
    try:
        stacks = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except cloudformation.exceptions.ClientError as exc:
        raise Refused(f"stack {stack_name} not found: deploy it first") from exc
    outputs = {item["OutputKey"]: item["OutputValue"] for item in stacks[0].get("Outputs", [])}
    missing = sorted(set(STACK_OUTPUTS.values()) - outputs.keys())
    if missing:
        raise Refused(f"stack {stack_name} has no output {', '.join(missing)}: is it up to date?")
    return {variable: outputs[output] for variable, output in STACK_OUTPUTS.items()}
