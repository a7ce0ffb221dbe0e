"""What each command of `python -m admin` does (admin.cli parses the command line and calls
`run`; nothing here imports admin.cli)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from admin import (
    abuse,
    dead_mail,
    erase_report,
    exports,
    records,
    report,
    report_text,
    retention,
    settle,
)
from admin import erase as erasure
from admin.errors import Refused
from admin.settings import Settings
from admin.standing import classify
from functions.domain.forms import load_catalog

if TYPE_CHECKING:  # the type only: commands get a connection, they never make one
    from admin.connection import Connection


@contextlib.contextmanager
def opened(path: Path | None, stdout: TextIO) -> Iterator[TextIO]:
    if path is None:
        yield stdout
        return
    # newline="": the csv module writes RFC 4180's CRLF itself.
    with path.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def load_survey(survey_id: str, settings: Settings) -> Any | None:
    """The definition (FORMS_DIR, as the functions read it, else the shipped forms): domain
    titles for the report, the closing date for retention."""
    return load_catalog(settings.forms_dir).surveys.get(survey_id)


def _export(args: argparse.Namespace, connection: Connection, stdout: TextIO) -> int:
    if args.what == "endorsements":
        found = records.endorsements(connection.endorsements)
        with opened(args.output, stdout) as stream:
            count = exports.write_endorsements(stream, found, args.format)
    else:
        items = records.survey_items(connection.surveys, args.survey_id)
        standings = classify(args.survey_id, items)
        with opened(args.output, stdout) as stream:
            count = exports.write_responses(stream, standings, args.format)
    if args.output:
        stdout.write(f"Wrote {count} record(s) to {args.output}\n")
    return 0


def _survey(
    args: argparse.Namespace,
    connection: Connection,
    settings: Settings,
    stdout: TextIO,
    now: datetime,
) -> int:
    table = connection.surveys
    command = args.survey_command
    if command == "accept":
        stdout.write(settle.accept(table, args.survey_id, args.reference, now))
        return 0
    if command == "erase-respondents":
        survey = load_survey(args.survey_id, settings)
        if survey is None:
            raise Refused(f"no survey definition {args.survey_id!r}: its closing date is unknown")
        done = retention.erase_respondents(table, survey, now, dry_run=args.dry_run)
        stdout.write(done.describe())
        return 0
    items = records.survey_items(table, args.survey_id)
    if command == "contested":
        stdout.write(settle.format_contested(classify(args.survey_id, items)))
        return 0
    result = report.build_report(
        args.survey_id, items, load_survey(args.survey_id, settings), threshold=args.threshold
    )
    stdout.write(report_text.format_table(result))
    if args.csv:
        with opened(args.csv, stdout) as stream:
            report.write_report_csv(stream, result)
        stdout.write(f"Wrote the ranking to {args.csv}\n")
    return 0


ABUSE_COMMANDS = ("invalidate", "revalidate", "busiest", "suppressed", "unsuppress")


def _abuse(args: argparse.Namespace, connection: Connection, stdout: TextIO, now: datetime) -> int:
    table, outbox = connection.endorsements, connection.outbox
    if args.command == "busiest":
        stdout.write(abuse.busiest(table, now, args.hours))
        return 0
    if args.command == "suppressed":
        entries = sorted(outbox.suppressed(), key=lambda entry: str(entry.get("at")))
        stdout.write(f"{len(entries)} suppressed address(es)\n")
        for entry in entries:
            stdout.write(f"  {entry['at']}  {entry['reason']:9}  {entry['address_hash']}\n")
        return 0
    if args.command == "unsuppress":
        if not outbox.unsuppress(args.address_hash):
            raise Refused(f"no suppressed address has the hash {args.address_hash}")
        stdout.write("Mail may go to that address again.\n")
        return 0
    match = abuse.Match(args.domain, args.since, args.until, args.ip_hash)
    if match == abuse.Match():
        raise Refused("say which endorsements: --domain, --since/--until or --ip-hash")
    if args.command == "invalidate":
        outcome = abuse.invalidate(table, match, now, dry_run=args.dry_run)
        stdout.write(outcome.describe("marked invalid", args.dry_run))
    else:
        outcome = abuse.revalidate(table, match, dry_run=args.dry_run)
        stdout.write(outcome.describe("made valid again", args.dry_run))
    return 0


def _mail(args: argparse.Namespace, connection: Connection, stdout: TextIO) -> int:
    """`mail dead` (the only `mail` command: see docs/deploy.md on why no retry)."""
    stdout.write(dead_mail.format_dead(connection.outbox.dead()))
    return 0


def run(
    args: argparse.Namespace,
    connection: Connection,
    settings: Settings,
    stdout: TextIO,
    clock: Callable[[], datetime],
) -> int:
    if args.command == "export":
        return _export(args, connection, stdout)
    if args.command == "survey":
        return _survey(args, connection, settings, stdout, clock())
    if args.command in ABUSE_COMMANDS:
        return _abuse(args, connection, stdout, clock())
    if args.command == "mail":
        return _mail(args, connection, stdout)
    done = erasure.erase(
        connection,
        args.email,
        clock(),
        keep_answers=args.keep_survey_answers,
        dry_run=args.dry_run,
    )
    stdout.write(erase_report.describe(done))
    return 0
