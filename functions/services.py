"""Wire configuration, definitions, tables, mailer and keys together, once per cold start.

`get_services()` is the cached getter the handlers call; tests change the environment and call
`reset_services()`. Nothing here runs at import time.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from functions import aws
from functions.config import Config, ConfigError, load_config
from functions.domain.forms import Catalog, load_catalog
from functions.domain.tokens import Keys, TokenSigner
from functions.mail.base import Mailer
from functions.sdk_logs import withhold_sdk_arguments
from functions.storage.dynamo import make_client
from functions.storage.endorsements import EndorsementsTable
from functions.storage.limits import LimitsTable
from functions.storage.outbox import OutboxTable
from functions.storage.surveys import SurveysTable
from functions.timing import TimingEqualiser

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    """Everything a handler uses, made once per cold start (get_services)."""

    config: Config
    catalog: Catalog
    keys: Keys
    tokens: TokenSigner
    endorsements: EndorsementsTable
    surveys: SurveysTable
    limits: LimitsTable
    outbox: OutboxTable
    mailer: Mailer  # the mail worker's only: requests put their mail in the outbox
    clock: Callable[[], datetime] = utc_now
    # New and known addresses answered in the same time (functions/timing.py).
    equaliser: TimingEqualiser = field(default_factory=TimingEqualiser)


def fetch_secret(parameter_name: str) -> str:
    """The token secret from SSM Parameter Store (a SecureString), once per cold start."""
    client = aws.client("ssm")
    result = client.get_parameter(Name=parameter_name, WithDecryption=True)
    return result["Parameter"]["Value"]


def make_mailer(config: Config) -> Mailer:
    if config.app_mode == "local":
        from functions.mail.eml_files import EmlFileMailer

        if config.outbox_dir is None:  # load_config refuses this; keeps type checkers calm
            raise ConfigError("OUTBOX_DIR is required when APP_MODE=local")
        return EmlFileMailer(config.outbox_dir, config.mail_from)
    from functions.mail.ses import SesMailer

    return SesMailer(aws.client("ses"), config.mail_from, config.ses_configuration_set)


def build_services(config: Config, dynamodb: Any | None = None) -> Services:
    secret = config.token_secret or fetch_secret(config.token_secret_parameter or "")
    keys = Keys.derive(secret)
    client = dynamodb or make_client(config.dynamodb_endpoint_url, config.dynamodb_timeout_seconds)
    services = Services(
        config=config,
        catalog=load_catalog(config.forms_dir),
        keys=keys,
        tokens=TokenSigner(keys.tokens),
        endorsements=EndorsementsTable(client, config.endorsements_table),
        surveys=SurveysTable(client, config.surveys_table),
        limits=LimitsTable(client, config.limits_table),
        outbox=OutboxTable(client, config.outbox_table),
        mailer=make_mailer(config),
    )
    withhold_sdk_arguments()  # the SDK has now imported every module that logs
    return services


@functools.cache
def get_services() -> Services:
    services = build_services(load_config())
    log.info("Services ready (mode %s)", services.config.app_mode)
    return services


def reset_services() -> None:
    """Forget the cached services, so that the next request reads the environment again."""
    get_services.cache_clear()
