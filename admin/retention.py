"""Retention of survey respondents' details: erased 12 months after the survey closes.

Then every response (pending, confirmed, of the first release) and every draft of the survey
loses its respondent's name, role and email address (admin.respondents); the city,
its answers, scores and earlier versions stay. Before that moment the command refuses: staff
still need the addresses to settle contests and to contact the Ambassador Cities. "Now" comes
from the caller's clock, so that tests can set it; there is no option to pretend a later date.
Running it again finds nothing left to erase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from admin import respondents
from admin.errors import Refused
from admin.standing import classify
from functions.storage.surveys import SurveysTable

RETENTION_MONTHS = 12
BACKUP_NOTE = (
    "Point-in-time recovery backups still hold the earlier items for up to 35 days; a restore "
    "within that time must repeat this command."
)


def erasable_from(closes: datetime) -> datetime:
    """12 months after the survey closed (a 29 February close waits until 1 March)."""
    try:
        return closes.replace(year=closes.year + RETENTION_MONTHS // 12)
    except ValueError:
        return closes.replace(year=closes.year + RETENTION_MONTHS // 12, month=3, day=1)


@dataclass
class RespondentErasure:
    survey_id: str
    closes: datetime
    dry_run: bool
    erased: dict[str, int] = field(default_factory=dict)  # by kind of item
    already: int = 0
    contested: int = 0

    def describe(self) -> str:
        verb = "Would erase" if self.dry_run else "Erased"
        counts = ", ".join(f"{n} {kind}(s)" for kind, n in sorted(self.erased.items()))
        lines = [
            f"Survey {self.survey_id} closed {self.closes.isoformat()}; respondents' details are "
            f"kept until {erasable_from(self.closes).isoformat()}.",
            f"{verb} the name, role and email address of the respondents of: {counts or 'nothing'}.",
            f"Already erased: {self.already} item(s). The cities, answers and scores are kept.",
        ]
        if self.contested:
            lines.append(
                f"Note: {self.contested} city(ies) still contested; the email domains that help "
                "settle them are erased too."
            )
        if sum(self.erased.values()) and not self.dry_run:
            lines.append(BACKUP_NOTE)
        return "\n".join(lines) + "\n"


def erase_respondents(
    table: SurveysTable, survey: Any, now: datetime, dry_run: bool = False
) -> RespondentErasure:
    """Erase the respondents' details of every item of the survey, once they are due."""
    due = erasable_from(survey.closes)
    if now < due:
        raise Refused(
            f"survey {survey.id} closes {survey.closes.isoformat()}: its respondents' details are "
            f"kept for {RETENTION_MONTHS} months after that, until {due.isoformat()} "
            f"(it is now {now.isoformat(timespec='seconds')}). Nothing was erased."
        )
    result = RespondentErasure(survey.id, survey.closes, dry_run)
    items = table.items(survey.id)
    result.contested = len(classify(survey.id, items, domains={}).contested_cities())
    for item in items:
        kind = respondents.kind_of(item)
        if kind == "city":
            continue
        if not respondents.has_personal_data(item):
            result.already += 1
            continue
        result.erased[kind] = result.erased.get(kind, 0) + 1
        if not dry_run:
            respondents.erase_details(table, item, now)
    return result
