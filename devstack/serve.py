"""`make serve`: build the site, start DynamoDB Local and the local server, watch for changes.

Stops every child process on Ctrl-C (SIGINT) or SIGTERM.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path

from devstack.dynamodb import DynamoDBLocal, DynamoDBLocalError, port_in_use
from devstack.localenv import local_environment
from devstack.mail_poller import SWEEP_EVERY, MailPoller, local_mail_worker
from devstack.mail_watcher import MailWatcher
from devstack.routing import Router, routes_from_table
from devstack.server import start_server
from devstack.site_headers import local_site_headers
from devstack.sitebuild import Rebuilder
from functions.local_defaults import LOCAL_DYNAMODB_PORT
from sitebuild import build_errors, build_site

ROOT = Path(__file__).resolve().parent.parent
ENGINE_PID_FILE = "dynamodb-local.pid"  # in var/, for the next run to find a leftover engine


def say(text: str) -> None:
    print(text, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument(
        "--ddb-port", type=int, default=int(os.environ.get("DDB_PORT", LOCAL_DYNAMODB_PORT))
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--var", type=Path, default=ROOT / "var")
    parser.add_argument(
        "--in-memory", action="store_true", help="keep DynamoDB data in memory, not in var/"
    )
    parser.add_argument(
        "--mail-sweep-seconds",
        type=float,
        default=SWEEP_EVERY,
        help="how often the mail worker sends what the stream left unsent, and how old such "
        f"mail must be (default {SWEEP_EVERY:g}; tests make it short)",
    )
    parser.add_argument(
        "--no-mail-worker",
        action="store_true",
        help="leave the outbox's stream unread (the bench runs its worker in another process, "
        "as Lambda runs it apart from the API)",
    )
    return parser.parse_args(argv)


def prepare_tables(engine: DynamoDBLocal) -> None:
    # Imported here: the functions read their configuration from the environment set above.
    from functions.config import load_config
    from functions.storage.tables import ensure_tables

    ensure_tables(engine.client(), load_config())


def start_mail_worker(engine: DynamoDBLocal, var: Path, sweep_seconds: float) -> MailPoller:
    """The mail worker on DynamoDB Local's stream of the outbox table, as Lambda runs it."""
    from functions.config import load_config

    table = load_config().outbox_table
    poller = local_mail_worker(engine.endpoint_url, table, var / "dead-letter")
    poller.sweep_every = poller.sweep_min_age = sweep_seconds
    poller.start()
    return poller


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    data_dir = None if args.in_memory else args.var / "dynamodb"
    engine = DynamoDBLocal(
        port=args.ddb_port, data_dir=data_dir, pid_file=args.var / ENGINE_PID_FILE
    )
    # A run killed with SIGKILL cannot stop its engine; it should die with it, but may still
    # be shutting down, or be from a system without that signal.
    if engine.stop_leftover():
        say(f"Stopped the DynamoDB Local an earlier run left on port {args.ddb_port}.")
    for name, port in (("PORT", args.port), ("DDB_PORT", args.ddb_port)):
        if port_in_use(port):
            say(
                f"Port {port} is already in use: stop what uses it, or run with {name}=<free port>."
            )
            return 2

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    # The pages' canonical and Open Graph links name the origin they are served from.
    site_url = f"http://localhost:{args.port}"
    say("Building the site ...")
    result = build_site(ROOT, args.output, origin=site_url)
    if result.returncode != 0:
        say(f"The site did not build:\n{build_errors(result)}")
        return 1

    server = rebuilder = mail_watcher = mail_worker = None
    try:
        engine.start()
        os.environ.update(local_environment(site_url, engine.endpoint_url, args.var))
        prepare_tables(engine)

        from functions.routes import ROUTES

        router = Router(routes_from_table(ROUTES))
        server = start_server(args.host, args.port, args.output, router, local_site_headers())
        rebuilder = Rebuilder(ROOT, args.output, say, origin=site_url)
        rebuilder.start()
        mail_watcher = MailWatcher(args.var / "outbox", say)
        mail_watcher.start()
        if not args.no_mail_worker:
            mail_worker = start_mail_worker(engine, args.var, args.mail_sweep_seconds)

        say(f"DynamoDB Local: {engine.endpoint_url}")
        say(f"Mail goes to:   {args.var / 'outbox'}")
        say(f"Serving the site and API at {site_url}/  (Ctrl-C stops everything)")
        stop.wait()
        say("Stopping ...")
        return 0
    except DynamoDBLocalError as exc:
        say(str(exc))
        return 1
    finally:
        for worker in (mail_worker, mail_watcher, rebuilder):
            if worker is not None:
                worker.stop()
        if server is not None:
            server.shutdown()
            server.server_close()
        engine.stop()


if __name__ == "__main__":
    sys.exit(main())
