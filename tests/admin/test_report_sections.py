"""The survey report on data sent through the use cases: only counted responses are ranked,
one per city; pending and first-release responses are listed apart; each response shows
whether its email domain is the city's."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from admin.cli import main
from tests.admin.seeding import GENT, ROTTERDAM, SURVEY_ID, UTRECHT, Seeder


def report(tables: dict, tmp_path: Path) -> tuple[str, list[dict[str, str]]]:
    out, target = io.StringIO(), tmp_path / "ranking.csv"
    argv = ["--endpoint-url", tables["endpoint"], "survey", "report", SURVEY_ID]
    assert main([*argv, "--csv", str(target)], stdout=out) == 0
    return out.getvalue(), list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))


def section(printed: str, title: str) -> str:
    return printed.split(title, 1)[1].split("\n\n", 1)[0]


def test_pending_and_legacy_responses_are_shown_apart_never_ranked(
    tables: dict, seed: Seeder, tmp_path: Path
) -> None:
    """Pending and legacy responses are listed apart, never ranked, with no address printed."""
    counted = seed.confirmed("pieter@utrecht.nl", UTRECHT, 0.6)
    squatter = seed.send("attacker@evil.example", UTRECHT, 1.0)
    waiting = seed.send("an@stad.gent", GENT, 1.0)
    legacy = seed.legacy("Delft", "NL", 1.0, "old@delft.example")

    printed, rows = report(tables, tmp_path)

    assert [row["reference"] for row in rows] == [counted["reference"]]
    pending = section(printed, "Pending responses")
    assert squatter["reference"] in pending and waiting["reference"] in pending
    assert "never counted, deleted 7 days after sending" in pending
    assert "Utrecht (NL)" in pending and "Gent (BE)" in pending
    assert "evil.example, domain match no" in pending
    assert "stad.gent, domain match yes" in pending
    old = section(printed, "Legacy responses")
    assert f"Delft (NL)  {legacy['response_id']}  overall 100" in old
    assert "domain match unknown" in old  # Delft has no official domain listed
    assert "@" not in printed


def test_the_domain_match_column_says_yes_no_or_unknown(
    tables: dict, seed: Seeder, tmp_path: Path
) -> None:
    """domain_match is yes for the city's domain or a subdomain, no for others, unknown if none."""
    seed.confirmed("pieter@utrecht.nl", UTRECHT, 0.9)  # utrecht.nl: the city's domain
    seed.confirmed("an@post.rotterdam.nl", ROTTERDAM, 0.8)  # a subdomain of rotterdam.nl
    seed.confirmed("someone@gmail.example", GENT, 0.7)  # not stad.gent
    seed.confirmed("x@nowhere.example", None, 0.6, typed="Nowhere Town")  # no domain known

    _printed, rows = report(tables, tmp_path)

    assert {row["city"]: row["domain_match"] for row in rows} == {
        "Utrecht": "yes",
        "Rotterdam": "yes",
        "Gent": "no",
        "Nowhere Town": "unknown",
    }
    assert {row["language"] for row in rows} == {"en"}


def test_an_edited_response_is_ranked_once_with_its_latest_scores(
    tables: dict, seed: Seeder, tmp_path: Path
) -> None:
    """A response edited after confirming is ranked once, with the edit's overall score."""
    first = seed.confirmed("pieter@utrecht.nl", UTRECHT, 1.0)
    edited = seed.edit(first["reference"], 0.5)

    _printed, rows = report(tables, tmp_path)

    assert [(row["reference"], row["overall"]) for row in rows] == [
        (first["reference"], str(edited["scores"]["overall"]))
    ]
