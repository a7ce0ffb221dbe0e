"""Where a command works: the DynamoDB client, the tables, and the local outbox folder."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from functions.admin.settings import LOCAL_TABLES, Settings

STACK_OUTPUTS = {
    "ENDORSEMENTS_TABLE": "EndorsementsTableName",
    "SURVEYS_TABLE": "SurveysTableName",
    "OUTBOX_TABLE": "OutboxTableName",
}
# DynamoDB Local accepts any credentials but botocore wants some.
LOCAL_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}


@dataclass(frozen=True)
class Connection:
    client: Any
    endorsements_table: str
    surveys_table: str
    outbox_table: str = LOCAL_TABLES["OUTBOX_TABLE"]
    # The local mailer's .eml folder; None against AWS, where SES sends and no file is kept.
    outbox_dir: Path | None = None


def table_names(stack_name: str | None, region: str, settings: Settings) -> dict[str, str]:
    if stack_name:
        import boto3

        from deploy.stack_outputs import require, stack_outputs

        cloudformation = boto3.client("cloudformation", region_name=region)
        outputs = stack_outputs(cloudformation, stack_name)
        return {env: require(outputs, out, stack_name) for env, out in STACK_OUTPUTS.items()}
    return dict(settings.tables)


def connect(args: argparse.Namespace, settings: Settings) -> Connection:
    import boto3

    if args.aws:
        client = boto3.client("dynamodb", region_name=args.region)
    else:
        client = boto3.client(
            "dynamodb", endpoint_url=args.endpoint_url, region_name=args.region, **LOCAL_CREDENTIALS
        )
    names = table_names(args.stack_name, args.region, settings)
    return Connection(
        client,
        names["ENDORSEMENTS_TABLE"],
        names["SURVEYS_TABLE"],
        names["OUTBOX_TABLE"],
        outbox_dir=None if args.aws else settings.outbox_dir,
    )
