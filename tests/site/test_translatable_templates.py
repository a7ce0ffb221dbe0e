"""Every text a person reads goes through gettext, so a language can be added without code.

A static lint of theme/templates/**/*.html, no build needed: with the Jinja comments, the
`{% trans %}...{% endtrans %}` blocks, the `{{ ... }}` expressions and the `{% ... %}` tags
left out, and the contents of <script> and <style>, what remains is the templates' own
markup. Any letter still in a text node, or in an attribute a person reads or hears (alt,
title, aria-label, placeholder, the description meta tags, the data-text-* texts of the
scripts...), is a text that no translation can reach: wrap it in `_()` or `{% trans %}`.

String literals inside the expressions get a looser check of their own (a capital letter or a
space marks prose, e.g. `{'news': 'News'}`), since the lint above cannot see them.

Scripts carry no text of their own either: every `text(el, "name")` they call reads a
`data-text-name` attribute, which some template must render (translated).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jinja2

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "theme" / "templates"
SCRIPTS = ROOT / "theme" / "static" / "js"

LETTER = re.compile(r"[^\W\d_]")  # a letter of any script; digits and punctuation are no prose

# Attributes whose value is read out or shown to people (WAI-ARIA names and descriptions, the
# texts forms.js and search.js show); a literal letter in one of them is untranslated text.
PROSE_ATTRIBUTES = frozenset(
    {
        "alt",
        "aria-description",
        "aria-label",
        "aria-placeholder",
        "aria-roledescription",
        "aria-valuetext",
        "data-error-label",
        "data-success",
        "label",
        "placeholder",
        "title",
    }
)
SCRIPT_TEXT_PREFIX = "data-text-"
# <meta content> is prose only for descriptions and titles: og:type, robots (noindex),
# viewport, og:locale and the article:* dates are values for machines.
PROSE_META = re.compile(r"^(?:(?:og|twitter):)?(?:description|title|site_name|image:alt)$")
# <input value> is the visible label of a button-like input only.
BUTTON_INPUTS = frozenset({"button", "reset", "submit"})

# Texts that contain letters but are not prose, so no language translates them. Keep this
# tiny, and say why each one is here. Empty today: the doctype is a declaration, never a text
# node; "noindex", og:type and the viewport are <meta content> that PROSE_META leaves out; the
# site's name comes from SITENAME; "(.ics)" sits inside its sentence's {% trans %} block.
ALLOWED_TEXTS: frozenset[str] = frozenset()

# A run of attributes outside any tag: what a macro or a `{% set %}` block renders into a
# start tag written elsewhere (`aria-describedby="..."`, `class="field" data-field="..."`).
# Each name ends at "=", a space or the end, so no text makes the match backtrack for long.
ATTRIBUTE_RUN = re.compile(
    r"""\s*(?:[a-z][a-z0-9:._-]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*')\s*|\s+|$))+"""
)
RAW_TEXT_ELEMENT = re.compile(r"(<(script|style)\b[^>]*>)(.*?)(</\2\s*>)", re.S | re.I)
# Only its lexer is used; no whitespace control, so the template's text stays as written.
LEXER = jinja2.Environment(autoescape=True)


# Tags whose body is rendered somewhere else: the text on either side is not one text node.
# (`{% set x %}...{% endset %}` is the block form; `{% set x = 1 %}` renders nothing.)
SEPARATE_BODIES = frozenset({"macro", "endmacro", "call", "endcall", "endset"})


def template_markup(source: str) -> str:
    """The template's own HTML, each remaining character on the line it is written on."""
    out: list[str] = []
    line = 1
    tag: list[tuple[str, str]] | None = None  # the tokens of the {% ... %} being read
    in_trans = False
    for lineno, kind, value in LEXER.lex(source):
        if kind == "block_begin":
            tag = []
        elif kind == "block_end" and tag is not None:
            name = tag[0][1] if tag else ""
            in_trans = name == "trans" or (in_trans and name != "endtrans")
            if name in SEPARATE_BODIES or (name == "set" and ("operator", "=") not in tag):
                out.append("<jinja-body>")
            tag = None
        elif tag is not None:
            if kind != "whitespace":
                tag.append((kind, value))
        elif in_trans:
            continue
        elif kind == "variable_begin" and out and out[-1].endswith(("<", "</")):
            out.append("jinja-element")  # an expression as an element's name: `<{{ heading }}>`
        elif kind == "data":
            out.append("\n" * (lineno - line))
            out.append(value)
            line = lineno + value.count("\n")
    markup = "".join(out)
    return RAW_TEXT_ELEMENT.sub(
        lambda m: m.group(1) + "\n" * m.group(3).count("\n") + m.group(4), markup
    )


