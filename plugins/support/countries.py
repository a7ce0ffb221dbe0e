"""Country codes for the site: the same ISO 3166-1 alpha-2 table the functions validate against."""

from functions.domain.countries import COUNTRIES, COUNTRIES_BY_NAME, COUNTRY_NAMES

__all__ = ["COUNTRIES", "COUNTRIES_BY_NAME", "COUNTRY_NAMES"]
