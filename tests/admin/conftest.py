"""Real records in DynamoDB Local, written through the functions' own adapters and use cases."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from functions.config import Config
from functions.domain.emails import mailbox_key, parse_address
from functions.domain.submissions import Endorsement
from functions.services import build_services
from functions.storage.dynamo import transact
from functions.storage.endorsements import EndorsementsTable
from functions.storage.outbox import OutboxTable
from functions.storage.surveys import SurveysTable
from functions.storage.tables import ensure_tables
from tests.admin.seeding import NOW, SURVEY_ID, Clock, Seeder
from tests.functions.conftest import make_api  # noqa: F401 - a fixture: the forms API's flows

__all__ = ["NOW", "SURVEY_ID"]


@pytest.fixture
def tables(
    dynamodb_local: Any, table_prefix: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> dict:
    config = Config(
        app_mode="local",
        endorsements_table=f"{table_prefix}endorsements",
        surveys_table=f"{table_prefix}surveys",
        limits_table=f"{table_prefix}limits",
        outbox_table=f"{table_prefix}outbox",
        site_url="http://localhost:8000",
        api_base_url="http://localhost:8000/api",
        allowed_origins=("http://localhost:8000",),
        mail_from="test@example.org",
        token_secret="x" * 32,
        outbox_dir=tmp_path / "outbox",
    )
    client = dynamodb_local.client()
    ensure_tables(client, config)
    monkeypatch.setenv("ENDORSEMENTS_TABLE", config.endorsements_table)
    monkeypatch.setenv("SURVEYS_TABLE", config.surveys_table)
    monkeypatch.setenv("OUTBOX_TABLE", config.outbox_table)
    # Never the repository's var/outbox, where `make serve` keeps a developer's mail.
    monkeypatch.setenv("OUTBOX_DIR", str(config.outbox_dir))
    monkeypatch.delenv("FORMS_DIR", raising=False)
    return {
        "config": config,
        "client": client,
        "endpoint": dynamodb_local.endpoint_url,
        "endorsements": EndorsementsTable(client, config.endorsements_table),
        "surveys": SurveysTable(client, config.surveys_table),
        "outbox": OutboxTable(client, config.outbox_table),
    }


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def seed(tables: dict, clock: Clock) -> Seeder:
    """Respondents going through the survey's use cases, at the clock's time."""
    services = replace(build_services(tables["config"], tables["client"]), clock=clock)
    return Seeder(services, clock)


def email_hash(email: str) -> str:
    """A stand-in for the keyed hash the functions key an endorsement by: one per mailbox."""
    return hashlib.sha256(str(mailbox_key(email)).encode()).hexdigest()


@pytest.fixture
def add_endorsement(tables: dict) -> Callable[..., None]:
    def add(
        name: str,
        email: str,
        confirmed: bool = True,
        organisation: str = "Org",
        language: str = "en",
    ) -> None:
        endorsement = Endorsement(
            name=name,
            organisation=organisation,
            role="",
            organisation_type="civil-society",
            country="NL",
            email=parse_address(email, allowed=None).mailbox,
            list_publicly=True,
        )
        table = tables["endorsements"]
        key = email_hash(email)
        version = f"v1-{language}-0123abcd"
        item = table.add_pending(key, endorsement, language, version, "c-nonce", "w-nonce", NOW)
        transact(tables["client"], [item], "test endorsement")
        if confirmed:
            table.confirm(key, "c-nonce", NOW)

    return add
