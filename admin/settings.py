"""The one place the admin CLI reads its environment: where the local stack is, and the same
variables the functions read (devstack/localenv.py sets them for `make serve`), so that a shell
set up like the local stack points the CLI at the same tables and the same outbox folder.

Every value has the local stack's default; `--aws` ignores the local ones (endpoint, outbox
folder) and `--stack-name` the table names.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from functions.local_defaults import LOCAL_DYNAMODB_PORT, LOCAL_REGION, LOCAL_TABLE_NAMES

# DynamoDB Local as `make serve` runs it (functions/local_defaults.py holds the stack's names).
LOCAL_ENDPOINT = f"http://127.0.0.1:{LOCAL_DYNAMODB_PORT}"
DEFAULT_REGION = LOCAL_REGION
# The tables the CLI works on, named as in the local stack; ENDORSEMENTS_TABLE etc. override them.
LOCAL_TABLES = {
    name: LOCAL_TABLE_NAMES[name]
    for name in ("ENDORSEMENTS_TABLE", "SURVEYS_TABLE", "OUTBOX_TABLE")
}
# Where `make serve` has the local mailer write its .eml files (var/ of the repository).
LOCAL_OUTBOX_DIR = Path(__file__).resolve().parents[1] / "var" / "outbox"


@dataclass(frozen=True)
class Settings:
    endpoint_url: str = LOCAL_ENDPOINT
    region: str = DEFAULT_REGION
    tables: dict[str, str] = field(default_factory=lambda: dict(LOCAL_TABLES))
    outbox_dir: Path = LOCAL_OUTBOX_DIR
    forms_dir: Path | None = None  # None: the shipped forms (functions/forms/)


def read_settings(environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings from the environment, each falling back to the local stack's."""

    def get(name: str) -> str:
        return (environ.get(name) or "").strip()

    return Settings(
        endpoint_url=get("DYNAMODB_ENDPOINT_URL") or LOCAL_ENDPOINT,
        region=get("AWS_REGION") or DEFAULT_REGION,
        tables={name: get(name) or default for name, default in LOCAL_TABLES.items()},
        outbox_dir=Path(get("OUTBOX_DIR")) if get("OUTBOX_DIR") else LOCAL_OUTBOX_DIR,
        forms_dir=Path(get("FORMS_DIR")) if get("FORMS_DIR") else None,
    )
