"""Country codes and their names in each language of the site, from the Unicode CLDR.

The codes are ISO 3166-1 alpha-2 plus Kosovo's XK (see scripts/build_cldr.py); the names are
CLDR's, so 'NL' reads 'Netherlands', 'Pays-Bas' or 'Нидерланды' as the page's language wants.
Stored values are always the codes, whatever the language: scoring, uniqueness and reports never
depend on how a country is spelt.
"""

from __future__ import annotations

import functools
import unicodedata

from functions.cldr import country_names
from functions.i18n import DEFAULT_LANGUAGE

COUNTRY_NAMES: dict[str, str] = dict(country_names(DEFAULT_LANGUAGE))  # the English names
COUNTRIES: tuple[tuple[str, str], ...] = tuple(sorted(COUNTRY_NAMES.items()))


def is_country_code(value: str) -> bool:
    """True for an upper-case code of the list."""
    return value in COUNTRY_NAMES


def country_name(code: str, language: str = DEFAULT_LANGUAGE) -> str:
    """The country's name in the language; an unknown code as it is."""
    return country_names(language).get(code, code)


def _sort_key(name: str) -> str:
    # Alphabetical as people look for a name: accents and case do not move it ('Österreich' sits
    # with the O's). Not full collation, which would need ICU, but right for the site's languages.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def countries_by_name(
    language: str = DEFAULT_LANGUAGE, only: frozenset[str] | None = None
) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs sorted by name in the language; `only` limits them to some codes."""
    names = country_names(language)
    pairs = ((code, name) for code, name in names.items() if only is None or code in only)
    return tuple(sorted(pairs, key=lambda pair: _sort_key(pair[1])))


# The country select in English, alphabetically by name.
COUNTRIES_BY_NAME: tuple[tuple[str, str], ...] = countries_by_name(DEFAULT_LANGUAGE)
