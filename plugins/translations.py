"""Install the gettext catalog of the site's language into every generator's templates.

Templates mark their text with `_()` and `{% trans %}` (jinja2.ext.i18n); the catalogs are
the ones the API uses (functions/i18n.py), so a page and the API's messages read alike.
"""

from __future__ import annotations

from typing import Any

from pelican import signals

from functions.i18n import translations_for


def install_translations(generator: Any) -> None:
    language = generator.settings.get("DEFAULT_LANG", "en")
    generator.env.install_gettext_translations(translations_for(language), newstyle=False)


def register() -> None:
    signals.generator_init.connect(install_translations)
