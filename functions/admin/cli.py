"""`python -m functions.admin`: exports, the survey report, contests, retention and erasure,
for the local stack or AWS.

    python -m functions.admin export endorsements --format csv --output endorsements.csv
    python -m functions.admin export survey ambassador-cities-2026 --format json
    python -m functions.admin survey report ambassador-cities-2026 --threshold 60 --csv report.csv
    python -m functions.admin survey contested ambassador-cities-2026
    python -m functions.admin survey accept ambassador-cities-2026 REFERENCE
    python -m functions.admin survey erase-respondents ambassador-cities-2026 [--dry-run]
    python -m functions.admin erase --email someone@example.org [--dry-run]
    python -m functions.admin busiest --hours 24
    python -m functions.admin invalidate --domain spam.example [--since T --until T] [--dry-run]
    python -m functions.admin revalidate --ip-hash H [--dry-run]
    python -m functions.admin suppressed

Against AWS: `--aws --stack-name citizen-focus-prod` (table names from the stack's outputs,
credentials and region from the usual AWS environment).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from functions.admin import report

log = logging.getLogger(__name__)

LOCAL_ENDPOINT = "http://127.0.0.1:8001"  # DynamoDB Local as `make serve` runs it
# Table names of the local stack (devstack/localenv.py); ENDORSEMENTS_TABLE etc. override them.
LOCAL_TABLES = {
    "ENDORSEMENTS_TABLE": "citizen-focus-endorsements",
    "SURVEYS_TABLE": "citizen-focus-surveys",
    "OUTBOX_TABLE": "citizen-focus-outbox",
}
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


def _survey_parsers(commands: Any) -> None:
    survey = commands.add_parser("survey", help="survey results, contests and retention")
    survey_commands = survey.add_subparsers(dest="survey_command", required=True)
    report_parser = survey_commands.add_parser("report", help="ranking and shortlist")
    report_parser.add_argument("survey_id")
    report_parser.add_argument(
        "--threshold",
        type=int,
        default=report.DEFAULT_THRESHOLD,
        help="lowest overall score for the shortlist (default %(default)s)",
    )
    report_parser.add_argument("--csv", type=Path, help="also write the ranking as CSV here")
    contested = survey_commands.add_parser(
        "contested", help="cities with several confirmed responses, none accepted"
    )
    contested.add_argument("survey_id")
    accept = survey_commands.add_parser(
        "accept", help="make a confirmed response its city's counted one"
    )
    accept.add_argument("survey_id")
    accept.add_argument("reference", type=str.upper)
    retention = survey_commands.add_parser(
        "erase-respondents",
        help="erase respondents' names, roles and emails, 12 months after the survey closed",
    )
    retention.add_argument("survey_id")
    retention.add_argument("--dry-run", action="store_true", help="count, change nothing")


def _abuse_parsers(commands: Any) -> None:
    for name, helptext in (
        ("invalidate", "set matching endorsements aside: kept, out of the count and list"),
        ("revalidate", "give invalidated endorsements that match their status back"),
    ):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--domain", help="email domain, e.g. example.org")
        sub.add_argument("--since", type=datetime.fromisoformat, help="ISO time, inclusive")
        sub.add_argument("--until", type=datetime.fromisoformat, help="ISO time, exclusive")
        sub.add_argument("--ip-hash", help="a hashed IP, as `busiest` shows it")
        sub.add_argument("--dry-run", action="store_true", help="count, change nothing")
    busiest = commands.add_parser(
        "busiest", help="hashed IPs and email domains with the most endorsements lately"
    )
    busiest.add_argument("--hours", type=int, default=24)
    commands.add_parser("suppressed", help="addresses no mail goes to (bounces, complaints)")
    lift = commands.add_parser("unsuppress", help="let mail go to a suppressed address again")
    lift.add_argument("address_hash", help="its hash, as `suppressed` lists it")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="python -m functions.admin",
        description="Staff tools for the Citizen Focus forms.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    where = root.add_mutually_exclusive_group()
    where.add_argument(
        "--endpoint-url",
        default=os.environ.get("DYNAMODB_ENDPOINT_URL") or LOCAL_ENDPOINT,
        help="DynamoDB endpoint (default: the local stack's, %(default)s)",
    )
    where.add_argument("--aws", action="store_true", help="use AWS itself, not DynamoDB Local")
    root.add_argument("--stack-name", help="read the table names from this stack's outputs")
    root.add_argument("--region", default=os.environ.get("AWS_REGION", "eu-west-1"))
    commands = root.add_subparsers(dest="command", required=True)

    export = commands.add_parser("export", help="every record, as CSV or JSON")
    what = export.add_subparsers(dest="what", required=True)
    for name, helptext in (("endorsements", "all endorsements"), ("survey", "one survey")):
        sub = what.add_parser(name, help=helptext)
        if name == "survey":
            sub.add_argument("survey_id")
        sub.add_argument("--format", choices=("csv", "json"), default="csv")
        sub.add_argument("--output", type=Path, help="file to write (default: standard output)")

    _survey_parsers(commands)
    _abuse_parsers(commands)

    erase = commands.add_parser("erase", help="remove every record of one person")
    erase.add_argument("--email", required=True)
    erase.add_argument(
        "--keep-survey-answers",
        action="store_true",
        help="remove only the person's contact details from survey responses, keep the answers",
    )
    erase.add_argument("--dry-run", action="store_true", help="show what would be removed")
    return root


def table_names(stack_name: str | None, region: str) -> dict[str, str]:
    if stack_name:
        import boto3

        from deploy.stack_outputs import require, stack_outputs

        cloudformation = boto3.client("cloudformation", region_name=region)
        outputs = stack_outputs(cloudformation, stack_name)
        return {env: require(outputs, out, stack_name) for env, out in STACK_OUTPUTS.items()}
    return {name: os.environ.get(name) or default for name, default in LOCAL_TABLES.items()}


def connect(args: argparse.Namespace) -> Connection:
    import boto3

    if args.aws:
        client = boto3.client("dynamodb", region_name=args.region)
    else:
        client = boto3.client(
            "dynamodb", endpoint_url=args.endpoint_url, region_name=args.region, **LOCAL_CREDENTIALS
        )
    names = table_names(args.stack_name, args.region)
    return Connection(
        client, names["ENDORSEMENTS_TABLE"], names["SURVEYS_TABLE"], names["OUTBOX_TABLE"]
    )


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Run one command; 0 done, 1 refused (nothing changed), 2 DynamoDB failed.

    `clock` gives "now" (default: the system's UTC time): tests set it; staff cannot."""
    from botocore.exceptions import BotoCoreError, ClientError

    from functions.admin.commands import run
    from functions.admin.errors import Refused
    from functions.domain.errors import ServiceUnavailable
    from functions.services import utc_now

    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return run(args, connect(args), stdout or sys.stdout, clock or utc_now)
    except Refused as refused:
        sys.stderr.write(f"Refused: {refused}\n")
        return 1
    except (BotoCoreError, ClientError, ServiceUnavailable) as exc:
        sys.stderr.write(f"DynamoDB error: {exc}\n")
        return 2
