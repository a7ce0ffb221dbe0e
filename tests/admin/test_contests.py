"""Contested cities and the staff's decision, on responses sent and confirmed through the use
cases: the list shows email domains, never addresses; accepting settles the city, which the
report then ranks once; a contested city is never ranked."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from admin.cli import main
from functions.storage.dynamo import to_item
from tests.admin.seeding import GENT, SURVEY_ID, UTRECHT, Seeder


def run(tables: dict, *argv: str, code: int = 0) -> str:
    out = io.StringIO()
    assert main(["--endpoint-url", tables["endpoint"], *argv], stdout=out) == code
    return out.getvalue()


def ranking(tables: dict, tmp_path: Path) -> tuple[str, list[dict[str, str]]]:
    target = tmp_path / "ranking.csv"
    printed = run(tables, "survey", "report", SURVEY_ID, "--csv", str(target))
    return printed, list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))


@pytest.fixture
def contest(seed: Seeder) -> dict[str, dict]:
    """Utrecht answered and confirmed twice: once from the city's domain, once not."""
    return {
        "officer": seed.confirmed("pieter@utrecht.nl", UTRECHT, 0.9),
        "other": seed.confirmed("someone@evil.example", UTRECHT, 0.4),
    }


def test_the_contested_list_shows_domains_and_never_addresses(
    tables: dict, contest: dict[str, dict]
) -> None:
    """`survey contested` lists each response's domain, match and date, never an address."""
    printed = run(tables, "survey", "contested", SURVEY_ID)

    assert "1 contested city" in printed and "Utrecht (NL)" in printed
    lines = printed.splitlines()
    officer = next(line for line in lines if contest["officer"]["reference"] in line)
    other = next(line for line in lines if contest["other"]["reference"] in line)
    assert "utrecht.nl" in officer and officer.rstrip().endswith("yes")
    assert "evil.example" in other and other.rstrip().endswith("no")
    stored = tables["surveys"].get_response(SURVEY_ID, contest["officer"]["reference"])
    assert stored["confirmed_at"] in officer
    assert "@" not in printed
    assert "pieter" not in printed and "someone" not in printed
    assert f"survey accept {SURVEY_ID} REFERENCE" in printed


def test_no_contest_says_so(tables: dict, seed: Seeder) -> None:
    """With one confirmed response for the city, `survey contested` prints 'no contested city'."""
    seed.confirmed("pieter@utrecht.nl", UTRECHT)
    assert "no contested city" in run(tables, "survey", "contested", SURVEY_ID)


def test_a_contested_city_is_never_ranked(
    tables: dict, seed: Seeder, contest: dict[str, dict], tmp_path: Path
) -> None:
    """The report ranks only the uncontested city and lists the contested one apart."""
    gent = seed.confirmed("an@stad.gent", GENT, 0.5)

    printed, rows = ranking(tables, tmp_path)

    assert [row["reference"] for row in rows] == [gent["reference"]]
    assert "1 city ranked" in printed
    contested = printed.split("Contested cities", 1)[1].split("Settled contests", 1)[0]
    assert "Utrecht (NL): 2 confirmed responses" in contested
    assert contest["officer"]["reference"] in contested
    assert "Utrecht" not in printed.split("Contested cities")[0]


def test_accepting_settles_the_city_and_the_report_ranks_it_once(
    tables: dict, contest: dict[str, dict], tmp_path: Path
) -> None:
    """Accepting one response settles the city: ranked once, both kept, accepting again a no-op."""
    officer, other = contest["officer"]["reference"], contest["other"]["reference"]

    printed = run(tables, "survey", "accept", SURVEY_ID, officer.lower())

    assert f"Accepted {officer} as the counted response of Utrecht (NL)" in printed
    assert f"Kept, not counted: {other}" in printed
    city = tables["surveys"].get_city(SURVEY_ID, contest["officer"]["city"]["key"])
    assert city["accepted_ref"] == officer and city["refs"] == {officer, other}
    assert "no contested city" in run(tables, "survey", "contested", SURVEY_ID)
    report, rows = ranking(tables, tmp_path)
    assert [(row["city"], row["reference"]) for row in rows] == [("Utrecht", officer)]
    assert rows[0]["domain_match"] == "yes"
    settled = report.split("Settled contests", 1)[1].split("Pending responses", 1)[0]
    assert f"counted {officer}" in settled and f"not counted {other}" in settled
    # both responses are still stored
    assert tables["surveys"].get_response(SURVEY_ID, other)["status"] == "confirmed"
    # accepting again changes nothing
    again = run(tables, "survey", "accept", SURVEY_ID, officer)
    assert "already the counted response" in again


def test_accepting_another_replaces_the_decision(tables: dict, contest: dict[str, dict]) -> None:
    """Accepting the other response replaces the earlier decision and says so."""
    officer, other = contest["officer"]["reference"], contest["other"]["reference"]
    run(tables, "survey", "accept", SURVEY_ID, officer)

    printed = run(tables, "survey", "accept", SURVEY_ID, other)

    assert f"replaces the earlier decision for {officer}" in printed
    city = tables["surveys"].get_city(SURVEY_ID, contest["officer"]["city"]["key"])
    assert city["accepted_ref"] == other


def test_accept_refuses_a_pending_or_unknown_reference(
    tables: dict, seed: Seeder, contest: dict[str, dict], capsys: pytest.CaptureFixture[str]
) -> None:
    """Accepting a pending or unknown reference exits 1 with a message and decides nothing."""
    pending = seed.send("late@utrecht.nl", UTRECHT)

    assert run(tables, "survey", "accept", SURVEY_ID, pending["reference"], code=1) == ""
    assert "not confirmed the email address" in capsys.readouterr().err
    run(tables, "survey", "accept", SURVEY_ID, "NOSUCHRF", code=1)
    assert "no response with reference 'NOSUCHRF'" in capsys.readouterr().err
    city = tables["surveys"].get_city(SURVEY_ID, contest["officer"]["city"]["key"])
    assert "accepted_ref" not in city


def test_accept_repairs_a_city_whose_confirmation_update_was_lost(
    tables: dict, seed: Seeder
) -> None:
    record = seed.confirmed("pieter@utrecht.nl", UTRECHT)
    surveys = tables["surveys"]
    # GIVEN the confirmer's update of the city item never landed (a fault after the confirm)
    surveys.client.delete_item(
        TableName=surveys.table,
        Key=to_item({"survey_id": SURVEY_ID, "city_key": "city#" + record["city"]["key"]}),
    )

    printed = run(tables, "survey", "accept", SURVEY_ID, record["reference"])

    assert "it was missing" in printed and f"Accepted {record['reference']}" in printed
    city = surveys.get_city(SURVEY_ID, record["city"]["key"])
    assert city["refs"] == {record["reference"]} and city["accepted_ref"] == record["reference"]


def test_erasing_the_accepted_respondent_leaves_the_city_to_the_other(
    tables: dict, contest: dict[str, dict], tmp_path: Path
) -> None:
    """Erasing the accepted respondent leaves the city to the other response, then ranked alone."""
    officer, other = contest["officer"]["reference"], contest["other"]["reference"]
    run(tables, "survey", "accept", SURVEY_ID, officer)

    run(tables, "erase", "--email", "pieter@utrecht.nl")

    city = tables["surveys"].get_city(SURVEY_ID, contest["officer"]["city"]["key"])
    assert city["refs"] == {other} and "accepted_ref" not in city
    _printed, rows = ranking(tables, tmp_path)
    assert [row["reference"] for row in rows] == [other]
