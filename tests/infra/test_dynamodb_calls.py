"""Raw DynamoDB calls live in functions/storage/ only: the rest of functions/ and the staff
CLI (admin/) read and write the tables through its adapters, so that every request the tables
get is in one place (where tests/infra/test_storage_contract.py checks it against the IAM
grants). Read from the source with `ast`, nothing imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.infra.import_graph import ROOT, python_files

# The DynamoDB client's methods that read or write a table (get_paginator: scans and queries).
DYNAMODB_CALLS = {
    "get_item",
    "put_item",
    "update_item",
    "delete_item",
    "query",
    "scan",
    "batch_get_item",
    "batch_write_item",
    "transact_write_items",
    "transact_get_items",
    "get_paginator",
}
STORAGE = Path("functions", "storage")
THROUGH_ADAPTERS = ("functions", "admin")


def raw_calls(root: Path, layers: tuple[str, ...] = THROUGH_ADAPTERS) -> list[str]:
    """ "file:line: receiver.method" for each client call outside functions/storage/."""
    found = []
    for layer in layers:
        for path in python_files(root, layer):
            relative = path.relative_to(root)
            if relative.is_relative_to(STORAGE):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                    continue
                receiver = ast.unparse(node.func.value)
                if node.func.attr in DYNAMODB_CALLS and "client" in receiver:
                    found.append(f"{relative}:{node.lineno}: {receiver}.{node.func.attr}")
    return found


def test_only_the_storage_adapters_call_dynamodb() -> None:
    """functions/ (outside storage/) and admin/ make no DynamoDB call of their own."""
    assert not raw_calls(ROOT), "call the adapter of functions/storage/ instead:\n" + "\n".join(
        raw_calls(ROOT)
    )


def test_the_scan_finds_a_raw_call_and_spares_the_adapters(tmp_path: Path) -> None:
    """The scanner itself: a call through a table's client is found, an adapter's is not."""
    # GIVEN a staff module writing through an adapter's client, and an adapter doing the same
    staff = tmp_path / "admin" / "abuse.py"
    staff.parent.mkdir(parents=True)
    staff.write_text("def f(table):\n    table.client.update_item(TableName='t')\n")
    adapter = tmp_path / "functions" / "storage" / "endorsements.py"
    adapter.parent.mkdir(parents=True)
    adapter.write_text("def f(self):\n    self.client.update_item(TableName='t')\n")
    # WHEN both are scanned THEN only the staff module's call is reported
    assert raw_calls(tmp_path) == ["admin/abuse.py:2: table.client.update_item"]
