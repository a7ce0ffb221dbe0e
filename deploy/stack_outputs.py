"""Read the deployed stack's outputs (bucket, distribution, API URL) from CloudFormation."""

from __future__ import annotations

import argparse
import os
from typing import Any

DEFAULT_STACK_NAME = "citizen-focus-prod"


class StackOutputError(RuntimeError):
    """The stack or one of its outputs is missing."""


def stack_name_from_env() -> str:
    return os.environ.get("STACK_NAME", DEFAULT_STACK_NAME)


def stack_outputs(client: Any, stack_name: str) -> dict[str, str]:
    try:
        stacks = client.describe_stacks(StackName=stack_name)["Stacks"]
    except client.exceptions.ClientError as exc:
        raise StackOutputError(f"stack {stack_name} not found: deploy it first") from exc
    return {item["OutputKey"]: item["OutputValue"] for item in stacks[0].get("Outputs", [])}


def require(outputs: dict[str, str], name: str, stack_name: str) -> str:
    if name not in outputs:
        raise StackOutputError(f"stack {stack_name} has no output {name}: is it up to date?")
    return outputs[name]


def main(argv: list[str] | None = None) -> int:
    """Print one output: `python -m deploy.stack_outputs ApiUrl` (for scripts)."""
    import boto3

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("output")
    parser.add_argument("--stack-name", default=stack_name_from_env())
    args = parser.parse_args(argv)
    outputs = stack_outputs(boto3.client("cloudformation"), args.stack_name)
    print(require(outputs, args.output, args.stack_name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
