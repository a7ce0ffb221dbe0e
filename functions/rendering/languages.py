"""The language a template is rendering in, and what depends on it (country names).

Pelican renders every language of the site in one environment, so a template helper reads the
language from the render context: `lang` where the caller set it (the API, the home page of each
language), else the language of the page or article being written, else English. The helpers
here take the context first, and `jinja_helpers()` marks them with `jinja2.pass_context`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from functions.cldr import language_names
from functions.domain.countries import countries_by_name
from functions.domain.countries import country_name as _country_name
from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, home_path, translations_for

# {root-relative URL of a page in any language: {language: URL of its version}}; the site's build
# fills it (plugins/languages.py), the API has none and links each language's home page instead.
TranslationIndex = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher, or of the page's rel=alternate links."""

    language: str
    name: str  # the language named in itself
    path: str  # root-relative, without the leading slash ('fr/manifesto/')
    current: bool
    translated: bool  # the same page in that language, not that language's home


# Where a render's language is kept once worked out: a page asks for it some fifty times
# (every text of the header and footer), and one render never changes language.
_KEPT = "_citizen_focus_language"


def context_language(context: Mapping[str, Any]) -> str:
    kept = getattr(context, "__dict__", None)  # Jinja2's Context has one, a plain dict not
    if kept is not None:
        language = kept.get(_KEPT)
        if language is None:
            language = kept[_KEPT] = _language_of(context)
        return language
    return _language_of(context)


def _language_of(context: Mapping[str, Any]) -> str:
    language = context.get("lang")
    if language:
        return str(language)
    for key in ("article", "page"):
        content = context.get(key)
        if content is not None and getattr(content, "lang", None):
            return str(content.lang)
    return DEFAULT_LANGUAGE


def country_choices(
    context: Mapping[str, Any], only: Iterable[str] | None = None
) -> tuple[tuple[str, str], ...]:
    """The country select's options in the page's language, limited to `only` when given."""
    return countries_by_name(context_language(context), frozenset(only) if only else None)


def country_name(context: Mapping[str, Any], code: str | None) -> str:
    return _country_name(code, context_language(context)) if code else ""


def versions_of(context: Mapping[str, Any], path: str) -> Mapping[str, str]:
    """The page's URL in each language it exists in (itself at least)."""
    explicit = context.get("language_versions")
    if explicit:
        return explicit
    index: TranslationIndex = context.get("translation_index") or {}
    return index.get(path) or {context_language(context): path}


def language_links(context: Mapping[str, Any], path: str = "") -> list[LanguageLink]:
    """Every language of the site: the same page where it exists, else that language's home."""
    current, versions, names = (
        context_language(context),
        versions_of(context, path),
        language_names(),
    )
    return [
        LanguageLink(
            language,
            names.get(language, language),
            versions.get(language, home_path(language)),
            language == current,
            language in versions,
        )
        for language in context.get("LANGUAGES") or LANGUAGES
    ]


def localised_path(context: Mapping[str, Any], path: str) -> str:
    """A link to a page of the site, to its version in the page's language where there is one."""
    language = context_language(context)
    if language == DEFAULT_LANGUAGE:
        return path
    if path == "":
        return home_path(language)
    index: TranslationIndex = context.get("translation_index") or {}
    return (index.get(path) or {}).get(language, path)


def current_menu_entries(
    context: Mapping[str, Any], path: str, menu: Iterable[tuple[str, str]]
) -> tuple[int, ...]:
    """Which entries of the menu lead to the page or the section it is in (aria-current): the
    key of the menu's fragment, so the menu is rendered once per language and entry."""
    current = []
    for index, (_label, url) in enumerate(menu):
        target = localised_path(context, url)
        if path == target or (url and path.startswith(target)):
            current.append(index)
    return tuple(current)


def gettext(context: Mapping[str, Any], message: str) -> str:
    return _catalog_of(context).gettext(message)


def ngettext(context: Mapping[str, Any], singular: str, plural: str, number: int) -> str:
    return _catalog_of(context).ngettext(singular, plural, number)


def _catalog_of(context: Mapping[str, Any]) -> Any:
    return translations_for(context_language(context))


# Open Graph wants a territory: the variant of each language the site is written in.
OG_LOCALES = {"en": "en_GB", "pt": "pt_PT"}


def og_locale(language: str) -> str:
    return OG_LOCALES.get(language, f"{language}_{language.upper()}")


def gettext_in(message: str, language: str) -> str:
    """A text in a given language, whatever the page's (the "English only" notes). Its msgid
    comes first, so that extraction (scripts/translations.py, KEYWORDS) finds it."""
    return translations_for(language).gettext(message)


def jinja_helpers() -> dict[str, Callable[..., Any]]:
    import jinja2  # the JSON path of the functions never imports Jinja2

    helpers = {
        "current_language": context_language,
        "country_choices": country_choices,
        "country_name": country_name,
        "current_menu_entries": current_menu_entries,
        "language_links": language_links,
        "localised_path": localised_path,
    }
    plain = {"og_locale": og_locale, "gettext_in": gettext_in}
    return {name: jinja2.pass_context(helper) for name, helper in helpers.items()} | plain
