"""Small HTML readers for the site tests: links, JSON-LD blocks, meta tags, form controls."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from typing import Any


class PageParser(HTMLParser):
    """Collects what the tests look at in one pass over a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.jsonld: list[Any] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_jsonld = False
        self._in_title = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(str(attributes[name]))
        if tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta[key] = attributes.get("content") or ""
        if tag == "link" and attributes.get("rel") == "canonical":
            self.meta["canonical"] = attributes.get("href") or ""
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_jsonld, self._buffer = True, []
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_jsonld:
            self.jsonld.append(json.loads("".join(self._buffer)))
            self._in_jsonld = False
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_jsonld:
            self._buffer.append(data)
        if self._in_title:
            self.title += data

    def with_tag(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser
