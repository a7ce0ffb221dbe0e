"""The admin CLI's defaults point at the local stack that `make serve` runs."""

from pathlib import Path

from admin.settings import LOCAL_ENDPOINT, LOCAL_TABLES
from functions.local_defaults import LOCAL_TABLE_NAMES


def test_local_table_names_are_the_local_stacks():
    """The CLI's local table names are those the functions' local defaults use."""
    for variable, name in LOCAL_TABLES.items():
        assert LOCAL_TABLE_NAMES[variable] == name


def test_local_endpoint_is_make_serves_default_ddb_port():
    """The CLI's local endpoint uses port 8001, the Makefile's default DDB_PORT."""
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    assert "DDB_PORT  ?= 8001" in makefile
    assert LOCAL_ENDPOINT.endswith(":8001")
