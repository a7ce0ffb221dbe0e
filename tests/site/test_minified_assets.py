"""The theme's CSS and JavaScript are minified in the built site, and still work as written."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from plugins.minified_assets import minify_folder

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "theme" / "static"


def theme_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".js", ".css"))


def test_every_theme_script_and_stylesheet_is_minified_in_the_published_site(published) -> None:
    """Every theme script and stylesheet is shipped without comments, under 90% of its source."""
    built = published.output / "theme"
    sources = theme_files(SOURCES)
    assert [p.relative_to(SOURCES) for p in sources] == [
        p.relative_to(built) for p in theme_files(built)
    ]
    for source in sources:
        shipped = (built / source.relative_to(SOURCES)).read_text(encoding="utf-8")
        original = source.read_text(encoding="utf-8")
        assert "/*" in original  # every source explains itself in comments ...
        assert "/*" not in shipped, source.name  # ... which visitors do not download
        assert len(shipped) < 0.9 * len(original), source.name


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the scripts' syntax")
def test_the_minified_scripts_still_parse(published) -> None:
    """Each shipped script passes `node --check` (skipped without node)."""
    for script in theme_files(published.output / "theme" / "js"):
        done = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, f"{script.name}: {done.stderr}"


def test_minifying_again_changes_nothing(tmp_path: Path) -> None:
    """Minifying an already minified folder touches no file and changes no byte."""
    shutil.copytree(SOURCES, tmp_path / "theme")
    first = minify_folder(tmp_path / "theme")
    assert first == len(theme_files(SOURCES))
    shipped = {p: p.read_bytes() for p in theme_files(tmp_path / "theme")}
    assert minify_folder(tmp_path / "theme") == 0  # a rebuild finds them done
    assert {p: p.read_bytes() for p in theme_files(tmp_path / "theme")} == shipped


def test_a_strings_comment_like_text_survives(tmp_path: Path) -> None:
    """Comment-like text inside a JS or CSS string is kept; real comments are removed."""
    (tmp_path / "a.js").write_text('var url = "http://x/*y*/"; /* gone */ var b = 1;\n')
    (tmp_path / "b.css").write_text('/* gone */ a::after { content: "/* kept */"; }\n')
    minify_folder(tmp_path)
    assert (tmp_path / "a.js").read_text() == 'var url="http://x/*y*/";var b=1;'
    assert (tmp_path / "b.css").read_text() == 'a::after{content:"/* kept */"}'
