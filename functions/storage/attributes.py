"""DynamoDB's typed attribute values to and from plain Python values.

Our own ~40 lines instead of boto3.dynamodb.types: importing anything under boto3 imports all
of boto3 (and s3transfer), about a third of the handlers' cold start. We store strings,
whole numbers, booleans, lists, maps and string sets; numbers come back as int.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def serialize(value: Any) -> dict[str, Any]:
    if type(value) is str:  # most of what we store: answered before the other checks
        return {"S": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):  # before int: bool is an int
        return {"BOOL": value}
    if isinstance(value, int | Decimal):
        return {"N": str(value)}
    if isinstance(value, str):  # a StrEnum (functions.domain.statuses): stored as its value
        return {"S": str(value)}
    if isinstance(value, bytes):
        return {"B": value}
    if isinstance(value, list | tuple):
        return {"L": [serialize(item) for item in value]}
    if isinstance(value, dict):
        return {"M": {str(key): serialize(item) for key, item in value.items()}}
    if isinstance(value, set | frozenset) and all(isinstance(item, str) for item in value):
        return {"SS": sorted(value)}
    # Floats are refused, as boto3 refuses them: their decimal form is not exact.
    raise TypeError(f"cannot store a {type(value).__name__} in DynamoDB")


def _number(text: str) -> int | float:
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def deserialize(attribute: dict[str, Any]) -> Any:
    ((kind, value),) = attribute.items()
    if kind == "S" or kind == "B" or kind == "BOOL":
        return value
    if kind == "N":
        return _number(value)
    if kind == "NULL":
        return None
    if kind == "L":
        return [deserialize(item) for item in value]
    if kind == "M":
        return {key: deserialize(item) for key, item in value.items()}
    if kind == "SS" or kind == "BS":
        return set(value)
    if kind == "NS":
        return {_number(item) for item in value}
    raise ValueError(f"unknown DynamoDB attribute type {kind!r}")
