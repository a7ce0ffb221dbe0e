"""Render the site's templates in the API: one Jinja2 environment per language, built once.

Locally the templates are read from theme/templates/. The Lambda package ships them
precompiled to Python modules (theme/compiled/, written by deploy/stage_lambda.py) when that is
there, so a cold start does not parse and compile them: `make bench` measures both.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from functions.i18n import translations_for
from functions.rendering.site import chrome_settings, form_template_globals

THEME_DIR = Path(__file__).resolve().parents[2] / "theme"
TEMPLATES_DIR = THEME_DIR / "templates"
COMPILED_DIR = THEME_DIR / "compiled"
# The settings Pelican's environment has too (pelicanconf.JINJA_ENVIRONMENT).
ENVIRONMENT_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
EXTENSIONS = ["jinja2.ext.i18n", "functions.rendering.fragments.FragmentCache"]
# What the API renders: its own pages and the site's templates they extend and import.
SHARED_TEMPLATES = ("base.html", "_forms.html")


def is_api_template(name: str) -> bool:
    return name.startswith("api/") or name in SHARED_TEMPLATES


def _loader(templates_dir: Path, compiled_dir: Path) -> Any:
    import jinja2

    if compiled_dir.is_dir():
        return jinja2.ModuleLoader(str(compiled_dir))
    return jinja2.FileSystemLoader(str(templates_dir))


@functools.cache
def environment(
    language: str, templates_dir: Path = TEMPLATES_DIR, compiled_dir: Path = COMPILED_DIR
) -> Any:
    """The environment of one language (cached: a warm function renders without setup)."""
    import jinja2

    env = jinja2.Environment(  # noqa: S701 - autoescape is on, in ENVIRONMENT_OPTIONS
        loader=_loader(templates_dir, compiled_dir), extensions=EXTENSIONS, **ENVIRONMENT_OPTIONS
    )
    env.install_gettext_translations(translations_for(language), newstyle=False)
    env.globals.update(chrome_settings())
    env.globals.update(form_template_globals())
    return env


def absolute(site_url: str, path: str) -> str:
    return f"{site_url}/{path.lstrip('/')}"


def render_page(
    template: str, *, language: str, site_url: str, api_base_url: str, **context: Any
) -> str:
    """A whole page: `template` extends base.html, so it has the site's header and footer."""
    env = environment(language)
    return env.get_template(template).render(
        SITEURL=site_url,
        API_BASE_URL=api_base_url,
        lang=language,
        absolute_url=functools.partial(absolute, site_url),
        **context,
    )
