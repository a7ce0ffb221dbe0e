"""Contested cities: the list staff decide from, and the decision itself.

A city is contested when more than one of its responses was confirmed and staff have not yet
accepted one. The list shows, for each confirmed response, its reference, when it was
confirmed, the respondent's email *domain* (never the address) and whether that domain is the
city's official one. It shows no scores on purpose: the question is who speaks for the city,
not which answers score better.

Accepting makes one confirmed response the city's counted response (SurveysTable.accept); the
others are kept, not counted. A pending response cannot be accepted.
"""

from __future__ import annotations

from datetime import datetime

from admin.errors import Refused
from admin.standing import CONTESTED, NOT_COUNTED, Standings, classify, match_text
from functions.domain.statuses import Status
from functions.storage.surveys import SurveysTable

COLUMNS = ("reference", "confirmed at", "email domain", "domain match")


def _table(cells: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return [f"  {line}".rstrip() for line in lines]


def format_contested(standings: Standings) -> str:
    keys = standings.contested_cities()
    survey_id = standings.survey_id
    if not keys:
        return f"Survey {survey_id}: no contested city.\n"
    out = [
        f"Survey {survey_id}: {len(keys)} contested {'city' if len(keys) == 1 else 'cities'}: "
        "several confirmed responses, none accepted yet (not ranked until one is)."
    ]
    for key in keys:
        entries = standings.of_city(key, CONTESTED)
        first = entries[0]
        out += ["", f"{first.city} ({first.country})  [{key}]"]
        cells = [list(COLUMNS)]
        for entry in entries:
            cells.append(
                [
                    entry.reference,
                    str(entry.record.get("confirmed_at", "")),
                    entry.email_domain or "(erased)",
                    match_text(entry.domain_match),
                ]
            )
        out += _table(cells)
    out += [
        "",
        f"Accept one: python -m admin survey accept {survey_id} REFERENCE",
        "(the city's other responses are kept, not counted)",
    ]
    return "\n".join(out) + "\n"


def accept(table: SurveysTable, survey_id: str, reference: str, now: datetime) -> str:
    """Make a confirmed response its city's counted response; what was done, as text."""
    record = table.get_response(survey_id, reference)
    if record is None:
        raise Refused(
            f"survey {survey_id} has no response with reference {reference!r} "
            "(first-release responses have no reference and cannot be accepted)"
        )
    if record.get("status") != Status.CONFIRMED:
        raise Refused(
            f"{reference} is {record.get('status', 'not confirmed')}: its respondent has not "
            "confirmed the email address, so it cannot be the city's response"
        )
    city = record["city"]
    key = str(city["key"])
    before = table.get_city(survey_id, key) or {}
    lines = []
    if reference not in (before.get("refs") or set()):
        # Confirmed, but the confirmation's update of the city was lost: repair it first.
        table.join_city(survey_id, key, reference, now)
        lines.append(f"Added {reference} to the city's confirmed responses (it was missing).")
    where = f"{city.get('name', '')} ({city.get('country', '')})"
    previous = before.get("accepted_ref")
    if previous == reference:
        lines.insert(0, f"{reference} was already the counted response of {where}; unchanged.")
    else:
        table.accept(survey_id, key, reference, now)
        lines.insert(0, f"Accepted {reference} as the counted response of {where} [{key}].")
        if previous:
            lines.append(f"It replaces the earlier decision for {previous}.")
    after = classify(survey_id, table.items(survey_id), domains={})
    others = after.of_city(key, NOT_COUNTED)
    for entry in others:
        lines.append(
            f"Kept, not counted: {entry.reference} (confirmed {entry.record.get('confirmed_at')})"
        )
    if not others:
        lines.append("The city has no other confirmed response.")
    return "\n".join(lines) + "\n"
