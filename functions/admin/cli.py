"""`python -m functions.admin`: exports, the survey report and erasure, for the local stack or AWS.

    python -m functions.admin export endorsements --format csv --output endorsements.csv
    python -m functions.admin export survey ambassador-cities-2026 --format json
    python -m functions.admin survey report ambassador-cities-2026 --threshold 60 --csv report.csv
    python -m functions.admin erase --email someone@example.org [--dry-run]

Against AWS: `--aws --stack-name citizen-focus-prod` (table names from the stack's outputs,
credentials and region from the usual AWS environment).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from functions.admin import erase as erasure
from functions.admin import exports, records, report

log = logging.getLogger(__name__)

LOCAL_ENDPOINT = "http://127.0.0.1:8001"  # DynamoDB Local as `make serve` runs it
# Table names of the local stack (devstack/localenv.py); ENDORSEMENTS_TABLE etc. override them.
LOCAL_TABLES = {
    "ENDORSEMENTS_TABLE": "citizen-focus-endorsements",
    "SURVEYS_TABLE": "citizen-focus-surveys",
}
STACK_OUTPUTS = {"ENDORSEMENTS_TABLE": "EndorsementsTableName", "SURVEYS_TABLE": "SurveysTableName"}
# DynamoDB Local accepts any credentials but botocore wants some.
LOCAL_CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local"}


@dataclass(frozen=True)
class Connection:
    client: Any
    endorsements_table: str
    surveys_table: str


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

    survey = commands.add_parser("survey", help="survey results")
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
    return Connection(client, names["ENDORSEMENTS_TABLE"], names["SURVEYS_TABLE"])


@contextlib.contextmanager
def opened(path: Path | None, stdout: TextIO) -> Iterator[TextIO]:
    if path is None:
        yield stdout
        return
    # newline="": the csv module writes RFC 4180's CRLF itself.
    with path.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def load_survey(survey_id: str) -> Any | None:
    """The definition, for domain titles; the report still works from stored scores alone."""
    from functions.domain.forms import load_catalog

    return load_catalog().surveys.get(survey_id)


def run(args: argparse.Namespace, connection: Connection, stdout: TextIO) -> int:
    client = connection.client
    if args.command == "export":
        if args.what == "endorsements":
            found = records.endorsements(client, connection.endorsements_table)
            with opened(args.output, stdout) as stream:
                count = exports.write_endorsements(stream, found, args.format)
        else:
            found = records.survey_responses(client, connection.surveys_table, args.survey_id)
            with opened(args.output, stdout) as stream:
                count = exports.write_responses(stream, found, args.format)
        if args.output:
            stdout.write(f"Wrote {count} record(s) to {args.output}\n")
        return 0
    if args.command == "survey":
        found = records.survey_responses(client, connection.surveys_table, args.survey_id)
        result = report.build_report(
            args.survey_id, found, load_survey(args.survey_id), threshold=args.threshold
        )
        stdout.write(report.format_table(result))
        if args.csv:
            with opened(args.csv, stdout) as stream:
                report.write_report_csv(stream, result)
            stdout.write(f"Wrote the ranking to {args.csv}\n")
        return 0
    done = erasure.erase(
        client,
        connection.endorsements_table,
        connection.surveys_table,
        args.email,
        keep_answers=args.keep_survey_answers,
        dry_run=args.dry_run,
    )
    stdout.write(done.describe())
    return 0


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    from botocore.exceptions import BotoCoreError, ClientError

    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        return run(args, connect(args), stdout or sys.stdout)
    except (BotoCoreError, ClientError) as exc:
        sys.stderr.write(f"DynamoDB error: {exc}\n")
        return 2
