"""Retention: respondents' names, roles and email addresses are erased 12 months after the
survey closes; the cities, answers and scores stay. GIVEN responses and drafts sent through the
use cases WHEN staff run `survey erase-respondents` THEN it refuses before the date, erases
after it, changes nothing in a dry run and finds nothing the second time."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from admin.cli import main
from admin.retention import RETENTION_MONTHS, erasable_from
from functions.usecases.drafts import KEPT_AFTER_CLOSE
from functions.usecases.sending import PENDING_LIFETIME
from tests.admin.seeding import GENT, SURVEY_ID, UTRECHT, Seeder

EMAILS = ("pieter@utrecht.nl", "late@example.org", "draft@stad.gent", "old@example.org")


def run(tables: dict, now: datetime, *argv: str, code: int = 0) -> str:
    out = io.StringIO()
    clock: Callable[[], datetime] = lambda: now  # noqa: E731
    command = ["--endpoint-url", tables["endpoint"], "survey", "erase-respondents", SURVEY_ID]
    assert main([*command, *argv], stdout=out, clock=clock) == code
    return out.getvalue()


@pytest.fixture
def survey_data(seed: Seeder) -> dict[str, Any]:
    counted = seed.confirmed(EMAILS[0], UTRECHT, 0.9, name="Pieter", role="Strategist")
    edited = seed.edit(counted["reference"], 0.6)
    return {
        "counted": edited,
        "pending": seed.send(EMAILS[1], None, 0.4, typed="Nowhere Town"),
        "draft": seed.draft(EMAILS[2], GENT, name="Dora"),
        "legacy": seed.legacy("Delft", "NL", 0.7, EMAILS[3]),
        "due": erasable_from(seed.survey.closes),
    }


def personal(tables: dict) -> list[str]:
    """Every email address, name or role still stored."""
    text = str(tables["surveys"].items(SURVEY_ID))
    words = (*EMAILS, "Pieter", "Strategist", "Dora", "Legacy", "Clerk")
    return [word for word in words if word in text]


def test_the_date_is_twelve_months_after_the_survey_closes(seed: Seeder) -> None:
    """Erasure is due a year after closing; from 29 February it is due on 1 March."""
    closes = seed.survey.closes
    assert erasable_from(closes) == closes.replace(year=closes.year + 1)
    leap = datetime.fromisoformat("2028-02-29T23:59:59+01:00")
    assert erasable_from(leap) == datetime.fromisoformat("2029-03-01T23:59:59+01:00")


def test_it_refuses_before_the_date_and_erases_nothing(
    tables: dict, survey_data: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """One second before the date the command exits 1, says why, and changes no item."""
    before = tables["surveys"].items(SURVEY_ID)

    run(tables, survey_data["due"] - timedelta(seconds=1), code=1)

    refusal = capsys.readouterr().err
    assert "Refused" in refusal and "12 months" in refusal and "Nothing was erased" in refusal
    assert tables["surveys"].items(SURVEY_ID) == before


def test_a_dry_run_counts_and_changes_nothing(tables: dict, survey_data: dict[str, Any]) -> None:
    """A dry run counts the responses, legacy responses and drafts, and changes no item."""
    before = tables["surveys"].items(SURVEY_ID)

    printed = run(tables, survey_data["due"], "--dry-run")

    assert "Would erase" in printed
    assert "2 response(s)" in printed and "1 legacy response(s)" in printed
    # the drafts sent (the first answers, the edit, the pending ones) and the unsent one
    assert "4 draft(s)" in printed
    assert tables["surveys"].items(SURVEY_ID) == before


def test_after_the_date_it_erases_respondents_and_keeps_the_answers(
    tables: dict, survey_data: dict[str, Any]
) -> None:
    """After the date no personal data is left; cities, answers, scores and history stay."""
    counted = survey_data["counted"]
    surveys = tables["surveys"]

    printed = run(tables, survey_data["due"] + timedelta(days=1))

    assert "Erased the name, role and email address" in printed
    assert personal(tables) == []
    kept = surveys.get_response(SURVEY_ID, counted["reference"])
    assert kept["respondent"] == {} and kept["erased_at"]
    assert kept["answers"] == counted["answers"] and kept["scores"] == counted["scores"]
    assert kept["city"] == counted["city"] and len(kept["history"]) == 1
    old = next(item for item in surveys.responses(SURVEY_ID) if "response_id" in item)
    assert old["respondent"] == {"city": "Delft", "country": "NL"}
    assert old["scores"] == survey_data["legacy"]["scores"]
    draft = surveys.get_draft(SURVEY_ID, survey_data["draft"]["draft_id"])
    assert "email" not in draft["respondent"] and draft["city"]["place_id"] == GENT


def test_running_it_again_finds_nothing_left(tables: dict, survey_data: dict[str, Any]) -> None:
    """A second run erases nothing, reports 7 items already erased, and changes no item."""
    now = survey_data["due"] + timedelta(days=1)
    run(tables, now)
    after_first = tables["surveys"].items(SURVEY_ID)

    printed = run(tables, now + timedelta(days=1))

    assert "Erased the name, role and email address of the respondents of: nothing" in printed
    assert "Already erased: 7 item(s)" in printed
    assert tables["surveys"].items(SURVEY_ID) == after_first


def test_an_unknown_survey_is_refused(
    tables: dict, capsys: pytest.CaptureFixture[str], seed: Seeder
) -> None:
    """An unknown survey id makes the command exit 1: its closing date is unknown."""
    out = io.StringIO()
    argv = ["--endpoint-url", tables["endpoint"], "survey", "erase-respondents", "no-such"]
    assert main(argv, stdout=out, clock=lambda: seed.clock.now) == 1
    assert "closing date is unknown" in capsys.readouterr().err


def test_the_privacy_notice_gives_the_same_figures() -> None:
    """The privacy notice's survey section states the code's retention figures."""
    notice = (Path(__file__).resolve().parents[2] / "content/pages/privacy.md").read_text()
    survey = notice.split("## Answering the Ambassador Cities survey", 1)[1].split("\n## ")[0]
    plain = " ".join(survey.replace("**", "").split())
    assert f"{RETENTION_MONTHS} months after the survey closes" in plain
    assert f"after {PENDING_LIFETIME.days} days" in plain
    weeks = KEPT_AFTER_CLOSE.days // 7
    assert f"{weeks} weeks after the survey closes" in plain
