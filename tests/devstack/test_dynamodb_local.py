"""devstack's DynamoDB Local engine, really started and stopped: it answers, frees its port
when stopped, and names a port already in use.
"""

import pytest

from devstack.dynamodb import DynamoDBLocal, DynamoDBLocalError, port_in_use

pytestmark = pytest.mark.integration  # real engines, started and stopped


def test_engine_answers_and_creates_a_table(dynamodb_local):
    """A running engine creates a table and lists it."""
    client = dynamodb_local.client()
    client.create_table(
        TableName="probe",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    assert "probe" in client.list_tables()["TableNames"]


def test_stop_frees_the_port():
    """A started engine holds its port; once stopped, the port is free."""
    engine = DynamoDBLocal().start()
    port = engine.port
    assert port_in_use(port)
    engine.stop()
    assert not port_in_use(port)


def test_port_in_use_is_a_clear_error(dynamodb_local):
    """Starting an engine on a port in use raises DynamoDBLocalError naming the port."""
    with pytest.raises(DynamoDBLocalError, match=f"Port {dynamodb_local.port} is already in use"):
        DynamoDBLocal(port=dynamodb_local.port).start()
