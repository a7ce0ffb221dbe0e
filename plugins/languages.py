"""The site in every language of `functions.i18n.LANGUAGES`, in one Pelican run.

Pelican's own translation model: a translation is a file next to its original with the
language before the extension (`manifesto.fr.md`), `lang` and `original` in its front matter
(plugins/support/content_languages.py reads and checks them), the original's slug, and its URL under
the language's prefix (`/fr/manifesto/`). We chose it over the i18n-subsites plugin, which runs
a whole Pelican build per language: with news, events and interviews in English only, that
reads and renders the same 1,000 articles seven times, where this renders them once.

What this plugin adds around Pelican's model:
- every template translates with the catalog of the page it renders (`functions.rendering.
  languages.context_language`), so one environment serves all languages;
- `translation_index`: each page's URL in every language it exists in, for the language
  switcher, `rel=alternate hreflang` links and localised navigation;
- each language's home page and Atom/RSS feeds (`fr/index.html`, `fr/feeds/all.atom.xml`);
- the feeds' own language (`xml:lang`, `<language>`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from functions.i18n import DEFAULT_LANGUAGE, LANGUAGES, translations_for
from functions.rendering.languages import context_language, gettext, home_path, ngettext

logger = logging.getLogger(__name__)

FEEDS = (("atom", "feeds/all.atom.xml"), ("rss", "feeds/all.rss.xml"))


def install_gettext(generator: Any) -> None:
    generator.env.install_gettext_callables(
        pass_context(gettext), pass_context(ngettext), newstyle=False
    )
    generator.env.globals["LANGUAGES"] = site_languages(generator.settings)
    generator.env.globals["in_page_language"] = in_page_language


def site_languages(settings: dict[str, Any]) -> tuple[str, ...]:
    """LANGUAGES of the settings (pelicanconf.py takes functions.i18n's; `make bench` builds
    with fewer to measure what a language costs)."""
    return tuple(settings.get("LANGUAGES") or LANGUAGES)


def contents_of(generator: Any) -> Iterable[Any]:
    for name in ("articles", "pages", "hidden_pages", "translations", "hidden_translations"):
        yield from getattr(generator, name, None) or ()


def translation_index(generators: list[Any]) -> dict[str, dict[str, str]]:
    """{URL: {language: URL}} for every page and its translations, and each language's home."""
    index: dict[str, dict[str, str]] = {}
    for generator in generators:
        for content in contents_of(generator):
            versions = {content.lang: content.url}
            versions.update({other.lang: other.url for other in content.translations})
            for url in versions.values():
                index.setdefault(url, versions)
    languages = site_languages(generators[0].settings) if generators else LANGUAGES
    homes = {language: home_path(language) for language in languages}
    for url in homes.values():
        index[url] = homes
    return index


def publish_translation_index(generators: list[Any]) -> None:
    index = translation_index(generators)
    for generator in generators:
        if hasattr(generator, "env"):
            generator.env.globals["translation_index"] = index


def in_language(article: Any, language: str) -> Any:
    """The article's translation into the language, else the article itself (in English)."""
    return next((t for t in article.translations if t.lang == language), article)


@pass_context
def in_page_language(context: Any, content: Any) -> Any:
    """A story as a list of the page's language shows it: translated where it is."""
    return in_language(content, context_language(context))


class LanguageHomesGenerator(Generator):
    """Each language's home page and feeds; English's are Pelican's own."""

    def generate_context(self) -> None:  # everything it needs is in the shared context
        pass

    def generate_output(self, writer: Any) -> None:
        template = self.get_template("index")
        articles = self.context.get("articles", [])
        for language in site_languages(self.settings):
            if language == DEFAULT_LANGUAGE:
                continue
            context = self.language_context(language)
            writer.write_file(
                f"{home_path(language)}index.html",
                template,
                context,
                relative_urls=self.settings["RELATIVE_URLS"],
                template_name="index",
                url=home_path(language),
                page_name=f"{language}/index",
            )
            elements = [in_language(article, language) for article in articles]
            for kind, path in FEEDS:
                writer.write_feed(elements, context, f"{language}/{path}", feed_type=kind)

    def language_context(self, language: str) -> dict[str, Any]:
        catalog = translations_for(language)
        return {
            **self.context,
            "lang": language,
            "SITESUBTITLE": catalog.gettext(self.settings["SITESUBTITLE"]),
        }


def language_homes_generator(_pelican: Any) -> type[Generator]:
    return LanguageHomesGenerator


def set_feed_language(context: dict[str, Any], feed: Any) -> None:
    feed.feed["language"] = context_language(context)


def register() -> None:
    signals.generator_init.connect(install_gettext)
    signals.all_generators_finalized.connect(publish_translation_index)
    signals.get_generators.connect(language_homes_generator)
    signals.feed_generated.connect(set_feed_language)
