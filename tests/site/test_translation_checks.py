"""Editors' checks of translations: front matter, stale translations (git), catalog gate."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from plugins.content_checks import check_content_tree, main, stale_translations_of_tree
from plugins.support.content_languages import check_translation, split_language
from scripts.translations import problems

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = "---\ntitle: Privacy\nsummary: What we keep.\n---\nWe keep little.\n"
FRENCH = (
    "---\ntitle: Confidentialité\nsummary: Ce que nous gardons.\nlang: fr\n"
    "original: pages/privacy.md\n---\nNous gardons peu.\n"
)


def test_file_names_say_the_language() -> None:
    """split_language reads a language suffix from a file name; v1.0 and .en are none."""
    assert split_language("pages/manifesto.fr.md") == ("pages/manifesto.md", "fr")
    assert split_language("pages/ambassador-cities/survey.ru.md") == (
        "pages/ambassador-cities/survey.md",
        "ru",
    )
    assert split_language("pages/manifesto.md") == ("pages/manifesto.md", None)
    assert split_language("pages/v1.0.md") == ("pages/v1.0.md", None)  # not a language
    assert split_language("pages/x.en.md") == ("pages/x.en.md", None)  # English is no translation


@pytest.mark.parametrize(
    ("relative", "metadata", "field", "problem"),
    [
        ("pages/a.fr.md", {"lang": "de", "original": "pages/a.md"}, "lang", "must be 'fr'"),
        ("pages/a.fr.md", {"lang": "fr"}, "original", "must be 'pages/a.md'"),
        ("pages/a.fr.md", {"lang": "fr", "original": "pages/b.md"}, "original", "must be"),
        ("pages/gone.fr.md", {"lang": "fr", "original": "pages/gone.md"}, "original", "not exist"),
        ("pages/a.md", {"lang": "fr"}, "lang", "name it a.fr.md"),
        ("pages/a.md", {"original": "pages/b.md"}, "original", "only a translation"),
    ],
)
def test_translation_front_matter_errors_name_file_and_field(
    relative: str, metadata: dict, field: str, problem: str
) -> None:
    """A wrong lang or original, in a translation or an original, is one error for that field."""
    errors = check_translation(relative, metadata, lambda path: path == "pages/a.md")
    assert [(e.path, e.field) for e in errors] == [(relative, field)]
    assert problem in errors[0].problem


def test_the_real_translations_pass() -> None:
    """content/ passes the content checks, its translations included."""
    assert check_content_tree(ROOT / "content") == []


def _git(folder: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "privacy.md").write_text(ORIGINAL, encoding="utf-8")
    (content / "pages" / "privacy.fr.md").write_text(FRENCH, encoding="utf-8")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "first", when="2026-01-01T10:00:00Z")
    return content


def test_a_translation_is_fresh_after_both_were_committed(repository: Path) -> None:
    """In a git repository, a translation committed with its original is not stale."""
    assert stale_translations_of_tree(repository) == []


def test_an_original_changed_later_makes_its_translation_stale(repository: Path) -> None:
    """An original committed after its translation makes it stale, until it is translated again."""
    page = repository / "pages" / "privacy.md"
    page.write_text(ORIGINAL + "And a new paragraph.\n", encoding="utf-8")
    _git(repository.parent, "commit", "-qam", "change", when="2026-02-01T10:00:00Z")
    stale = stale_translations_of_tree(repository)
    assert [(s.translation, s.original) for s in stale] == [
        ("pages/privacy.fr.md", "pages/privacy.md")
    ]
    assert "pages/privacy.fr.md: stale translation: its original pages/privacy.md" in str(stale[0])
    # Translated again, later: fresh.
    french = repository / "pages" / "privacy.fr.md"
    french.write_text(FRENCH + "Et un nouveau paragraphe.\n", encoding="utf-8")
    _git(repository.parent, "commit", "-qam", "translate", when="2026-03-01T10:00:00Z")
    assert stale_translations_of_tree(repository) == []


def test_an_uncommitted_change_to_the_original_counts(repository: Path) -> None:
    """An uncommitted edit of the original makes its translation stale."""
    (repository / "pages" / "privacy.md").write_text(ORIGINAL + "Edited.\n", encoding="utf-8")
    assert len(stale_translations_of_tree(repository)) == 1


def test_check_content_warns_and_does_not_fail(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stale translation is a warning naming both files, and the check still exits 0."""
    (repository / "pages" / "privacy.md").write_text(ORIGINAL + "Edited.\n", encoding="utf-8")
    assert main([str(repository)]) == 0
    err = capsys.readouterr().err
    assert "warning: pages/privacy.fr.md: stale translation" in err
    assert "pages/privacy.md" in err


def test_outside_git_nothing_is_called_stale(
    tmp_path_factory: pytest.TempPathFactory, repository: Path
) -> None:
    """Outside a git work tree, no translation is called stale."""
    copy = tmp_path_factory.mktemp("plain") / "content"
    shutil.copytree(repository, copy)
    (copy / "pages" / "privacy.md").write_text(ORIGINAL + "Edited.\n", encoding="utf-8")
    outside = subprocess.run(
        ["git", "-C", str(copy), "rev-parse"], capture_output=True, check=False
    )
    assert outside.returncode != 0, "the temporary folder is inside a git work tree"
    assert stale_translations_of_tree(copy) == []


def _catalog(tmp_path: Path, entries: list[tuple[str, str, bool]]) -> Path:
    catalog = Catalog(locale="fr", domain="messages")
    for msgid, msgstr, fuzzy in entries:
        catalog.add(msgid, msgstr, flags=("fuzzy",) if fuzzy else ())
    path = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)
    return tmp_path


def test_catalog_gate_reports_missing_fuzzy_and_placeholders(tmp_path: Path) -> None:
    """The catalog gate reports untranslated, fuzzy and placeholder-changing messages."""
    folder = _catalog(
        tmp_path,
        [
            ("Home", "Accueil", False),
            ("News", "", False),
            ("Events", "Événements", True),
            ("Open until %(date)s", "Ouvert jusqu'au %(jour)s", False),
        ],
    )
    found = problems("fr", folder)
    assert any("'News': not translated" in line for line in found)
    assert any("'Events': fuzzy" in line for line in found)
    assert any("'Open until %(date)s'" in line and "placeholder" in line.lower() for line in found)
    assert not any("'Home'" in line for line in found)
    assert problems("de", folder)[0].endswith("no catalog for required language 'de'")


def test_every_required_catalog_is_complete() -> None:
    """The committed catalogs of fr, ru, de, it, es and pt have no problem."""
    assert problems("fr") == [] and problems("ru") == []
    for language in ("de", "it", "es", "pt"):
        assert problems(language) == [], language
