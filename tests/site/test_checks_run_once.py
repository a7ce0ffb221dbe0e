"""The content checks run once per build: the site build runs them before Pelican and tells
it so (CONTENT_CHECKED), and the gate in Pelican then checks nothing again; a bare `pelican`
run still has the gate refuse invalid content, naming the file and field."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

import pelicanconf
import sitebuild
from plugins.content_checks import CHECKED_SETTING, refuse_invalid_content
from plugins.support.content_model import InvalidContent

ROOT = Path(__file__).resolve().parents[2]
UNDATED_NEWS = """---
title: Story without a date
summary: S.
author: A.
---
Body.
"""


@pytest.fixture
def broken_tree(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "news").mkdir(parents=True)
    (content / "news" / "undated.md").write_text(UNDATED_NEWS, encoding="utf-8")
    return content


def pelican_with(content: Path, **settings: object) -> SimpleNamespace:
    """What the gate reads of Pelican: its settings."""
    return SimpleNamespace(settings={"PATH": str(content), "CACHE_CONTENT": False, **settings})


def test_the_site_build_checks_once_and_tells_pelican(monkeypatch, tmp_path: Path) -> None:
    """build_site runs the content checks, then Pelican once with the CONTENT_CHECKED override."""
    calls: list[tuple[str, ...]] = []

    def run(root, env, *args):
        calls.append(args)
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(sitebuild, "_run", run)
    sitebuild.build_site(tmp_path, tmp_path / "out")
    checks, pelican = calls
    assert checks[0] == "plugins.content_checks"
    assert pelican[0] == "pelican"
    assert pelican[-2:] == ("-e", sitebuild.CHECKED_OVERRIDE)


def test_the_build_gate_and_settings_name_the_same_setting() -> None:
    """The override names the gate's setting, which pelicanconf.py leaves False."""
    assert f"{CHECKED_SETTING}=true" == sitebuild.CHECKED_OVERRIDE
    assert getattr(pelicanconf, CHECKED_SETTING) is False  # a bare `pelican` run checks


def test_the_checks_warnings_stay_in_what_the_build_said(monkeypatch, tmp_path: Path) -> None:
    """The checks' warnings come first in the build's stderr, followed by Pelican's."""
    said = {"plugins.content_checks": "warning: pages/a.fr.md: stale translation\n"}

    def run(root, env, *args):
        return subprocess.CompletedProcess(args, 0, "", said.get(args[0], "pelican\n"))

    monkeypatch.setattr(sitebuild, "_run", run)
    result = sitebuild.build_site(tmp_path, tmp_path / "out")
    assert result.stderr == "warning: pages/a.fr.md: stale translation\npelican\n"


def test_the_gate_refuses_invalid_content_naming_file_and_field(broken_tree: Path) -> None:
    """With CONTENT_CHECKED false the gate raises InvalidContent naming the file and field."""
    with pytest.raises(InvalidContent, match=r"news/undated\.md: date: required for news"):
        refuse_invalid_content(pelican_with(broken_tree, CONTENT_CHECKED=False))


def test_the_gate_does_not_check_again_what_the_build_checked(broken_tree: Path) -> None:
    """With CONTENT_CHECKED true the gate lets the same broken content through without raising."""
    refuse_invalid_content(pelican_with(broken_tree, CONTENT_CHECKED=True))


def test_make_html_tells_pelican_the_checks_ran() -> None:
    """The Makefile's two Pelican runs end with $(CONTENT_CHECKED), which sets the override."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"{CHECKED_SETTING} := -e {sitebuild.CHECKED_OVERRIDE}" in makefile
    pelican_runs = [line for line in makefile.splitlines() if line.startswith("\t$(PELICAN) ")]
    assert len(pelican_runs) == 2
    assert all(line.endswith(" $(CONTENT_CHECKED)") for line in pelican_runs)
