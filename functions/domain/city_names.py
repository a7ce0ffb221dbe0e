"""City names folded for comparison: the same city typed in different ways gives one key.

`normalise_city_name("Gemeente Utrecht") == normalise_city_name(" UTRECHT") == "utrecht"`.
Used for the gazetteer's search keys (scripts/build_gazetteer.py stores them folded, so loading
the data normalises nothing) and for the uniqueness key of a city typed as free text, so staff
see likely duplicates. Changing anything here changes the stored keys: rebuild the data file
(`python -m scripts.build_gazetteer`); tests/functions/test_places.py fails until then.

Plain standard library: it runs in the Lambda.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus marks (after casefold).
LETTER_MAP = str.maketrans(
    {
        "ß": "ss",
        "ł": "l",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ħ": "h",
        "\N{LATIN SMALL LETTER DOTLESS I}": "i",
        "ŀ": "l",
        "ŧ": "t",
        "\N{LATIN SMALL LETTER LONG S}": "s",
        "ĸ": "k",
    }
)

# Words around a city's name that say what kind of authority it is, in the site's languages and
# those of the other countries in the gazetteer. Written as they read after folding (lower case,
# no accents, hyphens and apostrophes as spaces); only whole words at the start (prefixes) or at
# the end (suffixes) are removed, and never the whole name. Longer entries win over shorter ones.
# Not 'stadt' at the end: German puts it first, and 'Innere Stadt', 'Weil der Stadt' are names.
# The stripping is the same for the gazetteer's keys and for what people type, so a name that
# loses a word of its own ('Città di Castello' -> 'castello') is still found; the builder also
# keeps such a name's folded form as a key.
ADMINISTRATIVE_AFFIXES: dict[str, tuple[str, ...]] = {
    "prefixes": (
        # en
        "city of",
        "town of",
        "municipality of",
        "borough of",
        "city council of",
        "county borough of",
        # nl
        "gemeente",
        "stad",
        "stadsdeel",
        # fr
        "ville de",
        "ville d",
        "commune de",
        "commune d",
        "mairie de",
        "mairie d",
        "ville et commune de",
        # de
        "stadt",
        "gemeinde",
        "landeshauptstadt",
        "hansestadt",
        "freie und hansestadt",
        "freie hansestadt",
        "kreisstadt",
        "grosse kreisstadt",
        "marktgemeinde",
        "stadtgemeinde",
        "magistrat der stadt",
        "stadtverwaltung",
        # it
        "comune di",
        "comune de",
        "citta di",
        "citta metropolitana di",
        "municipio di",
        # es, ca, gl
        "ayuntamiento de",
        "ciudad de",
        "ajuntament de",
        "ajuntament d",
        "concello de",
        # pt
        "camara municipal de",
        "camara municipal do",
        "camara municipal da",
        "municipio de",
        "municipio do",
        "municipio da",
        "concelho de",
        "concelho do",
        "concelho da",
        # ro
        "municipiul",
        "orasul",
        "primaria",
        "primaria municipiului",
        # pl, cs, sk, sl, hr, sr, bs
        "miasto",
        "gmina",
        "urzad miasta",
        "mesto",
        "statutarni mesto",
        "obec",
        "mestna obcina",
        "grad",
        "opcina",
        # ru, uk, bg, sr (Cyrillic, and the usual transliterations)
        "город",
        "\N{CYRILLIC SMALL LETTER GHE}",  # the abbreviation of город, as in "г. Москва"  # noqa: RUF003
        "gorod",
        "місто",
        "м",
        "misto",
        "град",
        "општина",
        "община",
        "obshtina",
        "opstina",
    ),
    "suffixes": (
        # en
        "city council",
        "council",
        "municipality",
        "city",
        # da, no, sv
        "kommune",
        "kommun",
        # tr
        "belediyesi",
        "buyuksehir belediyesi",
        # fi
        "kaupunki",
        # ro
        "municipiu",
    ),
}

_SEPARATORS = re.compile(r"[\W_]+")


def _words(phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    # Longest first, so "freie und hansestadt" goes before "hansestadt" could.
    return tuple(sorted((tuple(p.split()) for p in phrases), key=len, reverse=True))


_PREFIXES = _words(ADMINISTRATIVE_AFFIXES["prefixes"])
_SUFFIXES = _words(ADMINISTRATIVE_AFFIXES["suffixes"])


def fold(text: str) -> str:
    """Case, accents and punctuation folded away; words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(LETTER_MAP)
    return " ".join(_SEPARATORS.sub(" ", bare).split())


def strip_affixes(folded: str) -> str:
    """A folded name without the administrative words around it (never down to nothing)."""
    words = folded.split()
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
                words = words[len(prefix) :]
                changed = True
                break
        for suffix in _SUFFIXES:
            if len(words) > len(suffix) and tuple(words[-len(suffix) :]) == suffix:
                words = words[: -len(suffix)]
                changed = True
                break
    return " ".join(words)


def normalise_city_name(text: str) -> str:
    """The comparison key of a city's name: 'Ville de Lyon' and ' LYON' give 'lyon'."""
    return strip_affixes(fold(text))
