"""Session fixtures shared by tests/e2e and tests/a11y: one live stack and one Chromium.

Registered as a plugin by both folders' conftest.py (see `register`), so a run of both folders
starts the stack once, and Playwright's sync API (one instance per process) once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from tests.support.browser import launch
from tests.support.live_stack import LiveStack

PLUGIN_NAME = "citizen-focus-browser-fixtures"


def register(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin(PLUGIN_NAME):
        config.pluginmanager.register(sys.modules[__name__], PLUGIN_NAME)


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


@pytest.fixture
def page(chromium, stack: LiveStack) -> Iterator:
    """A fresh browser context per test: no cookies, cache or storage shared between tests."""
    context = new_context(chromium, stack)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page_without_js(chromium, stack: LiveStack) -> Iterator:
    context = new_context(chromium, stack, java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def page_for_axe(chromium, stack: LiveStack) -> Iterator:
    # bypass_csp: the API's own pages forbid every script, axe-core included.
    context = new_context(chromium, stack, bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()
