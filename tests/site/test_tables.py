"""Markdown tables sit in a named, focusable region that scrolls on its own on a phone."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown

import pelicanconf


def render(text: str) -> str:
    config = pelicanconf.MARKDOWN["extension_configs"]
    return Markdown(extensions=list(config), output_format="html5").convert(text)


def test_the_site_wraps_tables() -> None:
    """pelicanconf's Markdown configuration loads plugins.support.tables."""
    assert "plugins.support.tables" in pelicanconf.MARKDOWN["extension_configs"]


def test_a_table_is_wrapped_in_a_scrollable_named_region() -> None:
    """A Markdown table is wrapped in a focusable region named after its headings."""
    html = render(
        "Before.\n\n| Day | Session |\n| --- | --- |\n| 1 | Opening |\n\nAfter the table.\n"
    )
    root = etree.fromstring(f"<root>{html}</root>")  # noqa: S314 - our own Markdown output
    region = root.find("div")
    assert region is not None
    assert region.attrib == {
        "class": "table-scroll",
        "role": "region",
        "tabindex": "0",
        "aria-label": "Table: Day, Session",
    }
    assert [child.tag for child in region] == ["table"]
    assert [child.tag for child in root] == ["p", "div", "p"]
    assert root[2].text == "After the table."


def test_region_name_reads_like_the_headings_without_markup() -> None:
    """The region's name is the headings' text, typographic quotes kept and markup dropped."""
    html = render('| "Day" & <b>time</b> | City\'s `code` |\n| --- | --- |\n| 1 | 2 |\n')
    first_line = html.splitlines()[0]
    assert 'aria-label="Table: \u201cDay\u201d &amp; time, City\u2019s code"' in first_line


def test_tables_inside_lists_are_wrapped_too_and_text_without_tables_is_untouched() -> None:
    """A table inside a list item is wrapped too; a paragraph with a pipe is left alone."""
    nested = render("- item\n\n    | A | B |\n    | --- | --- |\n    | 1 | 2 |\n")
    assert '<li>\n<p>item</p>\n<div aria-label="Table: A, B"' in nested
    plain = "Just a paragraph with a | pipe."
    assert render(plain) == f"<p>{plain}</p>"
