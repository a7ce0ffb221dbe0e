"""load_config reads the settings from the environment mapping it is given (missing ones named,
defaults, bad values refused); every route of functions.routes has a handler that knows it;
the SES mailer sends through moto's SES.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from functions.config import ConfigError, load_config
from functions.mail.base import Mail, MailError
from functions.mail.ses import SesMailer
from functions.routes import ROUTES

BASE = {
    "APP_MODE": "aws",
    "ENDORSEMENTS_TABLE": "e",
    "SURVEYS_TABLE": "s",
    "LIMITS_TABLE": "l",
    "OUTBOX_TABLE": "o",
    "TOKEN_SECRET_PARAMETER": "/citizen-focus/token-secret",
    "SITE_URL": "https://citizenfocus.example/",
    "API_BASE_URL": "https://citizenfocus.example/api",
    "MAIL_FROM": "no-reply@citizenfocus.example",
}


def test_config_names_every_missing_variable() -> None:
    """An environment with only APP_MODE makes load_config raise, naming every missing variable."""
    with pytest.raises(ConfigError) as caught:
        load_config({"APP_MODE": "local"})
    message = str(caught.value)
    for name in (
        "ENDORSEMENTS_TABLE",
        "SURVEYS_TABLE",
        "LIMITS_TABLE",
        "OUTBOX_TABLE",
        "SITE_URL",
        "API_BASE_URL",
        "MAIL_FROM",
        "TOKEN_SECRET or TOKEN_SECRET_PARAMETER",
        "OUTBOX_DIR",
    ):
        assert name in message


def test_config_defaults_and_origins() -> None:
    """Defaults apply, the site joins the allowed origins, a bad rate or APP_MODE is refused."""
    config = load_config(BASE | {"ALLOWED_ORIGINS": "https://a.example, https://b.example/"})
    assert config.rate_limit_per_minute == 60
    assert config.site_url == "https://citizenfocus.example"
    assert config.allowed_origins == (
        "https://a.example",
        "https://b.example",
        "https://citizenfocus.example",
    )
    assert config.forms_dir is None and config.dynamodb_endpoint_url is None
    with pytest.raises(ConfigError, match="RATE_LIMIT_PER_MINUTE"):
        load_config(BASE | {"RATE_LIMIT_PER_MINUTE": "lots"})
    with pytest.raises(ConfigError, match="APP_MODE must be one of"):
        load_config(BASE | {"APP_MODE": "cloud"})


def test_dynamodb_timeout_defaults_to_2_seconds_and_stays_inside_the_lambda_timeout() -> None:
    """The DynamoDB timeout defaults to 2 s, takes 0.3, and refuses text, 0, 5 and nan."""
    assert load_config(BASE).dynamodb_timeout_seconds == 2.0
    assert load_config(BASE | {"DYNAMODB_TIMEOUT_SECONDS": "0.3"}).dynamodb_timeout_seconds == 0.3
    for bad in ("slow", "0", "5", "nan"):
        with pytest.raises(ConfigError, match="DYNAMODB_TIMEOUT_SECONDS"):
            load_config(BASE | {"DYNAMODB_TIMEOUT_SECONDS": bad})


def test_every_route_resolves_to_a_handler_that_knows_it() -> None:
    """Each route's dotted handler is importable and callable, and its app registers the route."""
    for method, template, dotted in ROUTES:
        module_name, _, attr = dotted.rpartition(".")
        module = importlib.import_module(module_name)
        assert callable(getattr(module, attr))
        assert f"{method} {template}" in module.app._routes
        assert template.startswith("/api/")


@mock_aws
def test_ses_mailer_sends_and_reports_failures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With moto's SES, an unverified sender raises MailError; once verified, one mail is sent."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    client = boto3.client("ses", region_name="eu-west-1")
    mailer = SesMailer(client, "no-reply@citizenfocus.example")
    with pytest.raises(MailError):  # an unverified sender is refused
        mailer.send(Mail("ada@example.org", "Hello", "Text"))
    client.verify_email_identity(EmailAddress="no-reply@citizenfocus.example")
    mailer.send(Mail("ada@example.org", "Hello", "Text"))
    assert client.get_send_quota()["SentLast24Hours"] == 1
