"""Header, menu, footer and cards rendered once per key and reused: every page still gets the
markup of its own language and section."""

from __future__ import annotations

import re

import jinja2
import pytest

from functions.rendering.fragments import FragmentCache
from tests.site.conftest import Build


def environment(calls: list[str]) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True, extensions=[FragmentCache])

    def render_count(name: str) -> str:
        calls.append(name)
        return f"<{name}>"

    env.globals["seen"] = render_count
    return env


def test_a_fragment_is_rendered_once_per_key():
    """A fragment renders once per key and is reused as markup, not escaped again."""
    calls: list[str] = []
    template = environment(calls).from_string(
        '{% fragment "part", language %}[{{ seen(language) }}]{% endfragment %}'
    )
    assert [template.render(language=lang) for lang in ("en", "fr", "en", "fr", "en")] == [
        "[&lt;en&gt;]",
        "[&lt;fr&gt;]",
        "[&lt;en&gt;]",
        "[&lt;fr&gt;]",
        "[&lt;en&gt;]",
    ]
    assert calls == ["en", "fr"]  # escaped once, reused as markup (not escaped again)


def test_fragments_of_different_names_and_environments_do_not_mix():
    """Fragments of different names, and of different environments, each render on their own."""
    calls: list[str] = []
    template = (
        '{% fragment "a", 1 %}{{ seen("a") }}{% endfragment %}'
        '{% fragment "b", 1 %}{{ seen("b") }}{% endfragment %}'
    )
    first, second = environment(calls), environment(calls)
    assert first.from_string(template).render() == "&lt;a&gt;&lt;b&gt;"
    assert second.from_string(template).render() == "&lt;a&gt;&lt;b&gt;"
    assert calls == ["a", "b", "a", "b"]  # one cache per environment (per build)


def menu_entry(html: str, href: str) -> str:
    nav = html[
        html.index('<nav class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
    ]
    return re.search(rf'<a href="{re.escape(href)}"[^>]*>[^<]*</a>', nav).group(0)


def current_entries(html: str) -> list[str]:
    nav = html[
        html.index('<nav class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))
    ]
    return re.findall(r'<a href="([^"]*)" aria-current="page">', nav)


@pytest.mark.parametrize(
    ("page", "current"),
    [
        ("index.html", ["https://citizenfocus.example/"]),
        ("news/webinar-participatory-budgeting/index.html", ["https://citizenfocus.example/news/"]),
        ("manifesto/index.html", ["https://citizenfocus.example/manifesto/"]),
        ("fr/manifesto/index.html", ["https://citizenfocus.example/fr/manifesto/"]),
        ("privacy/index.html", []),
    ],
)
def test_each_page_marks_its_own_section_in_the_menu(published: Build, page: str, current):
    """Each built page marks its own section (or none) with aria-current in the menu."""
    assert current_entries(published.html(page)) == current


def test_each_language_keeps_its_own_header_menu_and_footer(published: Build):
    """The English and French manifesto pages each keep their own header, menu and footer texts."""
    english, french = (
        published.html("manifesto/index.html"),
        published.html("fr/manifesto/index.html"),
    )
    assert "Skip to main content" in english and "Skip to main content" not in french
    assert ">About us</a>" in menu_entry(english, "https://citizenfocus.example/action-cluster/")
    assert "About us" not in french and "Privacy notice" not in french
    assert "Privacy notice" in english
