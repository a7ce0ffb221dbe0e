"""template.yaml against the functions' own storage code: same tables, same actions.

The DynamoDB actions each adapter in functions/storage/ can make are read from its source (boto3
calls and transaction items) and compared with what the template grants on that table, so a
new call without its grant, or a grant nobody uses, fails here rather than in production.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import pytest

from tests.infra.conftest import PROJECT_ROOT
from tests.infra.template_loader import resources_of_type
from tests.infra.test_iam_policies import STREAM, granted

STORAGE = PROJECT_ROOT / "functions" / "storage"
ADAPTER_OF_TABLE = {
    "EndorsementsTable": "endorsements",
    "SurveysTable": "surveys",
    "LimitsTable": "limits",
    "OutboxTable": "outbox",
}
CONFIG_ATTRIBUTE_OF_TABLE = {
    "EndorsementsTable": "endorsements_table",
    "SurveysTable": "surveys_table",
    "LimitsTable": "limits_table",
    "OutboxTable": "outbox_table",
}
CLIENT_CALLS = {
    "get_item": "dynamodb:GetItem",
    "put_item": "dynamodb:PutItem",
    "update_item": "dynamodb:UpdateItem",
    "delete_item": "dynamodb:DeleteItem",
    "query": "dynamodb:Query",
    "scan": "dynamodb:Scan",
    "batch_get_item": "dynamodb:BatchGetItem",
    "batch_write_item": "dynamodb:BatchWriteItem",
}
# Helpers of functions/storage/dynamo.py that make a client call on the adapter's behalf.
HELPER_CALLS = {"query_all": "dynamodb:Query"}
# TransactWriteItems is authorised item by item.
TRANSACTION_ITEMS = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}
# Adapter methods the deployed functions never call: the staff CLI (admin/, outside the Lambda
# package) uses them with staff credentials. (adapter, method) -> why.
NOT_FOR_FUNCTIONS = {
    ("endorsements", "all_items"): "reading every endorsement is for staff (exports, erasure)",
    ("endorsements", "invalidate"): "setting a campaign of fakes aside is a staff decision",
    ("endorsements", "revalidate"): "undoing an invalidation is a staff decision",
    ("endorsements", "_set_status"): "the one write of invalidate and revalidate",
    ("endorsements", "delete"): "deleting an endorsement whatever its status is erasure's",
    ("surveys", "items"): "listing a survey's drafts, responses and cities is for staff",
    ("surveys", "responses"): "listing every response is an export, done by admin/",
    ("surveys", "all_items"): "reading every survey item is erasure's, done by admin/",
    ("surveys", "erase_respondent_details"): "erasing a draft's respondent is for staff",
    ("surveys", "delete"): "deleting a survey item is erasure's, done by admin/",
    ("surveys", "leave_city"): "taking a deleted response out of its city is erasure's",
    ("outbox", "suppressed"): "listing the suppression list is for staff",
    ("outbox", "unsuppress"): "lifting a suppression is a staff decision",
    ("outbox", "dead"): "listing the mail given up on is for staff (admin mail dead)",
    ("outbox", "mail_items"): "reading every mail is erasure's, done by admin/",
    ("outbox", "delete_mail"): "deleting mail is erasure's, done by admin/",
}


def adapter_actions(module: str) -> dict[str | None, set[str]]:
    """Actions by target (None: the table, else the index name) found in an adapter's source."""
    tree = ast.parse((STORAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: dict[str | None, set[str]] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        if (module, function.name) in NOT_FOR_FUNCTIONS:
            continue
        index = None
        for node in ast.walk(function):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "IndexName":
                        index = ast.unparse(value)
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                action = CLIENT_CALLS.get(node.func.attr)
                if action and "client" in ast.unparse(node.func.value):
                    target = index if action == "dynamodb:Query" else None
                    found.setdefault(target, set()).add(action)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                action = HELPER_CALLS.get(node.func.id)
                if action:
                    target = index if action == "dynamodb:Query" else None
                    found.setdefault(target, set()).add(action)
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    if isinstance(key, ast.Constant) and key.value in TRANSACTION_ITEMS:
                        found.setdefault(None, set()).add(TRANSACTION_ITEMS[key.value])
    return found


@pytest.fixture(scope="module")
def tables_module() -> Any:
    return pytest.importorskip("functions.storage.tables", reason="storage adapters not there")


def resolve_index(tables_module: Any, expression: str | None) -> str | None:
    if expression is None:
        return None
    return getattr(tables_module, expression, expression.strip("'\""))


@pytest.mark.parametrize("table", sorted(ADAPTER_OF_TABLE))
def test_grants_on_each_table_are_exactly_its_adapters_calls(
    template: dict[str, Any], tables_module: Any, table: str
) -> None:
    """The actions granted on each table and index are exactly those its adapter's source makes."""
    used = {
        resolve_index(tables_module, target): actions
        for target, actions in adapter_actions(ADAPTER_OF_TABLE[table]).items()
    }
    given: dict[str | None, set[str]] = {}
    for function in resources_of_type(template, "AWS::Serverless::Function"):
        for (granted_table, index), actions in granted(template, function).items():
            # The stream is read by the event source mapping for the worker, not by an adapter.
            if granted_table == table and index != STREAM:
                given.setdefault(index, set()).update(actions)
    assert given == used


def template_table(template: dict[str, Any], table: str) -> dict[str, Any]:
    return template["Resources"][table]["Properties"]


@pytest.mark.parametrize("table", sorted(CONFIG_ATTRIBUTE_OF_TABLE))
def test_table_keys_indexes_and_ttl_match_table_specs(
    template: dict[str, Any], tables_module: Any, table: str
) -> None:
    """Each template table's keys, indexes and TTL match the functions' TABLE_SPECS."""
    spec = tables_module.TABLE_SPECS[CONFIG_ATTRIBUTE_OF_TABLE[table]]
    props = template_table(template, table)

    def by_name(items: list[dict[str, Any]]) -> dict[str, Any]:
        return {item["AttributeName"]: item for item in items}

    assert by_name(props["AttributeDefinitions"]) == by_name(spec["AttributeDefinitions"])
    assert props["KeySchema"] == spec["KeySchema"]
    assert props.get("GlobalSecondaryIndexes", []) == spec.get("GlobalSecondaryIndexes", [])
    ttl = props["TimeToLiveSpecification"]
    if spec["TimeToLive"] is not None:
        assert ttl == {"AttributeName": spec["TimeToLive"], "Enabled": True}
    else:
        # Issue 5 wants TTL on every table; one the code never sets is harmless.
        assert ttl["AttributeName"] == tables_module.TTL_ATTRIBUTE


def test_methods_kept_from_the_functions_are_called_by_staff_code_only() -> None:
    """NOT_FOR_FUNCTIONS removes grants; a handler calling one of them would fail in AWS."""
    if not STORAGE.is_dir():
        pytest.skip("storage adapters not there")
    methods = {method for _module, method in NOT_FOR_FUNCTIONS}
    calls = []
    # Staff code (admin/) lies outside functions/: no module of functions/ may call them.
    for path in sorted((PROJECT_ROOT / "functions").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = ast.unparse(node.func.value)
            for module, method in NOT_FOR_FUNCTIONS:
                if node.func.attr != method:
                    continue
                own = path == STORAGE / f"{module}.py" and receiver == "self"
                # `services.surveys.items(...)`, `SurveysTable(...).responses(...)`
                adapter = re.search(rf"services(\(\))?\.{module}$", receiver)
                if not own and (adapter or f"{module.title()}Table(" in receiver):
                    calls.append(
                        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {receiver}.{method}"
                    )
    assert methods and not calls, calls


@pytest.mark.parametrize("table", sorted(ADAPTER_OF_TABLE))
def test_adapters_write_the_ttl_attribute_of_their_table(tables_module: Any, table: str) -> None:
    """An adapter naming its own TTL attribute must name the one DynamoDB deletes by."""
    adapter = pytest.importorskip(f"functions.storage.{ADAPTER_OF_TABLE[table]}")
    spec = tables_module.TABLE_SPECS[CONFIG_ATTRIBUTE_OF_TABLE[table]]
    if hasattr(adapter, "TTL_ATTRIBUTE"):
        assert spec["TimeToLive"] == adapter.TTL_ATTRIBUTE


def test_every_table_has_an_adapter(tables_module: Any) -> None:
    """Every table spec has an adapter module in functions/storage/."""
    assert set(tables_module.TABLE_SPECS) == set(CONFIG_ATTRIBUTE_OF_TABLE.values())
    for module in ADAPTER_OF_TABLE.values():
        assert (STORAGE / f"{module}.py").is_file(), module


def test_adapters_are_read_at_all() -> None:
    """Guard against the parser silently finding nothing (e.g. after a refactor)."""
    if not STORAGE.is_dir():
        pytest.skip("storage adapters not there")
    assert adapter_actions("endorsements")[None] >= {"dynamodb:GetItem", "dynamodb:PutItem"}
