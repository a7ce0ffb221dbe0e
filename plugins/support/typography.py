"""Curly quotes, dashes and ellipses: Markdown's `smarty` extension, without its cost on text
that holds nothing to change.

Smarty runs a second inline pass with eighteen patterns over every piece of text in a
document, and doubled our Markdown time. Every one of its patterns needs a quote, `--` or
`...`, so text without them is handed back untouched before the pass starts: the output is
the same, byte for byte (tests/site/test_typography.py compares it with smarty's).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.treeprocessors import InlineProcessor

# What smarty's patterns can match at all (quotes, dashes, ellipses, and angled quotes
# when that option is on).
_CANDIDATES = re.compile(r"['\"]|--|\.\.\.|<<|>>")


class _SkippingInlineProcessor(InlineProcessor):
    """Smarty's inline pass, skipping strings that no pattern can match."""

    # InlineProcessor calls its private __handleInline for every string; this is that name.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if _CANDIDATES.search(data) is None:
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)  # type: ignore[misc]


class TypographyExtension(SmartyExtension):
    """Smarty's options and substitutions, with a cheaper pass over plain text."""

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        smarty = md.treeprocessors["smarty"]
        faster = _SkippingInlineProcessor(md)
        faster.inlinePatterns = smarty.inlinePatterns
        md.treeprocessors.register(faster, "smarty", 6)


def makeExtension(**kwargs: Any) -> TypographyExtension:
    return TypographyExtension(**kwargs)
