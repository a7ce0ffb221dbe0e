"""The functions' IAM policies, read from template.yaml: least privilege, with no wildcard
anywhere near DynamoDB.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.infra.template_loader import as_list, policy_statements, resources_of_type

FUNCTION_TYPE = "AWS::Serverless::Function"


def functions(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = resources_of_type(template, FUNCTION_TYPE)
    assert found, "no function in template.yaml"
    return found


def all_statements(template: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, statement)
        for name, function in functions(template).items()
        for statement in policy_statements(function)
    ]


def test_functions_use_only_inline_statements(template: dict[str, Any]) -> None:
    """SAM policy templates and managed policies could grant more than we can see here."""
    for name, function in functions(template).items():
        for policy in function["Properties"].get("Policies", []):
            assert isinstance(policy, dict), f"{name}: managed policy {policy!r}"
            inline = policy["Fn::If"][1] if "Fn::If" in policy else policy
            assert set(inline) == {"Statement"}, f"{name}: {inline!r}"
        assert "Role" not in function["Properties"], f"{name} brings its own role"


def test_no_wildcard_action_or_resource_for_dynamodb(template: dict[str, Any]) -> None:
    """No DynamoDB grant has a wildcard; each names a table, or a stream or index that exists."""
    for name, statement in all_statements(template):
        actions = as_list(statement["Action"])
        assert "*" not in actions, f"{name}: {statement['Sid']}"
        dynamodb_actions = [a for a in actions if a.lower().startswith("dynamodb:")]
        if not dynamodb_actions:
            continue
        assert all("*" not in action for action in dynamodb_actions), (name, dynamodb_actions)
        for resource in as_list(statement["Resource"]):
            assert resource != "*", f"{name}: {statement['Sid']} on every resource"
            table, index = table_and_index(resource)
            table_props = template["Resources"][table]["Properties"]
            assert template["Resources"][table]["Type"] == "AWS::DynamoDB::Table"
            if index == STREAM:
                assert table_props["StreamSpecification"]["StreamViewType"], (name, resource)
            elif index is not None:
                names = [i["IndexName"] for i in table_props.get("GlobalSecondaryIndexes", [])]
                assert index in names, (name, resource)


def test_every_statement_is_an_allow_without_wildcards(template: dict[str, Any]) -> None:
    """Every statement is an Allow with no wildcard action and no '*' resource."""
    for name, statement in all_statements(template):
        assert statement["Effect"] == "Allow"
        for action in as_list(statement["Action"]):
            assert "*" not in action, (name, action)
        for resource in as_list(statement["Resource"]):
            assert resource != "*", (name, statement["Sid"])


STREAM = "(stream)"


def table_and_index(resource: Any) -> tuple[str, str | None]:
    """(table logical id, index name, STREAM or None) of a DynamoDB resource; only three forms
    allowed: `!GetAtt Table.Arn`, `!GetAtt Table.StreamArn` and `!Sub "${Table.Arn}/index/<name>"`,
    never a hand-written ARN."""
    if set(resource) == {"Fn::GetAtt"}:
        table, attribute = resource["Fn::GetAtt"]
        assert attribute in ("Arn", "StreamArn"), resource
        return table, STREAM if attribute == "StreamArn" else None
    match = re.fullmatch(r"\$\{(\w+)\.Arn\}/index/([\w.-]+)", resource.get("Fn::Sub", ""))
    assert match, f"DynamoDB resource in an unexpected form: {resource!r}"
    return match.group(1), match.group(2)


def granted(template: dict[str, Any], function_name: str) -> dict[tuple[str, str | None], set[str]]:
    """DynamoDB actions by (table logical id, index or None) for one function."""
    grants: dict[tuple[str, str | None], set[str]] = {}
    for statement in policy_statements(template["Resources"][function_name]):
        actions = {a for a in as_list(statement["Action"]) if a.startswith("dynamodb:")}
        for resource in as_list(statement["Resource"]) if actions else []:
            grants.setdefault(table_and_index(resource), set()).update(actions)
    return grants


def test_each_function_reaches_only_its_own_tables(template: dict[str, Any]) -> None:
    """Each function is granted exactly its own tables."""

    def tables(function_name: str) -> set[str]:
        return {table for table, _index in granted(template, function_name)}

    assert tables("EndorsementsFunction") == {"EndorsementsTable", "LimitsTable", "OutboxTable"}
    assert tables("SurveysFunction") == {"SurveysTable", "LimitsTable", "OutboxTable"}
    assert tables("MailWorkerFunction") == {"OutboxTable"}
    assert tables("MailFeedbackFunction") == {"OutboxTable"}


CONDITION_CHECK = "dynamodb:ConditionCheckItem"
GET, PUT, UPDATE, DELETE, QUERY, BATCH_GET = (
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:Query",
    "dynamodb:BatchGetItem",
)
STREAM_READ = {
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
}
# What each function's code can call (functions/storage/ as reached from its handler), by
# (table, index). TransactWriteItems has no action of its own: each of its items is authorised
# as the Put, Update, Delete or ConditionCheckItem it is.
EXPECTED_DYNAMODB_GRANTS: dict[str, dict[tuple[str, str | None], set[str]]] = {
    "EndorsementsFunction": {
        # ConditionCheckItem: a known address's mail is written beside a check that the
        # endorsement is unchanged (nothing of it is written).
        ("EndorsementsTable", None): {GET, PUT, UPDATE, DELETE, CONDITION_CHECK},
        ("EndorsementsTable", "confirmed"): {QUERY},  # the public list
        # Rate-limit counter (Update) and idempotency record (Put) in the submission's
        # transaction; a replay reads the record (Get). No Delete: with the mail in the same
        # transaction, a timeout's idempotency record is kept (a retry replays).
        ("LimitsTable", None): {GET, PUT, UPDATE},
        ("OutboxTable", None): {PUT},  # the mail, one more item of the transaction
    },
    "SurveysFunction": {
        # Get: a draft, a response (confirm, read, edit, contest mails). Put: a new draft (also
        # for an edit); a sent response (transaction item). Update: saving a step or the city
        # (conditional on the version), the draft marked sent (transaction item), confirming,
        # the city's set of references, an edit. No Query (staff list a survey's items with
        # their own credentials), no Delete (drafts and pending responses expire by TTL), no
        # ConditionCheckItem (no transaction uses one).
        ("SurveysTable", None): {GET, PUT, UPDATE},
        # The one-request submission (POST .../responses) goes through functions.usecases.guard,
        # as endorsements do; the journey's requests do not touch this table.
        ("LimitsTable", None): {GET, PUT, UPDATE},
        # The confirm request with the sent response, the copy with the confirmation (both in
        # their transaction); the resume link and the contest notices on their own.
        ("OutboxTable", None): {PUT},
    },
    "MailWorkerFunction": {
        # The mail and its address's suppression entry in one BatchGetItem (GetItem when the
        # stream record has no image), the sent/dead record and the daily cap's counter
        # (Update), the cap's once-keys (Put), the sweep (Query).
        ("OutboxTable", None): {GET, BATCH_GET, UPDATE, PUT},
        ("OutboxTable", "unsent"): {QUERY},
        ("OutboxTable", STREAM): STREAM_READ,
    },
    "MailFeedbackFunction": {
        ("OutboxTable", None): {PUT},  # a suppression entry
    },
}


def test_each_function_has_exactly_the_dynamodb_actions_its_code_needs(
    template: dict[str, Any],
) -> None:
    """Each function's DynamoDB grants are exactly the expected actions on the expected tables."""
    assert set(functions(template)) == set(EXPECTED_DYNAMODB_GRANTS)
    for name, expected in EXPECTED_DYNAMODB_GRANTS.items():
        assert granted(template, name) == expected, name


