"""The privacy notice says what the forms keep, why, for how long and how to withdraw, with the
same figures the code enforces (issue 7, GDPR)."""

from __future__ import annotations

import re

from functions.storage.endorsements import PENDING_LIFETIME
from tests.site.conftest import Build


def sections(published: Build) -> dict[str, str]:
    """Each h2 section of the notice's main text, by heading."""
    html = (published.output / "privacy" / "index.html").read_text()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main.replace("<h2", "\n§<h2")))
    parts = [part.strip() for part in plain.split("§")[1:]]
    return {part.split("  ")[0].strip(): part for part in parts}


def test_each_form_has_what_why_and_how_long(published: Build) -> None:
    """The manifesto and survey sections each have 'What we keep', 'Why' and 'How long'."""
    found = sections(published)
    endorsing = next(text for title, text in found.items() if "Manifesto" in title)
    survey = next(text for title, text in found.items() if "survey" in title.lower())
    for text in (endorsing, survey):
        for heading in ("What we keep", "Why", "How long"):
            assert heading in text, f"{heading!r} missing from: {text[:120]}"


def test_figures_match_what_the_code_enforces(published: Build) -> None:
    """The manifesto section states the pending lifetime in days, the withdrawal link, consent."""
    endorsing = next(text for title, text in sections(published).items() if "Manifesto" in title)
    assert f"{PENDING_LIFETIME.days} days" in endorsing
    assert "withdrawal link" in endorsing
    assert "consent" in endorsing


def test_rights_section_says_how_to_withdraw_and_whom_to_ask(published: Build) -> None:
    """The rights section names the withdrawal link and deletion; the page links the contact."""
    rights = next(text for title, text in sections(published).items() if "rights" in title.lower())
    assert "withdrawal link" in rights
    assert "delete" in rights
    html = (published.output / "privacy" / "index.html").read_text()
    assert "/action-cluster/#contact" in html


def test_no_ip_addresses_kept_is_stated(published: Build) -> None:
    """The abuse section says IP addresses are never stored, only a hash."""
    abuse = next(text for title, text in sections(published).items() if "abuse" in title.lower())
    assert "never store IP addresses" in abuse
    assert "hash" in abuse
