"""The one module that reads the environment. Nothing is read at import time.

Handlers get their configuration through `functions.services.get_services()`, which calls
`load_config()` once per cold start; tests set the environment and call `reset_services()`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_MODES = ("local", "aws")
DEFAULT_RATE_LIMIT_PER_MINUTE = 60  # why 60: SECURITY.md, "Rate limits"
# A person's autosave writes about once every few seconds while they type; 120 leaves room for
# a few people behind one address and stops a script after two seconds' worth.
DEFAULT_STEP_RATE_LIMIT_PER_MINUTE = 120
DEFAULT_MAIL_CAP_PER_DAY = 2  # beyond the mail its owner asked for by acting (SECURITY.md)
# Two attempts of (connect <= 1 s + read <= this) stay well inside the functions' 10 s timeout,
# so a slow DynamoDB ends in our 503, not in a Lambda timeout (which API Gateway turns into 5xx
# without Retry-After).
DEFAULT_DYNAMODB_TIMEOUT_SECONDS = 2.0


class ConfigError(RuntimeError):
    """Missing or invalid settings; the message names every one of them."""


@dataclass(frozen=True)
class Config:
    """The functions' configuration, checked from environment variables (load_config)."""

    app_mode: str
    endorsements_table: str
    surveys_table: str
    limits_table: str
    outbox_table: str
    site_url: str
    api_base_url: str
    allowed_origins: tuple[str, ...]
    mail_from: str
    dynamodb_endpoint_url: str | None = None
    token_secret: str | None = None  # local and tests
    token_secret_parameter: str | None = None  # aws: name of an SSM SecureString
    outbox_dir: Path | None = None
    rate_limit_per_minute: int = DEFAULT_RATE_LIMIT_PER_MINUTE
    forms_dir: Path | None = None
    dynamodb_timeout_seconds: float = DEFAULT_DYNAMODB_TIMEOUT_SECONDS
    # Email domains staff allow although the throwaway-domain list names them.
    allowed_email_domains: frozenset[str] = frozenset()
    # SES configuration set whose bounces and complaints reach the suppression list (aws mode).
    ses_configuration_set: str | None = None
    # Survey step saves one client may make per minute (autosave saves often: its own limit).
    step_rate_limit_per_minute: int = DEFAULT_STEP_RATE_LIMIT_PER_MINUTE
    # Mail one address may receive a day from requests anyone can send, all causes together
    # (the mail worker enforces it); mail its owner asked for with their own link is not capped.
    mail_cap_per_day: int = DEFAULT_MAIL_CAP_PER_DAY


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def load_config(environ: Mapping[str, str] = os.environ) -> Config:
    """A checked Config from environment variables; raises ConfigError naming every problem."""

    def get(name: str) -> str:
        return (environ.get(name) or "").strip()

    problems: list[str] = []
    required = (
        "APP_MODE",
        "ENDORSEMENTS_TABLE",
        "SURVEYS_TABLE",
        "LIMITS_TABLE",
        "OUTBOX_TABLE",
        "SITE_URL",
        "API_BASE_URL",
        "MAIL_FROM",
    )
    missing = [name for name in required if not get(name)]
    mode = get("APP_MODE")
    if mode and mode not in APP_MODES:
        problems.append(f"APP_MODE must be one of {', '.join(APP_MODES)} (got {mode!r})")
    if not get("TOKEN_SECRET") and not get("TOKEN_SECRET_PARAMETER"):
        missing.append("TOKEN_SECRET or TOKEN_SECRET_PARAMETER")
    elif get("TOKEN_SECRET") and len(get("TOKEN_SECRET")) < 16:
        problems.append("TOKEN_SECRET must be at least 16 characters")
    if mode == "local" and not get("OUTBOX_DIR"):
        missing.append("OUTBOX_DIR (APP_MODE=local)")
    for name in ("SITE_URL", "API_BASE_URL"):
        if get(name) and not get(name).startswith(("http://", "https://")):
            problems.append(f"{name} must start with http:// or https://")
    rate = get("RATE_LIMIT_PER_MINUTE") or str(DEFAULT_RATE_LIMIT_PER_MINUTE)
    if not rate.isdigit() or int(rate) < 1:
        problems.append("RATE_LIMIT_PER_MINUTE must be a whole number of at least 1")
    step_rate = get("STEP_RATE_LIMIT_PER_MINUTE") or str(DEFAULT_STEP_RATE_LIMIT_PER_MINUTE)
    if not step_rate.isdigit() or int(step_rate) < 1:
        problems.append("STEP_RATE_LIMIT_PER_MINUTE must be a whole number of at least 1")
    cap = get("MAIL_CAP_PER_DAY") or str(DEFAULT_MAIL_CAP_PER_DAY)
    if not cap.isdigit() or int(cap) < 1:
        problems.append("MAIL_CAP_PER_DAY must be a whole number of at least 1")
    timeout = get("DYNAMODB_TIMEOUT_SECONDS") or str(DEFAULT_DYNAMODB_TIMEOUT_SECONDS)
    try:
        timeout_seconds = float(timeout)
    except ValueError:
        timeout_seconds = 0.0
    if not 0.05 <= timeout_seconds <= 4:
        problems.append("DYNAMODB_TIMEOUT_SECONDS must be a number of seconds from 0.05 to 4")
    if missing:
        problems.insert(0, f"missing environment variables: {', '.join(missing)}")
    if problems:
        raise ConfigError("; ".join(problems))

    site_url = get("SITE_URL").rstrip("/")
    api_base_url = get("API_BASE_URL").rstrip("/")
    listed = [item.strip().rstrip("/") for item in get("ALLOWED_ORIGINS").split(",")]
    # The API's own pages (confirm, withdraw) post back to it, so its origin is always allowed.
    origins = dict.fromkeys([*filter(None, listed), _origin(site_url), _origin(api_base_url)])
    return Config(
        app_mode=mode,
        endorsements_table=get("ENDORSEMENTS_TABLE"),
        surveys_table=get("SURVEYS_TABLE"),
        limits_table=get("LIMITS_TABLE"),
        outbox_table=get("OUTBOX_TABLE"),
        site_url=site_url,
        api_base_url=api_base_url,
        allowed_origins=tuple(origins),
        mail_from=get("MAIL_FROM"),
        dynamodb_endpoint_url=get("DYNAMODB_ENDPOINT_URL") or None,
        token_secret=get("TOKEN_SECRET") or None,
        token_secret_parameter=get("TOKEN_SECRET_PARAMETER") or None,
        outbox_dir=Path(get("OUTBOX_DIR")) if get("OUTBOX_DIR") else None,
        rate_limit_per_minute=int(rate),
        step_rate_limit_per_minute=int(step_rate),
        mail_cap_per_day=int(cap),
        forms_dir=Path(get("FORMS_DIR")) if get("FORMS_DIR") else None,
        dynamodb_timeout_seconds=timeout_seconds,
        ses_configuration_set=get("SES_CONFIGURATION_SET") or None,
        allowed_email_domains=frozenset(
            domain.strip().lower()
            for domain in get("ALLOWED_EMAIL_DOMAINS").split(",")
            if domain.strip()
        ),
    )
