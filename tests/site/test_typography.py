"""plugins.support.typography renders exactly what Markdown's smarty extension renders, only faster."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

from plugins.support.front_matter import split_front_matter

ROOT = Path(__file__).resolve().parents[2]
OTHERS = ["markdown.extensions.extra", "markdown.extensions.toc"]


def render(body: str, typography: str) -> str:
    return Markdown(extensions=[*OTHERS, typography], output_format="html5").convert(body)


def test_the_site_uses_the_typography_extension() -> None:
    """pelicanconf's Markdown uses plugins.support.typography and not the smarty extension."""
    import pelicanconf

    assert "plugins.support.typography" in pelicanconf.MARKDOWN["extension_configs"]
    assert "markdown.extensions.smarty" not in pelicanconf.MARKDOWN["extension_configs"]


def test_quotes_dashes_and_ellipses_are_educated() -> None:
    """Quotes, apostrophes, a double dash and three dots become typographic entities."""
    html = render(
        "The city's \"living lab\" -- open to all... in the '90s.", "plugins.support.typography"
    )
    assert html == (
        "<p>The city&rsquo;s &ldquo;living lab&rdquo; &ndash; open to all&hellip; "
        "in the &rsquo;90s.</p>"
    )


def test_every_content_file_renders_as_with_smarty() -> None:
    """Every content file's body renders the same with our extension as with smarty."""
    bodies = [
        split_front_matter(path.read_text("utf-8"))[1]
        for path in sorted((ROOT / "content").rglob("*.md"))
    ]
    assert len(bodies) >= 10
    for body in bodies:
        assert render(body, "plugins.support.typography") == render(
            body, "markdown.extensions.smarty"
        )


PIECES = st.sampled_from(
    ["city", "Utrecht", "'", '"', "''", "--", "---", "...", "'90s", "s", " ", "\n", "\n\n",
     "*", "_", "`", "**", "- ", "# ", "[", "](/a)", "(", ")", "&nbsp;", "<b>", "</b>", "1"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_any_text_renders_as_with_smarty(text: str) -> None:
    """Any text Hypothesis builds from tricky pieces renders the same as with smarty."""
    assert render(text, "plugins.support.typography") == render(text, "markdown.extensions.smarty")
