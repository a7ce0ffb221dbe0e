"""Session fixtures for every browser test: one live stack and one Chromium per test run.

Loaded by tests/conftest.py (`pytest_plugins`). Playwright's sync API runs an event loop in
the main thread, so a process can hold only one at a time: a second `sync_playwright()` while
this session's is open fails. Browser tests take `chromium` (and `stack`) from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import sync_playwright

from tests.support.browser import launch
from tests.support.live_stack import LiveStack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    live = LiveStack(tmp_path_factory.mktemp("browser-stack")).start()
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


def new_context(chromium, stack: LiveStack, **options):
    context = chromium.new_context(base_url=stack.url, **options)
    context.set_default_timeout(10_000)
    return context


@contextmanager
def fresh_page(chromium, stack: LiveStack, **options) -> Iterator:
    """A page in a new browser context: no cookies, cache or storage shared between tests."""
    context = new_context(chromium, stack, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page(chromium, stack: LiveStack) -> Iterator:
    with fresh_page(chromium, stack) as page:
        yield page


@pytest.fixture
def page_without_js(chromium, stack: LiveStack) -> Iterator:
    with fresh_page(chromium, stack, java_script_enabled=False) as page:
        yield page


@pytest.fixture
def page_for_axe(chromium, stack: LiveStack) -> Iterator:
    # bypass_csp: the API's own pages forbid every script, axe-core included.
    with fresh_page(chromium, stack, bypass_csp=True) as page:
        yield page
