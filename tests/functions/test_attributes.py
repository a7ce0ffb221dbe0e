"""Our DynamoDB attribute (de)serialisation round-trips the values the adapters store, and
matches the wire format boto3's own TypeSerializer writes."""

from decimal import Decimal

import pytest
from boto3.dynamodb.types import TypeSerializer

from functions.storage.attributes import deserialize, serialize

VALUES = [
    "text",
    "",
    0,
    42,
    -7,
    True,
    False,
    None,
    ["a", 1, [True]],
    {"nested": {"score": 85, "tags": ["x"]}},
    {"a", "b"},
]


@pytest.mark.parametrize("value", VALUES)
def test_round_trip(value):
    """Each stored kind of value comes back equal from serialize then deserialize."""
    assert deserialize(serialize(value)) == value


@pytest.mark.parametrize("value", [v for v in VALUES if not isinstance(v, set)])
def test_same_wire_format_as_boto3(value):
    """serialize writes each value (sets aside) exactly as boto3's TypeSerializer does."""
    assert serialize(value) == TypeSerializer().serialize(value)


def test_numbers_with_fractions_come_back_as_float_and_floats_are_refused():
    """A stored Decimal 2.5 reads back as the float 2.5; serializing a float raises TypeError."""
    assert deserialize(serialize(Decimal("2.5"))) == 2.5
    with pytest.raises(TypeError, match="float"):
        serialize(2.5)


def test_unknown_attribute_type_is_an_error():
    """Deserializing an unknown attribute type raises a ValueError naming it."""
    with pytest.raises(ValueError, match="XX"):
        deserialize({"XX": "?"})
