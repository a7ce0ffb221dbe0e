"""Compiled templates are kept in the build's cache folder (plugins/template_cache.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, FileSystemLoader

from plugins.template_cache import keep_compiled_templates


def generator(templates: Path, cache: Path, cache_content: bool = True) -> SimpleNamespace:
    """What the plugin reads of a Pelican generator: its settings and its environment."""
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=True)
    compiled: list[str] = []
    compile_template = env.compile

    def counting_compile(source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(source, name, filename, *args, **kwargs)

    env.compile = counting_compile  # type: ignore[method-assign]
    settings = {"CACHE_PATH": str(cache), "CACHE_CONTENT": cache_content}
    made = SimpleNamespace(settings=settings, env=env, compiled=compiled)
    keep_compiled_templates(made)
    return made


def test_the_next_build_loads_compiled_templates_and_an_edit_compiles_again(
    tmp_path: Path,
) -> None:
    """A second build loads the compiled template; an edited template is compiled again."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>")
    cache = tmp_path / "cache"

    first = generator(templates, cache)
    assert first.env.get_template("page.html").render(title="One") == "<p>One</p>"
    assert first.compiled == ["page.html"]

    second = generator(templates, cache)  # another generator, or the next build
    assert second.env.get_template("page.html").render(title="Two") == "<p>Two</p>"
    assert second.compiled == []

    (templates / "page.html").write_text("<h1>{{ title }}</h1>")
    third = generator(templates, cache)
    assert third.env.get_template("page.html").render(title="Three") == "<h1>Three</h1>"
    assert third.compiled == ["page.html"]


def test_a_build_without_a_cache_writes_nothing_there(tmp_path: Path) -> None:
    """With CACHE_CONTENT off, rendering a template creates no cache folder."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ title }}</p>")
    made = generator(templates, tmp_path / "cache", cache_content=False)
    made.env.get_template("page.html").render(title="x")
    assert not (tmp_path / "cache").exists()
