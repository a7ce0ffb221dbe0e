"""The admin CLI against DynamoDB Local, on records written by the functions' adapters."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from admin.cli import main
from tests.admin.conftest import SURVEY_ID, email_hash
from tests.admin.seeding import GENT, ROTTERDAM, UTRECHT, Seeder


def run(tables: dict, *argv: str) -> str:
    out = io.StringIO()
    assert main(["--endpoint-url", tables["endpoint"], *argv], stdout=out) == 0
    return out.getvalue()


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_export_endorsements_csv_is_complete_and_safe(
    tables: dict, add_endorsement: Callable[..., None]
) -> None:
    """The CSV export lists every endorsement, pending too, formulas neutralised, no nonces."""
    add_endorsement("Ada", "ada@example.org")
    add_endorsement('=HYPERLINK("http://evil")', "eve@example.org", organisation="@SUM(1)")
    add_endorsement("Pending Pat", "pat@example.org", confirmed=False)

    rows = read_csv(run(tables, "export", "endorsements", "--format", "csv"))

    assert sorted(row["email"] for row in rows) == [
        "ada@example.org",
        "eve@example.org",
        "pat@example.org",
    ]
    evil = next(row for row in rows if row["email"] == "eve@example.org")
    assert evil["name"] == '\'=HYPERLINK("http://evil")'
    assert evil["organisation"] == "'@SUM(1)"
    assert {row["status"] for row in rows} == {"confirmed", "pending"}
    assert "confirm_nonce" not in rows[0]


def test_export_endorsements_json_pages_through_everything(
    tables: dict, add_endorsement: Callable[..., None], tmp_path: Path
) -> None:
    """The JSON export of a table larger than one 1 MB scan page writes all 12 records."""
    # Long names make the table bigger than DynamoDB's 1 MB scan page.
    for n in range(12):
        add_endorsement(f"Person {n} " + "x" * 100_000, f"p{n}@example.org", confirmed=False)
    target = tmp_path / "endorsements.json"

    printed = run(tables, "export", "endorsements", "--format", "json", "--output", str(target))

    records = json.loads(target.read_text(encoding="utf-8"))
    assert len(records) == 12
    assert "Wrote 12 record(s)" in printed
    assert all("withdraw_nonce" not in record for record in records)


def test_export_survey_csv_has_scores_and_answers(tables: dict, seed: Seeder) -> None:
    """The survey CSV has each response's scores, answers, reference, language and standing."""
    first = seed.confirmed("u@utrecht.nl", UTRECHT, 1.0)
    seed.confirmed("m@example.org", None, 0.5, typed="-Minus Town", country="BE")

    rows = read_csv(run(tables, "export", "survey", SURVEY_ID, "--format", "csv"))

    assert {row["city"] for row in rows} == {"Utrecht", "'-Minus Town"}
    utrecht = next(row for row in rows if row["city"] == "Utrecht")
    assert utrecht["overall_score"] == str(first["scores"]["overall"])
    for domain, value in first["scores"]["domains"].items():
        assert utrecht[f"score_{domain}"] == str(value)
    assert any(column.startswith("answer_") for column in utrecht)
    assert utrecht["reference"] == first["reference"]
    assert (utrecht["language"], utrecht["count_status"]) == ("en", "counted")


def test_export_survey_json_only_that_survey(tables: dict, seed: Seeder) -> None:
    """The survey JSON export holds only the survey asked for, without nonces or secrets."""
    seed.confirmed("g@stad.gent", GENT, 0.7)

    assert json.loads(run(tables, "export", "survey", "other-survey", "--format", "json")) == []
    (record,) = json.loads(run(tables, "export", "survey", SURVEY_ID, "--format", "json"))
    assert record["city"]["name"] == "Gent"
    for secret in ("access_nonce", "confirm_nonce", "edit_nonce", "secret"):
        assert secret not in record


def test_survey_report_ranks_and_shortlists(tables: dict, seed: Seeder, tmp_path: Path) -> None:
    """The report ranks 13 cities by overall score and shortlists at most 10 at or over 50."""
    levels = {f"City {n:02d}": n / 12 for n in range(13)}
    for city, level in levels.items():
        seed.confirmed(f"{city.replace(' ', '')}@example.org", None, level, typed=city)
    target = tmp_path / "report.csv"

    printed = run(tables, "survey", "report", SURVEY_ID, "--threshold", "50", "--csv", str(target))

    rows = read_csv(target.read_text(encoding="utf-8"))
    assert len(rows) == 13
    overall = [int(row["overall"]) for row in rows]
    assert overall == sorted(overall, reverse=True)
    # Equal scores share a rank; the best possible answers rank first.
    assert "City 12" in {row["city"] for row in rows if row["rank"] == "1"}
    assert "City 00" in {row["city"] for row in rows if row["overall"] == rows[-1]["overall"]}
    shortlisted = [row for row in rows if row["shortlisted"] == "yes"]
    assert 0 < len(shortlisted) <= 10
    assert all(int(row["overall"]) >= 50 for row in shortlisted)
    assert all(row["shortlisted"] == "no" for row in rows if int(row["overall"]) < 50)
    assert "leadership" in rows[0]
    assert "Shortlist (overall >= 50, at most 10):" in printed
    assert "1. City 12 (NL)" in printed
    assert "Leadership in citizen engagement" in printed


