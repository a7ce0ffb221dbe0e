"""Hypothesis strategies for hostile API Gateway events: bodies, content types and headers.

Most bodies start from a valid submission and break a few of its fields (wrong types, huge or
odd text, control characters, lone surrogates, deep nesting, duplicate or unknown keys), so the
fuzzing reaches the storage layer as well as the parsers. The rest are random JSON, random
bytes (invalid UTF-8, sent base64 as API Gateway does), bad base64, or nothing at all.
"""

from __future__ import annotations

import functools
import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import strategies as st

from tests.functions.conftest import api_event

ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and controls too
SPICY = [
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://evil.example")',
    "'; DROP TABLE endorsements; --",
    "\u202eevil\u202c",
    "\x00",
    "\ud800",
    "a\nb",
    "\t",
    "\u200d",
    "null",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "../../etc/passwd",
    "%00",
    "\U0001d56c\U0001d589",  # NFKC folds these to plain letters
]
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    'application/json; charset="UTF-8"',
    "APPLICATION/JSON",
    "application/json; charset=latin-1",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-8",
    "text/plain",
    "text/html",
    "multipart/form-data; boundary=xyz",
    "application/xml",
    "",
    ";",
    "application/json;;;charset",
]
ALLOWED_ORIGIN = "http://site.test"


def text_values() -> st.SearchStrategy[str]:
    return st.one_of(
        st.text(ANY_CHARACTER, max_size=40),
        st.sampled_from(SPICY),
        st.tuples(st.sampled_from(["A", "é", "<", "\x07", "💥"]), st.integers(0, 20_000)).map(
            lambda pair: pair[0] * pair[1]
        ),
    )


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        text_values(),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=12,
    )


def raw_json_values() -> st.SearchStrategy[str]:
    """JSON text of a value, including what json.dumps never writes: deep nesting, huge numbers,
    NaN, and lone surrogates as escapes."""
    return st.one_of(
        json_values().map(json.dumps),
        st.integers(1, 6_000).map(lambda depth: "[" * depth + "]" * depth),
        st.integers(1, 3_000).map(lambda depth: '{"a":' * depth + "1" + "}" * depth),
        st.integers(300, 5_000).map(lambda digits: "9" * digits),
        st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", '"\\ud800"', '"\\u0000"']),
    )


TEXT_VALUES = text_values()
RAW_JSON = raw_json_values()
REPLACEMENTS = TEXT_VALUES.map(json.dumps) | RAW_JSON


@functools.cache
def breakages(keys: tuple[str, ...]) -> st.SearchStrategy[dict[str, str]]:
    """A few of `keys`, each with what to do to it: drop, replace, repeat, or taint (keep the
    valid text and slip a hostile snippet into it)."""
    actions = st.sampled_from(["drop", "replace", "repeat", "taint", "taint"])
    return st.dictionaries(st.sampled_from(keys), actions, max_size=3)


def tainted(value: Any, snippet: str) -> Any:
    if isinstance(value, str):
        return value[:2] + snippet + value[2:]
    if isinstance(value, list):
        return [*value, snippet]
    return snippet


@st.composite
def json_object_text(draw: st.DrawFn, valid: dict[str, Any]) -> str:
    """A JSON object like `valid` with a few fields dropped, replaced or repeated, and maybe
    unknown fields added."""
    pairs: list[tuple[str, str]] = []
    broken = draw(breakages(tuple(valid)))
    for key, value in valid.items():
        action = broken.get(key, "keep")
        if action == "drop":
            continue
        if action == "replace":
            text = draw(REPLACEMENTS)
        elif action == "taint":
            text = json.dumps(tainted(value, draw(st.sampled_from(SPICY))))
        else:
            text = json.dumps(value)
        pairs.append((key, text))
        if action == "repeat":
            pairs.append((key, draw(RAW_JSON)))
    for key in draw(st.lists(st.text(ANY_CHARACTER, max_size=20), max_size=2)):
        pairs.append((key, draw(RAW_JSON)))
    return "{" + ",".join(f"{json.dumps(key)}:{value}" for key, value in pairs) + "}"


