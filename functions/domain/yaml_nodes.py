"""A parsed YAML value with its key path, so that every check can say exactly where it failed."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from functions.domain.errors import FormDefinitionError


class Node:
    """A value of the YAML tree together with its key path, for precise error messages."""

    def __init__(self, source: str, path: str, value: Any) -> None:
        self.source = source
        self.path = path
        self.value = value

    def fail(self, message: str) -> FormDefinitionError:
        where = f"{self.path}: " if self.path else ""
        return FormDefinitionError(f"{self.source}: {where}{message}")

    def child(self, key: str | int, value: Any) -> Node:
        if isinstance(key, int):
            return Node(self.source, f"{self.path}[{key}]", value)
        return Node(self.source, f"{self.path}.{key}" if self.path else key, value)

    def mapping(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Mapping:
        if not isinstance(self.value, dict):
            raise self.fail("must be a mapping of keys to values")
        unknown = sorted(str(key) for key in self.value if key not in required + optional)
        if unknown:
            raise self.fail(
                f"unknown key {unknown[0]!r} (allowed: {', '.join(required + optional)})"
            )
        for key in required:
            if key not in self.value:
                raise self.child(key, None).fail("is required")
        return Mapping(self)

    def items(self, minimum: int = 1, maximum: int | None = None) -> list[Node]:
        if not isinstance(self.value, list):
            raise self.fail("must be a list")
        if len(self.value) < minimum:
            raise self.fail(f"must have at least {minimum} item{'s' if minimum > 1 else ''}")
        if maximum is not None and len(self.value) > maximum:
            raise self.fail(f"must have at most {maximum} items")
        return [self.child(index, value) for index, value in enumerate(self.value)]

    def text(self, pattern: re.Pattern[str] | None = None, hint: str = "") -> str:
        if not isinstance(self.value, str):
            hint_yaml = (
                " (quote it: YAML reads yes/no/on/off as booleans)"
                if isinstance(self.value, bool)
                else ""
            )
            raise self.fail(f"must be a string{hint_yaml}")
        if not self.value.strip():
            raise self.fail("must not be empty")
        if pattern is not None and not pattern.match(self.value):
            raise self.fail(f"must be {hint or 'a valid identifier'}")
        return self.value.strip()

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.fail("must be true or false")
        return self.value

    def integer(self, minimum: int | None = None) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.fail("must be a whole number")
        if minimum is not None and self.value < minimum:
            raise self.fail(f"must be at least {minimum}")
        return self.value

    def number(self) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, int | float):
            raise self.fail("must be a number")
        if self.value != self.value or self.value in (float("inf"), float("-inf")):
            raise self.fail("must be a finite number")
        if self.value < 0:
            raise self.fail("must not be negative")
        return self.value

    def timestamp(self) -> datetime:
        value = self.value
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
            except ValueError as exc:
                raise self.fail(
                    "must be an ISO 8601 date and time, e.g. 2026-11-02T00:00:00+01:00"
                ) from exc
        if not isinstance(value, datetime):
            raise self.fail("must be an ISO 8601 date and time with a UTC offset")
        if value.tzinfo is None or value.utcoffset() is None:
            raise self.fail("must include a UTC offset, e.g. +01:00")
        return value


class Mapping:
    def __init__(self, node: Node) -> None:
        self.node = node

    def __contains__(self, key: str) -> bool:
        return key in self.node.value

    def __getitem__(self, key: str) -> Node:
        return self.node.child(key, self.node.value.get(key))

    def optional_text(self, key: str) -> str:
        return self[key].text() if key in self else ""
