"""AWS clients from botocore directly. The Lambda runtime has botocore as well as boto3, and
`import boto3` costs about 150 ms more on a cold start (s3transfer and the resource layer)
for nothing these functions use."""

from __future__ import annotations

from typing import Any

from botocore.config import Config
from botocore.session import get_session


def client(service: str, endpoint_url: str | None = None, config: Config | None = None) -> Any:
    # A session per client: botocore's default session object is shared mutable state.
    return get_session().create_client(service, endpoint_url=endpoint_url, config=config)
