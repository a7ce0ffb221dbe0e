"""`make translations`: extract every msgid, update each language's catalog, compile them.

One gettext catalog (domain `messages`) serves the site's templates, the API's messages, the
mail and the form definitions; babel.cfg says where the strings are. Translators edit plain
`theme/translations/<lang>/LC_MESSAGES/messages.po` files with any standard tool; adding a
language is adding it to `functions.i18n.LANGUAGES` (the next `make translations` creates its
empty catalog and its CLDR names) and writing its catalog and translated content.

    python -m scripts.translations            # extract, update, compile
    python -m scripts.translations compile    # only compile (make install does this)
    python -m scripts.translations check [LANG...]  # missing, fuzzy or mismatched entries
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from deploy import catalogs
from deploy.catalogs import DOMAIN
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES
from scripts import build_cldr

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MAPPING = ROOT / "babel.cfg"
CATALOGS = ROOT / "theme" / "translations"
TEMPLATE = CATALOGS / "messages.pot"
# gettext_in(msgid, language): a text in another language than the page's (base.html's
# "English only" notes; functions/rendering/languages.py).
KEYWORDS = {**DEFAULT_KEYWORDS, "gettext_in": (1,)}
# The keys of functions/forms/*.yml whose values people read (see functions/domain/forms.py).
PROSE_KEYS = frozenset(
    {
        "title",
        "description",
        "label",
        "help",
        "consent_text",
        "text",
        "min_label",
        "max_label",
        "summary",
    }
)


def extract_form_definitions(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor for form definitions: each person-readable value, with its line."""
    root = yaml.compose(fileobj.read().decode("utf-8"), Loader=yaml.SafeLoader)
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if (
                    isinstance(key, yaml.ScalarNode)
                    and key.value in PROSE_KEYS
                    and isinstance(value, yaml.ScalarNode)
                    and value.value.strip()
                ):
                    yield (
                        value.start_mark.line + 1,
                        None,
                        value.value.strip(),
                        [f"form {key.value}"],
                    )
                else:
                    stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def extract(root: Path = ROOT, mapping: Path = MAPPING) -> Catalog:
    """Every msgid of the project, with where it comes from."""
    with mapping.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, filename=str(mapping))
    catalog = Catalog(project="Citizen Focus", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def catalog_files(directory: Path = CATALOGS) -> list[Path]:
    return catalogs.catalog_files(directory)


def create_missing(
    template: Catalog, languages: tuple[str, ...], directory: Path = CATALOGS
) -> list[Path]:
    """An empty catalog for each language of the site that has none yet (`pybabel init`)."""
    created = []
    for language in languages:
        path = directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        if language == DEFAULT_LANGUAGE or path.exists():
            continue
        catalog = Catalog(locale=language, project="Citizen Focus", domain=DOMAIN, charset="utf-8")
        catalog.update(template)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=96)
        created.append(path)
    return created


def update(template: Catalog, directory: Path = CATALOGS) -> list[Path]:
    """Bring every language's catalog up to the template (new, changed and obsolete entries)."""
    updated = []
    for path in catalog_files(directory):
        with path.open("rb") as handle:
            catalog = read_po(handle)
        catalog.update(template)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=96)
        updated.append(path)
    return updated


def compile_catalogs(directory: Path = CATALOGS) -> list[Path]:
    """A .mo next to every .po (deploy/catalogs.py, which staging the Lambda uses too)."""
    return catalogs.compile_catalogs(directory)


def problems(language: str, directory: Path = CATALOGS) -> list[str]:
    """Missing translations, fuzzy entries and placeholders that differ (Babel's checkers)."""
    path = directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.exists():
        return [f"{shown}: no catalog for required language {language!r}"]
    with path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{shown}: {str(message.id)[:60]!r}"
        if message.fuzzy:
            found.append(f"{where}: fuzzy")
        if not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            found.append(f"{where}: not translated")
        found.extend(f"{where}: {error}" for error in message.check(catalog))
    return found


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", default="all", choices=("all", "compile", "check"))
    parser.add_argument(
        "languages", nargs="*", help="for check: the required languages (default: all but English)"
    )
    args = parser.parse_args(argv)
    if args.action == "check":
        required = args.languages or [lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE]
        found = [line for language in required for line in problems(language)]
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    if args.action == "all":
        template = extract()
        TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
        with TEMPLATE.open("wb") as handle:
            write_po(handle, template, width=96, sort_by_file=True)
        log.info("%d messages extracted into %s", len(template), TEMPLATE.relative_to(ROOT))
        for path in create_missing(template, LANGUAGES):
            log.info("created %s", path.relative_to(ROOT))
        for path in update(template):
            log.info("updated %s", path.relative_to(ROOT))
        build_cldr.main([])
    for path in compile_catalogs():
        log.info("compiled %s", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
