"""devstack's Rebuilder, which `make serve` runs, on a copy of the project: an edit to content
or the theme is rebuilt into the output, and a broken file is reported while the watcher
keeps going.
"""

import shutil
import time
from pathlib import Path

import pytest

from devstack.sitebuild import Rebuilder
from sitebuild import build_site

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://localhost:8123"  # not the default port: rebuilds must keep it
pytestmark = pytest.mark.slow


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of what the build reads, so the test can edit files freely."""
    copy = tmp_path / "project"
    for name in ("content", "theme", "plugins", "functions"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", copy / "pelicanconf.py")
    return copy


def wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize(
    ("source", "marker"),
    [
        ("content/pages/privacy.md", "Rebuilt-from-content-7f3a"),
        ("theme/templates/base.html", "Rebuilt-from-theme-7f3a"),
    ],
)
def test_a_change_is_rebuilt_into_the_output(project_copy: Path, source: str, marker: str) -> None:
    """An edit to content or theme is rebuilt into the output, with the origin, then it stops."""
    output = project_copy / "output"
    assert build_site(project_copy, output, origin=ORIGIN).returncode == 0
    privacy = output / "privacy" / "index.html"
    assert marker not in privacy.read_text()

    messages: list[str] = []
    rebuilder = Rebuilder(project_copy, output, messages.append, origin=ORIGIN, debounce_ms=50)
    rebuilder.start()
    try:
        time.sleep(0.5)  # let the watcher start before the edit
        edited = project_copy / source
        text = edited.read_text()
        edited.write_text(
            text.replace("</body>", f"<!-- {marker} --></body>")
            if source.endswith(".html")
            else text + f"\n\n{marker}\n"
        )
        assert wait_for(lambda: privacy.exists() and marker in privacy.read_text()), messages
    finally:
        rebuilder.stop()
        rebuilder.join(10)
    assert any("rebuilding" in message for message in messages)
    assert f'<link rel="canonical" href="{ORIGIN}/privacy/">' in privacy.read_text()
    assert not rebuilder.is_alive()


def test_a_broken_change_is_reported_and_the_watcher_keeps_going(project_copy: Path) -> None:
    """A broken file is reported without a traceback; once removed, the site is rebuilt."""
    output = project_copy / "output"
    messages: list[str] = []
    rebuilder = Rebuilder(project_copy, output, messages.append, debounce_ms=50)
    rebuilder.start()
    try:
        time.sleep(0.5)
        broken = project_copy / "content" / "news" / "broken.md"
        broken.write_text("---\ntitle: No date\n---\n\nText.\n")
        assert wait_for(lambda: any("Build failed" in m for m in messages)), messages
        failure = next(m for m in messages if "Build failed" in m)
        assert "news/broken.md: date: required" in failure
        assert "Traceback" not in failure
        broken.unlink()
        assert wait_for(lambda: messages[-1] == "Site rebuilt."), messages
    finally:
        rebuilder.stop()
        rebuilder.join(10)
