"""CSV that spreadsheets open safely: RFC 4180 quoting and no formula injection.

A cell a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) gets a leading apostrophe, which spreadsheets show as text and do not evaluate.
Only text is changed: numbers we wrote ourselves (scores) stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(stream: TextIO, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write a header and the rows (missing cells empty); returns the number of rows."""
    # RFC 4180: CRLF line ends, quotes doubled, fields with , " CR or LF quoted.
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(column) for column in columns])
    count = 0
    for row in rows:
        writer.writerow([neutralise(row.get(column, "")) for column in columns])
        count += 1
    return count
