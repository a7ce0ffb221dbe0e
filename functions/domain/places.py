"""The gazetteer the Ambassador Cities survey picks cities from, the city's uniqueness key, and
whether a respondent's email domain is one of the city's official domains.

The places are GeoNames' (CC BY 4.0, https://www.geonames.org/), extracted for the countries of
Europe by scripts/build_gazetteer.py into functions/data/places.tsv.gz with their search keys
already normalised (functions/domain/city_names.py), so loading is parsing only. The file is read
on first use and kept for the life of the process (`gazetteer()`); `Gazetteer.load_seconds` says
what that cost.

Official domains are not in GeoNames: staff keep them in functions/data/city-domains.yml, keyed
by the same place ids (`load_city_domains()`).

Standard library only, except `load_city_domains()`, which reads YAML with PyYAML (a run-time
dependency of the functions already, functions/requirements.txt) and imports it when called.
"""

from __future__ import annotations

import functools
import gzip
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from functions.domain.city_names import normalise_city_name

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PLACES_FILE = DATA_DIR / "places.tsv.gz"
DOMAINS_FILE = DATA_DIR / "city-domains.yml"
COLUMNS = ("geonameid", "country", "name", "admin1", "population", "keys")
KEY_SEPARATOR = "|"
PLACE_ID = re.compile(r"geonames:[1-9][0-9]*")
# A host name as people type it after the @: labels of letters, digits and inner hyphens.
DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


