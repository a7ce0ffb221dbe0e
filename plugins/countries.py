"""Country codes for the site: the same ISO 3166-1 alpha-2 table the functions validate against."""

from functions.domain.countries import COUNTRIES, COUNTRY_NAMES

__all__ = ["COUNTRIES", "COUNTRIES_BY_NAME", "COUNTRY_NAMES"]

# The select lists countries alphabetically by name, as people look for them.
COUNTRIES_BY_NAME: tuple[tuple[str, str], ...] = tuple(sorted(COUNTRIES, key=lambda item: item[1]))
