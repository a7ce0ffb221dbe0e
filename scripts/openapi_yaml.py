"""YAML in the style of functions/openapi.yaml: block mappings, small leaves in flow style,
long scalar lists wrapped, long prose folded, strings quoted only where YAML needs it (as
JSON strings, which are YAML too). PyYAML's emitter cannot keep to that style."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

import yaml

WIDTH = 100
PLAIN = re.compile(r"[A-Za-z$][^:#{}\[\],&*!|>'\"%@`\\]*")


def _scalar(value: Any) -> str:
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)  # null, true, false and numbers are spelled as in JSON
    text = str(value)
    plain = PLAIN.fullmatch(text) and text == text.strip() and yaml.safe_load(text) == text
    return text if plain else json.dumps(text, ensure_ascii=False)  # JSON strings are YAML


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    return _scalar(value)


def _depth(value: Any) -> int:
    if isinstance(value, dict | list) and value:
        items = value.values() if isinstance(value, dict) else value
        return 1 + max(_depth(item) for item in items)
    return 0


def _wrapped(items: list[Any], indent: int) -> list[str]:
    """A long list of scalars as a flow sequence over several lines (country codes)."""
    lines, line = [], " " * indent + "["
    for index, item in enumerate(items):
        piece = _scalar(item) + ("]" if index == len(items) - 1 else ",")
        if len(line) + 1 + len(piece) > WIDTH and not line.endswith("["):
            lines.append(line)
            line = " " * (indent + 1) + piece
        else:
            line += ("" if line.endswith("[") else " ") + piece
    return [*lines, line]


def block_lines(mapping: dict[str, Any], indent: int) -> list[str]:
    """Block mappings, with small leaves in flow style as in the rest of the document."""
    lines = []
    for key, value in mapping.items():
        head = " " * indent + _scalar(key) + ":"
        flow = _flow(value)
        if len(head) + 1 + len(flow) <= WIDTH and _depth(value) <= 2:
            lines.append(f"{head} {flow}")
        elif isinstance(value, dict):
            lines += [head, *block_lines(value, indent + 2)]
        elif isinstance(value, list) and _depth(value) == 1:
            lines += [head, *_wrapped(value, indent + 2)]
        elif isinstance(value, list):
            lines += [head, *(" " * (indent + 2) + f"- {_flow(item)}" for item in value)]
        else:  # long prose: folded, as info.description is
            wrapped = textwrap.wrap(
                str(value), WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False
            )
            lines += [f"{head} >-", *(" " * (indent + 2) + part for part in wrapped)]
    return lines