# The countries of the gazetteer, ISO 3166-1 alpha-2 as GeoNames spells them: the 46 member
# states of the Council of Europe (which covers the EU, the EEA, the UK, Switzerland, the Western
# Balkans, Ukraine, Moldova, Georgia, Armenia, Azerbaijan and Turkey), the rest of geographic
# Europe (Belarus, Russia, Kosovo as GeoNames' XK, the Holy See) and the territories in Europe
# with a code of their own (Åland, the Faroe Islands,
# Gibraltar, Guernsey, the Isle of Man, Jersey, Svalbard and Jan Mayen). Whole countries: a city
# in Asian Turkey or Russia is found like any other of its country.
EUROPE: tuple[str, ...] = (
    "AD", "AL", "AM", "AT", "AX", "AZ", "BA", "BE", "BG", "BY", "CH", "CY", "CZ", "DE", "DK",
    "EE", "ES", "FI", "FO", "FR", "GB", "GE", "GG", "GI", "GR", "HR", "HU", "IE", "IM", "IS",
    "IT", "JE", "LI", "LT", "LU", "LV", "MC", "MD", "ME", "MK", "MT", "NL", "NO", "PL", "PT",
    "RO", "RS", "RU", "SE", "SI", "SJ", "SK", "SM", "TR", "UA", "VA", "XK",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Place:
    """A place of the gazetteer. `region` is GeoNames' first-order division code ('09')."""

    id: str  # 'geonames:2745912'
    name: str
    country: str
    region: str
    population: int


class Gazetteer:
    """The places of one data file, read on first use."""

    def __init__(self, path: Path | str = PLACES_FILE) -> None:
        self.path = Path(path)
        self.load_seconds: float | None = None
        self._by_id: dict[str, Place] = {}
        # Per country, largest first: each place with its keys as '|key|key|' for substring tests.
        self._by_country: dict[str, list[tuple[Place, str]]] = {}
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        started = time.perf_counter()
        with gzip.open(self.path, "rt", encoding="utf-8", newline="\n") as handle:
            lines = handle.read().splitlines()
        header = [line for line in lines[:2] if not line.startswith("#")]
        if not header or tuple(header[0].split("\t")) != COLUMNS:
            raise ValueError(f"{self.path}: not a gazetteer file (columns {COLUMNS})")
        start = lines.index(header[0]) + 1
        by_id: dict[str, Place] = {}
        by_country: dict[str, list[tuple[Place, str]]] = {}
        for line in lines[start:]:
            geonameid, country, name, region, population, keys = line.split("\t")
            place = Place(f"geonames:{geonameid}", name, country, region, int(population))
            by_id[place.id] = place
            entry = (place, f"{KEY_SEPARATOR}{keys}{KEY_SEPARATOR}")
            by_country.setdefault(country, []).append(entry)
        self._by_id, self._by_country = by_id, by_country
        self._loaded = True
        self.load_seconds = time.perf_counter() - started

    def __len__(self) -> int:
        self._load()
        return len(self._by_id)

    def countries(self) -> frozenset[str]:
        """The country codes that have places here."""
        self._load()
        return frozenset(self._by_country)

    def get(self, place_id: str | None) -> Place | None:
        """The place of an id such as 'geonames:2745912', or None."""
        if not place_id or not PLACE_ID.fullmatch(place_id):
            return None
        self._load()
        return self._by_id.get(place_id)

    def search(self, country: str, text: str, limit: int = 10) -> list[Place]:
        """Places of the country whose name or an alternate name matches what was typed.

        Normalised as city names are ('Gemeente Utrecht' is 'utrecht'), a key equal to the text
        comes first, then a key that starts with it, then a key with a word that starts with it
        ('gravenhage' in "'s-Gravenhage"); within each, the larger place first.
        """
        query = normalise_city_name(text)
        if not query or limit <= 0:
            return []
        self._load()
        exact, prefix, word = f"|{query}|", f"|{query}", f" {query}"
        matches: tuple[list[Place], list[Place], list[Place]] = ([], [], [])
        for place, keys in self._by_country.get(country.strip().upper(), ()):
            if exact in keys:
                matches[0].append(place)
            elif prefix in keys:
                matches[1].append(place)
            elif word in keys:
                matches[2].append(place)
        # The file lists each country's places largest first, and the lists keep that order.
        return [*matches[0], *matches[1], *matches[2]][:limit]


@functools.cache
def gazetteer() -> Gazetteer:
    """The gazetteer of the package's data file, shared by the whole process."""
    return Gazetteer()


def city_key(country: str, place_id: str | None, free_text: str | None = None) -> str:
    """What makes two responses the same city: 'NL#geonames:2745912' for a place chosen from
    the gazetteer, else the normalised name typed ('NL#name:utrecht' for 'Gemeente Utrecht')."""
    code = country.strip().upper()
    if not code:
        raise ValueError("a city key needs the country")
    if place_id:
        if not PLACE_ID.fullmatch(place_id):
            raise ValueError(f"not a gazetteer id: {place_id!r}")
        return f"{code}#{place_id}"
    name = normalise_city_name(free_text or "")
    if not name:
        raise ValueError("a city key needs a place id or the city's name")
    return f"{code}#name:{name}"


def _host(value: str) -> str:
    """A domain as compared: lower case, no trailing dot, internationalised names in ASCII."""
    host = value.strip().rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def email_domain(email: str) -> str | None:
    """The domain after the last @ of an address, or None when there is none to speak of."""
    _, at, domain = email.strip().rpartition("@")
    host = _host(domain) if at else ""
    return host if DOMAIN.fullmatch(host) else None


def domain_matches(
    email: str, place_id: str | None, domains: Mapping[str, Iterable[str]]
) -> bool | None:
    """Whether the email's domain is (a subdomain of) one of the city's official domains.

    None when the city's domains are not known (no place chosen, or the place is not listed);
    `domains` maps place ids to domains, as `load_city_domains()` reads them.
    """
    official = [_host(d) for d in domains.get(place_id, ())] if place_id else []
    if not official:
        return None
    host = email_domain(email)
    if host is None:
        return False
    return any(host == d or host.endswith(f".{d}") for d in official)


def load_city_domains(path: Path | str = DOMAINS_FILE) -> dict[str, tuple[str, ...]]:
    """The staff-kept official domains: {'geonames:2745912': ('utrecht.nl',), ...}."""
    import yaml

    with Path(path).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of place ids to domains")
    result: dict[str, tuple[str, ...]] = {}
    for place_id, value in data.items():
        if not isinstance(place_id, str) or not PLACE_ID.fullmatch(place_id):
            raise ValueError(f"{path}: {place_id!r} is not a place id such as 'geonames:2745912'")
        listed = [value] if isinstance(value, str) else value
        if not isinstance(listed, list) or not listed:
            raise ValueError(f"{path}: {place_id}: expected a domain or a list of domains")
        for domain in listed:
            if not isinstance(domain, str) or not DOMAIN.fullmatch(_host(domain)):
                raise ValueError(f"{path}: {place_id}: {domain!r} is not a domain")
        result[place_id] = tuple(_host(d) for d in listed)
    return result
