"""The survey export keeps the audit trail: every earlier version of a response, with its date
and scores, nested in JSON and as extra rows in CSV; each response with where it stands and its
email domain's match; CSV cells stay safe for spreadsheets."""

from __future__ import annotations

import csv
import io
import json

from admin.cli import main
from tests.admin.seeding import GENT, SURVEY_ID, UTRECHT, Seeder


def export(tables: dict, fmt: str) -> str:
    out = io.StringIO()
    argv = ["--endpoint-url", tables["endpoint"], "export", "survey", SURVEY_ID, "--format", fmt]
    assert main(argv, stdout=out) == 0
    return out.getvalue()


def test_json_nests_every_earlier_version_with_its_date_and_scores(
    tables: dict, seed: Seeder
) -> None:
    """A response edited twice exports as revision 3 with versions 1 and 2, dated, in history."""
    first = seed.confirmed("pieter@utrecht.nl", UTRECHT, 1.0)
    second = seed.edit(first["reference"], 0.5)
    third = seed.edit(first["reference"], 0.25)

    (record,) = json.loads(export(tables, "json"))

    assert record["reference"] == first["reference"] and record["revision"] == 3
    assert record["scores"] == third["scores"]
    history = record["history"]
    assert [version["revision"] for version in history] == [1, 2]
    assert [version["scores"] for version in history] == [first["scores"], second["scores"]]
    assert all(version["at"] for version in history)
    assert history[0]["at"] < history[1]["at"] <= record["updated_at"]
    assert (record["count_status"], record["domain_match"], record["language"]) == (
        "counted",
        "yes",
        "en",
    )


def test_csv_has_a_row_per_earlier_version_and_a_status_column(tables: dict, seed: Seeder) -> None:
    """The CSV has a row per earlier version, a standing and domain match; formulas neutralised."""
    first = seed.confirmed("pieter@utrecht.nl", UTRECHT, 1.0)
    seed.edit(first["reference"], 0.5)
    seed.confirmed("a@evil.example", GENT, 0.3)
    seed.confirmed("an@stad.gent", GENT, 0.6)
    pending = seed.send("late@example.org", None, 0.9, typed="=HYPERLINK(1)", country="BE")
    legacy = seed.legacy("@Delft", "NL", 0.8, "old@example.org")

    rows = list(csv.DictReader(io.StringIO(export(tables, "csv"), newline="")))

    utrecht = [row for row in rows if row["reference"] == first["reference"]]
    assert [(row["row"], row["revision"]) for row in utrecht] == [
        ("current", "2"),
        ("earlier", "1"),
    ]
    current, earlier = utrecht
    assert earlier["overall_score"] == str(first["scores"]["overall"])
    assert earlier["version_at"] and earlier["respondent_email"] == ""
    assert current["overall_score"] != earlier["overall_score"]
    assert any(key.startswith("answer_") and earlier[key] for key in earlier)
    statuses = {row["reference"]: row["count_status"] for row in rows if row["row"] == "current"}
    assert statuses[first["reference"]] == "counted"
    assert sorted(v for k, v in statuses.items() if k not in (first["reference"],)) == [
        "contested",
        "contested",
        "legacy",
        "pending",
    ]
    gent = [row for row in rows if row["city"] == "Gent"]
    assert {row["email_domain"]: row["domain_match"] for row in gent} == {
        "evil.example": "no",
        "stad.gent": "yes",
    }
    # formula-looking cells are neutralised
    assert next(r for r in rows if r["reference"] == pending["reference"])["city"] == (
        "'=HYPERLINK(1)"
    )
    assert next(r for r in rows if r["reference"] == legacy["response_id"])["city"] == "'@Delft"
    assert {
        row["language"]
        for row in rows
        if row["row"] == "current" and row["count_status"] != "legacy"
    } == {"en"}
