"""Compile the gettext catalogs: a .mo beside every .po (theme/translations/<lang>/LC_MESSAGES/).

Here, in deploy/, because staging the Lambda package ships the compiled catalogs
(deploy/stage_lambda.py) and deploy/ imports nothing of scripts/ (tests/infra/test_layers.py);
`make translations` and `make install` (scripts/translations.py) call the same function.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"  # the one catalog of the site, the API, the mail and the forms


def catalog_files(directory: Path) -> list[Path]:
    """Every language's catalog (.po) under the translations folder."""
    return sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogs(directory: Path) -> list[Path]:
    """A .mo next to every .po: what the site build and the functions read. Fuzzy entries are
    left out (an unchecked translation is worse than the English text)."""
    written = []
    for path in catalog_files(directory):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        target = path.with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        written.append(target)
    return written
