"""One log line per request: what the use case did rides on the router's line."""

from __future__ import annotations

import logging

import pytest

from functions.request_log import collecting, note
from tests.functions.conftest import Api
from tests.functions.test_endorsement_flow import ENDORSEMENTS, endorsement


def our_info_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("functions.")
        and record.levelno == logging.INFO
        and not record.getMessage().startswith("Services ready")
    ]


def test_an_accepted_endorsement_logs_one_line_saying_what_it_did(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """An accepted endorsement logs one INFO line: method, path, status, time, what was done."""
    caplog.set_level(logging.INFO)
    assert api.post_json(ENDORSEMENTS, endorsement()).status == 202
    (line,) = our_info_lines(caplog)
    assert line.startswith("POST /api/endorsements -> 202 in ")
    assert line.endswith("; Endorsement stored as pending, its confirmation mail in the outbox")


def test_a_refused_request_names_its_error_on_its_line(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """A refused endorsement's single log line ends with its error, ValidationFailed."""
    caplog.set_level(logging.INFO)
    assert api.post_json(ENDORSEMENTS, endorsement(email="nobody")).status == 422
    (line,) = our_info_lines(caplog)
    assert line.startswith("POST /api/endorsements -> 422 in ") and line.endswith(
        "; ValidationFailed"
    )


def test_outside_a_request_a_note_is_logged_at_once(caplog: pytest.LogCaptureFixture) -> None:
    """Outside a request, note() logs its message at once."""
    caplog.set_level(logging.INFO)
    log = logging.getLogger("functions.usecases.example")
    note(log, "Sent %d mails", 3)
    assert [record.getMessage() for record in caplog.records] == ["Sent 3 mails"]


def test_inside_a_request_notes_wait_for_its_line(caplog: pytest.LogCaptureFixture) -> None:
    """Inside collecting(), notes are gathered (nested calls apart) and nothing is logged."""
    caplog.set_level(logging.INFO)
    log = logging.getLogger("functions.usecases.example")
    with collecting() as notes:
        note(log, "Stored %s", "one")
        with collecting() as inner:  # another request (a nested call) has its own notes
            note(log, "Other")
        assert inner == ["Other"]
    assert notes == ["Stored one"]
    assert caplog.records == []
