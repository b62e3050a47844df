"""Chromium, driven by Playwright's sync API, against pytest-django's live_server.

Uses Debian's /usr/bin/chromium (never `playwright install`). Without it the browser tests are
skipped on a developer's machine but fail in CI (CI=true), so they cannot silently stop running.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

# Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM calls
# from a thread with a running loop. The live server and fixtures only touch the database from
# that one thread, one call at a time, so the guard can safely be lifted for browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
BUILT_CSS = Path(__file__).resolve().parents[2] / "familyhub" / "static" / "govuk" / "familyhub.css"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # containers run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    # No calls home: keeps runs fast, deterministic and offline.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    # Without the build every page is unstyled and the JavaScript fails to load: say so plainly.
    if not BUILT_CSS.exists():
        pytest.fail(f"{BUILT_CSS} is missing: run `npm run build`", pytrace=False)
    browser = playwright_instance.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own context (no cookies or storage shared between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# The widths every journey is tried at: a small phone's and a desktop's.
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def sized_page(browser: Browser, request) -> Iterator[Page]:
    """A fresh page at a phone's width, then a desktop's (the test runs once at each)."""
    context = browser.new_context(viewport=request.param, locale="en-GB")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    """A fresh page with JavaScript off, since every page must work without it.

    axe cannot run here: it is itself JavaScript."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