def test_no_function_may_scan_or_manage_tables(template: dict[str, Any]) -> None:
    """Scans are for the admin CLI (run with staff credentials), never for a public function."""
    forbidden = {"dynamodb:Scan", "dynamodb:DeleteTable", "dynamodb:CreateTable"}
    for name in functions(template):
        for table, actions in granted(template, name).items():
            assert not actions & forbidden, (name, table, actions & forbidden)


def test_ses_send_only_by_the_mail_worker_as_the_sender_identity(template: dict[str, Any]) -> None:
    """Only the mail worker may send with SES, as the sender identity and configuration set."""
    senders = set()
    for name, statement in all_statements(template):
        actions = as_list(statement["Action"])
        if not any(a.startswith("ses:") for a in actions):
            continue
        senders.add(name)
        assert set(actions) <= {"ses:SendEmail", "ses:SendRawEmail"}, (name, actions)
        identity, configuration_set = as_list(statement["Resource"])
        assert identity["Fn::Sub"].endswith(":identity/${SesIdentity}"), (name, identity)
        assert configuration_set["Fn::Sub"].endswith(":configuration-set/${MailConfigurationSet}")
    # The API functions put mail in the outbox; only the worker may call SES.
    assert senders == {"MailWorkerFunction"}


def test_ssm_read_of_the_one_token_secret_parameter(template: dict[str, Any]) -> None:
    """Each function may read only the token secret parameter; KMS only to Decrypt via SSM."""
    for name, function in functions(template).items():
        ssm = [
            s
            for s in policy_statements(function)
            if any(a.startswith("ssm:") for a in as_list(s["Action"]))
        ]
        assert len(ssm) == 1, name
        assert as_list(ssm[0]["Action"]) == ["ssm:GetParameter"]
        (resource,) = as_list(ssm[0]["Resource"])
        assert resource["Fn::Sub"].endswith(":parameter${TokenSecretParameterName}")
        kms = [
            s
            for s in policy_statements(function)
            if any(a.startswith("kms:") for a in as_list(s["Action"]))
        ]
        for statement in kms:
            assert as_list(statement["Action"]) == ["kms:Decrypt"]
            assert "kms:ViaService" in statement["Condition"]["StringEquals"]


@pytest.mark.parametrize("parameter", ["TokenSecretParameterName"])
def test_the_token_secret_value_never_appears_in_the_template(
    template: dict[str, Any], parameter: str
) -> None:
    """Only the parameter's name is passed; no TOKEN_SECRET variable carries a value."""
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert "TOKEN_SECRET" not in variables
    assert variables["TOKEN_SECRET_PARAMETER"] == {"Ref": parameter}
    assert template["Parameters"][parameter]["Type"] == "String"