class UntranslatedText(HTMLParser):
    """Collects (line, what) for each literal text a person would read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check_attributes(tag, attrs, self.getpos()[0], self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not LETTER.search(text) or text in ALLOWED_TEXTS:
            return
        line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        if ATTRIBUTE_RUN.fullmatch(data) and re.search(r"=\s*[\"']", data):
            fragment = AttributeFragment(line)
            fragment.feed(f"<jinja-fragment {data.strip()}>")
            self.problems.extend(fragment.problems)
            return
        self.problems.append((line, f"text {text!r}"))

    def check_attributes(
        self, tag: str, attrs: list[tuple[str, str | None]], line: int, start_tag: str
    ) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            if not value or not LETTER.search(value) or value.strip() in ALLOWED_TEXTS:
                continue
            if not self.is_prose(tag, name, values):
                continue
            offset = start_tag.find(name + "=")
            at = line + (start_tag[:offset].count("\n") if offset > 0 else 0)
            self.problems.append((at, f"<{tag or '...'} {name}={value!r}>"))

    @staticmethod
    def is_prose(tag: str, name: str, values: dict[str, str]) -> bool:
        if name in PROSE_ATTRIBUTES or name.startswith(SCRIPT_TEXT_PREFIX):
            return True
        if tag == "meta" and name == "content":
            return bool(PROSE_META.match(values.get("name") or values.get("property") or ""))
        if tag == "input" and name == "value":
            return values.get("type", "").lower() in BUTTON_INPUTS
        return False


class AttributeFragment(UntranslatedText):
    """Attributes a macro renders for a tag written elsewhere, checked as that tag's own."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check_attributes("", attrs, self.line, self.get_starttag_text() or "")


def untranslated(path: Path) -> list[str]:
    parser = UntranslatedText()
    parser.feed(template_markup(path.read_text(encoding="utf-8")))
    parser.close()
    relative = path.relative_to(ROOT)
    return [f"{relative}:{line}: {what}" for line, what in parser.problems]


def templates() -> Iterator[Path]:
    return iter(sorted(TEMPLATES.rglob("*.html")))


def test_templates_have_no_untranslated_text() -> None:
    """No template has a letter in text or a read attribute outside gettext."""
    found = [problem for path in templates() for problem in untranslated(path)]
    assert not found, "text outside gettext (use _() or {% trans %}):\n" + "\n".join(found)


# The lint above leaves expressions out; text can hide in them too: `{'news': 'News'}`,
# `' (page ' ~ number`. Keys, comparisons, paths and file names are lower-case and have no
# space, so a string literal with a letter and a capital letter or a space is taken for prose.
PROSE_LITERAL = re.compile(r"(?=.*[^\W\d_]).*[A-Z\s]", re.S)
GETTEXT_CALLS = frozenset({"_", "gettext", "ngettext", "pgettext", "npgettext", "gettext_in"})


def test_template_expressions_pass_their_prose_through_gettext() -> None:
    """No string literal that looks like prose in a template expression is outside _()."""
    found = []
    for path in templates():
        tokens = [
            token
            for token in LEXER.lex(path.read_text(encoding="utf-8"))
            if token[1] != "whitespace"
        ]
        for index, (line, kind, value) in enumerate(tokens):
            if kind != "string" or not PROSE_LITERAL.search(value[1:-1]):
                continue
            before = [token[2] for token in tokens[max(0, index - 2) : index]]
            if len(before) == 2 and before[0] in GETTEXT_CALLS and before[1] == "(":
                continue
            found.append(f"{path.relative_to(ROOT)}:{line}: {value}")
    assert not found, "string literals outside gettext (wrap them in _()):\n" + "\n".join(found)


# `text(el, "name")`, `text(el, cond ? "a" : "b", {...})`: the names are the string
# literals of the second argument. The helper's own definition takes a variable.
SCRIPT_TEXT_CALL = re.compile(r"(?<![\w.])(?<!function )text\(\s*[\w.]+\s*,\s*([^,()]+)")
STRING_LITERAL = re.compile(r"""["']([\w-]+)["']""")
TEMPLATE_TEXT_ATTRIBUTE = re.compile(r"\bdata-text-([\w-]+)=")


def test_every_script_text_is_rendered_by_a_template() -> None:
    """Each text() call of the theme's scripts names a data-text-* that a template renders."""
    rendered = {
        name
        for path in templates()
        for name in TEMPLATE_TEXT_ATTRIBUTE.findall(path.read_text(encoding="utf-8"))
    }
    calls, missing, unreadable = 0, [], []
    for script in sorted(SCRIPTS.glob("*.js")):
        source = script.read_text(encoding="utf-8")
        for call in SCRIPT_TEXT_CALL.finditer(source):
            calls += 1
            line = source.count("\n", 0, call.start()) + 1
            where = f"{script.relative_to(ROOT)}:{line}"
            names = STRING_LITERAL.findall(call.group(1))
            if not names:  # a computed name cannot be checked: keep the names literal
                unreadable.append(f"{where}: {call.group(0)!r}")
            missing += [f"{where}: data-text-{name}" for name in names if name not in rendered]
    assert calls, "no text() call found in theme/static/js: has the helper been renamed?"
    assert not unreadable, "text() names must be string literals:\n" + "\n".join(unreadable)
    assert not missing, "no template renders these script texts:\n" + "\n".join(missing)
