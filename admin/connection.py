"""Where a command works: the tables, through the functions' own storage adapters, and the
local outbox folder. The only module of admin/ that makes a DynamoDB client."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import boto3

from admin.settings import Settings
from admin.stack import table_names
from functions.local_defaults import LOCAL_CREDENTIALS
from functions.storage.endorsements import EndorsementsTable
from functions.storage.outbox import OutboxTable
from functions.storage.surveys import SurveysTable


@dataclass(frozen=True)
class Connection:
    endorsements: EndorsementsTable
    surveys: SurveysTable
    outbox: OutboxTable
    # The local mailer's .eml folder; None against AWS, where SES sends and no file is kept.
    outbox_dir: Path | None = None


def connect(args: argparse.Namespace, settings: Settings) -> Connection:
    """The adapters on the tables of the local stack, of the environment (settings), or of
    the stack named by --stack-name."""
    if args.aws:
        client = boto3.client("dynamodb", region_name=args.region)
    else:
        client = boto3.client(
            "dynamodb",
            endpoint_url=args.endpoint_url,
            region_name=args.region,
            aws_access_key_id=LOCAL_CREDENTIALS["aws_access_key_id"],
            aws_secret_access_key=LOCAL_CREDENTIALS["aws_secret_access_key"],
        )
    if args.stack_name:
        names = table_names(
            args.stack_name, boto3.client("cloudformation", region_name=args.region)
        )
    else:
        names = dict(settings.tables)
    return Connection(
        EndorsementsTable(client, names["ENDORSEMENTS_TABLE"]),
        SurveysTable(client, names["SURVEYS_TABLE"]),
        OutboxTable(client, names["OUTBOX_TABLE"]),
        outbox_dir=None if args.aws else settings.outbox_dir,
    )
