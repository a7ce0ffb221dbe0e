"""Write functions/data/cldr.json: country names and language names from CLDR, per language.

The site and the functions show country names in the reader's language and the language switcher
names each language in itself. Both come from the Unicode CLDR through Babel, which is a build
tool here (requirements-dev.txt): the Lambda never imports Babel (its locale data is some 30 MB),
it reads this small file instead (functions/domain/countries.py, functions/i18n.py).

`make translations` runs this, so adding a language to `functions.i18n.LANGUAGES` brings its
names along; tests/functions/test_countries.py fails when the committed file is not what this
script writes.

    python -m scripts.build_cldr
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from babel import Locale

from functions.i18n import LANGUAGES

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT_ROOT / "functions" / "data" / "cldr.json"
# CLDR's two-letter territories that are not countries people live in: exceptionally reserved
# codes (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, the Canaries, Tristan da
# Cunha), groupings (EU, EZ, UN, QO) and pseudo-locales (XA, XB, ZZ). Kosovo (XK) stays: it is
# not in ISO 3166-1 but CLDR, GeoNames and the EU use XK, and Kosovan cities answer the survey.
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)


def country_codes() -> list[str]:
    english = Locale("en").territories
    return sorted(
        code for code in english if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


def autonym(language: str) -> str:
    """The language's name in itself, capitalised as a menu item ('Français', 'Русский')."""
    name = Locale(language).get_display_name(language)
    return name[:1].upper() + name[1:]


def build(languages: tuple[str, ...] = LANGUAGES) -> dict[str, object]:
    codes = country_codes()
    return {
        "source": f"Unicode CLDR via Babel {__import__('babel').__version__}",
        "languages": {language: autonym(language) for language in languages},
        "countries": {
            language: {code: Locale(language).territories[code] for code in codes}
            for language in languages
        },
    }


def render(data: dict[str, object]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    text = render(build())
    args.output.write_text(text, encoding="utf-8")
    log.info("wrote %s: %d bytes", args.output, len(text.encode()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
