"""The characters text fields refuse, as one regex, against their definition in Unicode terms."""

from __future__ import annotations

import unicodedata

import pytest

from functions.domain import submissions
from functions.domain.submissions import BIDI_CONTROLS, _bad_character

BREAKS = set("\t\n\r")
EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def refused_by_definition(allow_breaks: bool) -> set[str]:
    """Category Cc (controls) or Cs (surrogates), or a bidi control; long text keeps breaks."""
    return {
        char
        for char in EVERY_CHARACTER
        if (unicodedata.category(char) in ("Cc", "Cs") or char in BIDI_CONTROLS)
        and not (allow_breaks and char in BREAKS)
    }


@pytest.mark.parametrize(
    ("pattern", "allow_breaks"),
    [(submissions._REFUSED_IN_LINE, False), (submissions._REFUSED_IN_TEXT, True)],
)
def test_the_regex_refuses_exactly_the_defined_characters(pattern, allow_breaks):
    """Over all of Unicode, each regex finds exactly the Cc, Cs and bidi characters it should."""
    refused = {found.group() for found in pattern.finditer(EVERY_CHARACTER)}
    assert refused == refused_by_definition(allow_breaks)


@pytest.mark.parametrize(
    ("text", "allow_breaks", "bad"),
    [
        ("Ada Lovelace", False, False),
        ("Zoë \u200d Łódź 東京", False, False),  # a zero-width joiner is allowed
        ("line\nbreak", False, True),
        ("line\nbreak\tand tab", True, False),
        ("bell\x07", True, True),
        ("\u202eevil", False, True),
        ("lone \ud800 surrogate", True, True),
        ("del\x7f", False, True),
    ],
)
def test_a_text_is_bad_when_any_character_is(text, allow_breaks, bad):
    """_bad_character flags a text with any refused character; breaks only where not allowed."""
    assert _bad_character(text, allow_breaks) is bad
