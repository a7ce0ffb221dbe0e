"""The pagination bar: first, last, two either side of the current page, a gap marker between."""

from __future__ import annotations

import pytest

from plugins.site_context import page_window


@pytest.mark.parametrize(
    ("current", "last", "shown"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 8, [1, 2, 3, None, 8]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (50, 100, [1, None, 48, 49, 50, 51, 52, None, 100]),
    ],
)
def test_page_window(current: int, last: int, shown: list[int | None]) -> None:
    """page_window gives first, last, two either side of the current page, None for each gap."""
    assert page_window(current, last) == shown