@st.composite
def form_text(draw: st.DrawFn, valid: dict[str, Any]) -> str:
    """A urlencoded body like `valid` (lists become repeated keys), broken here and there."""
    pairs: list[tuple[str, str]] = []
    broken = draw(breakages(tuple(valid)))
    for key, value in valid.items():
        values = value if isinstance(value, list) else [value]
        action = broken.get(key, "keep")
        if action == "drop":
            continue
        if action == "replace":
            values = draw(st.lists(TEXT_VALUES, max_size=3))
        if action == "taint":
            values = [tainted(values[0], draw(st.sampled_from(SPICY))), *values[1:]]
        if action == "repeat":
            values = [*values, draw(TEXT_VALUES)]
        pairs.extend((key, str(item)) for item in values)
    for key in draw(st.lists(st.text(ANY_CHARACTER, max_size=20), max_size=2)):
        pairs.append((key, draw(TEXT_VALUES)))
    text = urlencode(pairs, errors="surrogatepass")
    if draw(st.integers(0, 9)) == 0:  # raw damage: bad escapes, stray separators
        text += draw(st.sampled_from(["&%zz", "&&&", "%C3%28", "=", "&a=%FF%FE", "&" * 300]))
    return text


JSON_TYPES = CONTENT_TYPES[:4]
FORM_TYPES = CONTENT_TYPES[5:7]


@st.composite
def bodies(
    draw: st.DrawFn, object_text: st.SearchStrategy[str], form_valid: st.SearchStrategy[dict]
) -> tuple[str, Any]:
    """(content type, body): body is a str, bytes (sent base64), ("raw-base64", text) or None.

    The content type mostly fits the body, so that most bodies get past the media type check."""
    kind = draw(
        st.sampled_from(["object"] * 6 + ["form"] * 3 + ["json", "bytes", "base64-garbage", "none"])
    )
    fitting = FORM_TYPES if kind == "form" else JSON_TYPES
    if draw(st.integers(0, 19)) == 0:
        content_type = draw(st.text(max_size=40))
    else:
        content_type = draw(st.sampled_from(fitting * 8 + CONTENT_TYPES))
    if kind == "object":
        body: Any = draw(object_text)
    elif kind == "form":
        body = draw(form_valid.flatmap(form_text))
    elif kind == "json":
        body = draw(RAW_JSON)
    elif kind == "bytes":
        body = draw(st.binary(max_size=300) | st.integers(16_000, 17_000).map(lambda n: b"a" * n))
    elif kind == "base64-garbage":
        body = draw(st.sampled_from(["!!!", "abc", "=", "YQ", "YWJj\n"]))
        return content_type, ("raw-base64", body)
    else:
        body = None
    if isinstance(body, str) and draw(st.booleans()):
        body = body.encode("utf-8", errors="surrogatepass")  # the same text sent base64
    return content_type, body


def header_maps() -> st.SearchStrategy[dict[str, str]]:
    odd_names = st.text(st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=30)
    odd_values = st.one_of(
        st.text(ANY_CHARACTER, max_size=30),
        st.integers(0, 12_000).map(lambda n: "h" * n),
    )
    return st.fixed_dictionaries(
        {},
        optional={
            "origin": st.sampled_from(
                [ALLOWED_ORIGIN] * 12
                + [ALLOWED_ORIGIN + "/", "null", "https://evil.example", "", "\x00", "h" * 9000]
            ),
            "idempotency-key": st.text(ANY_CHARACTER, max_size=300) | st.uuids().map(str),
            "x-forwarded-for": st.text(max_size=40),
            "cookie": odd_values,
        },
    ).flatmap(
        lambda fixed: st.dictionaries(odd_names, odd_values, max_size=3).map(
            lambda extra: {**extra, **fixed}
        )
    )


def hostile_event(
    path: str,
    route_key: str,
    object_text: st.SearchStrategy[str],
    form_valid: st.SearchStrategy[dict],
    **kwargs: Any,
) -> st.SearchStrategy[dict[str, Any]]:
    """API Gateway events POSTing hostile bodies and headers to `path`.

    `object_text`: JSON objects (text) near a valid body; `form_valid`: valid form values."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        content_type, body = draw(bodies(object_text, form_valid))
        headers = draw(header_maps())
        source_ip = draw(st.sampled_from(["203.0.113.7", "2001:db8::1", "", "not-an-ip"]))
        raw_base64 = isinstance(body, tuple)
        event = api_event(
            "POST",
            path,
            route_key=route_key,
            body=None if raw_base64 else body,
            content_type=content_type or None,
            headers=headers,
            source_ip=source_ip,
            base64_body=isinstance(body, bytes) or raw_base64,
            **kwargs,
        )
        if raw_base64:
            event["body"] = body[1]
        return event

    return build()
