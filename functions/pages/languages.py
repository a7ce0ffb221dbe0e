"""The language a template is rendering in, and what depends on it (country names).

Pelican renders every language of the site in one environment, so a template helper reads the
language from the render context: `lang` where the caller set it (the API, the home page of each
language), else the language of the page or article being written, else English. The helpers
here take the context first, and `jinja_helpers()` marks them with `jinja2.pass_context`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from functions.domain.countries import countries_by_name
from functions.domain.countries import country_name as _country_name
from functions.i18n import DEFAULT_LANGUAGE


def context_language(context: Mapping[str, Any]) -> str:
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


def jinja_helpers() -> dict[str, Callable[..., Any]]:
    import jinja2  # the JSON path of the functions never imports Jinja2

    helpers = {
        "current_language": context_language,
        "country_choices": country_choices,
        "country_name": country_name,
    }
    return {name: jinja2.pass_context(helper) for name, helper in helpers.items()}
