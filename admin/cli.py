"""`python -m admin`: exports, the survey report, contests, retention and erasure,
for the local stack or AWS.

    python -m admin export endorsements --format csv --output endorsements.csv
    python -m admin export survey ambassador-cities-2026 --format json
    python -m admin survey report ambassador-cities-2026 --threshold 60 --csv report.csv
    python -m admin survey contested ambassador-cities-2026
    python -m admin survey accept ambassador-cities-2026 REFERENCE
    python -m admin survey erase-respondents ambassador-cities-2026 [--dry-run]
    python -m admin erase --email someone@example.org [--dry-run]
    python -m admin busiest --hours 24
    python -m admin invalidate --domain spam.example [--since T --until T] [--dry-run]
    python -m admin revalidate --ip-hash H [--dry-run]
    python -m admin suppressed
    python -m admin mail dead

Against AWS: `--aws --stack-name citizen-focus-prod` (table names from the stack's outputs,
credentials and region from the usual AWS environment).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from botocore.exceptions import BotoCoreError, ClientError

from admin import report
from admin.commands import run
from admin.connection import connect
from admin.errors import Refused
from admin.settings import Settings, read_settings
from functions.domain.errors import ServiceUnavailable
from functions.services import utc_now

log = logging.getLogger(__name__)


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


def _mail_parsers(commands: Any) -> None:
    mail = commands.add_parser("mail", help="the outbox: mail that could not be sent")
    mail_commands = mail.add_subparsers(dest="mail_command", required=True)
    mail_commands.add_parser(
        "dead", help="mail given up on: key, created, reason, tries, recipient's domain"
    )


def parser(settings: Settings | None = None) -> argparse.ArgumentParser:
    """The command line; defaults from `settings` (the environment's, read once)."""
    settings = settings or read_settings()
    root = argparse.ArgumentParser(
        prog="python -m admin",
        description="Staff tools for the Citizen Focus forms.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    where = root.add_mutually_exclusive_group()
    where.add_argument(
        "--endpoint-url",
        default=settings.endpoint_url,
        help="DynamoDB endpoint (default: the local stack's, %(default)s)",
    )
    where.add_argument("--aws", action="store_true", help="use AWS itself, not DynamoDB Local")
    root.add_argument("--stack-name", help="read the table names from this stack's outputs")
    root.add_argument("--region", default=settings.region)
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
    _mail_parsers(commands)

    erase = commands.add_parser("erase", help="remove every record of one person")
    erase.add_argument("--email", required=True)
    erase.add_argument(
        "--keep-survey-answers",
        action="store_true",
        help="remove only the person's contact details from survey responses, keep the answers",
    )
    erase.add_argument("--dry-run", action="store_true", help="show what would be removed")
    return root


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    clock: Callable[[], datetime] | None = None,
) -> int:
    """Run one command; 0 done, 1 refused (nothing changed), 2 DynamoDB failed.

    `clock` gives "now" (default: the system's UTC time): tests set it; staff cannot."""
    settings = read_settings()
    args = parser(settings).parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        connection = connect(args, settings)
        return run(args, connection, settings, stdout or sys.stdout, clock or utc_now)
    except Refused as refused:
        sys.stderr.write(f"Refused: {refused}\n")
        return 1
    except (BotoCoreError, ClientError, ServiceUnavailable) as exc:
        sys.stderr.write(f"DynamoDB error: {exc}\n")
        return 2
