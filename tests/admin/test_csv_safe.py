"""CSV cells: formula injection neutralised, RFC 4180 quoting."""

from __future__ import annotations

import csv
import io

import pytest

from admin.csv_safe import neutralise, write_csv


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_starts_are_neutralised(dangerous: str) -> None:
    """A cell starting with =, +, -, @, a tab or a CR gets a leading apostrophe."""
    assert neutralise(dangerous) == "'" + dangerous


@pytest.mark.parametrize("safe", ["Amsterdam", "a=b", " =1", "", "'quoted"])
def test_other_text_is_unchanged(safe: str) -> None:
    """Text that does not start a formula is left as it is."""
    assert neutralise(safe) == safe


def test_numbers_stay_numbers() -> None:
    """Numbers, negative ones too, are returned unchanged."""
    assert neutralise(-5) == -5
    assert neutralise(87) == 87


def test_rfc4180_quoting_and_line_ends() -> None:
    """write_csv quotes quotes, commas and breaks, ends rows with CRLF, neutralises formulas."""
    stream = io.StringIO(newline="")
    write_csv(
        stream,
        ["name", "note"],
        [{"name": 'Jo "JJ" Smith', "note": "line one\nline two, with comma"}, {"name": "=cmd"}],
    )
    text = stream.getvalue()
    assert text == (
        'name,note\r\n"Jo ""JJ"" Smith","line one\nline two, with comma"\r\n\'=cmd,\r\n'
    )
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["name", "note"],
        ['Jo "JJ" Smith', "line one\nline two, with comma"],
        ["'=cmd", ""],
    ]