def test_erase_removes_every_record_of_the_person(
    tables: dict, add_endorsement: Callable[..., None], seed: Seeder
) -> None:
    # GIVEN Ada and Bob, each with an endorsement and a confirmed response; Ada with a draft
    add_endorsement("Ada", "Ada@Example.org")
    add_endorsement("Bob", "bob@example.org")
    ada = seed.confirmed("ada@example.org", UTRECHT, 0.8, name="Ada")
    seed.confirmed("bob@example.org", ROTTERDAM, 0.8, name="Bob")
    seed.draft("ada@example.org", GENT, name="Ada")
    ada_mail = [m for m in tables["outbox"].mail_items() if m["to"] == "ada@example.org"]

    # WHEN staff erase Ada, typing her address otherwise
    printed = run(tables, "erase", "--email", " ADA@example.org ")

    # THEN her endorsement, the response, the draft it was sent from, the other draft and her
    # mail are gone, each place counted
    assert "of the mailbox ada@example.org" in printed
    assert "endorsements table: 1 endorsement\n    endorsement (confirmed" in printed
    assert "surveys table: 3 survey responses/drafts" in printed
    assert "survey response ambassador-cities-2026 for Utrecht (NL), confirmed" in printed
    assert "survey draft ambassador-cities-2026 for Gent (BE)" in printed
    assert ada_mail and f"outbox table: {len(ada_mail)} mails" in printed
    assert tables["endorsements"].get(email_hash("ada@example.org")) is None
    assert tables["endorsements"].get(email_hash("bob@example.org")) is not None
    items = tables["surveys"].items(SURVEY_ID)
    assert [r["city"]["name"] for r in tables["surveys"].responses(SURVEY_ID)] == ["Rotterdam"]
    assert not [i for i in items if "ada@example.org" in str(i)]
    assert {m["to"] for m in tables["outbox"].mail_items()} == {"bob@example.org"}
    # AND the city no longer lists the deleted response: it contests nothing
    assert ada["reference"] not in (
        tables["surveys"].get_city(SURVEY_ID, ada["city"]["key"]) or {}
    ).get("refs", set())
    # AND a second erasure finds nothing
    assert "Removed 0 record(s)" in run(tables, "erase", "--email", "ada@example.org")


def test_erase_can_keep_the_citys_answers(tables: dict, seed: Seeder) -> None:
    # GIVEN a confirmed response
    record = seed.confirmed("ada@example.org", UTRECHT, 0.8, name="Ada")

    # WHEN staff erase its respondent but keep the answers
    printed = run(tables, "erase", "--email", "ada@example.org", "--keep-survey-answers")

    # THEN the response stays without its respondent; the mail (answers included) goes
    assert "contact details of survey response" in printed
    (kept,) = tables["surveys"].responses(SURVEY_ID)
    assert kept["respondent"] == {}
    assert kept["city"] == record["city"]
    assert kept["scores"] == record["scores"]
    assert not [i for i in tables["surveys"].items(SURVEY_ID) if "ada@example.org" in str(i)]
    assert tables["outbox"].mail_items() == []


def test_erase_dry_run_changes_nothing(tables: dict, add_endorsement: Callable[..., None]) -> None:
    # GIVEN an endorsement
    add_endorsement("Ada", "ada@example.org")

    # WHEN staff ask what an erasure would remove
    printed = run(tables, "erase", "--email", "ada@example.org", "--dry-run")

    # THEN it says so, and removes nothing
    assert "Would remove 1 record(s)" in printed
    assert tables["endorsements"].get(email_hash("ada@example.org")) is not None


def test_erase_refuses_what_is_no_address(tables: dict, capsys: pytest.CaptureFixture[str]) -> None:
    # WHEN staff type something that names no mailbox THEN nothing is searched nor removed
    assert main(["--endpoint-url", tables["endpoint"], "erase", "--email", "ada"]) == 1
    assert "is not an email address" in capsys.readouterr().err


def test_unreachable_dynamodb_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unreachable DynamoDB makes the CLI exit 2 with 'DynamoDB error' on stderr."""
    code = main(["--endpoint-url", "http://127.0.0.1:9", "export", "endorsements"])
    assert code == 2
    assert "DynamoDB error" in capsys.readouterr().err
