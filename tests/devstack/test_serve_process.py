"""`make serve` as a whole: site, API and DynamoDB Local up; nothing left running after it stops."""

import os
import signal
import time

import boto3
import pytest

from devstack.dynamodb import port_in_use
from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES
from tests.support.live_stack import LiveStack, session_processes

pytestmark = [pytest.mark.slow, pytest.mark.integration]  # a whole make serve each


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_starts_everything_and_stops_without_leftovers(tmp_path, sig):
    # GIVEN the local stack started as `make serve` starts it
    stack = LiveStack(tmp_path).start()
    try:
        # THEN the site answers, with the built home page
        home = stack.get("/")
        assert home.status_code == 200
        assert "<html" in home.text.lower()
        # AND the API is routed to the real handlers
        api = stack.get("/api/endorsements")
        assert api.status_code == 200
        assert "count" in api.json()
        # AND DynamoDB Local holds every table the functions need
        ddb = boto3.client(
            "dynamodb", endpoint_url=f"http://127.0.0.1:{stack.ddb_port}", **LOCAL_CREDENTIALS
        )
        assert set(LOCAL_TABLE_NAMES.values()) <= set(ddb.list_tables()["TableNames"])
        # AND the URL is printed for the developer
        assert any(stack.url in line for line in stack.lines)
    finally:
        code = stack.stop(sig)
    # WHEN stopped by the signal THEN it exits cleanly, no process is left, the ports are free
    assert code == 0, "\n".join(stack.lines)
    assert stack.leftover_processes() == []
    assert not port_in_use(stack.port)
    assert not port_in_use(stack.ddb_port)


def test_port_in_use_is_a_clear_message_not_a_traceback(tmp_path, dynamodb_local):
    """A DynamoDB port in use fails the start naming the port and DDB_PORT, with no traceback."""
    stack = LiveStack(tmp_path)
    stack.ddb_port = dynamodb_local.port
    with pytest.raises(RuntimeError) as failure:
        stack.start(timeout=60)
    message = str(failure.value)
    assert f"Port {dynamodb_local.port} is already in use" in message
    assert "DDB_PORT=" in message
    assert "Traceback" not in message


def test_serve_starts_again_after_the_previous_one_was_killed_with_sigkill(tmp_path):
    # GIVEN `make serve` running, then killed with SIGKILL: it cannot stop DynamoDB Local itself
    first = LiveStack(tmp_path).start()
    session = first.process.pid
    assert session_processes(session) != [session]  # DynamoDB Local runs beside it
    os.kill(session, signal.SIGKILL)
    first.process.wait()
    # WHEN it is started again at once, on the same ports and the same var/
    second = LiveStack(tmp_path)
    second.port, second.ddb_port, second.url = first.port, first.ddb_port, first.url
    try:
        second.start(timeout=120)
        # THEN it comes up and answers, site and API
        assert second.get("/").status_code == 200
        assert second.get("/api/endorsements").status_code == 200
        # AND nothing of the first run is left running
        deadline = time.monotonic() + 15
        while session_processes(session) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert session_processes(session) == []
    finally:
        second.stop()
        for pid in session_processes(session):  # should a check above fail
            os.kill(pid, signal.SIGKILL)
    assert second.leftover_processes() == []
