"""Names from the Unicode CLDR, read from functions/data/cldr.json (scripts/build_cldr.py).

Standard library only, read once per process: the functions get CLDR's country and language
names without shipping Babel's locale data.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

CLDR_FILE = Path(__file__).resolve().parent / "data" / "cldr.json"


@functools.cache
def cldr_data() -> dict[str, Any]:
    with CLDR_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


def language_names() -> dict[str, str]:
    """Each language of the site named in itself: {'fr': 'Français', ...}."""
    return cldr_data()["languages"]


def country_names(language: str) -> dict[str, str]:
    """{'NL': 'Pays-Bas', ...} in the language, or in English where the file has no such one."""
    countries = cldr_data()["countries"]
    return countries.get(language) or countries["en"]
