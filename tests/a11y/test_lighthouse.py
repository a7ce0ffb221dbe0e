"""`make lighthouse` as tests: each main page type on the shared live stack, mobile config.

About 17 s a page (Lighthouse starts its own Chromium each time), so it fits in `make test`.
"""

from __future__ import annotations

import pytest

from scripts.lighthouse import MINIMUM, PAGES, audit_page

# `lighthouse`: its performance score is a timing, so `make test` runs these alone, after the
# parallel run, on an otherwise idle machine (another worker's load costs points).
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.lighthouse]


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores(stack, tmp_path, name):
    """Each page's Lighthouse score reaches scripts/lighthouse.py's minimum in every category."""
    result = audit_page(stack.url, name, tmp_path)
    below = {
        category: (result.scores[category], result.lost[category])
        for category, minimum in MINIMUM.items()
        if result.scores[category] < minimum
    }
    assert not below, f"{result.url}: " + "; ".join(
        f"{category} {score} (lost on {', '.join(audits)})"
        for category, (score, audits) in below.items()
    )
