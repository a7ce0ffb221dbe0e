"""The local stack's fixed names: DynamoDB Local's tables, credentials, region and port.

One source for everything that talks to the stack `make serve` runs: devstack/ (which runs
it), the admin CLI (whose defaults point at it) and the tests and benchmarks. It lives in
functions/ because admin/ may not import devstack/ (tests/infra/test_layers.py) while both may
import functions/. Constants only: no Lambda code reads them (in AWS the SAM template names
the tables), so shipping them costs nothing.
"""

from __future__ import annotations

# The tables of the local stack, by the environment variable functions/config.py reads.
LOCAL_TABLE_NAMES = {
    "ENDORSEMENTS_TABLE": "citizen-focus-endorsements",
    "SURVEYS_TABLE": "citizen-focus-surveys",
    "LIMITS_TABLE": "citizen-focus-limits",
    "OUTBOX_TABLE": "citizen-focus-outbox",
}

LOCAL_REGION = "eu-west-1"
# DynamoDB Local answers any credentials, but botocore insists on having some; the engine
# keys its tables by them and the region, so every client of the stack must use the same.
LOCAL_CREDENTIALS = {
    "aws_access_key_id": "local",
    "aws_secret_access_key": "local",
    "region_name": LOCAL_REGION,
}

# `make serve`'s DDB_PORT default (the Makefile's own copy is checked by tests/admin).
LOCAL_DYNAMODB_PORT = 8001
