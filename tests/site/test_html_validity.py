"""Every page type the site builds passes the W3C Nu HTML Checker with no error.

One page of each type, and every page of content/pages, from the published build and the
2018 local build (upcoming events, API on the same origin, no Pagefind), plus a build with one
item a page so that the page 2 of a list and of a tag exist. All go to one checker run.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from plugins.content_checks import urls_of
from plugins.support.front_matter import split_front_matter
from tests.site.conftest import Build, run_pelican
from tests.support.vnu import assert_valid, check_files, check_html, format_errors

pytestmark = pytest.mark.slow

CATEGORIES = {"news": "news article", "events": "event", "interviews": "interview"}
LIST_TYPES = {f"{category} list" for category in CATEGORIES}
ARTICLE_TYPES = set(CATEGORIES.values())
# Every build has these; the paginated build has a page 2 of each list and of a tag as well.
EXPECTED_TYPES = {"home", "tags index", "tag", *ARTICLE_TYPES, *LIST_TYPES}
PAGE_TWO_TYPES = {f"{kind} page 2" for kind in (*LIST_TYPES, "tag")}
PAGINATED_TYPES = {*PAGE_TWO_TYPES, *(kind.replace("page 2", "page 1") for kind in PAGE_TWO_TYPES)}


def page_type(relative: PurePosixPath) -> str:
    """The template a built page comes from, read from where Pelican saved it.

    Anything else is a page of content/pages, each its own type: they use several templates.
    """
    parts = relative.parts
    if parts == ("index.html",):
        return "home"
    if parts[0] == "tags":
        if len(parts) == 2:
            return "tags index"
        return "tag page 2" if parts[2:3] == ("page",) else "tag"
    if parts[0] in CATEGORIES:
        if len(parts) == 2:
            return f"{parts[0]} list"
        if parts[1] == "page":
            return f"{parts[0]} list page 2"  # or 3, 4...: built_pages puts page 2 first
        return CATEGORIES[parts[0]]
    return f"page {relative.parent if relative.name == 'index.html' else relative}"


def built_pages(build: Build) -> list[PurePosixPath]:
    """Every HTML file of a build, page 2 before page 10."""
    pages = (
        PurePosixPath(p.relative_to(build.output).as_posix()) for p in build.output.rglob("*.html")
    )
    return sorted(
        pages, key=lambda path: [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in path.parts]
    )


def content_pages(content: Path) -> set[PurePosixPath]:
    """Where each published file of content/pages is saved, as the editors' checks compute it."""
    saved = set()
    for source in sorted((content / "pages").rglob("*.md")):
        relative = source.relative_to(content).as_posix()
        metadata, _ = split_front_matter(source.read_text(encoding="utf-8"))
        for url in urls_of(relative, metadata):
            path = url.lstrip("/")
            saved.add(PurePosixPath(path if path.endswith(".html") else f"{path}index.html"))
    return saved


def one_of_each_type(build: Build) -> dict[str, PurePosixPath]:
    """Type -> page: the first page of each template type, and every other page."""
    chosen: dict[str, PurePosixPath] = {}
    for relative in built_pages(build):
        chosen.setdefault(page_type(relative), relative)
    return chosen


def paginated_lists(build: Build) -> dict[str, PurePosixPath]:
    """Type -> page: the page 2 of each list and of a tag, and the page 1 before each."""
    chosen: dict[str, PurePosixPath] = {}
    for kind, relative in one_of_each_type(build).items():
        if kind in PAGE_TWO_TYPES:
            chosen[kind] = relative
            first = relative.parts[: relative.parts.index("page")]
            chosen[kind.replace("page 2", "page 1")] = PurePosixPath(*first, "index.html")
    return chosen


@pytest.fixture(scope="module")
def paginated(tmp_path_factory: pytest.TempPathFactory, content_copy: Path) -> Build:
    output = tmp_path_factory.mktemp("paginated") / "output"
    extra = ("-e", "DEFAULT_PAGINATION=1", "PAGEFIND=false")
    result = run_pelican(content_copy, output, "pelicanconf.py", *extra)
    assert result.returncode == 0, result.stderr + result.stdout
    return Build(output, result)


@pytest.fixture(scope="module")
def selection(
    published: Build, local_2018: Build, paginated: Build
) -> dict[str, dict[str, PurePosixPath]]:
    return {
        "published": one_of_each_type(published),
        "local 2018": one_of_each_type(local_2018),
        "paginated": paginated_lists(paginated),
    }


@pytest.fixture(scope="module")
def checker_errors(
    selection: dict[str, dict[str, PurePosixPath]],
    published: Build,
    local_2018: Build,
    paginated: Build,
) -> dict[str, list[str]]:
    """`build: type (path)` -> the checker's errors, from one run over every selected page."""
    outputs = {"published": published, "local 2018": local_2018, "paginated": paginated}
    labelled = {
        f"{build}: {kind} ({relative})": (outputs[build].output / relative).resolve()
        for build, chosen in selection.items()
        for kind, relative in chosen.items()
    }
    by_path = check_files(labelled.values())
    return {label: by_path[path] for label, path in labelled.items()}


@pytest.mark.parametrize("build", ["published", "local 2018"])
def test_every_page_type_is_built(
    selection: dict[str, dict[str, PurePosixPath]], content_copy: Path, build: str
) -> None:
    """Each build has a page of every expected type, and every page of content/pages."""
    missing_types = EXPECTED_TYPES - set(selection[build])
    assert not missing_types, f"no page of type {sorted(missing_types)} was built"
    pages = content_pages(content_copy)
    assert len(pages) >= 9  # manifesto, survey, their thank-you pages, privacy, 404...
    missing_pages = pages - set(selection[build].values())
    assert not missing_pages, f"pages of content/pages not built: {sorted(map(str, missing_pages))}"


def test_paginated_build_has_page_two(selection: dict[str, dict[str, PurePosixPath]]) -> None:
    """The one-item-a-page build has a page 2, and its page 1, of each list and of a tag."""
    assert set(selection["paginated"]) == PAGINATED_TYPES


def test_every_page_type_passes_the_nu_html_checker(checker_errors: dict[str, list[str]]) -> None:
    """Every selected page of the three builds was checked, and the Nu checker found no error."""
    assert len(checker_errors) >= 2 * (len(EXPECTED_TYPES) + 9) + len(PAGINATED_TYPES)
    assert_valid(checker_errors)


def test_checker_reports_errors_by_document_with_line_numbers() -> None:
    """The helper does not pass what it could not check: a known error is found and placed."""
    valid = "<!doctype html>\n<html lang=en><meta charset=utf-8><title>Ok</title><p>Fine.</p>\n"
    invalid = valid.replace("<p>Fine.</p>", '<h2 id="t">Hi</h2><div aria-labelledby="t">No</div>')
    errors = check_html({"valid": valid, "invalid": "\n" + invalid})
    assert errors["valid"] == []
    assert len(errors["invalid"]) == 1
    assert errors["invalid"][0].startswith("line 3, column ")
    assert "aria-labelledby" in errors["invalid"][0]
    report = format_errors(errors).splitlines()
    assert report[:2] == ["1 HTML error(s) in 1 of 2 document(s):", "invalid:"]
    assert report[2] == f"  - {errors['invalid'][0]}" and len(report) == 3
    with pytest.raises(AssertionError, match="1 HTML error"):
        assert_valid(errors)
