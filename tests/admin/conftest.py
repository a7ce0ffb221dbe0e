"""Real records in DynamoDB Local, written through the functions' own storage adapters."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from functions.config import Config
from functions.domain.forms import load_catalog
from functions.domain.scoring import score
from functions.domain.submissions import Endorsement, city_key, normalise_email
from functions.storage.dynamo import transact
from functions.storage.endorsements import EndorsementsTable
from functions.storage.surveys import SurveysTable
from functions.storage.tables import ensure_tables

SURVEY_ID = "ambassador-cities-2026"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def tables(dynamodb_local: Any, table_prefix: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    config = Config(
        app_mode="local",
        endorsements_table=f"{table_prefix}endorsements",
        surveys_table=f"{table_prefix}surveys",
        limits_table=f"{table_prefix}limits",
        site_url="http://localhost:8000",
        api_base_url="http://localhost:8000/api",
        allowed_origins=("http://localhost:8000",),
        mail_from="test@example.org",
        token_secret="x" * 32,
    )
    client = dynamodb_local.client()
    ensure_tables(client, config)
    monkeypatch.setenv("ENDORSEMENTS_TABLE", config.endorsements_table)
    monkeypatch.setenv("SURVEYS_TABLE", config.surveys_table)
    return {
        "client": client,
        "endpoint": dynamodb_local.endpoint_url,
        "endorsements": EndorsementsTable(client, config.endorsements_table),
        "surveys": SurveysTable(client, config.surveys_table),
    }


def email_hash(email: str) -> str:
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()


@pytest.fixture
def add_endorsement(tables: dict) -> Callable[..., None]:
    def add(name: str, email: str, confirmed: bool = True, organisation: str = "Org") -> None:
        endorsement = Endorsement(
            name=name,
            organisation=organisation,
            role="",
            organisation_type="civil-society",
            country="NL",
            email=normalise_email(email),
            list_publicly=True,
        )
        table = tables["endorsements"]
        key = email_hash(email)
        item = table.add_pending(key, endorsement, "v1", "c-nonce", "w-nonce", NOW)
        transact(tables["client"], [item], "test endorsement")
        if confirmed:
            table.confirm(key, "c-nonce", NOW)

    return add


def answers_at_level(level: float) -> dict[str, Any]:
    """Answers choosing, in every question, the option at `level` (0 worst .. 1 best)."""
    survey = load_catalog().surveys[SURVEY_ID]
    answers: dict[str, Any] = {}
    for question in survey.questions:
        if question.type == "scale":
            answers[question.id] = round(question.min + level * (question.max - question.min))
        elif question.type == "multiple_choice":
            count = round(level * len(question.options))
            answers[question.id] = [option.value for option in question.options[:count]]
        else:
            ranked = sorted(question.options, key=lambda option: option.score)
            answers[question.id] = ranked[round(level * (len(ranked) - 1))].value
    return answers


@pytest.fixture
def add_response(tables: dict) -> Callable[..., dict[str, Any]]:
    survey = load_catalog().surveys[SURVEY_ID]

    def add(city: str, country: str, level: float, email: str, name: str = "R") -> dict:
        answers = answers_at_level(level)
        respondent = {"name": name, "role": "Mayor", "email": email, "city": city}
        respondent["country"] = country
        record = {
            "survey_id": SURVEY_ID,
            "city_key": city_key(country, city),
            "response_id": hashlib.sha256(city.encode()).hexdigest()[:16],
            "definition_version": survey.version,
            "respondent": respondent,
            "answers": answers,
            "scores": score(survey, answers).to_dict(),
            "edit_nonce": "e-nonce",
        }
        transact(tables["client"], [tables["surveys"].add_response(record, NOW)], "test response")
        return record

    return add
