"""`{% fragment "name", key, ... %}...{% endfragment %}`: markup rendered once per key.

The header and footer of every page are the same for every page of a language: some thirty
translated strings and localised links that a build of 1,000 articles rendered 1,500 times. A
fragment is rendered the first time its key is seen and reused after; the key must name
everything the markup depends on (the language, SITEURL, the current menu entry ...). The
cache lives on the environment, which Pelican makes anew for every build and the API once per
language, so it holds a few dozen entries at most. Jinja2's documented fragment-cache
extension, without its expiry (a build's settings do not change while it runs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup


class FragmentCache(Extension):
    tags = {"fragment"}  # noqa: RUF012 - Jinja2's own class attribute

    def __init__(self, environment: Any) -> None:
        super().__init__(environment)
        environment.extend(fragments={})

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method("_rendered", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _rendered(self, key: tuple[Any, ...], caller: Callable[[], str]) -> Markup:
        fragments = self.environment.fragments
        found = fragments.get(key)
        if found is None:
            # caller() is the body as rendered: already escaped where autoescape is on.
            found = fragments[key] = Markup(caller())  # noqa: S704
        return found
