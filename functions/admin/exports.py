"""Exports of endorsements and survey responses as JSON or CSV rows."""

from __future__ import annotations

import json
from typing import Any, TextIO

from functions.admin.csv_safe import write_csv

ENDORSEMENT_COLUMNS = (
    "status",
    "name",
    "organisation",
    "role",
    "organisation_type",
    "country",
    "email",
    "list_publicly",
    "consent_version",
    "consent_at",
    "created_at",
    "confirmed_at",
)
RESPONSE_COLUMNS = (
    "survey_id",
    "response_id",
    "city",
    "country",
    "respondent_name",
    "respondent_role",
    "respondent_email",
    "submitted_at",
    "updated_at",
    "edits",
    "definition_version",
    "overall_score",
)


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


def response_row(record: dict[str, Any]) -> dict[str, Any]:
    respondent = record.get("respondent", {})
    scores = record.get("scores", {})
    row = {
        "survey_id": record.get("survey_id", ""),
        "response_id": record.get("response_id", ""),
        "city": respondent.get("city", ""),
        "country": respondent.get("country", ""),
        "respondent_name": respondent.get("name", ""),
        "respondent_role": respondent.get("role", ""),
        "respondent_email": respondent.get("email", ""),
        "submitted_at": record.get("submitted_at", ""),
        "updated_at": record.get("updated_at", ""),
        "edits": record.get("edits", 0),
        "definition_version": record.get("definition_version", ""),
        "overall_score": scores.get("overall", ""),
    }
    for domain, value in scores.get("domains", {}).items():
        row[f"score_{domain}"] = value
    for question, answer in record.get("answers", {}).items():
        row[f"answer_{question}"] = _cell(answer)
    return row


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


def write_endorsements(stream: TextIO, records: list[dict[str, Any]], fmt: str) -> int:
    if fmt == "json":
        return _write_json(stream, records)
    return write_csv(stream, ENDORSEMENT_COLUMNS, (endorsement_row(r) for r in records))


def write_responses(stream: TextIO, records: list[dict[str, Any]], fmt: str) -> int:
    if fmt == "json":
        return _write_json(stream, records)
    rows = [response_row(record) for record in records]
    return write_csv(stream, response_columns(rows), rows)


def _json_value(value: Any) -> Any:
    """DynamoDB string and number sets: JSON has no set."""
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot export a {type(value).__name__} as JSON")


def _write_json(stream: TextIO, records: list[dict[str, Any]]) -> int:
    json.dump(records, stream, ensure_ascii=False, indent=2, sort_keys=True, default=_json_value)
    stream.write("\n")
    return len(records)
