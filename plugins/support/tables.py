"""Markdown tables that a phone can show: each one sits in a named region that may scroll
sideways on its own (WCAG 1.4.10 allows this for data tables), so a wide table never makes the
whole page scroll. The region is focusable so that keyboard users can scroll it too; its name
comes from the table's column headings."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

TAG = re.compile(r"<[^>]*>")


class ScrollableTables(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    parent.remove(child)
                    parent.insert(index, self.region_around(child))

    def region_around(self, table: etree.Element) -> etree.Element:
        attributes = {"class": "table-scroll", "role": "region", "tabindex": "0"}
        region = etree.Element("div", {**attributes, "aria-label": self.region_name(table)})
        region.tail, table.tail = table.tail, None
        region.append(table)
        return region

    def region_name(self, table: etree.Element) -> str:
        headings = [self.plain_text("".join(cell.itertext())) for cell in table.iter("th")]
        headings = [heading for heading in headings if heading]
        return f"Table: {', '.join(headings)}" if headings else "Table"

    def plain_text(self, text: str) -> str:
        """Markdown still holds entities (curly quotes) and raw HTML as placeholders here:
        put back their text, without markup, so the attribute reads as the heading does."""

        def stashed(match: re.Match[str]) -> str:
            raw = str(self.md.htmlStash.rawHtmlBlocks[int(match.group(1))])
            return html.unescape(TAG.sub("", raw))

        return " ".join(HTML_PLACEHOLDER_RE.sub(stashed, text).split())


class TablesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20) and typography (6): the headings hold their final text.
        md.treeprocessors.register(ScrollableTables(md), "scrollable_tables", 5)


def makeExtension(**kwargs: Any) -> TablesExtension:
    return TablesExtension(**kwargs)
