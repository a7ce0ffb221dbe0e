"""One live stack (what `make serve` runs) and one Chromium for the whole end-to-end session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from tests.support.browser import launch
from tests.support.live_stack import LiveStack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    live = LiveStack(tmp_path_factory.mktemp("e2e-stack")).start()
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(chromium, stack: LiveStack) -> Iterator:
    """A fresh browser context per test: no cookies, cache or storage shared between tests."""
    context = chromium.new_context(base_url=stack.url)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page_without_js(chromium, stack: LiveStack) -> Iterator:
    context = chromium.new_context(base_url=stack.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()
