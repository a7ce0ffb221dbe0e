"""`admin erase --email` leaves nothing of the person anywhere the local stack keeps data: no
table (every one the engine lists, every attribute), no outbox mail (sent, unsent or given up
on), no .eml file; whatever spelling of their mailbox they or staff typed. Another person's
data all stays.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from admin.cli import main
from functions.domain.emails import mailbox_key
from functions.services import get_services
from tests.admin import traces
from tests.admin.people import (
    Person,
    answer_survey,
    endorse_and_confirm,
    mail_that_fails,
    outbox_states,
)
from tests.functions.conftest import Api
from tests.functions.test_survey_flow import SURVEY_ID, write_survey

IDN = Person(
    "Zenobia Quarrington",
    (
        "Zq.Erasable@Bücher.example",
        "zq.erasable@xn--bcher-kva.example",
        "ZQ.ERASABLE@BÜCHER.EXAMPLE",
        "zq.erasable@bücher.example",
        "zq.erasable@XN--BCHER-KVA.example",
    ),
    ("Utrecht", "NL"),
)
GMAIL = Person(
    "Zenobia Quarrington",
    (
        "Zq.Erasable+manifesto@gmail.com",
        "zqerasable@googlemail.com",
        "ZQ.ERASABLE+survey@gmail.com",
        "z.q.erasable@gmail.com",
        "zqerasable@GMAIL.com",
    ),
    ("Utrecht", "NL"),
)
OTHER = Person("Bartholomew Ostrander", ("b.ostrander@example.org",) * 5, ("Gent", "BE"))
# Every trace of the erased person: their name, any spelling of the local part, the domain.
NEEDLES = {
    "idn": ["Zenobia", "Quarrington", "erasable", "bücher", "xn--bcher-kva"],
    "gmail": ["Zenobia", "Quarrington", "erasable"],
}


@pytest.fixture
def api(make_api: Any, tmp_path: Path) -> Api:
    """The forms API with the shipped survey open now, mail written to tmp_path/outbox; no
    daily cap in the way of one person's several mails."""
    write_survey(tmp_path / "open-forms", "2020-01-01T00:00:00+00:00", "2099-01-01T00:00:00+00:00")
    return make_api(FORMS_DIR=str(tmp_path / "open-forms"), MAIL_CAP_PER_DAY="50")


def give_data(api: Api, person: Person, failing_mail: bool = False) -> None:
    endorse_and_confirm(api, person)
    answer_survey(api, person)
    if failing_mail:
        mail_that_fails(api, person)


def mails_to(person: Person) -> list[dict[str, Any]]:
    key = mailbox_key(person.spellings[0])
    return [i for i in get_services().outbox.mail_items() if mailbox_key(i["to"]) == key]


def files_to(api: Api, person: Person) -> list[str]:
    key = mailbox_key(person.spellings[0])
    return sorted(
        path.name
        for path in api.outbox.glob("*.eml")
        if mailbox_key(str(traces.read_mail(path)["To"])) == key
    )


def survey_items_of(person: Person) -> list[dict[str, Any]]:
    key = mailbox_key(person.spellings[0])
    items = get_services().surveys.items(SURVEY_ID)
    return [i for i in items if mailbox_key((i.get("respondent") or {}).get("email", "")) == key]


def erase(typed: str, *options: str) -> str:
    out = io.StringIO()
    assert main(["erase", "--email", typed, *options], stdout=out) == 0
    return out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(("family", "person"), [("idn", IDN), ("gmail", GMAIL)])
def test_erasure_leaves_no_trace_in_any_table_or_mail_file(
    api: Api, tmp_path: Path, table_prefix: str, family: str, person: Person
) -> None:
    # GIVEN another person, then this one, each with an endorsement, a survey response and a
    # draft, their mail delivered to .eml files; this one also with mail unsent and given up on
    give_data(api, OTHER)
    give_data(api, person, failing_mail=True)
    client = get_services().endorsements.client
    before = traces.table_texts(client, table_prefix)
    assert set(api.env[name] for name in api.env if name.endswith("_TABLE")) <= set(before)
    theirs, others = mails_to(person), mails_to(OTHER)
    items = survey_items_of(person)
    assert {i["city_key"].split("#")[0] for i in items} == {"draft", "response"}
    assert outbox_states(theirs) == {"sent", "unsent", "dead"}
    their_files, other_files = files_to(api, person), files_to(api, OTHER)
    assert their_files and other_files
    assert set(traces.hits(before, NEEDLES[family])) == set(before) - {api.env["LIMITS_TABLE"]}

    # WHEN staff erase them, typing yet another spelling of the mailbox
    printed = erase(person.typed_for_erasure)

    # THEN no table and no file under the test's folders holds their name or address
    assert traces.hits(traces.table_texts(client, table_prefix), NEEDLES[family]) == {}
    assert traces.hits(traces.file_texts(tmp_path), NEEDLES[family]) == {}
    # AND the report counts what went, place by place
    assert "endorsements table: 1 endorsement" in printed
    assert f"surveys table: {len(items)} survey responses/drafts" in printed
    assert re.search(rf"outbox table: {len(theirs)} mails \(.*1 unsent.*1 given up on", printed)
    assert f"local mail files: {len(their_files)} .eml files" in printed
    # AND the other person's data is all there
    after = traces.table_texts(client, table_prefix)
    for table, texts in before.items():
        assert [t for t in texts if "ostrander" in t.lower()] == [
            t for t in after[table] if "ostrander" in t.lower()
        ], table
    assert len(mails_to(OTHER)) == len(others)
    assert files_to(api, OTHER) == other_files


def test_erasure_report_says_what_cannot_be_removed_and_why(api: Api) -> None:
    # GIVEN a person with an endorsement
    endorse_and_confirm(api, OTHER)

    # WHEN staff erase them
    printed = erase(OTHER.typed_for_erasure)

    # THEN the report names what stays: the stream, backups, the suppression list's hashes
    assert "DynamoDB Streams" in printed and "24 hours" in printed
    assert "point-in-time recovery" in printed.lower() and "35 days" in printed
    assert "suppression list" in printed and "keyed hash" in printed


def test_dry_run_counts_everywhere_and_removes_nothing(api: Api, table_prefix: str) -> None:
    # GIVEN a person with data in every place
    give_data(api, IDN)
    client = get_services().endorsements.client
    before = traces.table_texts(client, table_prefix)
    files = traces.file_texts(api.outbox)

    # WHEN staff look before erasing
    printed = erase(IDN.typed_for_erasure, "--dry-run")

    # THEN they see the counts, and nothing changed
    assert "Would remove" in printed
    assert f"outbox table: {len(mails_to(IDN))} mails" in printed
    assert f"local mail files: {len(files_to(api, IDN))} .eml files" in printed
    assert traces.table_texts(client, table_prefix) == before
    assert traces.file_texts(api.outbox) == files
