"""Exports of endorsements and survey responses as JSON or CSV, in English.

Values are stored as codes whatever language a person used (country codes, choice values);
each record's `language` column says which language its page and mail were in, and
`consent_version` which version of the consent text, in that language, was agreed to.

A survey export holds every sent response (pending, confirmed and the first release's), each
with where it stands (`count_status`: counted, contested, not counted, pending, legacy; see
admin.standing) and whether its email domain is the city's (`domain_match`:
yes/no/unknown). The audit trail stays: every earlier version of a response's answers, with
its date and scores, is nested under `history` in JSON; in CSV it is one extra row per earlier
version (`row` = earlier, the current version's row is `row` = current), with the same score
and answer columns, so that versions compare column by column.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from admin.csv_safe import write_csv
from admin.standing import Entry, Standings, match_text

ENDORSEMENT_COLUMNS = (
    "status",
    "name",
    "organisation",
    "role",
    "organisation_type",
    "country",
    "email",
    "list_publicly",
    "language",
    "consent_version",
    "consent_at",
    "created_at",
    "confirmed_at",
)
RESPONSE_COLUMNS = (
    "survey_id",
    "reference",
    "row",
    "revision",
    "version_at",
    "status",
    "count_status",
    "city",
    "country",
    "city_key",
    "place_id",
    "respondent_name",
    "respondent_role",
    "respondent_email",
    "email_domain",
    "domain_match",
    "language",
    "consent_version",
    "submitted_at",
    "confirmed_at",
    "updated_at",
    "erased_at",
    "definition_version",
    "overall_score",
)
CURRENT, EARLIER = "current", "earlier"


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if value is None:
        return ""
    return value


def endorsement_row(record: dict[str, Any]) -> dict[str, Any]:
    return {column: _cell(record.get(column)) for column in ENDORSEMENT_COLUMNS}


def _scores_and_answers(row: dict[str, Any], scores: Any, answers: Any) -> dict[str, Any]:
    scores = scores or {}
    row["overall_score"] = scores.get("overall", "")
    for domain, value in (scores.get("domains") or {}).items():
        row[f"score_{domain}"] = value
    for question, answer in (answers or {}).items():
        row[f"answer_{question}"] = _cell(answer)
    return row


def response_rows(entry: Entry) -> list[dict[str, Any]]:
    """The response's current version, then one row per earlier version, oldest first."""
    record = entry.record
    respondent = record.get("respondent") or {}
    city = record.get("city") or {}
    where = {
        "survey_id": record.get("survey_id", ""),
        "reference": entry.reference,
        "city": entry.city,
        "country": entry.country,
        "city_key": entry.city_key,
    }
    current = {
        **where,
        "row": CURRENT,
        "revision": record.get("revision", ""),
        "version_at": record.get("updated_at")
        or record.get("confirmed_at")
        or record.get("submitted_at", ""),
        "status": record.get("status", ""),
        "count_status": entry.standing,
        "place_id": city.get("place_id", ""),
        "respondent_name": respondent.get("name", ""),
        "respondent_role": respondent.get("role", ""),
        "respondent_email": respondent.get("email", ""),
        "email_domain": entry.email_domain,
        "domain_match": match_text(entry.domain_match),
        "language": record.get("language", ""),
        "consent_version": record.get("consent_version", ""),
        "submitted_at": record.get("submitted_at", ""),
        "confirmed_at": record.get("confirmed_at", ""),
        "updated_at": record.get("updated_at", ""),
        "erased_at": record.get("erased_at", ""),
        "definition_version": record.get("definition_version", ""),
    }
    found = [_scores_and_answers(current, record.get("scores"), record.get("answers"))]
    earlier = sorted(record.get("history") or [], key=lambda v: int(v.get("revision", 0)))
    for version in earlier:
        row = {**where, "row": EARLIER, "revision": version.get("revision", "")}
        row["version_at"] = version.get("at", "")
        found.append(_scores_and_answers(row, version.get("scores"), version.get("answers")))
    return found


def response_columns(rows: list[dict[str, Any]]) -> list[str]:
    """The fixed columns, then every score and answer column in the order first seen."""
    extra: dict[str, None] = {}
    for row in rows:
        for key in row:
            if key not in RESPONSE_COLUMNS:
                extra.setdefault(key, None)
    scores = [key for key in extra if key.startswith("score_")]
    answers = [key for key in extra if key.startswith("answer_")]
    return [*RESPONSE_COLUMNS, *scores, *answers]


def response_record(entry: Entry, standings: Standings) -> dict[str, Any]:
    """The stored response (secrets already removed) with where it stands."""
    record = {
        **entry.record,
        "count_status": entry.standing,
        "domain_match": match_text(entry.domain_match),
    }
    decision = standings.decisions.get(entry.city_key) if not entry.legacy else None
    if decision and decision.get("accepted_ref") == entry.reference:
        record["accepted_at"] = decision.get("accepted_at", "")
    return record


def write_endorsements(stream: TextIO, records: list[dict[str, Any]], fmt: str) -> int:
    if fmt == "json":
        return _write_json(stream, records)
    return write_csv(stream, ENDORSEMENT_COLUMNS, (endorsement_row(r) for r in records))


def write_responses(stream: TextIO, standings: Standings, fmt: str) -> int:
    """Every sent response of the survey; returns how many responses (not CSV rows)."""
    if fmt == "json":
        _write_json(stream, [response_record(e, standings) for e in standings.entries])
    else:
        rows = [row for entry in standings.entries for row in response_rows(entry)]
        write_csv(stream, response_columns(rows), rows)
    return len(standings.entries)


def _json_value(value: Any) -> Any:
    """DynamoDB string and number sets: JSON has no set."""
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot export a {type(value).__name__} as JSON")


def _write_json(stream: TextIO, records: list[dict[str, Any]]) -> int:
    json.dump(records, stream, ensure_ascii=False, indent=2, sort_keys=True, default=_json_value)
    stream.write("\n")
    return len(records)
