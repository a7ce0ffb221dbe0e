"""The environment the Lambda handlers get in the local stack (APP_MODE=local)."""

from __future__ import annotations

import secrets
from pathlib import Path

from functions.local_defaults import LOCAL_CREDENTIALS, LOCAL_TABLE_NAMES


def token_secret(var_dir: Path) -> str:
    """A random secret kept under var/, so confirmation links survive a restart."""
    path = var_dir / "local-token-secret"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def local_environment(site_url: str, ddb_endpoint: str, var_dir: Path) -> dict[str, str]:
    origins = {site_url, site_url.replace("localhost", "127.0.0.1")}
    return {
        "APP_MODE": "local",
        **LOCAL_TABLE_NAMES,
        "DYNAMODB_ENDPOINT_URL": ddb_endpoint,
        "TOKEN_SECRET": token_secret(var_dir),
        "SITE_URL": site_url,
        "API_BASE_URL": f"{site_url}/api",
        "ALLOWED_ORIGINS": ",".join(sorted(origins)),
        "MAIL_FROM": "Citizen Focus <no-reply@citizenfocus.local>",
        "OUTBOX_DIR": str(var_dir / "outbox"),
        **local_aws_environment(),
    }


def local_aws_environment() -> dict[str, str]:
    """The credentials and region DynamoDB Local keys its tables by, as environment variables."""
    return {
        "AWS_ACCESS_KEY_ID": LOCAL_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": LOCAL_CREDENTIALS["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": LOCAL_CREDENTIALS["region_name"],
        "AWS_REGION": LOCAL_CREDENTIALS["region_name"],
    }
